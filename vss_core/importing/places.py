"""Province and commune names of a list checked against the administrative units.

A name may be the one in force or an older one (lists and ID cards still carry the 63
provinces and the communes before 2025-07-01): an older name is a warning, a name that
no unit ever had is an error. Lists repeat a handful of names, so answers are cached.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from vss_core import admin_units
from vss_core.admin_units import AdminUnit
from vss_core.identifiers import Problem, Severity


def check_places(province: str, commune: str, today: date) -> dict[str, Problem]:
    """Problems by field ("province", "commune") of a household's unit names."""
    return dict(_check(province, commune, today))


@lru_cache(maxsize=4096)
def _check(province: str, commune: str, today: date) -> tuple[tuple[str, Problem], ...]:
    problems: dict[str, Problem] = {}
    province_codes: tuple[str, ...] | None = None
    if province:
        found, current = _province(province, today)
        if not found:
            problems["province"] = Problem("admin.province_unknown")
        else:
            province_codes = current
            if not _in_force_named(province, current, today):
                problems["province"] = _old_name(province, today)
    province_unknown = bool(province) and province_codes is None
    if commune and not province_unknown:  # an unknown province: its communes are moot
        problem = _commune(commune, province_codes, today)
        if problem is not None:
            problems["commune"] = problem
    return tuple(problems.items())


def _old_name(name: str, today: date) -> Problem:
    now = admin_units.current_name_for(name, today) or ""
    return Problem("admin.old_name", Severity.WARNING, {"current": now})


_OLD_COMMUNE = Problem("admin.old_name", Severity.WARNING)


@lru_cache(maxsize=512)
def _province(name: str, today: date) -> tuple[bool, tuple[str, ...]]:
    """(any province ever had the name, codes of the provinces it is or became today)."""
    data = admin_units.shipped()
    units = data.find("province", name)
    current = {u.code for old in units for u in data.current(old, today)}
    return bool(units), tuple(sorted(current))


def _in_force_named(name: str, codes: tuple[str, ...], today: date) -> bool:
    units = admin_units.shipped().find("province", name)
    return any(u.valid_on(today) and u.code in codes for u in units)


@lru_cache(maxsize=4096)
def _commune(name: str, province_codes: tuple[str, ...] | None, today: date) -> Problem | None:
    data = admin_units.shipped()
    named = set(data.find("commune", name))
    if not named:
        return Problem("admin.commune_unknown")
    if province_codes is None:
        in_force = [u for u in named if u.valid_on(today)]
        return None if in_force else _OLD_COMMUNE
    # The communes of the province today, matched by their own or an older name.
    matched: set[AdminUnit] = set()
    for code in province_codes:
        for match in data.search("commune", name, today, code):
            hits = {match.unit, match.via} & named
            matched |= {u for u in hits if u is not None}
    if not matched:
        return Problem("admin.commune_not_in_province")
    if any(u.valid_on(today) for u in matched):
        return None
    return _OLD_COMMUNE
