"""The text of a CCCD (chip ID card) QR code, as a barcode scanner types it (domain.md §4).

``CCCD|old CMND|Full name|ddMMyyyy birth|Nam/Nữ|permanent address|ddMMyyyy issued``,
UTF-8 with diacritics. Card versions differ: the old CMND (9 digits) may be empty
or missing, and newer cards add fields after the issue date. A USB scanner acts as
a keyboard and ends with Enter; a pasted text may carry a BOM or a line break.

:func:`parse_cccd_qr` reads all of these, or raises :class:`CccdQrError` with a
machine code. Disagreements between the ID number and the date of birth or sex
are warnings (the card is what it is), from the same check the member form uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from vss_core import admin_units, vietnam_time
from vss_core.admin_units import AdminUnit
from vss_core.enums import Sex
from vss_core.identifiers import Problem, Severity, compact, cross_check_cccd
from vss_core.text import fold

MIN_FIELDS = 6
_CCCD = re.compile(r"^\d{12}$")
_CMND = re.compile(r"^\d{9}$")
_DATE = re.compile(r"^\d{8}$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\x00"))
_SEX = {"nam": Sex.MALE, "nu": Sex.FEMALE}


class CccdQrError(ValueError):
    """Text that cannot fill the form. ``code`` says why; no personal data in the message."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code if not params else f"{code} {params}")
        self.code = code
        self.params = params

    @property
    def problem(self) -> Problem:
        return Problem(self.code, Severity.ERROR, dict(self.params))


@dataclass(frozen=True)
class CccdQr:
    cccd: str
    old_cmnd: str | None
    full_name: str
    date_of_birth: date
    sex: Sex
    address: str
    issued_on: date | None
    warnings: tuple[Problem, ...] = field(default=())


def parse_cccd_qr(text: str) -> CccdQr:
    """Parse a scanned or pasted CCCD QR text; raise :class:`CccdQrError` if unusable."""
    cleaned = unicodedata.normalize("NFC", (text or "").translate(_INVISIBLE)).strip()
    if not cleaned:
        raise CccdQrError("qr.empty")
    fields = [" ".join(f.split()) for f in cleaned.split("|")]
    cccd = compact(fields[0])
    if not _CCCD.match(cccd):
        raise CccdQrError("qr.not_cccd")
    if len(fields) < MIN_FIELDS:
        raise CccdQrError("qr.too_few_fields", count=str(len(fields)))
    warnings: list[Problem] = []
    # The old-ID slot is there when the second field is digits or empty (a name never is).
    second = compact(fields[1])
    old_cmnd = None
    if second.isdigit() or not second:
        rest = fields[2:]
        if _CMND.match(second):
            old_cmnd = second
        elif second:
            warnings.append(Problem("qr.old_id_unrecognised", Severity.WARNING))
    else:
        rest = fields[1:]
    if len(rest) < 4:  # name, birth date, sex, address
        raise CccdQrError("qr.too_few_fields", count=str(len(fields)))
    name, birth_text, sex_text, address = rest[:4]
    if not name:
        raise CccdQrError("qr.missing_name")
    birth = _date(birth_text)
    if birth is None:
        raise CccdQrError("qr.bad_birth_date")
    sex = _SEX.get(fold(sex_text))
    if sex is None:
        raise CccdQrError("qr.bad_sex")
    issued = None
    if len(rest) > 4 and rest[4]:
        issued = _date(rest[4])
        if issued is None:
            warnings.append(Problem("qr.bad_issue_date", Severity.WARNING))
        elif issued < birth:
            warnings.append(Problem("qr.issued_before_birth", Severity.WARNING))
    warnings += cross_check_cccd(cccd, birth, sex.value)
    return CccdQr(cccd, old_cmnd, name, birth, sex, address, issued, tuple(warnings))


def _date(text: str) -> date | None:
    """ddMMyyyy, a real calendar date."""
    digits = compact(text)
    if not _DATE.match(digits):
        return None
    try:
        return date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None


# --- the address -------------------------------------------------------------------

_DISTRICT_WORDS = ("huyen", "quan", "thi xa", "thanh pho", "tp", "h", "q", "tx")
_COMMUNE_WORDS = ("xa", "phuong", "thi tran", "dac khu", "x", "p", "tt")
_COUNTRY = {"viet nam", "vietnam", "vn"}


@dataclass(frozen=True)
class AddressParts:
    """An address split from the end by commas, and the units it names, as in force on a date.

    ``village`` keeps everything before the commune (hamlet, group, house number).
    ``district`` is set for addresses written before 2025-07-01 (three tiers).
    """

    village: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    province_unit: AdminUnit | None = None  # the province in force on the date asked
    commune_units: tuple[AdminUnit, ...] = ()  # candidates in force, the likeliest first
    old_names: bool = False  # the address names units no longer in force

    @property
    def current_province_name(self) -> str | None:
        return self.province_unit.name if self.province_unit else None


def split_address(address: str, on: date | None = None) -> AddressParts:
    """Split ``Thôn 3, Xã Minh Sơn, Huyện Bắc Mê, Hà Giang`` and find the units in force.

    The last part is the province (an old or a current name); the one before is a
    district when a type word or the old district list says so; then the commune;
    the rest is the village. Names it cannot place stay as written, with no unit.
    """
    day = on or vietnam_time.today()
    parts = [" ".join(p.split()) for p in unicodedata.normalize("NFC", address).split(",")]
    parts = [p for p in parts if p]
    if parts and fold(parts[-1]) in _COUNTRY:
        parts.pop()
    if not parts:
        return AddressParts()
    data = admin_units.shipped()
    found = data.find("province", parts[-1])
    if not found and len(parts) == 1:
        return AddressParts(village=parts[0])
    rest, district = parts[:-1], ""
    if len(rest) >= 2 and _is_district(data, rest[-1], found):
        district, rest = rest[-1], rest[:-1]
    commune = rest[-1] if rest else ""
    in_force = {u for p in found for u in data.current(p, day)}
    named = _named_communes(data, commune, found, district) if commune else []
    communes = []
    for unit in named:
        communes += [u for u in data.current(unit, day) if u not in communes]
    # Old only when no unit of that name is in force: "Xã Mường Khương" is both today's
    # commune and (as a town) a pre-2025 one, and a card that names today's is not old.
    old = bool(district) or (bool(named) and not any(u.valid_on(day) for u in named))
    old = bool(found) and (old or not any(p.valid_on(day) for p in found))
    return AddressParts(
        village=", ".join(rest[:-1]),
        commune=commune,
        district=district,
        province=parts[-1],
        province_unit=in_force.pop() if len(in_force) == 1 else None,
        commune_units=tuple(communes),
        old_names=old,
    )


def _is_district(data: admin_units.AdminUnitData, text: str, provinces: list[AdminUnit]) -> bool:
    folded = fold(text)
    if any(folded.startswith(w + " ") for w in _COMMUNE_WORDS):
        return False  # "Xã Xín Mần", not "Huyện Xín Mần"
    if any(folded.startswith(w + " ") for w in _DISTRICT_WORDS):
        return True
    return any(
        fold(d).endswith(" " + folded) for p in provinces if p.valid_to for d in data.districts(p)
    )


def _named_communes(
    data: admin_units.AdminUnitData, commune: str, provinces: list[AdminUnit], district: str
) -> list[AdminUnit]:
    """The communes of any date called ``commune`` in one of ``provinces``."""
    out: list[AdminUnit] = []
    for p in provinces:
        named = data.find("commune", commune, p.code, district or None)
        # The same code names a province in both editions: keep the commune's edition.
        out += [u for u in named if _same_edition(u, p) and u not in out]
    return out


def _same_edition(commune: AdminUnit, province: AdminUnit) -> bool:
    return commune.valid_from == province.valid_from and commune.valid_to == province.valid_to
