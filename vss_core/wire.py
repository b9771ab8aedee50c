"""How field values travel in JSON, one codec for the app and the server.

Dates as ISO 8601 (``2026-07-01``), moments in UTC with a ``Z`` (``2026-07-01T03:00:00Z``);
everything else as it is. See docs/sync-protocol.md ("Values on the wire").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def encode_moment(moment: datetime) -> str:
    """An aware moment in UTC with a ``Z``; a naive one is taken to be UTC already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat() + "Z"


def encode_value(value: Any) -> Any:
    """The JSON-safe form of one field value."""
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return encode_moment(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def encode_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: encode_value(value) for name, value in fields.items()}
