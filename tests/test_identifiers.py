"""Every identifier format of domain.md §4, with bad inputs rejected by a clear code."""

from __future__ import annotations

from datetime import date

import pytest

from vss_core import identifiers as ids
from vss_core.identifiers import Severity


@pytest.mark.parametrize("value", ["001185000123", "079 203 012 345", "010-090-123456"])
def test_valid_cccd(value: str) -> None:
    assert ids.validate_cccd(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("00118500012", "cccd.length"),
        ("0011850001234", "cccd.length"),
        ("00118500012A", "cccd.not_digits"),
        ("", "cccd.not_digits"),
    ],
)
def test_invalid_cccd(value: str, code: str) -> None:
    problem = ids.validate_cccd(value)
    assert problem is not None and problem.code == code
    assert problem.severity is Severity.ERROR


def test_cccd_century_and_sex_digit() -> None:
    assert ids.cccd_century_sex("001085000123") == (1900, "M")
    assert ids.cccd_century_sex("001185000123") == (1900, "F")
    assert ids.cccd_century_sex("001205000123") == (2000, "M")
    assert ids.cccd_century_sex("001305000123") == (2000, "F")


def test_cccd_cross_check_warns_but_does_not_block() -> None:
    ok = ids.cross_check_cccd("001185000123", date(1985, 3, 1), "F")
    assert ok == []
    wrong = ids.cross_check_cccd("001185000123", date(1986, 3, 1), "M")
    assert {p.code for p in wrong} == {"cccd.birth_year_mismatch", "cccd.sex_mismatch"}
    assert all(p.severity is Severity.WARNING for p in wrong)
    assert wrong[0].params["year"] == "1985"


def test_bhxh_code_keeps_leading_zeros() -> None:
    assert ids.validate_bhxh_code("0120152431") is None
    assert ids.validate_bhxh_code("120152431").code == "bhxh.length"
    assert ids.validate_bhxh_code("01201524X1").code == "bhxh.not_digits"


@pytest.mark.parametrize("value", ["0120152431", "GD4010120152431", "gd4 01 0120152431"])
def test_valid_cards(value: str) -> None:
    assert ids.validate_bhyt_card(value) is None
    assert ids.bhxh_code_of_card(value) == "0120152431"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("GD40101201524", "card.format"),
        ("G14010120152431", "card.old_format"),
        ("X", "card.format"),
    ],
)
def test_invalid_cards(value: str, code: str) -> None:
    assert ids.validate_bhyt_card(value).code == code
    assert ids.bhxh_code_of_card(value) is None


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
    ],
)
def test_phone_normalisation(raw: str, normal: str) -> None:
    assert ids.normalize_phone(raw) == normal
    assert ids.validate_phone(raw) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("091234567", "phone.length"),
        ("0212345678", "phone.prefix"),
        ("09123456a8", "phone.not_digits"),
    ],
)
def test_invalid_phone(value: str, code: str) -> None:
    assert ids.validate_phone(value).code == code


def test_carrier_is_a_warning_only() -> None:
    assert ids.phone_carrier("0981234567") == "Viettel"
    assert ids.check_phone("0981234567") == []
    # 095 matches the format but no carrier in domain.md uses it.
    problems = ids.check_phone("0951234567")
    assert [p.code for p in problems] == ["phone.unknown_carrier"]
    assert problems[0].severity is Severity.WARNING
