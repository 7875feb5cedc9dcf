"""What the packaged judge's model file says of itself (its thresholds, its training, its
held-out figures), read without the judge's code: the commands that only show events need the
display threshold, not spaCy."""

from __future__ import annotations

import functools
import io
import json
from importlib import resources
from typing import Any

import numpy as np

from diplowatch.errors import ModelFileError

DEFAULT_MODEL = "judge"


@functools.lru_cache(maxsize=4)
def model_meta(name: str = DEFAULT_MODEL) -> dict[str, Any]:
    """What the packaged judge's model file says of itself (thresholds, training, held-out
    figures), read without building the models."""
    path = resources.files("diplowatch.data").joinpath(f"models/{name}.npz")
    try:
        with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as arrays:
            return dict(json.loads(str(arrays["meta"])))
    except (OSError, KeyError, ValueError) as error:
        raise ModelFileError(f"judge model {name!r} is not a model file ({error})") from None


def default_display_threshold(name: str = DEFAULT_MODEL) -> float:
    """The confidence from which round-ups and the home page show an event: the lowest at
    which the judge's events were right at least 85% of the time on held-out passages."""
    meta = model_meta(name)
    return float(meta.get("display_threshold", meta["threshold"]))
