"""The evaluation-set scores follow the published definitions (4-word shingles, per-page normalization)."""

from __future__ import annotations

import pytest

from twincrawl.bench.metrics import (
    SnippetCounts,
    date_accuracy,
    extraction_score,
    match_snippets,
    match_texts,
    shingles,
    snippet_score,
)


def test_shingles_are_a_multiset_of_four_word_windows() -> None:
    assert shingles("a b c d a b c d") == {"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}


def test_text_shorter_than_a_shingle_is_one_shingle() -> None:
    assert shingles("two words") == {"two words": 1}
    assert shingles("") == {}


def test_tokens_are_unicode_words_and_case_sensitive() -> None:
    assert shingles("Город-побратим, Волгоград; Ковентри!") == {"Город побратим Волгоград Ковентри": 1}
    assert shingles("One two three four") != shingles("one two three four")


def test_page_counts_are_normalized_by_their_sum() -> None:
    page = match_texts("w1 w2 w3 w4 w5", "w2 w3 w4 w5 w6 w7")
    # gold shingles: [w1..w4], [w2..w5]; predicted: [w2..w5], [w3..w6], [w4..w7]
    assert (page.tp, page.fp, page.fn) == pytest.approx((1 / 4, 2 / 4, 1 / 4))


def test_precision_and_recall_are_averaged_over_pages() -> None:
    perfect = match_texts("a b c d e", "a b c d e")
    half = match_texts("a b c d e", "a b c d x y z")  # tp 1, fp 3, fn 1
    score = extraction_score([perfect, half])
    assert score.precision == pytest.approx((1 + 1 / 4) / 2)
    assert score.recall == pytest.approx((1 + 1 / 2) / 2)
    assert score.f1 == pytest.approx(2 * score.precision * score.recall / (score.precision + score.recall))


def test_empty_prediction_counts_only_against_recall() -> None:
    score = extraction_score([match_texts("a b c d e", "")])
    assert score.recall == 0.0
    assert score.precision == 0.0  # no page had tp + fp > 0
    assert score.f1 == 0.0


def test_page_where_both_texts_are_empty_scores_one() -> None:
    score = extraction_score([match_texts("", ""), match_texts("a b c d", "a b c d")])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_date_accuracy_needs_exact_day_and_null_only_matches_null() -> None:
    pairs = [("2020-06-29", "2020-06-29"), ("2020-06-29", "2020-06-30"), (None, None), (None, "2020-01-01")]
    assert date_accuracy(pairs) == 0.5
    assert date_accuracy([("2020-06-29", None)]) == 0.0


def test_snippets_count_with_and_without_on_collapsed_whitespace() -> None:
    text = "The twinning  charter\nwas signed in Lyon.\nSubscribe now"
    page = match_snippets(
        text, ["twinning charter was", "signed in Lyon.", "mayor spoke"], ["Subscribe  now", "Cookies"]
    )
    assert page == SnippetCounts(tp=2, fn=1, fp=1, tn=1)


def test_snippet_scores_are_pooled_over_pages() -> None:
    pages = [SnippetCounts(tp=3, fn=1, fp=0, tn=2), SnippetCounts(tp=1, fn=3, fp=4, tn=0)]
    score = snippet_score(pages)
    assert score.precision == pytest.approx(4 / 8)
    assert score.recall == pytest.approx(4 / 8)
    assert score.f1 == pytest.approx(0.5)
    assert score.accuracy == pytest.approx(6 / 14)


def test_failed_extraction_finds_no_snippet() -> None:
    score = snippet_score([match_snippets("", ["body text"], ["menu"])])
    assert (score.precision, score.recall, score.f1, score.accuracy) == (0.0, 0.0, 0.0, 0.5)
