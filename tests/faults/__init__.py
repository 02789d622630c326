"""Fault injection for tests: a misbehaving HTTP server, canary listeners, a hosts-table resolver."""
