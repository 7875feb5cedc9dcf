"""HTML pages -> articles, through trafilatura.

The page is parsed once into an lxml tree; trafilatura reads the body and the page's metadata
(title, author, date, site name, description, categories) from that tree. The precise
extraction is kept unless it is short and disagrees with an independent extractor (readability,
which trafilatura ships) clearly more than a balanced extraction does, which is the sign that
the precise pruning threw the article away with the boilerplate. trafilatura runs in its fast
mode: the comparison with readability is this module's own, made only where it can matter.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.readability_lxml import Document as ReadabilityDocument
from trafilatura.settings import Document
from trafilatura.utils import is_dubious_html, repair_faulty_html

from diplowatch.clean.language import detect_language
from diplowatch.clean.lines import ends_sentence, is_prose, normalise_whitespace
from diplowatch.clean.nesting import flattened
from diplowatch.dates import parse_date_value, publication_date
from diplowatch.errors import InputError
from diplowatch.records import Article, Page
from diplowatch.sites import site_of


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """How trafilatura is asked to read a page, and how its candidates are compared."""

    # Reader comments are never part of the article.
    include_comments: bool = False
    include_tables: bool = True
    # Dates only from the page's markup and metadata, never guessed from body or teaser text.
    date_params: tuple[tuple[str, Any], ...] = (
        ("original_date", True),
        ("extensive_search", False),
    )
    # The balanced extraction replaces the precise one only when it agrees with readability by
    # this much more (agreement is the F1 of shared 4-word shingles, 0..1).
    agreement_margin: float = 0.2
    # A precise body of this many words is an article in itself, not the remains of one that
    # the pruning threw away with the boilerplate: the balanced extraction is not needed.
    complete_words: int = 250
    shingle_size: int = 4
    # A category longer than this many words is a tag line or a sentence, not a section name.
    section_max_words: int = 5
    # A body with no paragraph of prose is still an article with this many letters in sentences.
    min_unspaced_letters: int = 100


SETTINGS = HtmlSettings()

_WORD = re.compile(r"\w+")
_ELLIPSIS = ("…", "...")
# What lxml and trafilatura raise on markup they cannot read.
_PARSE_ERRORS = (lxml.etree.LxmlError, ValueError, TypeError, AttributeError, RecursionError)


def clean_html(page: Page) -> Article:
    """Read an HTML page as an article: body paragraphs, title, byline, date, captions.

    A page without an article (navigation and footer only, or no markup at all) gives an
    Article with no paragraphs. Markup that lxml or trafilatura cannot read raises InputError.
    """
    source = page.origin or page.name
    try:
        tree = _load_tree(page.content)
        if tree is None:
            return _article(page, Document(), None, (), ())
        metadata, precise = _extract_with_metadata(tree, page.url)
        if not precise.strip():
            # Nothing found the fast way: trafilatura's full cascade (its own comparison with
            # readability and jusText) may still rescue the article.
            _, precise = _extract(tree, page.url, precise=True)
        title = _clean(metadata.title) or _clean(page.title)
        paragraphs = _without_title(_paragraphs(_choose_body(tree, page.url, precise)), title)
        paragraphs += _continuation(tree, paragraphs)
        if not _has_article_text(paragraphs):
            paragraphs = ()
        captions = _captions(tree)
    except _PARSE_ERRORS as error:
        raise InputError(source, f"cannot read the HTML: {error}") from error
    return _article(page, metadata, title, paragraphs, captions)


def _has_article_text(paragraphs: tuple[str, ...]) -> bool:
    """Whether an extracted body is an article rather than the menus and footers that are all an
    extractor finds on a page without one: some prose, or (for scripts written without spaces,
    where words cannot be counted) enough letters with sentences among them."""
    if any(map(is_prose, paragraphs)):
        return True
    letters = sum(character.isalpha() for paragraph in paragraphs for character in paragraph)
    return letters >= SETTINGS.min_unspaced_letters and any(map(ends_sentence, paragraphs))


def _without_title(paragraphs: tuple[str, ...], title: str | None) -> tuple[str, ...]:
    """The paragraphs less a leading headline that repeats the title (it has its own field)."""
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        return paragraphs[1:]
    return paragraphs


# trafilatura's own parser options, with ``huge_tree``: without it libxml2 stops at a depth of
# 256 and drops the rest of the page, so an article nested 254 elements deep was lost; beyond
# 2,048 it stops even so, and the markup is parsed again ``flattened``. A parser per page (they
# cost microseconds): its error log says whether the depth was reached, and is nobody else's.
_PARSER_OPTIONS = {
    "collect_ids": False,
    "default_doctype": False,
    "encoding": "utf-8",
    "remove_comments": True,
    "remove_pis": True,
    "huge_tree": True,
}


def _load_tree(content: str) -> HtmlElement | None:
    """The page's lxml tree, or None where the content holds no markup at all. As
    ``trafilatura.load_html`` reads it (its repairs, its refusal of a lone fragment), with a
    parser that keeps deep trees."""
    if not content.strip():
        return None
    beginning = content[:50].lower()
    repaired = repair_faulty_html(content, beginning)
    tree, too_deep = _parse(repaired)
    if too_deep:
        tree, _ = _parse(flattened(repaired))
    if tree is None or len(tree) < 1:
        tree, _ = _parse(repaired.encode("utf-8", "surrogatepass"))
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _parse(markup: str | bytes) -> tuple[HtmlElement | None, bool]:
    """The tree of ``markup`` (None where there is none), and whether libxml2 stopped at its
    depth limit."""
    parser = lxml.html.HTMLParser(**_PARSER_OPTIONS)
    try:
        tree = lxml.html.fromstring(markup, parser=parser)
    except ValueError:
        # "Unicode strings with encoding declaration are not supported": read as bytes.
        return (None, False) if isinstance(markup, bytes) else _parse(markup.encode("utf-8"))
    except lxml.etree.ParserError:
        return None, False
    too_deep = any(
        error.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log
    )
    return tree, too_deep


def _extract_with_metadata(tree: HtmlElement, url: str | None) -> tuple[Document, str]:
    """The precise extraction with the page's metadata; where htmldate's cleaning of the tree
    trips over its own assertion (a tree whose root is not ``<html>``, such as ``<svg>``), the
    body alone, without the markup's title and date."""
    try:
        return _extract(tree, url, precise=True, with_metadata=True, fast=True)
    except AssertionError:
        return Document(), _extract(tree, url, precise=True, fast=True)[1]


def _extract(
    tree: HtmlElement,
    url: str | None,
    *,
    precise: bool,
    with_metadata: bool = False,
    fast: bool = False,
) -> tuple[Document, str]:
    """One trafilatura extraction (the tree is not modified): its metadata and its body text.

    The metadata is empty unless ``with_metadata``; the body is "" where no article was found.
    """
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=precise,
        fast=fast,
        include_comments=SETTINGS.include_comments,
        include_tables=SETTINGS.include_tables,
        include_formatting=False,
        with_metadata=with_metadata,
        date_extraction_params=dict(SETTINGS.date_params),
    )
    if document is None:
        return Document(), ""
    return document, document.text or ""


def _choose_body(tree: HtmlElement, url: str | None, precise: str) -> str:
    """The precise body, or the balanced one where readability clearly sides with it (only
    asked where the precise body is short enough to be the remains of an article).

    An empty precise body stays empty unless readability finds the balanced body too: what
    only the lenient extraction finds on a page is usually its navigation.
    """
    if len(_tokens(precise)) >= SETTINGS.complete_words:
        return precise
    _, balanced = _extract(tree, url, precise=False, fast=True)
    if _tokens(balanced) == _tokens(precise):
        return precise
    reference = _readability_text(tree)
    if _agreement(balanced, reference) > _agreement(precise, reference) + SETTINGS.agreement_margin:
        return balanced
    return precise


def _readability_text(tree: HtmlElement) -> str:
    """The article text readability finds (on a copy of the tree, which it modifies)."""
    summary = ReadabilityDocument(deepcopy(tree)).summary()
    if not summary:
        return ""
    return lxml.html.fromstring(summary).text_content()


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of runs of ``SETTINGS.shingle_size`` consecutive words."""
    tokens = _tokens(text)
    size = SETTINGS.shingle_size
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def _agreement(text: str, other: str) -> float:
    """How far two texts hold the same word sequences: F1 of shared shingles, 0..1."""
    mine, theirs = _shingles(text), _shingles(other)
    total = sum(mine.values()) + sum(theirs.values())
    shared = sum((mine & theirs).values())
    return 2 * shared / total if total and shared else 0.0


def _paragraphs(body: str) -> tuple[str, ...]:
    """The body's lines, whitespace-normalised, blank ones dropped (words never changed)."""
    return tuple(line for line in map(normalise_whitespace, body.splitlines()) if line)


def _continuation(tree: HtmlElement, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """Body paragraphs that go on past the extracted ones in later containers of the same kind.

    Pages often cut an article into several containers of one class (an advertisement row
    between them) and an extractor keeps only the first. The continuation is taken only where
    the container holding the extracted body (its first and last paragraphs) shares its tag and
    class with later containers and every element of that class holds prose paragraphs: a
    class used for the article's parts, not a generic widget wrapper.
    """
    if not paragraphs:
        return ()
    last = next((p for p in tree.iter("p") if _text(p) == paragraphs[-1]), None)
    container = _classed_ancestor(last) if last is not None else None
    if container is None or not any(_text(p) == paragraphs[0] for p in container.iter("p")):
        return ()
    kind = [e for e in tree.iter(container.tag) if e.get("class") == container.get("class")]
    if len(kind) < 2 or not all(any(_text(p) for p in e.iter("p")) for e in kind):
        return ()
    later = kind[kind.index(container) + 1 :]
    seen = set(paragraphs)
    found: list[str] = []
    for part in later:
        if any(ancestor is container for ancestor in part.iterancestors()):
            continue
        for text in map(_text, part.iter("p")):
            if text and text not in seen:
                seen.add(text)
                found.append(text)
    return tuple(found)


def _classed_ancestor(element: HtmlElement) -> HtmlElement | None:
    """The nearest ancestor of an element that carries a class attribute."""
    return next((a for a in element.iterancestors() if a.get("class")), None)


def _text(element: HtmlElement) -> str:
    return normalise_whitespace(element.text_content())


def _captions(tree: HtmlElement) -> tuple[str, ...]:
    """The text of the page's figure captions, in page order, each once."""
    found: dict[str, None] = {}
    for caption in tree.iter("figcaption"):
        text = _text(caption)
        if text:
            found.setdefault(text)
    return tuple(found)


def _article(
    page: Page,
    metadata: Document,
    title: str | None,
    paragraphs: tuple[str, ...],
    captions: tuple[str, ...],
) -> Article:
    published, published_source = publication_date(
        page.published, page.url, _markup_date(metadata.date)
    )
    url = page.url or metadata.url
    return Article(
        page=page.name,
        url=url,
        site=site_of(url),
        title=title,
        dek=_dek(metadata.description, paragraphs),
        section=_section(metadata.categories),
        byline=_clean(metadata.author),
        published=published,
        published_source=published_source,
        published_precision=page.published_precision if published_source == "metadata" else None,
        language=detect_language(" ".join(paragraphs) or (title or "")),
        paragraphs=paragraphs,
        captions=captions,
        page_hash=page.content_hash,
    )


def _clean(value: str | None) -> str | None:
    text = normalise_whitespace(value) if value else ""
    return text or None


def _markup_date(value: str | None) -> date | None:
    """The date trafilatura read from the page's markup, if it is one."""
    try:
        return parse_date_value(value)
    except ValueError:
        return None


def _dek(description: str | None, paragraphs: tuple[str, ...]) -> str | None:
    """The page's description, unless it merely repeats the start of the body."""
    dek = _clean(description)
    if dek is None:
        return None
    stem = dek
    for ellipsis in _ELLIPSIS:
        stem = stem.removesuffix(ellipsis)
    stem = stem.rstrip()
    if paragraphs and stem and paragraphs[0].startswith(stem):
        return None
    return dek


def _section(categories: list[str] | None) -> str | None:
    """The first category short enough to be a section name."""
    for category in categories or ():
        name = _clean(category)
        if name and len(_tokens(name)) <= SETTINGS.section_max_words:
            return name
    return None
