"""The duplicate index the crawl and reprocess share: exact copies by content hash, near ones by SimHash."""

from __future__ import annotations

from twincrawl.dedup import DuplicateIndex, fingerprints
from twincrawl.items import Article, article_id

STORY = (
    "The delegation of the twin city of Coventry arrived in Volgograd on Monday. The guests visited the memorial "
    "complex, laid flowers and met the students of the local university, who study English and history. "
) * 6


def _article(n: int, text: str) -> Article:
    url = f"https://example.org/news/{n}"
    content_hash, simhash = fingerprints("A title", text)
    return Article(id=article_id(url), url=url, canonical_url=url, source="example", title="A title", text=text,
                   content_hash=content_hash, simhash=simhash)  # fmt: skip


def test_a_second_copy_of_a_text_points_at_the_first() -> None:
    index = DuplicateIndex()
    first, second = index.checked(_article(1, STORY)), index.checked(_article(2, STORY))
    assert first.duplicate_of is None
    assert second.duplicate_of == first.id


def test_a_slightly_edited_copy_is_a_near_duplicate() -> None:
    index = DuplicateIndex()
    first = index.checked(_article(1, STORY))
    edited = index.checked(_article(2, STORY.replace("on Monday", "on Tuesday", 1)))
    assert edited.duplicate_of == first.id


def test_a_different_story_is_no_duplicate() -> None:
    index = DuplicateIndex()
    index.checked(_article(1, STORY))
    other = "Perm and Oxford signed a new agreement on school exchanges; forty pupils will travel in spring. " * 6
    assert index.checked(_article(2, other)).duplicate_of is None


def test_the_stored_original_counts_but_never_the_article_itself() -> None:
    index = DuplicateIndex()
    article = _article(3, STORY)
    assert index.checked(article, stored_original="0123456789abcdef").duplicate_of == "0123456789abcdef"
    assert DuplicateIndex().checked(article, stored_original=article.id).duplicate_of is None


def test_a_threshold_beyond_the_bands_is_lowered_to_what_they_can_find() -> None:
    assert DuplicateIndex(max_bits=10).max_bits == 3
