"""Several outlets reporting one event, as a test builds them: pages, articles and events."""

from __future__ import annotations

import hashlib
from datetime import date

from diplowatch.records import (
    Actor,
    Article,
    DateMention,
    Event,
    Page,
    Participant,
    Place,
    Report,
)

NIGER = Actor("NERMIL", "Niger MIL", "NER", "MIL")
UKRAINE = Actor("UKR", "Ukraine", "UKR")
RUSSIA = Actor("RUS", "Russia", "RUS")

WIRE = (
    "Niger's ruling junta said on Monday it had cut diplomatic ties with Ukraine with immediate "
    "effect, after a Ukrainian official suggested Kyiv had a hand in a deadly rebel attack on "
    "Malian troops and Wagner fighters in northern Mali last month. The junta's spokesman read "
    "the decision on state television in Niamey and called the remarks an act of aggression. "
    "Mali's junta had taken the same step a day earlier over the same remarks, which Ukraine's "
    "foreign ministry said had been taken out of context."
)


def day_of(text: str, when: date, precision: str = "day") -> DateMention:
    return DateMention(text, when, when, precision)  # type: ignore[arg-type]


def ties_event(
    page: str,
    url: str,
    sentence: str,
    when: DateMention | None,
    attribution: str | None = None,
    source: Actor = NIGER,
    target: Actor = UKRAINE,
) -> Event:
    return Event(
        id=hashlib.blake2b(f"{page}|{sentence}".encode(), digest_size=8).hexdigest(),
        page=page,
        url=url,
        sentence_index=0,
        sentence=sentence,
        evidence="cut diplomatic ties",
        source=Participant("Niger's ruling junta", source),
        target=Participant("Ukraine", target),
        type="SANCTION",
        mode="sever",
        date=when,
        location=Place("Niamey", "NER", 13.5, 2.1),
        attribution=attribution,
        certainty="reported" if attribution else "asserted",
        negated=False,
        cameo="161",
        goldstein=-4.0,
    )


def report(event: Event, site: str, published: date, copy_of: str | None = None) -> Report:
    copy_site = None
    if copy_of is not None:
        copy_site = copy_of.split("/")[2].removeprefix("www.")
    return Report(event, site, published, copy_of, copy_site)


def page_and_article(url: str, body: str, published: date) -> tuple[Page, Article]:
    site = url.split("/")[2]
    page = Page(name=url, content=body, kind="text", url=url, published=published)
    paragraphs = tuple(p for p in body.split("\n\n") if p)
    article = Article(
        page=url,
        url=url,
        site=site,
        title=None,
        dek=None,
        section=None,
        byline=None,
        published=published,
        published_source="metadata",
        language="en",
        paragraphs=paragraphs,
        page_hash=page.content_hash,
    )
    return page, article
