"""The one-source registry the reprocess tests process their pages with."""

REGISTRY = """sources:
  - key: twin-news
    name: Twin news
    country: GB
    city: Coventry
    languages: [en]
    timezone: Europe/London
    start_urls: ['https://twin-news.example/news/']
    article_urls: ['/news/\\\\d+$']
"""
