"""Feed exporters: ``scrapy crawl news -o out.csv`` writes the columns ``twincrawl export --format csv`` does."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import CsvItemExporter

from twincrawl.corpus import CSV_COLUMNS, csv_row
from twincrawl.items import Article


class ArticleCsvExporter(CsvItemExporter):
    """CSV with the export's flat columns (nested fields joined), not Python reprs of the nested objects."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fields_to_export", list(CSV_COLUMNS))
        super().__init__(file, **kwargs)

    def export_item(self, item: Any) -> None:
        super().export_item(csv_row(item) if isinstance(item, Article) else item)
