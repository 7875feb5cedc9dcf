"""Datelines: the place (and often the day and agency) a wire story was filed from, opening its
first paragraph ("ISTANBUL, May 16 (Meridian) – ...", "MOSCOW/KYIV, July 18 –", "Kyiv, Aug 6
(Reuters) -").

The place of a dateline is where the reporter was, never an actor of the story; its day dates
the lead when the lead names none of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_UPPER_PLACE = r"[A-Z][A-Z.'’\-]*(?:\s[A-Z][A-Z.'’\-]*){0,3}"
_TITLE_PLACE = r"[A-Z][a-z.'’\-]+(?:\s[A-Z][a-z.'’\-]+){0,2}"
# The region or country after a dateline's place may join its words ("St Vincent and the
# Grenadines", "Democratic Republic of Congo").
_REGION = r"[A-Z][a-z.'’\-]+(?:\s(?:(?:and|of|the|de|da|do|del)\s)*[A-Z][a-z.'’\-]+){0,4}"
_DASH = r"\s*[–—-]{1,2}\s+"
# A place in capitals, or in title case when a day or an agency follows it (a plain "Kyiv -"
# could open a sentence).
_DATELINE = re.compile(
    rf"""^\s*(?:[\[(][^\])]{{0,80}}[\])]\s*)?(?:
        (?P<upper>{_UPPER_PLACE}(?:\s*/\s*{_UPPER_PLACE})*)
        (?:,\s*(?P<region>{_REGION}))?
        (?:,\s*(?P<day>{_MONTH}\s+\d{{1,2}}))?
        (?:\s*\((?P<agency>[^()]{{1,40}})\))?
      |
        (?P<title>{_TITLE_PLACE}(?:\s*/\s*{_TITLE_PLACE})*)
        (?:,\s*(?P<title_day>{_MONTH}\s+\d{{1,2}}))
        (?:\s*\((?P<title_agency>[^()]{{1,40}})\))?
      |
        (?P<titled>{_TITLE_PLACE})
        (?:\s*\((?P<titled_agency>[^()]{{1,40}})\))
    ){_DASH}""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline's parts and where it ends in the paragraph (the character after the dash)."""

    place: str
    day: str | None
    agency: str | None
    end: int


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a paragraph, if there is one."""
    found = _DATELINE.match(paragraph)
    if found is None:
        return None
    place = found["upper"] or found["title"] or found["titled"]
    if found["upper"] is not None and not any(c.isalpha() for c in found["upper"]):
        return None
    day = found["day"] or found["title_day"]
    agency = found["agency"] or found["title_agency"] or found["titled_agency"]
    if found["upper"] is not None and day is None and agency is None and len(place) < 6:
        return None
    return Dateline(place=place.strip(), day=day, agency=agency, end=found.end())
