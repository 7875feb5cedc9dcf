"""What extraction reads besides the parse, loaded once: the event lexicon, the actor
gazetteer and the cues of negotiating positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from diplowatch.extract.judge import DEFAULT_MODEL, Judge, load_judge
from diplowatch.extract.lexicon import EventLexicon, load_lexicon
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

    @classmethod
    def load(cls, judge: str = DEFAULT_MODEL) -> Extractor:
        """The packaged data and the judge named (``rules``: none)."""
        chosen = None if judge == RULES_ONLY else load_judge(judge)
        return cls(lexicon=load_lexicon(), gazetteer=load_gazetteer(), judge=chosen)
