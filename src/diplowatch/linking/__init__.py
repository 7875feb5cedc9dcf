"""Linking across articles: stories (one real event, many reports), the position
ledger and its shifts, and copies of one text on many pages."""
