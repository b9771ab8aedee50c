"""The one reading of the wall clock behind every stored timestamp (app and server)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (the form every timestamp column stores)."""
    return datetime.now(UTC)
