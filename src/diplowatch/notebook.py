"""The store from Python, for notebooks: ``diplowatch.open(db_url)`` gives an ``Archive`` whose
``events()``, ``stories()``, ``positions()`` and ``shifts()`` take the command line's filters and
return records, or pandas DataFrames with ``frame=True``; ``export()`` writes the flat tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplowatch.config import default_db_url, watch_folder
from diplowatch.present.export import ExportFormat, event_row, position_row, story_row, write_table
from diplowatch.query import Filters
from diplowatch.records import Event, Position, Shift, Story
from diplowatch.store import Store
from diplowatch.watches import Watch, get_watch

if TYPE_CHECKING:
    import pandas as pd

_DateLike = date | str | None


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd  # imported by the frames alone: the server and the commands need none

    return pd.DataFrame(rows)


def _as_date(value: _DateLike) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


class Archive:
    """A store opened for reading records. Filters: ``watch`` (a name or a Watch), ``actor`` (a
    country or actor code on either side), ``type`` (PLOVER), ``certainty``, ``since`` and
    ``until`` (dates or ISO strings)."""

    def __init__(self, db_url: str | None = None, watches: str | Path | None = None) -> None:
        self.store = Store(db_url or default_db_url())
        self._watches = watch_folder(watches)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def filters(
        self,
        watch: str | Watch | None = None,
        actor: str | None = None,
        type: str | None = None,
        certainty: str | None = None,
        since: _DateLike = None,
        until: _DateLike = None,
    ) -> Filters:
        chosen = get_watch(watch, self._watches) if isinstance(watch, str) else watch
        return Filters(chosen, actor, type, certainty, _as_date(since), _as_date(until))

    def events(self, *, frame: bool = False, **filters: Any) -> list[Event] | pd.DataFrame:
        kept = list(self.filters(**filters).events(self.store.events(), self.store.published()))
        if not frame:
            return kept
        published, stories = self.store.published(), self.store.story_of_events()
        return _frame([event_row(e, published.get(e.page), None, stories.get(e.id)) for e in kept])

    def stories(self, *, frame: bool = False, **filters: Any) -> list[Story] | pd.DataFrame:
        chosen = self.filters(**filters)
        kept = list(chosen.stories(self.store.stories(chosen.since, chosen.until)))
        return _frame([story_row(s) for s in kept]) if frame else kept

    def positions(self, *, frame: bool = False, **filters: Any) -> list[Position] | pd.DataFrame:
        kept = list(self.filters(**filters).positions(self.store.positions()))
        return _frame([position_row(p) for p in kept]) if frame else kept

    def shifts(self, *, frame: bool = False, **filters: Any) -> list[Shift] | pd.DataFrame:
        kept = list(self.filters(**filters).shifts(self.store.shifts()))
        if not frame:
            return kept
        return _frame(
            [
                {
                    "actor": s.actor,
                    "counterpart": s.counterpart,
                    "issue": s.issue,
                    "from_stance": s.before.stance,
                    "to_stance": s.after.stance,
                    "date": s.after.placed,
                    "from_position": s.before.id,
                    "to_position": s.after.id,
                }
                for s in kept
            ]
        )

    def export(self, out: str | Path, form: ExportFormat = "csv", **filters: Any) -> dict[str, int]:
        """Write events, stories and positions (filtered) into ``out``; rows per table."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        chosen = self.filters(**filters)
        facts, story_of = self.store.page_facts(), self.store.story_of_events()
        published = {page: day for page, (day, _site) in facts.items()}
        sites = {page: site for page, (_day, site) in facts.items()}
        events = chosen.events(self.store.events(), published)
        stories = chosen.stories(self.store.stories(chosen.since, chosen.until))
        positions = chosen.positions(self.store.positions())
        tables = {
            "events": (
                event_row(e, published.get(e.page), sites.get(e.page), story_of.get(e.id))
                for e in events
            ),
            "stories": map(story_row, stories),
            "positions": map(position_row, positions),
        }
        return {
            name: write_table(rows, COLUMNS[name], folder / f"{name}.{form}")
            for name, rows in tables.items()
        }


def open(db_url: str | None = None, watches: str | Path | None = None) -> Archive:
    """Open a store for reading (``$DIPLOWATCH_DB`` or ``./diplowatch.db`` by default)."""
    return Archive(db_url, watches)


def _columns() -> dict[str, list[str]]:
    """Each table's columns, in order (also for a table with no rows)."""
    from diplowatch.records import Participant

    side = Participant("", None)
    event = Event(
        "",
        "",
        None,
        0,
        "",
        "",
        side,
        side,
        "",
        None,
        None,
        None,
        None,
        "asserted",
        False,
        None,
        None,
    )
    story = Story("", "", side, side, None, None, None, None, (), (), ())
    position = Position("", "", None, 0, "", "", side, (), "", "open", (), None, "asserted")
    return {
        "events": list(event_row(event, None, None, None)),
        "stories": list(story_row(story)),
        "positions": list(position_row(position)),
    }


COLUMNS = _columns()
__all__ = ["COLUMNS", "Archive", "open"]
