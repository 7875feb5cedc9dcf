"""Articles -> events: the spaCy pipeline and the extractor, loaded once and used in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from diplowatch.extract.article import extract_events
from diplowatch.extract.extractor import Extractor
from diplowatch.nlp import NlpSettings, load_pipeline, parse_articles
from diplowatch.records import Article, Event


@dataclass(frozen=True, slots=True)
class EventReader:
    """The NLP pipeline and the extractor, loaded once, turning articles into events."""

    nlp: Language
    extractor: Extractor
    settings: NlpSettings

    @classmethod
    def load(cls, settings: NlpSettings | None = None) -> EventReader:
        settings = settings or NlpSettings.from_env()
        return cls(load_pipeline(settings.model), Extractor.load(), settings)

    def read(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Each article with its events, in order (none for languages not parsed)."""
        for parsed in parse_articles(self.nlp, articles, self.settings):
            yield parsed.article, extract_events(parsed, self.extractor)
