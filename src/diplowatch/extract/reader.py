"""Articles -> events and positions: the spaCy pipeline and the extractor, loaded once and
used in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from diplowatch.extract.article import Reading, read_article
from diplowatch.extract.extractor import Extractor
from diplowatch.nlp import NlpSettings, load_pipeline, parse_articles
from diplowatch.records import Article


@dataclass(frozen=True, slots=True)
class EventReader:
    """The NLP pipeline and the extractor, loaded once, turning articles into readings."""

    nlp: Language
    extractor: Extractor
    settings: NlpSettings

    @classmethod
    def load(cls, settings: NlpSettings | None = None) -> EventReader:
        settings = settings or NlpSettings.from_env()
        return cls(load_pipeline(settings.model), Extractor.load(), settings)

    def read(self, articles: Iterable[Article]) -> Iterator[Reading]:
        """Each article's events and positions, in order (none for languages not parsed)."""
        for parsed in parse_articles(self.nlp, articles, self.settings):
            yield read_article(parsed, self.extractor)
