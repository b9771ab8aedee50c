"""Where supervisors and collectors work, and what a supervisor may see (issue 14).

An area is a commune of a province, a whole province, or everywhere (vss_server.models
.UserArea). Households carry their province and commune as written on them (typed on a
laptop or imported), so an area matches a household's place by
:func:`vss_core.places.place_key` (case, spacing and a type word ignored).

A supervisor's scope is applied in SQL as a list of the (province, commune) pairs the
database holds that fall in their areas: a district holds a few hundred pairs, and an
IN list keeps every query on the household table's plain columns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from vss_core.enums import Organisation as Organisation  # moved to the core (issue 16)
from vss_core.places import place_key
from vss_core.tables import table_of
from vss_server.models import Household, UserAccount, UserArea


@dataclass(frozen=True)
class Area:
    province: str = ""  # "" with commune "": everywhere
    commune: str = ""  # "": the whole province

    @property
    def everywhere(self) -> bool:
        return not self.province and not self.commune

    def covers(self, province: str, commune: str) -> bool:
        if self.everywhere:
            return True
        if self.province and place_key(self.province) != place_key(province):
            return False
        return not self.commune or place_key(self.commune) == place_key(commune)

    def label(self) -> str:
        if self.everywhere:
            return "*"
        return f"{self.commune}, {self.province}" if self.commune else self.province


def parse_area(text: str) -> Area:
    """ "Lào Cai/Tả Van" (a commune), "Lào Cai" (the province) or "*" (everywhere)."""
    cleaned = unicodedata.normalize("NFC", text).strip()
    if cleaned == "*":
        return Area()
    province, _, commune = (part.strip() for part in cleaned.partition("/"))
    if not province:
        raise ValueError("an area is PROVINCE, PROVINCE/COMMUNE or *")
    return Area(province, commune)


def areas_of(session: Session, user_id: int) -> list[Area]:
    rows = session.exec(select(UserArea).where(UserArea.user_id == user_id))
    return [Area(r.province, r.commune) for r in rows]


@dataclass(frozen=True)
class Scope:
    """What one supervisor sees: None pairs means everything."""

    areas: tuple[Area, ...]
    pairs: tuple[tuple[str, str], ...] | None  # (province, commune) as stored

    @property
    def everything(self) -> bool:
        return self.pairs is None

    def household_clause(self) -> sa.ColumnElement[bool]:
        """A WHERE clause on the household table limiting it to the scope."""
        if self.pairs is None:
            return sa.true()
        if not self.pairs:
            return sa.false()
        table = table_of(Household)
        return sa.tuple_(table.c.province, table.c.commune).in_(self.pairs)

    def covers(self, province: str, commune: str) -> bool:
        return self.pairs is None or (province, commune) in self.pairs


def scope_for(session: Session, areas: Sequence[Area]) -> Scope:
    if any(a.everywhere for a in areas):
        return Scope(tuple(areas), None)
    table = table_of(Household)
    places: Iterable[tuple[str, str]] = (
        (province, commune)
        for province, commune in session.execute(
            sa.select(table.c.province, table.c.commune).distinct()
        )
    )
    pairs = tuple(sorted(p for p in places if any(a.covers(*p) for a in areas)))
    return Scope(tuple(areas), pairs)


def area_within(inner: Area, outer: Area) -> bool:
    """Whether every place of ``inner`` lies in ``outer``."""
    if outer.everywhere:
        return True
    if inner.everywhere or place_key(inner.province) != place_key(outer.province):
        return False
    return not outer.commune or place_key(inner.commune) == place_key(outer.commune)


def collectors_in_scope(session: Session, scope: Scope) -> set[str] | None:
    """The collector usernames a supervisor may see and manage (None: every one).

    A collector is in scope when one of their own areas lies within the supervisor's
    areas (a collector created from the console gets the creator's area), or when they
    hold a household of the scope.
    """
    if scope.everything:
        return None
    users = table_of(UserAccount)
    areas = table_of(UserArea)
    names: set[str] = set()
    rows = session.execute(
        sa.select(users.c.username, areas.c.province, areas.c.commune)
        .select_from(users.join(areas, areas.c.user_id == users.c.id))
        .where(users.c.role == "collector")
    )
    for username, province, commune in rows:
        if any(area_within(Area(province, commune), outer) for outer in scope.areas):
            names.add(username)
    households = table_of(Household)
    names |= {
        c
        for (c,) in session.execute(
            sa.select(households.c.collector)
            .where(households.c.deleted.is_(False), scope.household_clause())
            .distinct()
        )
        if c
    }
    return names
