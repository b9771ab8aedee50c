"""The one wire codec: what the outbox stores, the engine sends and the server answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from vss_core import wire


def test_moments_travel_in_utc_with_a_z() -> None:
    hanoi = timezone(timedelta(hours=7))
    assert wire.encode_value(datetime(2026, 7, 1, 10, 0, tzinfo=hanoi)) == "2026-07-01T03:00:00Z"
    assert wire.encode_value(datetime(2026, 7, 1, 3, 0, 0, 5, tzinfo=UTC)) == (
        "2026-07-01T03:00:00.000005Z"
    )
    assert wire.encode_moment(datetime(2026, 7, 1, 3, 0)) == "2026-07-01T03:00:00Z"  # naive = UTC


def test_dates_and_plain_values() -> None:
    assert wire.encode_value(date(2026, 12, 31)) == "2026-12-31"
    assert wire.encode_fields({"a": 1, "b": None, "c": "Đức", "d": True}) == {
        "a": 1, "b": None, "c": "Đức", "d": True,
    }  # fmt: skip


def test_the_three_ends_agree() -> None:
    """The outbox's stored fields and the server's answers read back as the same text."""
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=7)))
    encoded = wire.encode_fields({"visited_at": moment, "follow_up_date": date(2026, 7, 8)})
    assert datetime.fromisoformat(encoded["visited_at"]) == moment
    assert date.fromisoformat(encoded["follow_up_date"]) == date(2026, 7, 8)
