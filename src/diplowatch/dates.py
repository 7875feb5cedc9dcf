"""The one place that reads dates out of text, URLs and metadata values."""

from __future__ import annotations

import re
from datetime import date, datetime

from diplowatch.records import DatePrecision, DateSource

_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_])"
)
_URL_COMPACT_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])/"
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "November 10, 2022", "Nov. 10 2022", "10 November 2022"
_WRITTEN_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_from_url(url: str | None) -> date | None:
    """The date a URL's path carries, as in ``/2022/11/10/``; None if it has none.

    >>> date_from_url("https://example.org/2022/11/10/a-story")
    datetime.date(2022, 11, 10)
    """
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT_DATE):
        match = pattern.search(url)
        if match:
            return _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def publication_date(
    published: date | None,
    url: str | None,
    from_markup: date | None = None,
    from_body: date | None = None,
    from_page: date | None = None,
) -> tuple[date | None, DateSource | None]:
    """The publication date and where it came from, best source first: explicit metadata, a
    metadata line at the top of the saved page, the URL, the page's markup, a dateline in the
    page's header. Unknown stays unknown.

    >>> publication_date(None, "https://example.org/2022/11/10/story", date(2022, 11, 11))
    (datetime.date(2022, 11, 10), 'url')
    """
    if published is not None:
        return published, "metadata"
    if from_page is not None:
        return from_page, "page"
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url, "url"
    if from_markup is not None:
        return from_markup, "html"
    if from_body is not None:
        return from_body, "body"
    return None, None


_PARTIAL_DATE = re.compile(r"^(?P<year>(?:19|20)\d{2})(?:-(?P<month>0[1-9]|1[0-2]))?$")


def parse_published(
    value: str | date | datetime | None,
) -> tuple[date | None, DatePrecision | None]:
    """A publication date from metadata and how precise it is: ``2023-02`` is February 2023
    (its first day, precision ``month``), ``2023`` the year; a full date has precision None
    (a day).

    >>> parse_published("2023-02")
    (datetime.date(2023, 2, 1), 'month')

    Raises ValueError for a non-empty value that is not a date.
    """
    if isinstance(value, str):
        partial = _PARTIAL_DATE.match(value.strip())
        if partial is not None:
            month = partial["month"]
            year = int(partial["year"])
            return (date(year, int(month), 1), "month") if month else (date(year, 1, 1), "year")
    return parse_date_value(value), None


def parse_exact_date(text: str) -> tuple[date, DatePrecision | None] | None:
    """The date that is the whole of ``text`` (``2024-08-07``, ``2024-08-07T09:00:00Z``,
    ``2024-08``, ``August 7, 2024``) with its precision as ``parse_published`` gives it; None
    when the text is not a date or holds more than one.

    >>> parse_exact_date("7 August 2024")
    (datetime.date(2024, 8, 7), None)
    >>> parse_exact_date("2024-08-07 Niger's junta cut ties") is None
    True
    """
    value = text.strip()
    whole = (
        _PARTIAL_DATE.fullmatch(value) is not None
        or _WRITTEN_DATE.fullmatch(value) is not None
        or _is_iso_date_time(value)
    )
    if not whole:
        return None
    found, precision = parse_published(value)
    return (found, precision) if found is not None else None


def _is_iso_date_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def parse_date_value(value: str | date | datetime | None) -> date | None:
    """A metadata value (``2022-11-10``, ``2022-11-10T08:00:00Z``, a date) as a date.

    Raises ValueError for a non-empty value that is not a date, so callers can say which input
    was wrong.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    found = find_written_date(text)
    if found is None:
        raise ValueError(f"not a date: {text!r}")
    return found


def find_written_date(text: str) -> date | None:
    """The first full calendar date written in ``text`` ("November 10, 2022", "2022-11-10")."""
    candidates: list[tuple[int, date]] = []
    match = _WRITTEN_DATE.search(text)
    if match:
        month = MONTHS[(match["m1"] or match["m2"]).lower()]
        day = int(match["d1"] or match["d2"])
        year = int(match["y1"] or match["y2"])
        found = _safe_date(year, month, day)
        if found:
            candidates.append((match.start(), found))
    iso = _ISO_DATE.search(text)
    if iso:
        found = _safe_date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        if found:
            candidates.append((iso.start(), found))
    return min(candidates)[1] if candidates else None
