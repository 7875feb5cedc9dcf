"""Scoring readings against gold sets: articles, events, positions and shifts."""
