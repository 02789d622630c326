"""A first look at a twincrawl corpus from Python (run it, or paste its cells into a notebook).

    python examples/corpus_notebook.py sqlite:///data/corpus.db

Needs pandas; the last cell needs networkx (``pip install pandas networkx``).
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date

import twincrawl


def main(uri: str) -> None:
    with twincrawl.open_corpus(uri) as corpus:
        # Articles one by one: every field of the record (see `twincrawl export --schema`).
        for article in corpus.filter(is_twinning=True, limit=3):
            print(article.published_local, article.source, article.title)

        # The whole corpus as a DataFrame: dates are UTC timestamps, `is_twinning` a bool column.
        frame = corpus.to_pandas()
        twinning = frame[frame["is_twinning"]]
        print(f"{len(frame)} articles, {len(twinning)} about twinning")
        print(twinning.groupby(twinning["published"].dt.year).size().rename("twinning articles per year"))

        # The cities most often named in twinning news since 2020.
        recent = corpus.filter(is_twinning=True, since=date(2020, 1, 1))
        cities = Counter(place.name for article in recent for place in article.places)
        print(cities.most_common(10))

        # The twin-pair graph: `twincrawl export --graph DIR` writes DIR/pairs.json, which networkx reads as is:
        #   import json, networkx
        #   graph = networkx.node_link_graph(json.load(open("DIR/pairs.json")))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///data/corpus.db")
