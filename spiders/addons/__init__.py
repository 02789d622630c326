"""Add-ons: the browser (scrapy-playwright) installed only when a selected source needs it."""
