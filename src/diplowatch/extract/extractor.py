"""What extraction reads besides the parse, loaded once: the event lexicon, the actor
gazetteer and the cues of negotiating positions."""

from __future__ import annotations

from dataclasses import dataclass

from diplowatch.extract.lexicon import EventLexicon, load_lexicon
from diplowatch.resolve.actors import Gazetteer, load_gazetteer


@dataclass(frozen=True, slots=True)
class Extractor:
    """The packaged data the event and position readers use."""

    lexicon: EventLexicon
    gazetteer: Gazetteer

    @classmethod
    def load(cls) -> Extractor:
        return cls(lexicon=load_lexicon(), gazetteer=load_gazetteer())
