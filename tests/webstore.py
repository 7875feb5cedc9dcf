"""A store for the web tests: events of several actors, types, places and weeks, a story told by
three outlets, two positions that make a shift, and a page whose sentence carries markup."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from diplowatch.plover import TYPE_CODES
from diplowatch.records import Actor, DateMention, Event, Participant, Place, Position
from diplowatch.store import Store
from outlets import page_and_article

RUS = Actor("RUS", "Russia", "RUS", "GOV")
UKR = Actor("UKR", "Ukraine", "UKR", "GOV")
TUR = Actor("TUR", "Turkey", "TUR", "GOV")
USA = Actor("USA", "United States", "USA", "GOV")
SDN = Actor("SDN", "Sudan", "SDN", "MIL")
KYIV = Place("Kyiv", "UKR", 50.45, 30.52)
ISTANBUL = Place("Istanbul", "TUR", 41.01, 28.98)
KHARTOUM = Place("Khartoum", "SDN", 15.5, 32.56)
INJECTION = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
FIRST_DAY = date(2024, 7, 1)


@dataclass(frozen=True, slots=True)
class Plan:
    """One event to store: who, what, when, where, and the words it is read from."""

    source: Actor
    target: Actor
    type: str
    day: date | None
    place: Place | None
    words: str
    certainty: str = "asserted"


def _plans() -> list[Plan]:
    plans = []
    kinds = [
        (RUS, UKR, "ASSAULT", KYIV, "Russian forces shelled {n} districts of Kyiv overnight."),
        (UKR, RUS, "REJECT", None, "Ukraine rejected a ceasefire proposal from Moscow, day {n}."),
        (TUR, UKR, "CONSULT", ISTANBUL, "Turkey hosted Ukrainian envoys for grain talks ({n})."),
        (USA, RUS, "SANCTION", None, "Washington imposed new sanctions on Russian banks ({n})."),
        (SDN, SDN, "ASSAULT", KHARTOUM, "Fighting spread across Khartoum for {n} days."),
    ]
    for n in range(30):
        source, target, kind, place, words = kinds[n % len(kinds)]
        day = FIRST_DAY + timedelta(days=n)
        certainty = "alleged" if n % 7 == 0 else "asserted"
        plans.append(Plan(source, target, kind, day, place, words.format(n=n), certainty))
    # An event with no date of its own: it stands at its page's publication date.
    plans.append(Plan(USA, TUR, "CONSULT", None, None, "Blinken called his Turkish counterpart."))
    return plans


def _event(page: str, url: str, index: int, plan: Plan) -> Event:
    return Event(
        id=hashlib.blake2b(f"{page}|{index}".encode(), digest_size=8).hexdigest(),
        page=page,
        url=url,
        sentence_index=index,
        sentence=plan.words,
        evidence=plan.words.split()[1],
        source=Participant(plan.source.name, plan.source),
        target=Participant(plan.target.name, plan.target),
        type=plan.type,
        mode=None,
        date=DateMention("on that day", plan.day, plan.day, "day") if plan.day else None,
        location=plan.place,
        attribution=None,
        certainty=plan.certainty,  # type: ignore[arg-type]
        negated=False,
        cameo=TYPE_CODES[plan.type][0],
        goldstein={"ASSAULT": -9.0, "SANCTION": -4.0, "REJECT": -4.0}.get(plan.type, 3.0),
    )


def _position(page: str, url: str, stance: str, day: date, words: str) -> Position:
    return Position(
        id=hashlib.blake2b(f"{page}|{stance}".encode(), digest_size=8).hexdigest(),
        page=page,
        url=url,
        sentence_index=0,
        sentence=words,
        evidence=words,
        actor=Participant("Ukraine", UKR),
        counterparts=(Participant("Russia", RUS),),
        issue="talks",
        stance=stance,  # type: ignore[arg-type]
        conditions=("withdrawal of Russian troops",) if stance == "conditional" else (),
        date=DateMention("that day", day, day, "day"),
        certainty="asserted",
        placed=day,
    )


def fill(store: Store) -> list[Event]:
    """Store the pages; the events, in the order they were stored."""
    stored: list[Event] = []
    plans = _plans()
    for start in range(0, len(plans), 4):
        url = f"https://news{start % 3}.example/2024/{start}"
        published = FIRST_DAY + timedelta(days=start + 3)
        group = plans[start : start + 4]
        body = "\n\n".join(plan.words for plan in group)
        page, article = page_and_article(url, body, published)
        events = [_event(url, url, index, plan) for index, plan in enumerate(group)]
        positions = []
        if start == 0:
            positions = [
                _position(url, url, "refuses", date(2024, 7, 2), "Kyiv refused any talks."),
            ]
        if start == 8:
            positions = [
                _position(
                    url, url, "conditional", date(2024, 7, 12),
                    "Kyiv is open to talks once Russian troops withdraw.",
                )
            ]  # fmt: skip
        store.add(page, article, events, positions)
        stored.extend(events)
    marked = "https://evil.example/2024/x"
    words = f"Officials met in Istanbul {INJECTION} to discuss the ceasefire."
    page, article = page_and_article(marked, words, date(2024, 7, 20))
    plan = Plan(TUR, RUS, "CONSULT", date(2024, 7, 20), ISTANBUL, words)
    event = _event(marked, "javascript:alert(2)", 0, plan)
    store.add(page, article, [event])
    stored.append(event)
    store.update_stories()
    return stored
