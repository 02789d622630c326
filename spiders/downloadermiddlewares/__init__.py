"""Downloader middlewares: what may be fetched (addresses, robots.txt, crawler traps) and shared politeness."""
