"""Provinces and communes as versioned data, old names still searchable (domain.md §5).

Since 2025-07-01 there are two tiers: 34 provinces and 3,321 communes/wards
(Resolution 202/2025/QH15, codes by Decision 19/2025/QĐ-TTg). ID cards and lists
still carry the 63 provinces, their districts and the communes before the merger,
so every unit has a validity period and the codes of the units it became. A code
alone does not name a unit (new codes reuse old ones: 08 was the old Tuyên Quang
and is the merged one), so a unit is looked up by code *on a date*.

Data: resources/admin_units/, written by tools/make_admin_units.py from the MIT
package vietnamadminunits. Each level loads on first use and is cached.

Villages (thôn, bản, tổ dân phố) have no national list; the per-commune list the
collector keeps belongs in the store, not here.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from vss_core import vietnam_time
from vss_core.resources import resource_dir
from vss_core.text import fold

Level = Literal["province", "commune"]
# One unit of one edition: (code, type, name, province, district, start, end, successors,
# aliases), a plain tuple because there are tens of thousands of them.
UnitRow = tuple[
    str,
    str,
    str,
    str | None,
    str | None,
    date | None,
    date | None,
    tuple[str, ...],
    tuple[str, ...],
]
# A match's place in the results: score, found by an older name, by alias, name, code.
Rank = tuple[int, bool, bool, str, str]
DATA_FORMAT = 1

# Type words people write before a name, folded ("TP. Hồ Chí Minh", "X. Minh Sơn",
# "Huyện Bắc Mê"); a query is also tried without them.
_TYPE_WORDS = (
    "thanh pho", "tinh", "thu do", "tp",
    "thi tran", "dac khu", "phuong", "xa", "tt", "p", "x",
    "thi xa", "huyen", "quan", "tx", "q", "h",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AdminUnit:
    level: Level
    code: str
    type: str  # "Tỉnh", "Thành phố"; "Xã", "Phường", "Đặc khu", "Thị trấn"
    name: str  # without the type word, except numbered wards ("Phường 15")
    province_code: str | None = None  # communes: their province in the same edition
    district: str | None = None  # communes before 2025-07-01: their district, full name
    valid_from: date | None = None  # None: before the data's first edition
    valid_to: date | None = None  # None: still in force
    successors: tuple[str, ...] = ()  # codes on the day after valid_to; the default first
    aliases: tuple[str, ...] = ()  # other names, folded without spaces ("hcm", "thuathienhue")

    @property
    def full_name(self) -> str:
        return self.name if self.name.startswith(self.type + " ") else f"{self.type} {self.name}"

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class AdminMatch:
    """A search result: the unit in force on the date asked, and how it was found."""

    unit: AdminUnit
    via: AdminUnit | None = None  # the older unit whose name matched, if any
    split: bool = False  # ``via`` was split and ``unit`` is one of its parts
    by_alias: bool = False  # matched another name (an abbreviation or an earlier name)

    @property
    def old_name(self) -> bool:
        return self.via is not None


class _Table:
    """One level's units of every edition, with folded text per unit for search.

    ``names[i]`` is ``|full|name|fullcompact|namecompact|`` and ``aliases[i]``
    ``|alias|...|`` (or empty), each field folded like :func:`vss_core.text.fold`,
    so that matching a query is a few substring tests done in C.
    """

    def __init__(self, level: Level, rows: list[UnitRow]) -> None:
        self.level = level
        self.rows = rows  # (code, type, name, province, district, start, end, successors, aliases)
        self._units: dict[int, AdminUnit] = {}
        self._next: dict[int, list[int]] = {}
        self._became: dict[tuple[int, date], list[int]] = {}
        self.by_code: dict[str, list[int]] = {}
        self.by_province: dict[str | None, list[int]] = {}
        for i, row in enumerate(rows):
            self.by_code.setdefault(row[0], []).append(i)
            self.by_province.setdefault(row[3], []).append(i)
        folded = _fold_lines([_full_name(r[1], r[2]) + "|" + r[2] for r in rows])
        compact = folded.replace(" ", "").split("\n")
        self.names = [f"|{f}|{c}|" for f, c in zip(folded.split("\n"), compact, strict=True)]
        self.sort_keys = [line.split("|", 3)[2] for line in self.names]
        self.aliases = ["|" + "|".join(r[8]) + "|" if r[8] else "" for r in rows]

    def unit(self, i: int) -> AdminUnit:
        unit = self._units.get(i)
        if unit is None:
            code, kind, name, province, district, start, end, successors, aliases = self.rows[i]
            unit = AdminUnit(self.level, code, kind, name, province, district, start, end,
                             successors, aliases)  # fmt: skip
            self._units[i] = unit
        return unit

    def valid(self, i: int, day: date) -> bool:
        start, end = self.rows[i][5], self.rows[i][6]
        return (start is None or start <= day) and (end is None or day <= end)

    def at(self, code: str, day: date) -> int | None:
        return next((i for i in self.by_code.get(code, ()) if self.valid(i, day)), None)

    def index_of(self, unit: AdminUnit) -> int | None:
        ids = self.by_code.get(unit.code, ())
        return next((i for i in ids if self.rows[i][5] == unit.valid_from), None)

    def current(self, i: int, day: date) -> list[int]:
        """The units that unit ``i`` is or became on the day (successors followed)."""
        if self.valid(i, day):
            return [i]
        key = (i, day)
        if key in self._became:
            return self._became[key]
        end = self.rows[i][6]
        if end is None or end >= day:
            return []  # the unit starts after that day
        nxt = self._next.get(i)
        if nxt is None:
            after = end + timedelta(days=1)
            found = (self.at(code, after) for code in self.rows[i][7])
            nxt = self._next[i] = [j for j in found if j is not None]
        out: list[int] = []
        for j in nxt:
            out += [k for k in self.current(j, day) if k not in out]
        if len(self._became) > 100_000:  # many dates asked: start over
            self._became.clear()
        self._became[key] = out
        return out

    def in_provinces(self, codes: set[str]) -> list[int]:
        return [i for code in sorted(codes) for i in self.by_province.get(code, ())]

    def candidates(self, tokens: list[str], among: Sequence[int] | None = None) -> list[int]:
        """Units whose text holds every word of a query, the first at a word start if short.

        Every match of :func:`_score` passes (run-together queries aside), so this
        filter, mostly substring tests in C, leaves the scoring little to do.
        """
        names, aliases = self.names, self.aliases
        ids: Sequence[int] = range(len(names)) if among is None else among
        longest, first = max(tokens, key=len), tokens[0]
        if len(first) < 3:  # one or two letters: only where a word starts with them
            a, b = " " + first, "|" + first
            ids = [i for i in ids if a in names[i] or b in names[i] or b in aliases[i]]
        if len(longest) >= 3:
            ids = [i for i in ids if longest in names[i] or longest in aliases[i]]
        for t in tokens:
            if t != longest:
                ids = [i for i in ids if t in names[i] or t in aliases[i]]
        return list(ids)


class AdminUnitData:
    """One data directory; each level is read and indexed the first time it is used."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @cached_property
    def _provinces(self) -> _Table:
        data = _read(self.directory / "provinces.json")
        rows: list[UnitRow] = []
        for edition in data["editions"]:
            start, end = _edition_dates(edition)
            for u in edition["units"]:
                rows.append((u["code"], u["type"], u["name"], None, None, start, end,
                             tuple(u.get("successors", ())), tuple(u.get("aliases", ()))))  # fmt: skip
        return _Table("province", rows)

    @cached_property
    def _communes(self) -> _Table:
        data = _read(self.directory / "communes.json.gz")
        at = {name: i for i, name in enumerate(data["columns"])}
        c, p, d, t, n, a, s = (at[k] for k in ("code", "province", "district", "type", "name",
                                               "aliases", "successors"))  # fmt: skip
        rows: list[UnitRow] = []
        for edition in data["editions"]:
            start, end = _edition_dates(edition)
            for r in edition["rows"]:
                r = r + [[]] * (len(at) - len(r))  # trailing empty columns may be left out
                rows.append((r[c], r[t], r[n], r[p], r[d] or None, start, end, tuple(r[s]),
                             tuple(r[a])))  # fmt: skip
        return _Table("commune", rows)

    def _table(self, level: Level) -> _Table:
        return self._provinces if level == "province" else self._communes

    # --- lookups -----------------------------------------------------------------

    def by_code(self, level: Level, code: str, on: date | None = None) -> AdminUnit | None:
        table = self._table(level)
        i = table.at(code.strip(), on or vietnam_time.today())
        return None if i is None else table.unit(i)

    def units(
        self, level: Level, on: date | None = None, province_code: str | None = None
    ) -> list[AdminUnit]:
        """Every unit in force on the date (default today), sorted by name."""
        table = self._table(level)
        return [
            table.unit(i) for i in self._in_force(table, on or vietnam_time.today(), province_code)
        ]

    def _in_force(self, table: _Table, day: date, province_code: str | None) -> list[int]:
        ids = (
            range(len(table.rows))
            if province_code is None
            else table.by_province.get(province_code, [])
        )
        found = [i for i in ids if table.valid(i, day)]
        return sorted(found, key=lambda i: (table.sort_keys[i], table.rows[i][0]))

    def current(self, unit: AdminUnit, on: date | None = None) -> list[AdminUnit]:
        """What ``unit`` is (or became) on the date: itself, its successors, or nothing."""
        table = self._table(unit.level)
        i = table.index_of(unit)
        return (
            []
            if i is None
            else [table.unit(j) for j in table.current(i, on or vietnam_time.today())]
        )

    def find(
        self,
        level: Level,
        name: str,
        province_code: str | None = None,
        district: str | None = None,
    ) -> list[AdminUnit]:
        """Units of any date named exactly ``name`` (folded, type word optional).

        When some of them also match with the diacritics as written, only those:
        folding makes "Ba Tô" and "Ba Tơ" (two communes of Quảng Ngãi) one name.
        """
        table, variants = self._table(level), _variants(name)
        among = None if province_code is None else table.by_province.get(province_code, [])
        wanted_district = set(_variants(district)) if district else None
        out = []
        for i, (score, _) in _scores(table, variants, _candidates(table, variants, among)).items():
            unit = table.unit(i)
            if score != 0:
                continue
            if wanted_district is not None and not (
                unit.district and wanted_district & set(_variants(unit.district))
            ):
                continue
            out.append(unit)
        written = _accent_key(name)
        same = [u for u in out if written.endswith(_accent_key(u.name))]
        return same or out

    def districts(self, province: AdminUnit) -> list[str]:
        """The districts (full names) of a province before 2025-07-01, from its communes."""
        table = self._communes
        ids = table.by_province.get(province.code, ())
        edition = (province.valid_from, province.valid_to)
        rows = (table.rows[i] for i in ids)
        return sorted({r[4] for r in rows if r[4] is not None and r[5:7] == edition})

    def search(
        self,
        level: Level,
        text: str,
        on: date | None = None,
        province_code: str | None = None,
        limit: int | None = None,
    ) -> list[AdminMatch]:
        """Units in force on the date whose name (or an older unit's name) matches ``text``.

        Ranked: exact name, name starting with the text, every word started, then the
        text run together inside a name; own name before an older name or an alias.
        With ``province_code``, only units of that province (in force on the date).
        """
        day, table, variants = on or vietnam_time.today(), self._table(level), _variants(text)
        if not variants:
            return [AdminMatch(u) for u in self.units(level, day, province_code)[:limit]]
        q = variants[0]
        if len(q) < 2 or q in _TYPE_WORDS:  # "t", "xa", "phuong": list, no older names
            found = [
                i
                for i in self._in_force(table, day, province_code)
                if table.sort_keys[i].startswith(q) or table.names[i].startswith(f"|{q} ")
            ]
            return [AdminMatch(table.unit(i)) for i in found[:limit]]
        among = table.in_provinces(self._feeding(province_code, day)) if province_code else None
        best: dict[int, tuple[Rank, int | None, bool, bool]] = {}  # unit -> rank, via, ...
        scores = _scores(table, variants, _candidates(table, variants, among))
        for i, (score, by_alias) in scores.items():
            became = table.current(i, day)
            via = None if became == [i] else i
            for j in became:
                if province_code is not None and table.rows[j][3] != province_code:
                    continue
                rank = (score, via is not None, by_alias, table.sort_keys[j], table.rows[j][0])
                held = best.get(j)
                if held is None or rank < held[0]:
                    best[j] = (rank, via, len(became) > 1, by_alias)
        ranked = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        return [
            AdminMatch(table.unit(j), None if via is None else table.unit(via), split, by_alias)
            for j, (_, via, split, by_alias) in ranked
        ]

    def _feeding(self, province_code: str, day: date) -> set[str]:
        """Codes of the provinces of any date that are or became ``province_code`` on the day.

        A prefilter only: the province of each result is checked again.
        """
        table = self._provinces
        codes = {province_code}
        for i, row in enumerate(table.rows):
            if any(table.rows[j][0] == province_code for j in table.current(i, day)):
                codes.add(row[0])
        return codes


def _read(path: Path) -> dict[str, Any]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    if data.get("format") != DATA_FORMAT:
        raise ValueError(f"{path.name}: unsupported data format {data.get('format')!r}")
    return data


def _edition_dates(edition: dict[str, Any]) -> tuple[date | None, date | None]:
    start, end = edition.get("valid_from"), edition.get("valid_to")
    return (date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)


def _full_name(kind: str, name: str) -> str:
    return name if name.startswith(kind + " ") else f"{kind} {name}"


_SPACES = re.compile(r" +")


def _fold_lines(lines: Sequence[str]) -> str:
    """``fold`` applied to each '|'-separated field of many lines at once, joined by newlines.

    fold works character by character (case, diacritics, đ, non-alphanumerics to a
    space), so one translation table built with fold itself gives the same result
    for the whole text in one pass.
    """
    text = "\n".join(lines)
    table = {ord(ch): (fold(ch) or " ") for ch in set(text) - {"|", "\n"}}
    folded = _SPACES.sub(" ", text.translate(table))
    for spaced, bare in ((" |", "|"), ("| ", "|"), (" \n", "\n"), ("\n ", "\n")):
        folded = folded.replace(spaced, bare)
    return folded.strip(" ")


def _accent_key(text: str) -> str:
    """Case and spacing ignored, diacritics kept."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _strip_type(folded: str) -> str:
    for word in _TYPE_WORDS:
        if folded.startswith(word + " "):
            return folded[len(word) + 1 :]
    return folded


def _variants(text: str | None) -> tuple[str, ...]:
    """The folded text, and the same without a leading type word."""
    folded = fold(text)
    if not folded:
        return ()
    stripped = _strip_type(folded)
    return (folded,) if stripped == folded else (folded, stripped)


def _candidates(
    table: _Table, variants: tuple[str, ...], among: Sequence[int] | None = None
) -> list[int]:
    """Units that may match one of the variants."""
    out: set[int] = set()
    for q in variants:
        out.update(table.candidates(q.split(), among))
    return sorted(out)


def _scores(
    table: _Table, variants: tuple[str, ...], candidates: list[int]
) -> dict[int, tuple[int, bool]]:
    """Unit -> (score, by_alias) for the candidates that match; the best score wins.

    0 exact name, 1 a name starts with the query, 2 every query word starts a word
    of a name, 3 the query run together inside a name. Aliases (compact, without
    words) count only for units whose own names do not match. Each test runs over
    all the candidates at once, as substring tests, to keep Python work per unit small.
    """
    out: dict[int, tuple[int, bool]] = {}
    for texts, by_alias in ((table.names, False), (table.aliases, True)):
        rest = [i for i in candidates if i not in out and texts[i]]
        for score in range(4):
            hits = {i for q in variants for i in _hits(score, q, texts, rest, not by_alias)}
            out.update((i, (score, by_alias)) for i in hits)
            rest = [i for i in rest if i not in hits]
    return out


def _hits(score: int, q: str, texts: list[str], ids: list[int], words: bool) -> list[int]:
    """The units among ``ids`` whose ``|field|...|`` text matches ``q`` at this score."""
    qc = q.replace(" ", "")
    if score == 0:
        a, b = f"|{q}|", f"|{qc}|"
        return [i for i in ids if a in texts[i] or b in texts[i]]
    if score == 1:
        a, b = f"|{q}", f"|{qc}"
        return [i for i in ids if a in texts[i] or b in texts[i]]
    if score == 2 and words:
        starts = [(f" {w}", f"|{w}") for w in q.split()]
        return [i for i in ids if all(a in texts[i] or b in texts[i] for a, b in starts)]
    if score == 3 and len(qc) >= 3:
        return [i for i in ids if qc in texts[i]]
    return []


# --- the shipped data, module-level API --------------------------------------------


@cache
def shipped() -> AdminUnitData:
    return AdminUnitData(resource_dir() / "admin_units")


def preload() -> None:
    """Read and index the shipped data now (about 0.2 s), e.g. in a worker at start-up."""
    data = shipped()
    data.by_code("province", "01")
    data.by_code("commune", "00001")


def search_provinces(
    text: str, on: date | None = None, limit: int | None = None
) -> list[AdminMatch]:
    """Provinces in force on the date (default today) matching ``text``; old names too."""
    return shipped().search("province", text, on, limit=limit)


def search_communes(
    text: str,
    province_code: str | None = None,
    on: date | None = None,
    limit: int | None = None,
) -> list[AdminMatch]:
    """Communes/wards in force on the date matching ``text``, optionally in one province."""
    return shipped().search("commune", text, on, province_code, limit)


def province_by_code(code: str, on: date | None = None) -> AdminUnit | None:
    return shipped().by_code("province", code, on)


def commune_by_code(code: str, on: date | None = None) -> AdminUnit | None:
    return shipped().by_code("commune", code, on)


def provinces(on: date | None = None) -> list[AdminUnit]:
    """The provinces in force on the date, by code."""
    return sorted(shipped().units("province", on), key=lambda u: u.code)


def communes(province_code: str, on: date | None = None) -> list[AdminUnit]:
    """The communes/wards of a province in force on the date, by name."""
    return shipped().units("commune", on, province_code)


def current_name_for(name: str, on: date | None = None) -> str | None:
    """The name in force on the date (default today) of a province named ``name`` at any date.

    None when no province had that name, or when it leads to several.
    """
    data = shipped()
    names = {u.name for old in data.find("province", name) for u in data.current(old, on)}
    return names.pop() if len(names) == 1 else None
