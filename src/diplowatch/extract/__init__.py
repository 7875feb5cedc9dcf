"""Extract stage: events (and later positions) from parsed articles."""
