"""Flat tables of events, stories and positions for researchers: CSV, Parquet or JSONL.

Column names line up with GDELT's and POLECAT's where the meaning is the same (see
``docs/export-columns.md``): ``event_date`` is GDELT's SQLDATE and POLECAT's Event Date,
``actor1_*`` the source (GDELT Actor1, POLECAT Actor), ``actor2_*`` the target (Actor2,
Recipient), ``event_root_code`` and ``goldstein_scale`` GDELT's, ``quad_class`` both's,
``action_geo_*`` GDELT's ActionGeo, ``source_url`` GDELT's SOURCEURL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from diplowatch.plover import QUAD_CLASS
from diplowatch.records import Event, Participant, Position, Story
from diplowatch.resolve.names import display_name

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

ExportFormat = Literal["csv", "parquet", "jsonl"]


def _side(prefix: str, side: Participant | None) -> dict[str, Any]:
    actor = side.actor if side else None
    return {
        f"{prefix}_code": actor.id if actor else None,
        f"{prefix}_name": display_name(actor) if actor else None,
        f"{prefix}_country_code": actor.country if actor else None,
        f"{prefix}_sector": actor.sector if actor else None,
        f"{prefix}_title": actor.role if actor else None,
        f"{prefix}_name_raw": side.text if side else None,
    }


def event_row(
    event: Event, published: date | None, site: str | None, story: str | None
) -> dict[str, Any]:
    mention, place = event.date, event.location
    return {
        "event_id": event.id,
        "story_id": story,
        "event_date": mention.start if mention and mention.start else None,
        "event_date_end": mention.end if mention and mention.end else None,
        "date_precision": mention.precision if mention else None,
        "date_text": mention.text if mention else None,
        "event_type": event.type,
        "event_mode": event.mode or None,
        "quad_class": QUAD_CLASS.get(event.type),
        "event_root_code": event.cameo[:2] if event.cameo else None,
        "event_code": event.cameo,
        "goldstein_scale": event.goldstein,
        **_side("actor1", event.source),
        **_side("actor2", event.target),
        "action_geo_fullname": place.name if place else None,
        "action_geo_country_code": place.country if place else None,
        "action_geo_lat": place.lat if place else None,
        "action_geo_long": place.lon if place else None,
        "attribution": event.attribution,
        "certainty": event.certainty,
        "negated": event.negated,
        "confidence": event.confidence,
        "publication_date": published,
        "source_name": site,
        "source_url": event.url,
        "page": event.page,
        "sentence_id": event.sentence_index,
        "sentence": event.sentence,
        "evidence": event.evidence,
    }


def story_row(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.id,
        "event_date": story.date,
        "date_precision": story.date_precision,
        "event_type": story.type,
        "quad_class": QUAD_CLASS.get(story.type),
        **_side("actor1", story.source),
        **_side("actor2", story.target),
        "first_reported": story.first_reported,
        "latest_reported": story.latest_reported,
        "num_sources": story.corroboration,
        "num_articles": len({r.event.page for r in story.reports}),
        "num_mentions": len(story.reports),
        "sources": "; ".join(story.sources),
        "outlets": "; ".join(story.outlets),
        "source_urls": " ".join(story.urls),
        "disagreements": "; ".join(
            f"{d.field}: " + " vs ".join(value for value, _ in d.values)
            for d in story.disagreements
        ),
    }


def position_row(position: Position) -> dict[str, Any]:
    mention = position.date
    first = position.counterparts[0] if position.counterparts else None
    return {
        "position_id": position.id,
        "event_date": position.placed,
        "date_text": mention.text if mention else None,
        "date_precision": mention.precision if mention else None,
        **_side("actor1", position.actor),
        **_side("actor2", first),
        "counterparts": "; ".join(
            (side.actor.id if side.actor else side.text) for side in position.counterparts
        ),
        "issue": position.issue,
        "stance": position.stance,
        "conditions": "; ".join(position.conditions),
        "certainty": position.certainty,
        "source_url": position.url,
        "page": position.page,
        "sentence_id": position.sentence_index,
        "sentence": position.sentence,
        "evidence": position.evidence,
    }


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): in CSV such a text cell starts with a quote, so that it is shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text that could start a formula gets a leading
    single quote; numbers, dates and other text are left as they are.

    >>> neutralised("=HYPERLINK(1)"), neutralised("@SUM(A1)"), neutralised(-1.5)
    ("'=HYPERLINK(1)", "'@SUM(A1)", -1.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# The columns of the three tables that are not text; every other column is text, codes
# included ("040" stays "040", never the number 40).
DATE_COLUMNS = frozenset(
    {"event_date", "event_date_end", "publication_date", "first_reported", "latest_reported"}
)
FLOAT_COLUMNS = frozenset({"goldstein_scale", "confidence", "action_geo_lat", "action_geo_long"})
INT_COLUMNS = frozenset(
    {"quad_class", "sentence_id", "num_sources", "num_articles", "num_mentions"}
)
BOOL_COLUMNS = frozenset({"negated"})

_PANDAS_TYPES = {"float": "Float64", "int": "Int64", "bool": "boolean", "text": "string"}


def column_type(name: str) -> str:
    """A column's kind: ``date``, ``float``, ``int``, ``bool`` or ``text``."""
    for kind, names in (
        ("date", DATE_COLUMNS),
        ("float", FLOAT_COLUMNS),
        ("int", INT_COLUMNS),
        ("bool", BOOL_COLUMNS),
    ):
        if name in names:
            return kind
    return "text"


def arrow_schema(columns: Sequence[str]) -> pa.Schema:
    """The Parquet schema of a table: each column typed, also when it holds no value."""
    import pyarrow as pa

    types = {"date": pa.date32(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    return pa.schema([(name, types.get(column_type(name), pa.string())) for name in columns])


def write_parquet(frame: pd.DataFrame, target: Path | IO[bytes]) -> None:
    """Write a table as Parquet with the columns' own types (dates as dates, codes as text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = frame.astype(object).where(frame.notna(), None)
    schema = arrow_schema(list(frame.columns))
    table = pa.Table.from_pandas(rows, schema=schema, preserve_index=False)
    pq.write_table(table, target)


def read_table(path: Path | str) -> pd.DataFrame:
    """A table diplowatch wrote (CSV, Parquet or JSON lines, by the suffix) as pandas reads it
    with the columns' types: text as ``string`` (codes keep their leading zeros), dates as
    dates, numbers as nullable numbers."""
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lstrip(".")
    if suffix == "parquet":
        return pd.read_parquet(path, dtype_backend="numpy_nullable")
    if suffix == "csv":
        columns = list(pd.read_csv(path, nrows=0).columns)
        frame = pd.read_csv(
            path, dtype=_pandas_types(columns), keep_default_na=False, na_values=[""]
        )
    else:
        frame = pd.read_json(path, lines=True, dtype=False)
        frame = frame.astype(_pandas_types(list(frame.columns)))
    for name in frame.columns:
        if column_type(name) == "date":
            frame[name] = pd.to_datetime(frame[name]).dt.date
    return frame


def _pandas_types(columns: Sequence[str]) -> dict[str, str]:
    return {
        name: _PANDAS_TYPES[column_type(name)] for name in columns if column_type(name) != "date"
    }


def write_csv(frame: pd.DataFrame, target: Path | IO[bytes]) -> None:
    """Write a table as CSV with every text cell ``neutralised``: every CSV diplowatch writes
    goes through here."""
    frame.map(neutralised).to_csv(target, index=False)


def write_table(rows: Iterable[dict[str, Any]], columns: Sequence[str], path: Path) -> int:
    """Write rows as CSV, Parquet or JSON lines (by the path's suffix); the number written."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(columns))
    suffix = path.suffix.lstrip(".")
    if suffix == "csv":
        write_csv(frame, path)
    elif suffix == "parquet":
        write_parquet(frame, path)
    else:
        frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
    return len(frame)
