"""Downloader middlewares: what may be fetched (addresses, robots.txt, crawler traps), one per module."""
