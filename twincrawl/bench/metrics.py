"""The scores of the evaluation sets, computed as their published figures are (see shared/bench/README.md)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[str]:
    """The multiset of ``size``-token shingles of a text; a text shorter than that is one shingle."""
    tokens = _TOKEN.findall(text or "")
    count = max(1, len(tokens) - size + 1)
    return Counter(shingle for i in range(count) if (shingle := " ".join(tokens[i : i + size])))


@attrs.define(kw_only=True, frozen=True)
class PageMatch:
    """Shingle agreement on one page, normalized so that tp + fp + fn == 1 (all 0 if both texts are empty)."""

    tp: float
    fp: float
    fn: float


def match_texts(gold: str, predicted: str) -> PageMatch:
    """Compare a predicted article body with the gold one."""
    gold_shingles, predicted_shingles = shingles(gold), shingles(predicted)
    tp = sum((gold_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - gold_shingles).values())
    fn = sum((gold_shingles - predicted_shingles).values())
    total = tp + fp + fn
    if total == 0:
        return PageMatch(tp=0.0, fp=0.0, fn=0.0)
    return PageMatch(tp=tp / total, fp=fp / total, fn=fn / total)


@attrs.define(kw_only=True, frozen=True)
class ExtractionScore:
    """Precision and recall averaged over pages, and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def extraction_score(matches: Sequence[PageMatch]) -> ExtractionScore:
    """Average precision over pages with tp+fp > 0 and recall over pages with tp+fn > 0.

    A page where both texts are empty counts as a perfect page in both averages.
    """
    precisions: list[float] = []
    recalls: list[float] = []
    for page in matches:
        if page.tp == page.fp == page.fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if page.tp + page.fp > 0:
            precisions.append(page.tp / (page.tp + page.fp))
        if page.tp + page.fn > 0:
            recalls.append(page.tp / (page.tp + page.fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionScore(precision=precision, recall=recall, f1=f1)


def date_accuracy(pairs: Iterable[tuple[str | None, str | None]]) -> float:
    """Share of (gold, predicted) pairs that agree; a None gold is right only when nothing is predicted."""
    outcomes = [gold == predicted for gold, predicted in pairs]
    return sum(outcomes) / len(outcomes) if outcomes else 0.0


@attrs.define(kw_only=True, frozen=True)
class SnippetCounts:
    """Snippet outcomes: ``with`` snippets found (tp) or missed (fn), ``without`` snippets found (fp) or not (tn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn, tn=self.tn + other.tn)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def match_snippets(predicted: str, with_snippets: Iterable[str], without_snippets: Iterable[str]) -> SnippetCounts:
    """Count which snippets one extracted text contains, whitespace runs collapsed to one space on both sides."""
    text = _collapsed(predicted or "")
    found_with = [_collapsed(snippet) in text for snippet in with_snippets]
    found_without = [_collapsed(snippet) in text for snippet in without_snippets]
    return SnippetCounts(
        tp=sum(found_with),
        fn=len(found_with) - sum(found_with),
        fp=sum(found_without),
        tn=len(found_without) - sum(found_without),
    )


@attrs.define(kw_only=True, frozen=True)
class SnippetScore:
    """Precision, recall and F1 of snippet counts pooled over all pages, and the share of right outcomes."""

    precision: float
    recall: float
    f1: float
    accuracy: float


def snippet_score(pages: Iterable[SnippetCounts]) -> SnippetScore:
    """Pool the pages' counts: P = TP/(TP+FP), R = TP/(TP+FN), accuracy = (TP+TN)/all."""
    pooled = sum(pages, SnippetCounts())
    precision = pooled.tp / (pooled.tp + pooled.fp) if pooled.tp + pooled.fp else 0.0
    recall = pooled.tp / (pooled.tp + pooled.fn) if pooled.tp + pooled.fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    outcomes = pooled.tp + pooled.fp + pooled.fn + pooled.tn
    accuracy = (pooled.tp + pooled.tn) / outcomes if outcomes else 0.0
    return SnippetScore(precision=precision, recall=recall, f1=f1, accuracy=accuracy)
