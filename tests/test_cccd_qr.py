"""CCCD QR text as scanners type it and people paste it (domain.md §4), and its address."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from vss_core import identifiers as ids
from vss_core.cccd_qr import CccdQrError, parse_cccd_qr, split_address
from vss_core.enums import Sex
from vss_core.identifiers import Severity

ADDRESS = "Thôn 3, Xã Minh Sơn, Huyện Bắc Mê, Hà Giang"
FULL = f"001088012345|123456789|Nguyễn Văn An|01021988|Nam|{ADDRESS}|15082021"


def test_full_text_with_old_cmnd() -> None:
    qr = parse_cccd_qr(FULL)
    assert qr.cccd == "001088012345"
    assert qr.old_cmnd == "123456789"
    assert qr.full_name == "Nguyễn Văn An"
    assert qr.date_of_birth == date(1988, 2, 1)
    assert qr.sex is Sex.MALE
    assert qr.address == ADDRESS
    assert qr.issued_on == date(2021, 8, 15)
    assert qr.warnings == ()


def test_empty_old_cmnd_field() -> None:
    qr = parse_cccd_qr(
        "079303012345||Trần Thị Bích Ngọc|07112003|Nữ|Khu phố 2, Phường Tân Sơn, TP. Hồ Chí Minh|20042021"
    )
    assert qr.old_cmnd is None
    assert qr.full_name == "Trần Thị Bích Ngọc"
    assert qr.sex is Sex.FEMALE
    assert qr.date_of_birth == date(2003, 11, 7)
    assert qr.warnings == ()


def test_missing_old_cmnd_field() -> None:
    qr = parse_cccd_qr(
        "036185004321|Lê Thị Hoa|23091985|Nữ|Xóm 4, Xã Hải Anh, Huyện Hải Hậu, Nam Định|10052022"
    )
    assert qr.old_cmnd is None
    assert qr.full_name == "Lê Thị Hoa"
    assert qr.address == "Xóm 4, Xã Hải Anh, Huyện Hải Hậu, Nam Định"
    assert qr.issued_on == date(2022, 5, 10)


def test_extra_fields_are_ignored() -> None:
    qr = parse_cccd_qr(FULL + "|15082036|Nguyễn Văn Bình|Trần Thị Cúc|")
    assert qr.full_name == "Nguyễn Văn An"
    assert qr.issued_on == date(2021, 8, 15)
    assert qr.warnings == ()


def test_issue_date_may_be_missing() -> None:
    qr = parse_cccd_qr(f"001088012345|123456789|Nguyễn Văn An|01021988|Nam|{ADDRESS}")
    assert qr.issued_on is None and qr.address == ADDRESS


@pytest.mark.parametrize(
    "wrapped",
    [
        FULL + "\r\n",
        FULL + "\n",
        FULL + "\r",
        "\ufeff" + FULL,
        "  " + FULL + " \t\r\n",
        "\ufeff" + FULL + "\r\n\r\n",
    ],
)
def test_scanner_and_paste_noise_is_stripped(wrapped: str) -> None:
    assert parse_cccd_qr(wrapped) == parse_cccd_qr(FULL)


def test_nfd_text_comes_out_nfc() -> None:
    nfd = unicodedata.normalize("NFD", FULL.replace("Nam", "Nữ").replace("001088", "001188"))
    assert nfd != unicodedata.normalize("NFC", nfd)
    qr = parse_cccd_qr(nfd)
    assert qr.full_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", qr.address)
    assert qr.sex is Sex.FEMALE


@pytest.mark.parametrize(
    ("text", "sex"),
    [("Nam", Sex.MALE), ("NAM", Sex.MALE), ("nam", Sex.MALE), ("Nữ", Sex.FEMALE),
     ("NỮ", Sex.FEMALE), ("nữ", Sex.FEMALE), ("Nu", Sex.FEMALE), ("NU", Sex.FEMALE),
     (unicodedata.normalize("NFD", "Nữ"), Sex.FEMALE), (" Nữ ", Sex.FEMALE)],
)  # fmt: skip
def test_sex_in_any_case_with_or_without_diacritics(text: str, sex: Sex) -> None:
    qr = parse_cccd_qr(FULL.replace("|Nam|", f"|{text}|"))
    assert qr.sex is sex


def test_spaces_inside_fields_are_collapsed() -> None:
    qr = parse_cccd_qr(FULL.replace("Nguyễn Văn An", " Nguyễn  Văn   An "))
    assert qr.full_name == "Nguyễn Văn An"


def test_century_digit_disagreeing_with_birth_year_warns_not_errors() -> None:
    # Digit 4 = 2: born in the 2000s, male; the card says 1988.
    qr = parse_cccd_qr(FULL.replace("001088012345", "001288012345"))
    assert qr.date_of_birth == date(1988, 2, 1)
    assert [p.code for p in qr.warnings] == ["cccd.birth_year_mismatch"]
    assert qr.warnings[0].severity is Severity.WARNING
    assert qr.warnings[0].params == {"year": "2088"}


def test_sex_digit_disagreeing_warns_with_the_member_form_check() -> None:
    text = FULL.replace("001088012345", "001188012345")  # digit 4 = 1: female, card says Nam
    qr = parse_cccd_qr(text)
    assert list(qr.warnings) == ids.cross_check_cccd("001188012345", date(1988, 2, 1), "M")
    assert [p.code for p in qr.warnings] == ["cccd.sex_mismatch"]


def test_birth_year_digits_disagreeing_warns() -> None:
    qr = parse_cccd_qr(FULL.replace("01021988", "01021989"))
    assert [p.code for p in qr.warnings] == ["cccd.birth_year_mismatch"]
    assert qr.warnings[0].params == {"year": "1988"}


def test_old_id_slot_with_another_number_warns() -> None:
    qr = parse_cccd_qr(FULL.replace("|123456789|", "|001088012345|"))
    assert qr.old_cmnd is None
    assert qr.full_name == "Nguyễn Văn An"
    assert [p.code for p in qr.warnings] == ["qr.old_id_unrecognised"]


def test_unreadable_issue_date_warns() -> None:
    qr = parse_cccd_qr(FULL.replace("15082021", "15132021"))
    assert qr.issued_on is None
    assert [p.code for p in qr.warnings] == ["qr.bad_issue_date"]


def test_issue_date_before_birth_warns() -> None:
    qr = parse_cccd_qr(FULL.replace("15082021", "15081980"))
    assert [p.code for p in qr.warnings] == ["qr.issued_before_birth"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "qr.empty"),
        ("  \r\n", "qr.empty"),
        ("\ufeff", "qr.empty"),
        ("8934567890123", "qr.not_cccd"),  # a product barcode
        ("https://example.vn/x", "qr.not_cccd"),
        ("00108801234|123456789|Nguyễn Văn An|01021988|Nam|X|15082021", "qr.not_cccd"),
        ("Nguyễn Văn An|001088012345|01021988|Nam|X|15082021", "qr.not_cccd"),
        ("001088012345|123456789|Nguyễn Văn An|01021988|Nam", "qr.too_few_fields"),
        ("001088012345|Nguyễn Văn An|01021988|Nam|Hà Giang", "qr.too_few_fields"),
        ("001088012345", "qr.too_few_fields"),
        ("001088012345|123456789||Nguyễn Văn An|01021988|Nam", "qr.missing_name"),
        ("001088012345|123456789||01021988|Nam|X|15082021", "qr.missing_name"),
        ("001088012345|123456789|Nguyễn Văn An|31021988|Nam|X|15082021", "qr.bad_birth_date"),
        ("001088012345|123456789|Nguyễn Văn An|1988-02-01|Nam|X|15082021", "qr.bad_birth_date"),
        ("001088012345|123456789|Nguyễn Văn An|0102198|Nam|X|15082021", "qr.bad_birth_date"),
        ("001088012345|123456789|Nguyễn Văn An||Nam|X|15082021", "qr.bad_birth_date"),
        ("001088012345|123456789|Nguyễn Văn An|01021988|Khác|X|15082021", "qr.bad_sex"),
        ("001088012345|123456789|Nguyễn Văn An|01021988||X|15082021", "qr.bad_sex"),
    ],
)
def test_unusable_text_raises_with_a_code(text: str, code: str) -> None:
    with pytest.raises(CccdQrError) as err:
        parse_cccd_qr(text)
    assert err.value.code == code
    assert err.value.problem.code == code
    assert err.value.problem.severity is Severity.ERROR


def test_error_carries_no_personal_data() -> None:
    with pytest.raises(CccdQrError) as err:
        parse_cccd_qr("001088012345|123456789|Nguyễn Văn An|31021988|Nam|Thôn 3|15082021")
    message = str(err.value)
    assert "001088012345" not in message and "Nguyễn" not in message and "31021988" not in message
    assert isinstance(err.value, ValueError)


def test_too_few_fields_says_how_many() -> None:
    with pytest.raises(CccdQrError) as err:
        parse_cccd_qr("001088012345|Nguyễn Văn An|01021988|Nam|Hà Giang")
    assert err.value.params == {"count": "5"}


# --- the address -------------------------------------------------------------------

TODAY = date(2026, 1, 15)


def test_old_address_with_district_finds_todays_units() -> None:
    parts = split_address(ADDRESS, on=TODAY)
    assert (parts.village, parts.commune, parts.district, parts.province) == (
        "Thôn 3", "Xã Minh Sơn", "Huyện Bắc Mê", "Hà Giang")  # fmt: skip
    assert parts.province_unit is not None and parts.province_unit.code == "08"
    assert parts.current_province_name == "Tuyên Quang"
    assert [u.code for u in parts.commune_units] == ["00982"]
    assert parts.commune_units[0].province_code == "08"
    assert parts.old_names


def test_district_is_recognised_without_type_words() -> None:
    parts = split_address("Thôn Nà Nèn, Minh Sơn, Bắc Mê, Hà Giang", on=TODAY)
    assert (parts.village, parts.commune, parts.district) == ("Thôn Nà Nèn", "Minh Sơn", "Bắc Mê")
    assert [u.code for u in parts.commune_units] == ["00982"]


def test_a_commune_named_like_its_district_stays_the_commune() -> None:
    parts = split_address("Thôn Nậm Dẩn, Xã Xín Mần, Hà Giang", on=TODAY)
    assert (parts.village, parts.commune, parts.district) == ("Thôn Nậm Dẩn", "Xã Xín Mần", "")
    assert parts.commune_units and parts.old_names
    with_district = split_address("Thôn Nậm Dẩn, Xã Xín Mần, Huyện Xín Mần, Hà Giang", on=TODAY)
    assert with_district.commune_units == parts.commune_units


def test_new_two_tier_address() -> None:
    parts = split_address("Thôn 1, Xã Minh Sơn, Tỉnh Tuyên Quang", on=TODAY)
    assert (parts.village, parts.commune, parts.district) == ("Thôn 1", "Xã Minh Sơn", "")
    assert parts.province_unit is not None and parts.province_unit.valid_to is None
    assert [u.code for u in parts.commune_units] == ["00982"]
    assert not parts.old_names


def test_a_current_commune_named_like_an_old_town_is_not_old() -> None:
    # Lào Cai kept its name in 2025; Xã Mường Khương is today's commune and also the
    # name of the pre-2025 town (Thị trấn) it grew from.
    parts = split_address("Bản Pha Long, Xã Mường Khương, Tỉnh Lào Cai", on=TODAY)
    assert [u.full_name for u in parts.commune_units] == ["Xã Mường Khương"]
    assert not parts.old_names


def test_village_keeps_every_part_before_the_commune() -> None:
    parts = split_address("Số 5, ngõ 12, Phường Nguyễn Trung Trực, Quận Ba Đình, Hà Nội", on=TODAY)
    assert parts.village == "Số 5, ngõ 12"
    assert parts.commune == "Phường Nguyễn Trung Trực"
    # An earlier ward name (merged before 2025-07-01) still leads to today's ward.
    assert [u.full_name for u in parts.commune_units] == ["Phường Ba Đình"]


def test_an_old_ward_under_a_current_province_is_flagged_old() -> None:
    parts = split_address("Phường Bến Nghé, TP. Hồ Chí Minh", on=TODAY)
    assert [u.full_name for u in parts.commune_units] == ["Phường Sài Gòn"]
    assert parts.old_names
    assert not split_address("Phường Sài Gòn, TP. Hồ Chí Minh", on=TODAY).old_names


def test_a_split_ward_lists_every_successor_likeliest_first() -> None:
    parts = split_address("70 Nguyễn Sỹ Sách, Phường 15, Quận Tân Bình, TP. Hồ Chí Minh", on=TODAY)
    assert parts.province_unit is not None and parts.province_unit.code == "79"
    assert [u.full_name for u in parts.commune_units] == ["Phường Tân Sơn", "Phường Tân Bình"]


def test_before_the_merger_the_old_units_are_in_force() -> None:
    parts = split_address(ADDRESS, on=date(2025, 6, 30))
    assert parts.province_unit is not None and parts.province_unit.name == "Hà Giang"
    assert parts.province_unit.code == "02"
    assert [u.district for u in parts.commune_units] == ["Huyện Bắc Mê"]


def test_unknown_names_stay_as_written() -> None:
    parts = split_address("Thôn 1, Xã Không Có, Huyện Nào Đó, Tỉnh Atlantis", on=TODAY)
    assert (parts.village, parts.commune, parts.district, parts.province) == (
        "Thôn 1", "Xã Không Có", "Huyện Nào Đó", "Tỉnh Atlantis")  # fmt: skip
    assert parts.province_unit is None and parts.commune_units == ()
    assert not parts.old_names


def test_a_trailing_country_is_dropped() -> None:
    parts = split_address(ADDRESS + ", Việt Nam", on=TODAY)
    assert parts == split_address(ADDRESS, on=TODAY)


def test_degenerate_addresses() -> None:
    assert split_address("") == split_address(" , ,")
    assert split_address("").province == ""
    assert split_address("somewhere").village == "somewhere"
    only = split_address("Hà Nội", on=TODAY)
    assert only.province_unit is not None and only.province_unit.code == "01"
    assert only.commune == "" and only.commune_units == ()


def test_scanned_address_goes_straight_into_the_splitter() -> None:
    qr = parse_cccd_qr(unicodedata.normalize("NFD", FULL) + "\r\n")
    parts = split_address(qr.address, on=TODAY)
    assert parts.current_province_name == "Tuyên Quang"
    assert parts.commune_units and parts.commune_units[0].full_name == "Xã Minh Sơn"
