from __future__ import annotations

from datetime import date

import pytest

from vss_core.formatting import format_date, format_money, parse_date, parse_money
from vss_core.text import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Nguyễn Thị Hồng", "nguyen thi hong"),
        ("ĐỨC", "duc"),
        ("Đặng Văn Đức", "dang van duc"),
        ("Thôn Nà Hẩu", "thon na hau"),
        ("GD4-010-120152431", "gd4 010 120152431"),
        ("", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_handles_decomposed_input() -> None:
    # Text pasted from some sources arrives in NFD; it must fold the same.
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Hồng Đức")) == "hong duc"


def test_money() -> None:
    assert format_money(105300) == "105.300 ₫"
    assert format_money(0) == "0 ₫"
    assert format_money(1263600) == "1.263.600 ₫"
    assert parse_money("105.300 ₫") == 105300
    with pytest.raises(ValueError):
        parse_money("₫")


def test_dates() -> None:
    assert format_date(date(2026, 7, 1)) == "01/07/2026"
    assert parse_date("1/7/2026") == date(2026, 7, 1)
    assert parse_date("01-07-2026") == date(2026, 7, 1)
    with pytest.raises(ValueError):
        parse_date("2026-07-01")
