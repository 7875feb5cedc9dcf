"""Language identification of an article's text (py3langid, whose model ships in the package)."""

from __future__ import annotations

import contextlib
import hashlib
import lzma
from functools import lru_cache
from pathlib import Path

import numpy as np
import py3langid
from py3langid import modelio

from diplowatch.config import cache_dir, environment
from diplowatch.kept import keep_bytes

# Below this many letters a guess is noise; the language stays unknown.
MIN_LETTERS = 40
# The language of an article shows in its opening: identifying more text costs time, not accuracy.
SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def _identifier() -> py3langid.langid.LanguageIdentifier:
    """py3langid's model: unpacked once into the cache folder (``config.cache_dir``) and read
    from there after, which takes a fraction of the 0.6-0.8 s its LZMA costs every process;
    py3langid's own loader where there is no cache folder or the kept file cannot be read."""
    packed = py3langid.langid.MODEL_DIR / py3langid.langid.MODEL_FILE
    folder = cache_dir(environment())
    if folder is not None:
        stamp = f"{py3langid.__version__}:{packed.stat().st_size}".encode()
        kept = folder / f"langid-{hashlib.sha1(stamp).hexdigest()[:16]}.npz"
        if not kept.exists():
            keep_bytes(kept, lzma.decompress(packed.read_bytes()))
        with contextlib.suppress(OSError, ValueError, KeyError):
            return _from_unpacked(kept)
    return py3langid.langid.LanguageIdentifier.from_modelpath(packed, norm_probs=True)


def _from_unpacked(path: Path) -> py3langid.langid.LanguageIdentifier:
    """The identifier from the model's unpacked arrays, as py3langid's ``from_model_file``
    builds it from the packed file (``modelio.load_model``)."""
    with np.load(path, allow_pickle=False) as data:
        return py3langid.langid.LanguageIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            modelio._to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=modelio._to_array(data["nextmove_row"]),
        )


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell.

    >>> detect_language("The ministers met in Geneva on Tuesday to discuss a ceasefire.")
    'en'
    """
    sample = text[:SAMPLE_CHARS]
    if sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return None
    language, _probability = _identifier().classify(sample)
    return str(language)
