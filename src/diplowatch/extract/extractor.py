"""What extraction reads besides the parse, loaded once: the event lexicon, the actor
gazetteer, the place index and the cues of negotiating positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplowatch.extract.judge import DEFAULT_MODEL, Judge, load_judge
from diplowatch.extract.lexicon import EventLexicon, load_lexicon
from diplowatch.extract.where import PlaceIndex, load_place_index
from diplowatch.resolve.actors import Gazetteer, load_gazetteer

# Rules alone: the lexicon's triggers and the rules' readings, no trained judge.
RULES_ONLY = "rules"


@dataclass(frozen=True, slots=True)
class Extractor:
    """The packaged data the event and position readers use, and the judge of candidates
    (None: the rules alone decide)."""

    lexicon: EventLexicon
    gazetteer: Gazetteer
    judge: Judge | None = None
    # Called with each sentence's candidates before the judge decides (the training script
    # records them); None in use.
    recorder: Callable[..., Any] | None = None
    # The place names resolved (None: the index built in this process, ``where.place_index``).
    places: PlaceIndex | None = None

    @classmethod
    def load(cls, judge: str = DEFAULT_MODEL, cache: Path | None = None) -> Extractor:
        """The packaged data and the judge named (``rules``: none); ``cache``: where what is
        built from the data is kept between runs."""
        chosen = None if judge == RULES_ONLY else load_judge(judge, cache)
        places = load_place_index(cache) if cache is not None else None
        return cls(
            lexicon=load_lexicon(cache),
            gazetteer=load_gazetteer(cache),
            judge=chosen,
            places=places,
        )
