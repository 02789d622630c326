"""``twincrawl bench relevance``: twinning label and twin pairs against a labelled set, and their cost.

A set is JSON lines ``{id, url, lang, title, text, label, pairs}`` (a file, or a folder of ``*.jsonl``);
``pairs`` are unordered pairs of English city names (``[["Volgograd", "Coventry"]]``); ``states``, if given, names
the pairs that are not active (``[["Volgograd", "Coventry", "ended"]]``): every other gold pair is active;
``home``, if given, is the city and country of the site that published the text (``["Newcastle upon Tyne", "GB"]``),
as its registry entry gives them.
``--dev`` builds the project's development set on the fly from ``../shared``: the seed pages as positives, their
sidebar headlines and the text of the ``bench/`` pages as negatives.
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from twincrawl.bench import decode_page, write_predictions
from twincrawl.extract import extract
from twincrawl.tagging import (
    city_name,
    find_pairs,
    find_places,
    home_city,
    pair_states,
    prepare_vocabularies,
    resolve_city,
    score_relevance,
)

SEED_PAIRS = {
    "000": [["Volgograd", "Coventry"]],
    "001": [["Volgograd", "Coventry"]],
    "002": [["Volgograd", "Coventry"]],
    "003": [
        ["Volgograd", "Coventry"],
        ["Volgograd", "Ostrava"],
        ["Volgograd", "Chemnitz"],
        ["Perm", "Oxford"],
    ],
    "004": [],
}
SEED_LANGUAGES = {"000": "ru", "001": "ru", "002": "en", "003": "en", "004": "ru"}
# Where seed 004's article ends and the news-site sidebar of unrelated headlines begins.
SEED_004_SIDEBAR = "Не забывайте подписываться"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data FILE_OR_DIR``, ``--dev``, ``--shared DIR``, ``--threshold`` and ``--out PRED.jsonl``."""
    parser.add_argument("--data", type=Path, help="labelled JSON lines: a .jsonl file or a folder of them")
    parser.add_argument("--dev", action="store_true", help="build the development set from --shared and run on it")
    parser.add_argument(
        "--shared", type=Path, default=Path("../shared"), help="the shared folder (seeds/, bench/) for --dev"
    )
    parser.add_argument("--threshold", type=float, default=0.5, help="relevance threshold (default 0.5)")
    parser.add_argument("--out", type=Path, default=None, help="write {id, is_twinning, score, pairs} per text")


@attrs.define(kw_only=True)
class Counts:
    """Tallies of one run."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    pair_tp: int = 0
    pair_fp: int = 0
    pair_fn: int = 0
    state_right: int = 0
    state_wrong: int = 0
    relevance_seconds: float = 0.0
    places_seconds: float = 0.0
    texts: int = 0
    errors: list[str] = attrs.field(factory=list)


def run(args: argparse.Namespace) -> int:
    """Score every text, print label and pair precision/recall and the time per page."""
    if args.dev:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dev.jsonl"
            build_dev_set(args.shared, path)
            return _run(path, args)
    if args.data is None:
        raise SystemExit("give --data FILE_OR_DIR (labelled JSON lines) or --dev (build the set from ../shared)")
    return _run(args.data, args)


def _run(data: Path, args: argparse.Namespace) -> int:
    rows = list(load_rows(data))
    # Build the vocabularies and the gazetteer outside the timed part.
    for language in {row.get("lang") for row in rows}:
        score_relevance("", "", language)
        prepare_vocabularies(language)
    find_places("Moscow Oblast, Moscow", None)
    counts = Counts()
    predictions = [predict(row, args.threshold, counts) for row in rows]
    write_predictions(args.out, predictions)
    print(f"relevance, {counts.texts} texts from {data} (threshold {args.threshold})")
    print(
        f"label  precision {_ratio(counts.tp, counts.tp + counts.fp)}"
        f"  recall {_ratio(counts.tp, counts.tp + counts.fn)}"
        f"  (tp {counts.tp}, fp {counts.fp}, fn {counts.fn})"
    )
    print(
        f"pairs  precision {_ratio(counts.pair_tp, counts.pair_tp + counts.pair_fp)}"
        f"  recall {_ratio(counts.pair_tp, counts.pair_tp + counts.pair_fn)}"
        f"  (tp {counts.pair_tp}, fp {counts.pair_fp}, fn {counts.pair_fn})"
    )
    print(
        f"states accuracy {_ratio(counts.state_right, counts.state_right + counts.state_wrong)}"
        f"  (of the gold pairs found: right {counts.state_right}, wrong {counts.state_wrong})"
    )
    per_page = 1000 / max(counts.texts, 1)
    print(
        f"time   relevance {counts.relevance_seconds * per_page:.2f} ms/page"
        f"  places+pairs+states {counts.places_seconds * per_page:.2f} ms/page"
        " (CPU time: other load on the machine does not count)"
    )
    for error in counts.errors:
        print(f"  {error}")
    return 0


def predict(row: dict[str, Any], threshold: float, counts: Counts) -> dict[str, Any]:
    """Score one gold row (label, places, pairs) as the crawl would, add it to ``counts`` and return the prediction."""
    language = row.get("lang")
    title, text = row.get("title") or "", row.get("text") or ""
    started = time.process_time()
    relevance = score_relevance(title, text, language, threshold=threshold)
    middle = time.process_time()
    body = f"{title}\n{text}" if title else text
    places = find_places(body, language)
    home = home_city(*row["home"]) if row.get("home") else None
    pairs = find_pairs(body, places, language, home)
    states = pair_states(body, pairs, language)
    counts.relevance_seconds += middle - started
    counts.places_seconds += time.process_time() - middle
    counts.texts += 1

    label = bool(row.get("label"))
    if relevance.is_twinning and label:
        counts.tp += 1
    elif relevance.is_twinning:
        counts.fp += 1
        counts.errors.append(f"false positive {row['id']} {relevance.score}: {relevance.terms[:5]}")
    elif label:
        counts.fn += 1
        counts.errors.append(f"false negative {row['id']} {relevance.score}: {relevance.terms[:5]}")

    predicted = {frozenset(pair) for pair in pairs}
    gold = {_gold_pair(pair) for pair in row.get("pairs") or []}
    counts.pair_tp += len(predicted & gold)
    counts.pair_fp += len(predicted - gold)
    counts.pair_fn += len(gold - predicted)
    for pair in predicted ^ gold:
        kind = "extra" if pair in predicted else "missed"
        counts.errors.append(f"{kind} pair {row['id']}: {sorted(str(city_name(c) or c) for c in pair)}")
    _count_states(row, {frozenset(state.pair): state.state for state in states}, gold, counts)
    return {
        "id": row["id"],
        "is_twinning": relevance.is_twinning,
        "score": relevance.score,
        "pairs": [[city_name(geonameid) for geonameid in pair] for pair in pairs],
        "states": [[*(city_name(geonameid) for geonameid in state.pair), state.state] for state in states],
    }


def _count_states(
    row: dict[str, Any], predicted: dict[frozenset[int], str], gold: set[frozenset[Any]], counts: Counts
) -> None:
    """Tally the states of the gold pairs found: the row's ``states`` for those it names, active for the others."""
    expected = {_gold_pair(state[:2]): state[2] for state in row.get("states") or []}
    for pair in gold & predicted.keys():
        wanted = expected.get(pair, "active")
        if predicted[pair] == wanted:
            counts.state_right += 1
            continue
        counts.state_wrong += 1
        names = sorted(str(city_name(city) or city) for city in pair)
        counts.errors.append(f"wrong state {row['id']}: {names} {predicted[pair]}, not {wanted}")


def _gold_pair(pair: list[str]) -> frozenset[Any]:
    """A gold pair as GeoNames ids (names the gazetteer does not know stay names and count as missed)."""
    resolved = []
    for name in pair:
        place = resolve_city(name)
        resolved.append(place.geonameid if place else name)
    return frozenset(resolved)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  n/a"


def load_rows(data: Path) -> Iterator[dict[str, Any]]:
    """Rows of a labelled set: one .jsonl file, or every .jsonl file of a folder."""
    if not data.exists():
        raise SystemExit(f"{data} not found: --data must be a .jsonl file or a folder of .jsonl files")
    files = sorted(data.glob("*.jsonl")) if data.is_dir() else [data]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise SystemExit(f"{path}:{number}: not JSON ({error})") from error


def build_dev_set(shared: Path, out: Path) -> int:
    """Write the development set to ``out``; returns the number of texts.

    Positives: the seed pages (seed 004 without its sidebar). Negatives: each sidebar headline of seed 004
    and the article text of every page under ``bench/`` (extracted as the crawl does, with trafilatura; the
    pages stay where they are and are never copied into the project).
    """
    seeds = shared / "seeds"
    if not seeds.is_dir():
        raise SystemExit(f"{seeds} not found: --shared must be the shared folder with seeds/ and bench/")
    rows: list[dict[str, Any]] = []
    for path in sorted(seeds.glob("*.txt")):
        number = path.name[:3]
        text = path.read_text(encoding="utf-8")
        if number == "004":
            text, sidebar = text.split(SEED_004_SIDEBAR, 1)
            headlines = [line.strip() for line in sidebar.splitlines() if line.strip() and ":" not in line[:6]]
            rows.extend(
                {
                    "id": f"seed004-headline-{index}",
                    "lang": "ru",
                    "title": headline,
                    "text": "",
                    "label": False,
                }
                for index, headline in enumerate(headlines)
            )
        rows.append(
            {"id": f"seed{number}", "lang": SEED_LANGUAGES.get(number), "title": "", "text": text,
             "label": True, "pairs": SEED_PAIRS.get(number, [])}
        )  # fmt: skip
    for gold_path in sorted((shared / "bench").glob("*/gold.jsonl")):
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            page = gold_path.parent / "pages" / f"{gold['id']}.html.gz"
            document = extract(decode_page(gzip.decompress(page.read_bytes())), gold.get("url") or "")
            if not document.text:
                continue
            rows.append(
                {
                    "id": f"{gold_path.parent.name}-{gold['id']}",
                    "url": gold.get("url"),
                    "lang": gold.get("lang"),
                    "title": document.title,
                    "text": document.text,
                    "label": False,
                    "pairs": [],
                }
            )
    write_predictions(out, rows)
    return len(rows)
