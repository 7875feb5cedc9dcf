"""Resolve stage: mentions to canonical actors."""

from diplowatch.resolve.actors import (
    ActorMention,
    Gazetteer,
    find_actor_mentions,
    load_gazetteer,
)

__all__ = ["ActorMention", "Gazetteer", "find_actor_mentions", "load_gazetteer"]
