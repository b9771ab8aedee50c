"""Sync engine (Qt-free): pushes the outbox, pulls the collector's scope. See docs/sync-protocol.md."""
