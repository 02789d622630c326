"""Unit tests, one folder per pipeline stage: pure functions and Scrapy components, no crawl."""
