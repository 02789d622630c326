"""Tagging: twinning relevance, the places a text names, the twin pairs it states and what became of them."""

from twincrawl.tagging.home import home_city
from twincrawl.tagging.pairs import find_pairs
from twincrawl.tagging.places import city_name, find_places, resolve_city
from twincrawl.tagging.relevance import score_relevance
from twincrawl.tagging.states import pair_states
from twincrawl.tagging.terms import prepare_vocabularies

__all__ = [
    "city_name",
    "find_pairs",
    "find_places",
    "home_city",
    "pair_states",
    "prepare_vocabularies",
    "resolve_city",
    "score_relevance",
]
