"""The whole job: pages cleaned, read and stored. ``ingest`` (module ``ingesting``) into a store,
page by page, each in its own transaction; ``batch`` into Parquet on this machine or a Ray
cluster, and ``load`` of that output into a store. Both store a page's reading through
``storing.store_reading``."""

from diplowatch.pipeline.ingesting import Cleaner, clean_page, clean_stream, ingest
from diplowatch.pipeline.storing import IngestReport

__all__ = ["Cleaner", "IngestReport", "clean_page", "clean_stream", "ingest"]
