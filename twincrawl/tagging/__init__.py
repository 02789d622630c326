"""Tagging: twinning relevance, the places a text names, the twin pairs it states and what became of them."""

from twincrawl.tagging.pairs import find_pairs
from twincrawl.tagging.places import city_name, find_places, resolve_city
from twincrawl.tagging.relevance import score_relevance
from twincrawl.tagging.states import pair_states, prepare_states

__all__ = [
    "city_name",
    "find_pairs",
    "find_places",
    "pair_states",
    "prepare_states",
    "resolve_city",
    "score_relevance",
]
