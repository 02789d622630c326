"""Whole crawls and commands, on the replica site and real servers (FerretDB, Redis, Chromium) on loopback."""
