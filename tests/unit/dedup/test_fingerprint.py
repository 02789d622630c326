"""Content fingerprints: the SimHash keeps its definition (stored values stay comparable) and its purpose."""

from __future__ import annotations

import hashlib

import pytest

from twincrawl.dedup.fingerprint import content_hash, fingerprints, hamming, normalized_words, simhash


def _reference_simhash(text: str) -> str:
    """The definition: per bit, +1 for every 3-shingle whose BLAKE2b-64 has it set, -1 otherwise."""
    words = normalized_words(text)
    shingles = [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))]
    weights = [0] * 64
    for shingle in shingles:
        value = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return f"{sum(1 << bit for bit, weight in enumerate(weights) if weight > 0):016x}"


@pytest.mark.parametrize(
    "text",
    ["", "один", "one two", "one two three", "Делегация города-побратима Ковентри прибыла в Волгоград. " * 40,
     "The twinning agreement between Perm and Oxford was signed decades ago; officials met on Wednesday."],
)  # fmt: skip
def test_simhash_matches_its_definition(text: str) -> None:
    assert simhash(text) == _reference_simhash(text)


def test_near_identical_texts_are_a_few_bits_apart_and_unrelated_ones_are_not() -> None:
    story = " ".join(f"Волгоград и Ковентри обсудили обмен номер {n} в рамках побратимства." for n in range(40))
    edited = story.replace("номер 7 ", "номер семь ")
    other = " ".join(f"The council approved road repairs in district {n} after residents asked." for n in range(40))
    assert hamming(simhash(story), simhash(edited)) <= 3
    assert hamming(simhash(story), simhash(other)) > 10


@pytest.mark.parametrize(
    "text", ["", "one", "one two", "Делегация города-побратима Ковентри прибыла в Волгоград. " * 40]
)
def test_fingerprints_are_the_content_hash_and_the_simhash(text: str) -> None:
    assert fingerprints("Заголовок", text) == (content_hash("Заголовок", text), simhash(text))
