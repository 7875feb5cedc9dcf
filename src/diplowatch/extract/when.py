"""When a sentence says something happened: its date expressions and the periods they name.

Every expression resolves to an inclusive period (``DateMention.start`` .. ``end``) that contains
the day meant, against the article's publication date. The conventions:

- Explicit dates: "November 8, 2022" is that day; "November 8" (no year) the most recent
  November 8 not after publication; "May 2024" the month; "in May" the most recent May not after
  the publication month; "2021" the year; "the 1990s" the decade (precision year).
- Parts of a month: "early/mid/late October" (also "the beginning/middle/end of October") are
  days 1-10, 11-20 and 21 to the month's end, precision ``week``: the words name about a third
  of a month, and ``month`` precision would claim the whole month. Parts of a year ("early
  2022") are January-April, May-August, September-December, precision ``month``.
- Weekdays: "Thursday", "on Thursday", "Monday night" are the most recent such day not after
  publication (publication day itself when it is one); "last Thursday" the one strictly before;
  "next Thursday" the one strictly after. In a sentence in the future tense ("will meet on
  Thursday") a bare weekday, a day or a month without year looks forward instead.
- Weeks are Monday..Sunday. "this week" is Monday of the publication's week .. publication;
  "last week" the previous Monday..Sunday; "earlier this week/month/year" (or "earlier in the
  week") runs from the start of the period to the day before publication; "over the weekend"
  the most recent Saturday..Sunday begun by publication.
- "N days ago" is that day; "N weeks ago" the seven days centred on that point, "N months ago"
  the 31 days centred on it, "N years ago" the year centred on it; "a few"/"several" units ago
  is the span from five to two units back. "the past week" / "the last two months" run from that
  far back to publication.
- Precision is the calendar unit the words name (day, week, month, year), not the period's
  length: "this month" has precision month even on the 2nd.

Without a publication date, relative expressions keep their words and precision with start and
end None. ``find_dates`` keeps points and periods in time only: durations ("for three years",
"two-year-old") name no period and are not resolved, and bounds of an ongoing state ("since
2014", "until March") are skipped, since the reported event is not at that time.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from diplowatch.dates import MONTHS, find_written_date
from diplowatch.extract.tense import FUTURE_AUXILIARIES, in_future
from diplowatch.records import DateMention, DatePrecision

Period = tuple[date, date, DatePrecision]

WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
}
# Which third of a month or a year "early", "mid" and "late" name.
PARTS = {
    "early": 0,
    "beginning of": 0,
    "start of": 0,
    "mid": 1,
    "middle of": 1,
    "late": 2,
    "end of": 2,
}
# A publication date to resolve relative words against only to learn their precision.
_ANY_DAY = date(2001, 1, 1)


def _alternatives(words: object) -> str:
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


_MONTH = rf"(?:{_alternatives(MONTHS)})\.?"
_WEEKDAY = rf"(?:{_alternatives(WEEKDAYS)})\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_PART = r"(?:early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
_NUMBER = rf"(?:{_alternatives(NUMBERS)}|\d{{1,2}})"
_UNIT = r"(?:day|week|month|year)s?"
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Prepositions and a leading article that carry no date of their own.
_LEADING_WORDS = re.compile(
    r"^(?:(?:on|in|at|during|by|from|of|over|around|about|as\s+of|throughout)\s+)+"
)
_LEADING_THE = re.compile(r"^the\s+(?!(?:past|last|next|day\s+before)\b)")


@dataclass(frozen=True, slots=True)
class _Rule:
    """One kind of date expression: its words, how it resolves, whether it needs publication."""

    pattern: str
    resolve: Callable[[re.Match[str], date, bool], Period | None]
    relative: bool


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_period(year: int, month: int) -> Period:
    return date(year, month, 1), _month_end(year, month), "month"


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year_of_month(month: int, anchor: date, future: bool) -> int:
    """The year of the most recent ``month`` not after ``anchor``'s month (or the next one not
    before it, looking forward)."""
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _day_without_year(month: int, day: int, anchor: date, future: bool) -> date | None:
    step = 1 if future else -1
    year = anchor.year
    if (month, day) > (anchor.month, anchor.day) and not future:
        year -= 1
    if (month, day) < (anchor.month, anchor.day) and future:
        year += 1
    for _ in range(8):  # February 29 waits for a leap year
        try:
            return date(year, month, day)
        except ValueError:
            year += step
    return None


def _third_of_month(year: int, month: int, part: int) -> Period:
    start = date(year, month, 1 + 10 * part)
    end = _month_end(year, month) if part == 2 else date(year, month, 10 + 10 * part)
    return start, end, "week"


def _part_index(words: str) -> int:
    return PARTS[re.sub(r"^the\s+|\s+", " ", words.lower()).strip()]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _number(words: str) -> int:
    words = re.sub(r"\s+", " ", words.lower())
    return int(words) if words.isdigit() else NUMBERS[words]


def _back(anchor: date, count: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return anchor - timedelta(days=count)
    if unit == "week":
        return anchor - timedelta(weeks=count)
    return _shift_months(anchor, -count * (12 if unit == "year" else 1))


_PRECISION_OF_UNIT: dict[str, DatePrecision] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
# Half-width of the period around "N units ago": a week, a month, a year centred on the point.
_AGO_SLACK = {"day": 0, "week": 3, "month": 15, "year": 182}


def _full_date(match: re.Match[str], anchor: date, future: bool) -> Period | None:
    found = find_written_date(match[0])
    return (found, found, "day") if found else None


def _day_month_range(match: re.Match[str], anchor: date, future: bool) -> Period | None:
    month = _month_number(match["m1"] or match["m2"])
    first = int(re.sub(r"\D", "", match["d1"] or match["d3"]))
    last_text = match["d2"] or match["d4"]
    last = int(re.sub(r"\D", "", last_text)) if last_text else first
    if match["y"]:
        year = int(match["y"])
        start = _safe(year, month, first)
    else:
        start = _day_without_year(month, first, anchor, future)
    if start is None or last < first:
        return None
    end = _safe(start.year, month, last)
    return (start, end, "day") if end else None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _part_of_month(match: re.Match[str], anchor: date, future: bool) -> Period:
    month = _month_number(match["m"])
    year = int(match["y"]) if match["y"] else _year_of_month(month, anchor, future)
    return _third_of_month(year, month, _part_index(match["part"]))


def _month_year(match: re.Match[str], anchor: date, future: bool) -> Period:
    return _month_period(int(match["y"]), _month_number(match["m"]))


def _month(match: re.Match[str], anchor: date, future: bool) -> Period:
    month = _month_number(match["m"])
    which = (match["which"] or "").lower()
    if which == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif which == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif which == "this":
        year = anchor.year
    else:
        year = _year_of_month(month, anchor, future)
    return _month_period(year, month)


def _part_of_year(match: re.Match[str], anchor: date, future: bool) -> Period:
    year = int(match["y"])
    first = 1 + 4 * _part_index(match["part"])
    return date(year, first, 1), _month_end(year, first + 3), "month"


def _part_of_current(match: re.Match[str], anchor: date, future: bool) -> Period:
    which = (match["which"] or "this").lower()
    which = "this" if which == "the" else which
    unit = match["unit"].lower()
    start, _ = _calendar_period(which, unit, anchor)
    part = _part_index(match["part"])
    if unit == "month":
        return _third_of_month(start.year, start.month, part)
    first = 1 + 4 * part
    return date(start.year, first, 1), _month_end(start.year, first + 3), "month"


def _year(match: re.Match[str], anchor: date, future: bool) -> Period:
    year = int(match["y"])
    return date(year, 1, 1), date(year, 12, 31), "year"


def _decade(match: re.Match[str], anchor: date, future: bool) -> Period:
    first = int(match["d"]) * 10
    return date(first, 1, 1), date(first + 9, 12, 31), "year"


_DAY_OFFSETS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "yesterday morning": -1,
    "yesterday afternoon": -1,
    "yesterday evening": -1,
    "last night": -1,
    "the day before yesterday": -2,
    "tomorrow": 1,
}


def _named_day(match: re.Match[str], anchor: date, future: bool) -> Period:
    day = anchor + timedelta(days=_DAY_OFFSETS[re.sub(r"\s+", " ", match[0].lower())])
    return day, day, "day"


def _weekday(match: re.Match[str], anchor: date, future: bool) -> Period:
    weekday = WEEKDAYS[match["wd"].lower().rstrip(".")]
    which = (match["which"] or "").lower()
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if which in ("last", "past"):
        day = anchor - timedelta(days=back or 7)
    elif which == "next":
        day = anchor + timedelta(days=ahead or 7)
    elif future:
        day = anchor + timedelta(days=ahead)
    else:
        day = anchor - timedelta(days=back)
    return day, day, "day"


def _calendar_period(which: str, unit: str, anchor: date) -> tuple[date, date]:
    """The whole week (Monday..Sunday), month or year that ``which`` (this/last/next) names."""
    if unit == "week":
        monday = _monday(anchor) + timedelta(weeks={"this": 0, "last": -1, "next": 1}[which])
        return monday, monday + timedelta(days=6)
    if unit == "month":
        first = _shift_months(anchor.replace(day=1), {"this": 0, "last": -1, "next": 1}[which])
        return first, _month_end(first.year, first.month)
    year = anchor.year + {"this": 0, "last": -1, "next": 1}[which]
    return date(year, 1, 1), date(year, 12, 31)


def _this_last_next(match: re.Match[str], anchor: date, future: bool) -> Period:
    which, unit = match["which"].lower(), match["unit"].lower()
    start, end = _calendar_period(which, unit, anchor)
    if which == "this" and not future:
        end = anchor
    return start, end, _PRECISION_OF_UNIT[unit]


def _earlier_later(match: re.Match[str], anchor: date, future: bool) -> Period:
    unit = match["unit"].lower()
    start, end = _calendar_period("this", unit, anchor)
    if match["when"].lower() == "earlier":
        end = max(start, anchor - timedelta(days=1))
    else:
        start = min(end, anchor + timedelta(days=1))
    return start, end, _PRECISION_OF_UNIT[unit]


def _weekend(match: re.Match[str], anchor: date, future: bool) -> Period:
    which = (match["which"] or "").lower()
    saturday = _monday(anchor) + timedelta(days=5)
    if which == "next":
        saturday += timedelta(weeks=1)
    elif which == "last" or (which != "this" and not future and anchor < saturday):
        saturday -= timedelta(weeks=1)
    sunday = saturday + timedelta(days=1)
    ends_by_publication = which in ("", "the") and not future
    return saturday, min(sunday, anchor) if ends_by_publication else sunday, "week"


def _ago(match: re.Match[str], anchor: date, future: bool) -> Period:
    unit = match["unit"].lower().rstrip("s")
    precision = _PRECISION_OF_UNIT[unit]
    if match["few"]:
        return (
            _back(anchor, 5, unit),
            _back(anchor, 2, unit),
            "week" if unit == "day" else precision,
        )
    point = _back(anchor, _number(match["n"]), unit)
    slack = timedelta(days=_AGO_SLACK[unit])
    return point - slack, min(point + slack, anchor), precision


def _past_span(match: re.Match[str], anchor: date, future: bool) -> Period:
    unit = match["unit"].lower().rstrip("s")
    count = _number(match["n"]) if match["n"] else 1
    start = _back(anchor, count, unit) + timedelta(days=1)
    return start, anchor, _PRECISION_OF_UNIT[unit]


_RULES = (
    _Rule(
        rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{_MONTH},?\s+{_YEAR})"
        r"|\d{4}-\d{2}-\d{2}",
        _full_date,
        relative=False,
    ),
    _Rule(
        rf"(?:{_WEEKDAY},?\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?"
        rf"|(?:the\s+)?(?P<d3>{_DAY})(?:\s*[-–]\s*(?P<d4>{_DAY}))?\s+(?:of\s+)?(?P<m2>{_MONTH}))"
        rf"(?:,?\s+(?P<y>{_YEAR}))?",
        _day_month_range,
        relative=True,
    ),
    _Rule(
        rf"(?P<part>{_PART})[\s-]*(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?",
        _part_of_month,
        relative=True,
    ),
    _Rule(rf"(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})", _month_year, relative=False),
    _Rule(rf"(?:(?P<which>this|last|next)\s+)?(?P<m>{_MONTH})", _month, relative=True),
    _Rule(rf"(?P<part>{_PART})[\s-]*(?P<y>{_YEAR})", _part_of_year, relative=False),
    _Rule(
        rf"(?P<part>{_PART})\s+(?:(?P<which>this|the|last|next)\s+)?(?P<unit>month|year)",
        _part_of_current,
        relative=True,
    ),
    _Rule(rf"(?:(?:the\s+)?year\s+)?(?P<y>{_YEAR})", _year, relative=False),
    _Rule(r"(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<d>(?:19|20)\d)0'?s", _decade, False),
    _Rule(_alternatives(_DAY_OFFSETS).replace(r"\ ", r"\s+"), _named_day, relative=True),
    _Rule(
        rf"(?:(?P<which>this|last|past|next)\s+)?(?P<wd>{_WEEKDAY})(?:'s)?{_TIME_OF_DAY}",
        _weekday,
        relative=True,
    ),
    _Rule(
        r"(?P<when>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)",
        _earlier_later,
        True,
    ),
    _Rule(r"(?P<which>this|last|next)\s+(?P<unit>week|month|year)", _this_last_next, True),
    _Rule(r"(?:(?P<which>this|last|next|the)\s+)?weekend", _weekend, relative=True),
    _Rule(
        rf"(?:(?P<few>a\s+few|several)|(?P<n>{_NUMBER}))\s+(?P<unit>{_UNIT})\s+ago",
        _ago,
        relative=True,
    ),
    _Rule(
        rf"the\s+(?:past|last)\s+(?:(?P<n>{_NUMBER})\s+)?(?P<unit>{_UNIT})",
        _past_span,
        relative=True,
    ),
)
_COMPILED = tuple((rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in _RULES)


def _normalise(text: str) -> str:
    words = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip(" ,.;:")
    words = re.sub(r"'s$", "", words)
    words = _LEADING_WORDS.sub("", words.lower())
    return _LEADING_THE.sub("", words)


def resolve_date_expression(
    text: str, published: date | None, *, future: bool = False
) -> DateMention | None:
    """The period a date expression names, against the publication date; None when the words
    are not a date expression this module knows (durations, "recently", "that day").

    ``future`` says the sentence looks forward ("will meet on Thursday"): words without a year
    or a direction then resolve to the first such day or month not before publication.

    >>> resolve_date_expression("in mid-October", date(2022, 11, 10))
    DateMention(text='in mid-October', start=datetime.date(2022, 10, 11), \
end=datetime.date(2022, 10, 20), precision='week')
    """
    words = _normalise(text)
    for rule, pattern in _COMPILED:
        match = pattern.fullmatch(words)
        if match is None:
            continue
        if rule.relative and published is None:
            period = rule.resolve(match, _ANY_DAY, future)
            return DateMention(text, None, None, period[2]) if period else None
        period = rule.resolve(match, published or _ANY_DAY, future)
        if period is None:
            return None
        return DateMention(text, period[0], period[1], period[2])
    return None


# Scanning a sentence for expressions uses the same grammar as resolving them, longest first.
_SCANNER = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?:{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', rule.pattern)})" for rule in _RULES)
    + r")(?![\w-])",
    re.IGNORECASE,
)
# A bare month name is also a verb or a modal ("may", "march"): the scanner needs it capitalised
# and introduced by a word that makes it a date.
_BARE_MONTH = re.compile(rf"(?:(?:this|last|next)\s+)?{_MONTH}", re.IGNORECASE)
_MONTH_INTRODUCER = re.compile(
    r"\b(?:in|since|until|till|by|of|during|from|through|to|early|late|mid|this|last|next)[\s-]*$",
    re.IGNORECASE,
)
# Words before an expression that make it the bound of an ongoing state, not the event's time.
_BOUND_WORDS = re.compile(r"\b(?:since|until|till|up\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
_BOUND_HEADS = frozenset({"since", "until", "till"})
_FUTURE_LEMMAS = frozenset({"schedule", "due", "expect", "upcoming"})


def _bounds_a_state(sentence: Span, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` are themselves the object of "since" or "until"
    ("since 2014"), rather than dating a noun that follows ("since the February 2022
    invasion", where the invasion is an event of February 2022)."""
    span = sentence.doc.char_span(
        sentence.start_char + start, sentence.start_char + end, alignment_mode="expand"
    )
    if span is None:
        return True
    head = span.root.head
    return head.lower_ in _BOUND_HEADS or (head.lower_ == "to" and head.nbor(-1).lower_ == "up")


def _scanned_spans(sentence: Span) -> list[tuple[int, int]]:
    text = sentence.text
    spans = []
    for match in _SCANNER.finditer(text):
        if _BARE_MONTH.fullmatch(match[0]) and not _is_date_month(text, match):
            continue
        spans.append((match.start(), match.end()))
    return spans


def _is_date_month(text: str, match: re.Match[str]) -> bool:
    words = match[0]
    if words.split()[0].lower() in ("this", "last", "next"):
        return True
    return words[0].isupper() and bool(_MONTH_INTRODUCER.search(text[: match.start()]))


def _entity_spans(sentence: Span) -> list[tuple[int, int]]:
    offset = sentence.start_char
    return [
        (entity.start_char - offset, entity.end_char - offset)
        for entity in sentence.ents
        if entity.label_ in ("DATE", "TIME")
    ]


def _looks_forward(sentence: Span, start: int, end: int) -> bool:
    """Whether the verb the expression attaches to is in the future tense or scheduled."""
    words = sentence.char_span(start, end, alignment_mode="expand")
    if words is None or len(words) == 0:
        return False
    verb: Token = words.root
    for token in (verb, *verb.ancestors):
        if token.lemma_.lower() in _FUTURE_LEMMAS:
            return True
        if any(child.lower_ in FUTURE_AUXILIARIES for child in token.children):
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("xcomp", "ccomp", "advcl"):
            return False
    return False


def looks_forward(sentence: Span) -> bool:
    """Whether a sentence is about what is to happen: its main verb is in the future ("will
    meet") or says what is expected, scheduled or due ("is expected to resume")."""
    root = sentence.root
    if in_future(root):
        return True
    return root.lemma_.lower() in _FUTURE_LEMMAS and any(
        child.dep_ in ("xcomp", "prep") for child in root.children
    )


def find_dates(sentence: Span, published: date | None) -> list[DateMention]:
    """The date expressions of a parsed sentence, in order, each resolved against publication.

    Candidates are spaCy's DATE and TIME entities and this module's own patterns; where they
    overlap the longest one that resolves wins, so "late September" beats "September" and a
    pattern inside an entity the grammar does not know ("the week of November 7") still counts.
    """
    text = sentence.text
    candidates = sorted(
        set(_entity_spans(sentence)) | set(_scanned_spans(sentence)),
        key=lambda span: (span[0] - span[1], span[0]),
    )
    taken: list[tuple[int, int, DateMention]] = []
    for start, end in candidates:
        if any(start < other_end and other_start < end for other_start, other_end, _ in taken):
            continue
        if _BOUND_WORDS.search(text[:start]) and _bounds_a_state(sentence, start, end):
            continue
        future = _looks_forward(sentence, start, end)
        mention = resolve_date_expression(text[start:end], published, future=future)
        if mention is not None:
            taken.append((start, end, mention))
    return [mention for _, _, mention in sorted(taken, key=lambda item: item[0])]
