"""A fast first answer: ``diplowatch --help`` (and any command's ``--help``) imports no NLP,
database, web or Ray code, so that it answers in a fraction of a second."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "sqlalchemy", "alembic", "fastapi", "uvicorn", "ray", "pyarrow", "trafilatura")
PROBE = """
import sys
from diplowatch.cli import app
try:
    app({args!r})
except SystemExit:
    pass
print("heavy:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize("args", [["--help"], ["ingest", "--help"], ["serve", "--help"]])
def test_help_imports_no_nlp_database_web_or_ray(args: list[str]) -> None:
    probe = PROBE.format(args=args, heavy=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "heavy:"
