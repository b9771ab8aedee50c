"""District list files for the import tests and benchmark: households with members, in
the template's layout, as .xlsx (one row per person, or two sheets) and as CSV in UTF-8,
UTF-8 with BOM or Windows-1258 (tone marks as combining characters, as Vietnamese Excel
writes them), comma, semicolon or tab separated. Also the bad files: an old .xls and a
password-protected workbook (both OLE2 compound files).

Every person is made up: names from common parts, identifiers in valid formats (CCCD
digits agree with the birth year and sex), unique BHXH codes.
"""

from __future__ import annotations

import csv
import io
import random
import struct
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from vss_core.importing.columns import COLUMNS, Level
from vss_core.spreadsheet import append_row

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Hà")
MIDDLE_M = ("Văn", "Đức", "Quang", "Minh", "Hữu")
MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Diệu")
GIVEN_M = ("An", "Bình", "Cường", "Dũng", "Đức", "Hùng", "Khoa", "Lâm", "Nghĩa", "Tuấn")
GIVEN_F = ("Bích", "Hồng", "Hương", "Lan", "Liên", "Mai", "Ngân", "Nhung", "Thảo", "Yến")
PROVINCE = "Tuyên Quang"
COMMUNES = ("Xã Minh Sơn", "Xã Bắc Mê", "Xã Bạch Đích", "Phường An Tường")
VILLAGES = ("Thôn Nà Mòn", "Bản Pha Long", "Thôn Khuổi Phầy", "Tổ dân phố Tân Hà")
PROVINCE_CODE = "008"  # CCCD: place of birth code of Tuyên Quang
TODAY = date(2026, 5, 20)


@dataclass
class Household:
    values: dict[str, Any]  # template fields (vss_core.importing.columns)
    members: list[dict[str, Any]] = field(default_factory=list)


def district(households: int, persons: int | None = None, seed: int = 13) -> list[Household]:
    """``households`` households with ``persons`` members in all (default about 3.3 each)."""
    rng = random.Random(seed)
    persons = persons if persons is not None else households * 10 // 3
    sizes = [1] * households
    for _ in range(max(0, persons - households)):
        sizes[rng.randrange(households)] += 1
    serial = iter(range(1, 10**8))
    out = []
    for number, size in enumerate(sizes, start=1):
        out.append(_household(rng, number, size, serial))
    return out


def _household(rng: random.Random, number: int, size: int, serial: Any) -> Household:
    head = _person(rng, "Chủ hộ", rng.randint(1950, 1990), next(serial), rng.random() < 0.7)
    poor = rng.random() < 0.1
    head["poor"] = "Có" if poor else "Không"
    head["near_poor"] = "Có" if not poor and rng.random() < 0.1 else "Không"
    members = [head]
    for _ in range(size - 1):
        relation = rng.choice(("Vợ/Chồng", "Con", "Con", "Bố/Mẹ", "Cháu", "Khác"))
        year = {"Con": rng.randint(1995, 2024), "Cháu": rng.randint(2010, 2025)}.get(
            relation, rng.randint(1945, 1990)
        )
        male = head["sex"] != "Nam" if relation == "Vợ/Chồng" else rng.random() < 0.5
        members.append(_person(rng, relation, year, next(serial), male))
    commune = COMMUNES[number % len(COMMUNES)]
    values = {
        "code": f"HGD{number:06d}",
        "head_name": head["full_name"],
        "province": PROVINCE,
        "commune": commune,
        "village": VILLAGES[number % len(VILLAGES)],
        "house_number": str(rng.randint(1, 300)),
        "household_phone": _phone(rng),
        "collector": "thu01" if number % 2 else "thu02",
    }
    return Household(values, members)


def _person(
    rng: random.Random, relation: str, year: int, serial: int, male: bool
) -> dict[str, Any]:
    born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    born = min(born, TODAY - timedelta(days=30))
    middle, given = (MIDDLE_M, GIVEN_M) if male else (MIDDLE_F, GIVEN_F)
    bhxh = f"08{serial:08d}"
    card = rng.random() < 0.8
    expiry = TODAY + timedelta(days=rng.randrange(-200, 400)) if card else None
    return {
        "full_name": f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)}",
        "date_of_birth": born,
        "sex": "Nam" if male else "Nữ",
        "relation": relation,
        "cccd": _cccd(born.year, male, serial) if year <= 2012 else "",
        "bhxh_code": bhxh,
        "bhyt_card_number": bhxh if card else "",
        "bhyt_expiry": expiry,
        "bhyt_status": "Hộ gia đình" if card else "Chưa có",
        "vsi_paid_until": None,
        "phone": _phone(rng) if year <= 2008 and rng.random() < 0.6 else "",
        "poor": "",
        "near_poor": "",
        "ethnic_minority": "Có" if rng.random() < 0.6 else "Không",
        "notes": "",
    }


def _cccd(year: int, male: bool, serial: int) -> str:
    century = (year - 1900) // 100 * 2 + (0 if male else 1)
    return f"{PROVINCE_CODE}{century}{year % 100:02d}{serial:06d}"


def _phone(rng: random.Random) -> str:
    return rng.choice(("091", "098", "035", "086")) + f"{rng.randrange(10**7):07d}"


# --- rows -------------------------------------------------------------------------------


def headers(language: str = "vi") -> list[str]:
    """The template's headers: "vi", "en", or "ascii" (Vietnamese without diacritics,
    upper case, as some districts type them)."""
    if language == "en":
        return [c.en for c in COLUMNS]
    if language == "ascii":
        return [_ascii(c.vi).upper() for c in COLUMNS]
    return [c.vi for c in COLUMNS]


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def person_rows(households: list[Household], repeat: bool = False) -> list[list[Any]]:
    """One row per person: household cells on the household's first row (all rows with
    ``repeat``); the head's poor / near-poor flags only on the first row."""
    rows = []
    for household in households:
        for i, member in enumerate(household.members):
            values = {**member, **(household.values if i == 0 or repeat else {})}
            rows.append([values.get(c.field, "") for c in COLUMNS])
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- files ------------------------------------------------------------------------------


def write_xlsx(
    path: Path,
    households: list[Household],
    *,
    repeat: bool = False,
    language: str = "vi",
    layout: str = "rows",
    dates_as_text: bool = False,
) -> Path:
    """An .xlsx list; ``layout`` "sheets": a households sheet and a members sheet."""
    book = Workbook(write_only=True)
    # Blank cells are absent from the sheet, as in a file saved by Excel.
    convert = _text if dates_as_text else (lambda v: None if v == "" else v)
    if layout == "sheets":
        _two_sheets(book, households, language, convert)
    else:
        ws = book.create_sheet("Danh sách")
        ws.append(headers(language))
        for row in person_rows(households, repeat):
            ws.append([convert(v) for v in row])
    book.save(path)
    return path


def _two_sheets(book: Workbook, households: list[Household], language: str, convert: Any) -> None:
    names = dict(zip([c.field for c in COLUMNS], headers(language), strict=True))
    household_fields = [c.field for c in COLUMNS if c.level is Level.HOUSEHOLD]
    person_fields = ["code"] + [c.field for c in COLUMNS if c.level is Level.PERSON]
    ws = book.create_sheet("Hộ")
    ws.append([names[f] for f in household_fields])
    for household in households:
        ws.append([convert(household.values.get(f, "")) for f in household_fields])
    ws = book.create_sheet("Thành viên")
    ws.append([names[f] for f in person_fields])
    for household in households:
        for member in household.members:
            values = {**member, "code": household.values["code"]}
            ws.append([convert(values.get(f, "")) for f in person_fields])


def write_rows_xlsx(path: Path, rows: list[list[Any]], title: str = "Danh sách") -> Path:
    """An .xlsx of exactly these rows (header first), text written as text."""
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        append_row(ws, row)
    book.save(path)
    return path


def csv_text(
    households: list[Household], separator: str = ",", repeat: bool = False, language: str = "vi"
) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(headers(language))
    for row in person_rows(households, repeat):
        writer.writerow([_text(v) for v in row])
    return out.getvalue()


def write_csv(
    path: Path,
    households: list[Household],
    *,
    encoding: str = "utf-8",
    separator: str = ",",
    repeat: bool = False,
    language: str = "vi",
) -> Path:
    """A CSV list as Excel writes it: "utf-8", "utf-8-sig" or "cp1258" (Windows-1258)."""
    text = csv_text(households, separator, repeat, language)
    path.write_bytes(encode(text, encoding))
    return path


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


# Marks Windows-1258 has precomposed letters for (â ê ô, ă, ơ ư); the tones it has not.
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows writes them: the letter with its shape
    (ê, ơ, ă...) precomposed, the tone mark as a separate combining character."""
    out: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(ch):
            out.extend(tones)
            tones.clear()
            out.append(ch)
        elif ch in _SHAPE_MARKS and out:
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
        else:
            tones.append(ch)
    out.extend(tones)
    return "".join(out).encode("cp1258")


# --- OLE2 compound files -----------------------------------------------------------------

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def write_ole2(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal valid compound file (version 3): one FAT sector, one directory sector,
    each stream in regular sectors (padded to the 4096-byte mini-stream cutoff)."""
    assert len(streams) <= 3
    bodies = [data.ljust(4096, b"\x00") for data in streams.values()]
    fat = [_FAT, _END]
    starts = []
    for body in bodies:
        count = -(-len(body) // _SECTOR)
        start = len(fat)
        starts.append(start)
        fat.extend(range(start + 1, start + count))
        fat.append(_END)
    assert len(fat) <= 128
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))
    entries = [_dir_entry("Root Entry", 5, child=1, start=_END, size=0)]
    for i, (name, start) in enumerate(zip(streams, starts, strict=True)):
        right = i + 2 if i + 1 < len(streams) else _NONE
        entries.append(_dir_entry(name, 2, right=right, start=start, size=len(streams[name])))
    entries += [b"\x00" * 64 + struct.pack("<HBB3I", 0, 0, 0, _NONE, _NONE, _NONE) + b"\x00" * 52]
    directory = b"".join(entries).ljust(_SECTOR, b"\x00")[:_SECTOR]
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    data = (
        header
        + fat_sector
        + directory
        + b"".join(b.ljust(-(-len(b) // _SECTOR) * _SECTOR, b"\x00") for b in bodies)
    )
    path.write_bytes(data)
    return path


def _dir_entry(
    name: str, kind: int, child: int = _NONE, right: int = _NONE, start: int = 0, size: int = 0
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB3I", len(encoded), kind, 1, _NONE, right, child)
        + b"\x00" * 16  # CLSID
        + struct.pack("<I", 0)  # state bits
        + b"\x00" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def old_xls(path: Path) -> Path:
    """What Excel 97-2003 writes: a compound file with a "Workbook" stream (BIFF8)."""
    return write_ole2(path, {"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\x00" * 64})


def password_protected_xlsx(path: Path) -> Path:
    """What Excel writes for an .xlsx with a password: the encrypted package inside a
    compound file, with its EncryptionInfo (agile encryption, version 4.4)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8"?><encryption/>'
    package = struct.pack("<Q", 9000) + random.Random(7).randbytes(9000)
    return write_ole2(path, {"EncryptionInfo": info, "EncryptedPackage": package})
