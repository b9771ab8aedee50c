"""Provinces and communes as versioned data, old names searchable (domain.md §5)."""

from __future__ import annotations

import gzip
import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from vss_core import admin_units as au
from vss_core.admin_units import AdminUnitData
from vss_core.text import fold
from vss_desktop.paths import resource_dir

TODAY = date(2026, 1, 15)
BEFORE = date(2025, 6, 30)
MERGER = date(2025, 7, 1)

# domain.md §5, as written there.
DOMAIN_PROVINCES = {
    "01": "Hà Nội", "04": "Cao Bằng", "08": "Tuyên Quang", "11": "Điện Biên", "12": "Lai Châu",
    "14": "Sơn La", "15": "Lào Cai", "19": "Thái Nguyên", "20": "Lạng Sơn", "22": "Quảng Ninh",
    "24": "Bắc Ninh", "25": "Phú Thọ", "31": "Hải Phòng", "33": "Hưng Yên", "37": "Ninh Bình",
    "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Trị", "46": "Huế",
    "48": "Đà Nẵng", "51": "Quảng Ngãi", "52": "Gia Lai", "56": "Khánh Hòa", "66": "Đắk Lắk",
    "68": "Lâm Đồng", "75": "Đồng Nai", "79": "TP. Hồ Chí Minh", "80": "Tây Ninh",
    "82": "Đồng Tháp", "86": "Vĩnh Long", "91": "An Giang", "92": "Cần Thơ", "96": "Cà Mau",
}  # fmt: skip

# Resolution 202/2025/QH15: which of the 63 provinces formed each of the 34.
MERGED_INTO = {
    "Tuyên Quang": ["Hà Giang", "Tuyên Quang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Bắc Kạn", "Thái Nguyên"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình", "Phú Thọ"],
    "Bắc Ninh": ["Bắc Giang", "Bắc Ninh"],
    "Hưng Yên": ["Thái Bình", "Hưng Yên"],
    "Hải Phòng": ["Hải Dương", "Hải Phòng"],
    "Ninh Bình": ["Hà Nam", "Nam Định", "Ninh Bình"],
    "Quảng Trị": ["Quảng Bình", "Quảng Trị"],
    "Đà Nẵng": ["Quảng Nam", "Đà Nẵng"],
    "Quảng Ngãi": ["Kon Tum", "Quảng Ngãi"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Ninh Thuận", "Khánh Hòa"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Hồ Chí Minh": ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Bến Tre", "Vĩnh Long", "Trà Vinh"],
    "Đồng Tháp": ["Tiền Giang", "Đồng Tháp"],
    "Cà Mau": ["Bạc Liêu", "Cà Mau"],
    "An Giang": ["An Giang", "Kiên Giang"],
    **{name: [name] for name in ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
                                 "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng"]},
}  # fmt: skip
OLD_TO_NEW = [(old, new) for new, olds in MERGED_INTO.items() for old in olds]


@pytest.mark.parametrize(("code", "name"), DOMAIN_PROVINCES.items())
def test_the_34_provinces_of_domain_md(code: str, name: str) -> None:
    unit = au.province_by_code(code, TODAY)
    assert unit is not None and unit.valid_from == MERGER and unit.valid_to is None
    assert unit.name == name.removeprefix("TP. ")
    assert au.search_provinces(name, TODAY)[0].unit == unit


def test_exactly_34_provinces_today_and_63_before() -> None:
    assert [u.code for u in au.provinces(TODAY)] == sorted(DOMAIN_PROVINCES)
    old = au.provinces(BEFORE)
    assert len(old) == 63 and all(u.valid_to == BEFORE for u in old)
    assert len(MERGED_INTO) == 34 and len(OLD_TO_NEW) == 63
    assert {u.name for u in old} == {o for o, _ in OLD_TO_NEW}


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_every_old_province_finds_the_one_it_became(old: str, new: str) -> None:
    assert au.current_name_for(old, TODAY) == new
    assert au.current_name_for(f"Tỉnh {old}", TODAY) == new
    first = au.search_provinces(old, TODAY)[0]
    assert first.unit.name == new and first.unit.valid_to is None
    assert first.old_name == (old != new)
    if first.old_name:
        assert first.via is not None and first.via.name == old and first.via.valid_to == BEFORE


def test_old_name_flag_and_via() -> None:
    (match, *_) = au.search_provinces("Hà Giang", TODAY)
    assert (match.unit.code, match.unit.name, match.old_name) == ("08", "Tuyên Quang", True)
    assert match.via is not None and match.via.code == "02"
    (bac_giang, *_) = au.search_provinces("bac giang", TODAY)
    assert (bac_giang.unit.name, bac_giang.via.name) == ("Bắc Ninh", "Bắc Giang")


@pytest.mark.parametrize(
    "text",
    ["da nang", "Da Nang", "DA NANG", "Đà Nẵng", "đà nẵng", "danang", "TP Đà Nẵng",
     "Thành phố Đà Nẵng", unicodedata.normalize("NFD", "Đà Nẵng"), "  da   nang "],
)  # fmt: skip
def test_folding_finds_da_nang(text: str) -> None:
    first = au.search_provinces(text, TODAY)[0]
    assert (first.unit.code, first.unit.name, first.old_name) == ("48", "Đà Nẵng", False)


@pytest.mark.parametrize(
    "text", ["tp hcm", "TP.HCM", "hcm", "Hồ Chí Minh", "ho chi", "sai gon", "chiminh"]
)
def test_ho_chi_minh_city_by_its_usual_names(text: str) -> None:
    assert au.search_provinces(text, TODAY)[0].unit.code == "79"


def test_abbreviations_are_marked_as_aliases() -> None:
    (hcm, *_) = au.search_provinces("hcm", TODAY)
    assert hcm.by_alias and not hcm.old_name
    (hue, *_) = au.search_provinces("Thừa Thiên Huế", TODAY)  # the name until 2025-01-01
    assert hue.unit.code == "46" and hue.old_name and hue.by_alias


def test_exact_names_rank_before_partial_ones() -> None:
    names = [m.unit.name for m in au.search_provinces("quang", TODAY)]
    assert set(names[:4]) == {"Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Đà Nẵng"}  # Quảng Nam
    assert "Tuyên Quang" in names
    assert names.index("Tuyên Quang") > 3  # a word inside the name, after the name starts
    assert au.search_provinces("xyz qqq", TODAY) == []


def test_before_the_merger_lookups_return_the_old_units() -> None:
    (match, *_) = au.search_provinces("Hà Giang", on=date(2025, 6, 1))
    assert (match.unit.code, match.unit.name, match.old_name) == ("02", "Hà Giang", False)
    assert au.province_by_code("02", BEFORE).name == "Hà Giang"
    assert au.province_by_code("02", MERGER) is None
    old, new = au.province_by_code("08", BEFORE), au.province_by_code("08", MERGER)
    assert old.name == new.name == "Tuyên Quang" and old != new
    assert (old.valid_to, new.valid_from) == (BEFORE, MERGER)
    assert au.current_name_for("Hà Giang", BEFORE) == "Hà Giang"
    # A new-only name did not exist then.
    assert au.search_communes("Sài Gòn", "79", on=BEFORE) == []
    assert au.search_communes("Sài Gòn", "79", on=TODAY)[0].unit.full_name == "Phường Sài Gòn"


def test_unknown_province_names() -> None:
    assert au.current_name_for("Atlantis", TODAY) is None
    assert au.province_by_code("99", TODAY) is None


# --- communes ----------------------------------------------------------------------


def test_3321_communes_today_with_5_digit_codes_and_a_province() -> None:
    data = au.shipped()
    units = data.units("commune", TODAY)
    assert len(units) == 3321
    assert len({u.code for u in units}) == 3321
    assert all(len(u.code) == 5 and u.code.isdigit() for u in units)
    assert {u.province_code for u in units} == set(DOMAIN_PROVINCES)
    assert {u.type for u in units} == {"Xã", "Phường", "Đặc khu"}
    assert sum(len(au.communes(code, TODAY)) for code in DOMAIN_PROVINCES) == 3321


def test_every_old_commune_leads_to_communes_of_todays_province() -> None:
    data = au.shipped()
    old = data.units("commune", BEFORE)
    assert len(old) > 10_000
    for unit in old:
        province = au.province_by_code(unit.province_code, BEFORE)
        became = data.current(unit, TODAY)
        assert became, unit.code
        assert {u.province_code for u in became} <= {p.code for p in data.current(province, TODAY)}


def test_search_indexes_fold_exactly_like_text_fold() -> None:
    data = au.shipped()
    for level in ("province", "commune"):
        table = data._table(level)
        for i in range(len(table.rows)):
            unit = table.unit(i)
            assert table.names[i].split("|")[1:3] == [fold(unit.full_name), fold(unit.name)]


def test_commune_search_in_a_province() -> None:
    matches = au.search_communes("minh son", "08", TODAY)
    assert matches[0].unit.code == "00982" and matches[0].unit.full_name == "Xã Minh Sơn"
    assert all(m.unit.province_code == "08" for m in matches)
    everywhere = au.search_communes("minh son", on=TODAY)
    assert {m.unit.province_code for m in everywhere} > {"08"}


def test_old_commune_name_finds_the_ward_it_became() -> None:
    matches = au.search_communes("Phường Bến Nghé", "79", TODAY)
    saigon = next(m for m in matches if m.unit.full_name == "Phường Sài Gòn")
    assert saigon.old_name and saigon.via.full_name == "Phường Bến Nghé"
    assert saigon.via.district == "Quận 1"


def test_a_split_commune_marks_each_part() -> None:
    data = au.shipped()
    (p15,) = data.find("commune", "Phường 15", "79", district="Quận Tân Bình")
    became = data.current(p15, TODAY)
    assert [u.full_name for u in became] == ["Phường Tân Sơn", "Phường Tân Bình"]
    matches = [m for m in au.search_communes("Phường 15", "79", TODAY) if m.via == p15]
    assert matches and all(m.split for m in matches)


def test_diacritics_decide_between_names_that_fold_alike() -> None:
    data = au.shipped()
    assert {u.code for u in data.find("commune", "Xã Ba Tô", "51")} == {"21523"}
    assert {u.code for u in data.find("commune", "Xã Ba Tơ", "51")} == {"21484"}
    assert {u.code for u in data.find("commune", "ba to", "51")} == {"21523", "21484"}


def test_empty_and_short_queries() -> None:
    everything = au.search_communes("", "08", TODAY)
    assert len(everything) == len(au.communes("08", TODAY)) > 100
    keys = [fold(m.unit.name) for m in everything]
    assert keys == sorted(keys)
    assert len(au.search_communes("", "08", TODAY, limit=5)) == 5
    one = au.search_communes("m", "08", TODAY)
    assert one and all(fold(m.unit.name).startswith("m") and not m.old_name for m in one)


def test_commune_by_code_is_dated() -> None:
    assert au.commune_by_code("00982", TODAY).full_name == "Xã Minh Sơn"
    old = au.commune_by_code("00982", BEFORE)
    assert old is not None and old.valid_to == BEFORE and old.district


# --- the data files ----------------------------------------------------------------


def test_shipped_files_carry_source_and_licence() -> None:
    folder = resource_dir() / "admin_units"
    provinces = json.loads((folder / "provinces.json").read_text(encoding="utf-8"))
    assert provinces["source"]["package"] == "vietnamadminunits"
    assert provinces["source"]["licence"] == "MIT"
    licence = (folder / "LICENSE-vietnamadminunits.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Tran Ngoc Minh Hieu" in licence


def _write(folder: Path, provinces: list[dict], communes: list[dict], fmt: int = 1) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "provinces.json").write_text(json.dumps({"format": fmt, "editions": provinces}))
    data = {"format": fmt, "columns": ["code", "province", "district", "type", "name",
                                       "aliases", "successors"], "editions": communes}  # fmt: skip
    (folder / "communes.json.gz").write_bytes(gzip.compress(json.dumps(data).encode()))


def test_a_later_edition_is_followed_through_every_change(tmp_path: Path) -> None:
    # Three editions, as a 2026 change (a province becoming a city) would add.
    _write(
        tmp_path,
        [
            {"valid_from": None, "valid_to": "2025-06-30",
             "units": [{"code": "74", "type": "Tỉnh", "name": "Bình Dương", "successors": ["79"]}]},
            {"valid_from": "2025-07-01", "valid_to": "2026-03-31",
             "units": [{"code": "79", "type": "Tỉnh", "name": "Ví Dụ", "successors": ["79"]}]},
            {"valid_from": "2026-04-01", "valid_to": None,
             "units": [{"code": "79", "type": "Thành phố", "name": "Ví Dụ"}]},
        ],
        [
            {"valid_from": None, "valid_to": "2025-06-30",
             "rows": [["25741", "74", "Huyện A", "Xã", "Một", [], ["26000"]]]},
            {"valid_from": "2025-07-01", "valid_to": "2026-03-31",
             "rows": [["26000", "79", "", "Xã", "Hai", [], ["26000", "26001"]]]},
            {"valid_from": "2026-04-01", "valid_to": None,
             "rows": [["26000", "79", "", "Phường", "Hai"], ["26001", "79", "", "Xã", "Ba"]]},
        ],
    )  # fmt: skip
    data = AdminUnitData(tmp_path)
    assert [m.unit.full_name for m in data.search("province", "Bình Dương", TODAY)] == [
        "Tỉnh Ví Dụ"
    ]
    (city,) = [m.unit for m in data.search("province", "Bình Dương", date(2026, 5, 1))]
    assert city.full_name == "Thành phố Ví Dụ"
    matches = data.search("commune", "xa mot", date(2026, 5, 1))
    assert [(m.unit.full_name, m.split) for m in matches] == [("Xã Ba", True), ("Phường Hai", True)]
    assert data.search("commune", "xa mot", date(2026, 5, 1), province_code="79")
    assert data.by_code("commune", "26001", TODAY) is None  # it starts later


def test_an_unknown_data_format_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, [], [], fmt=2)
    with pytest.raises(ValueError, match="unsupported data format"):
        AdminUnitData(tmp_path).by_code("province", "01")
