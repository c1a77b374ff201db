"""Persistence (embedded snapshot, refreshed data, HTTP cache) and the one immutable fact index."""
