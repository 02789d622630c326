"""Log formatters (Scrapy's ``LOG_FORMATTER``)."""
