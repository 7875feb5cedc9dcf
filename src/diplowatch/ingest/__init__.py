"""Ingest stage: inputs -> ``Page`` records (or ``Failure`` records naming what went wrong)."""

from diplowatch.config import DEFAULT_MAX_BYTES
from diplowatch.ingest.files import ReadOptions, read_inputs

__all__ = ["DEFAULT_MAX_BYTES", "ReadOptions", "read_inputs"]
