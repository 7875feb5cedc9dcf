"""Presenting records: terminal tables, JSON lines, and exports (CSV, Parquet, GDELT-aligned
columns); what users read, saying no more than the records' evidence."""
