"""Tagging: twinning relevance, the places a text names and the twin pairs it states."""

from twincrawl.tagging.pairs import find_pairs
from twincrawl.tagging.places import city_name, find_places, resolve_city
from twincrawl.tagging.relevance import score_relevance

__all__ = ["city_name", "find_pairs", "find_places", "resolve_city", "score_relevance"]
