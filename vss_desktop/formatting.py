"""Display formats used everywhere in the app: dd/mm/yyyy dates, money as 105.300 ₫."""

from __future__ import annotations

from datetime import UTC, date, datetime


def format_money(amount: int | None) -> str:
    """Whole đồng with dot thousands separators: 105300 -> '105.300 ₫'."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " ₫"


def parse_money(text: str) -> int:
    """Inverse of :func:`format_money`; accepts '105.300', '105 300 ₫', '105300'."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        raise ValueError("no digits in amount")
    return int(digits)


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy (also d/m/yyyy and dd-mm-yyyy)."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    return datetime.strptime(cleaned, "%d/%m/%Y").date()


def format_datetime_local(value: datetime | None) -> str:
    """A UTC timestamp shown in the laptop's local time, dd/mm/yyyy HH:MM."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime("%d/%m/%Y %H:%M")
