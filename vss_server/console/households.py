"""The console's households: search and filters within the supervisor's scope, a
household's members and visits, and reassignment to another collector (issue 14).

The search is the app's (vss_core.search_text): every word a prefix of a word of the
household's or a member's document, case, diacritics and đ ignored, ID numbers by prefix.
The documents are kept folded in SQL (vss_server.search_index), so a search is one query
however many households the scope holds; ``MAX_ROWS`` rows are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.search_text import query_words
from vss_core.tables import table_of
from vss_core.text import fold
from vss_server import feed, search_index
from vss_server.areas import Scope
from vss_server.models import (
    AuditEntry,
    Collection,
    Household,
    Person,
    SearchDoc,
    SearchHousehold,
    UserAccount,
    Visit,
)

MAX_ROWS = 200
EXPIRING_DAYS = 30  # the app's Today list: cards ending within this many days
H, P = table_of(Household), table_of(Person)
DOC, SH = table_of(SearchDoc), table_of(SearchHousehold)


class Status(StrEnum):
    ALL = "all"
    UNASSIGNED = "unassigned"
    UNINSURED = "uninsured"  # a member without BHYT
    EXPIRING = "expiring"  # a member's BHYT card ends within EXPIRING_DAYS


@dataclass
class Row:
    id: str
    code: str
    head_name: str
    village: str
    commune: str
    collector: str
    members: int = 0


@dataclass
class Found:
    rows: list[Row]
    total: int  # households matching, of which at most MAX_ROWS are in rows
    villages: list[str] = field(default_factory=list)  # the scope's villages, for the filter


def search(
    session: Session,
    scope: Scope,
    today: date,
    query: str = "",
    village: str = "",
    collector: str | None = None,
    status: Status = Status.ALL,
) -> Found:
    """Up to ``MAX_ROWS`` households of the scope, by village then head, from the kept
    search tables (vss_server.search_index: call its ``refresh`` first)."""
    where = [H.c.deleted.is_(False), scope.household_clause()]
    if collector is not None:
        where.append(H.c.collector == collector)
    if status is Status.UNASSIGNED:
        where.append(H.c.collector == "")
    villages = sorted(
        {
            v
            for v in session.execute(sa.select(H.c.village).where(*where).distinct()).scalars()
            if v
        },
        key=fold,
    )
    if village:
        where.append(SH.c.village_key == fold(village))
    words = query_words(query)
    if words is not None:
        where.append(
            H.c.id.in_(sa.select(DOC.c.household_id).where(search_index.word_clause(words)))
        )
    if status in (Status.UNINSURED, Status.EXPIRING):
        soon = today + timedelta(days=EXPIRING_DAYS)
        flagged = (
            P.c.bhyt_status == "none"
            if status is Status.UNINSURED
            else P.c.bhyt_expiry.between(today, soon)
        )
        where.append(sa.exists().where(P.c.household_id == H.c.id, P.c.deleted.is_(False), flagged))
    joined = H.join(SH, SH.c.household_id == H.c.id)
    total = session.execute(
        sa.select(sa.func.count()).select_from(joined).where(*where)
    ).scalar_one()
    found = session.execute(
        sa.select(
            H.c.id, H.c.code, H.c.head_name, H.c.village, H.c.commune, H.c.collector, SH.c.members
        )
        .select_from(joined)
        .where(*where)
        .order_by(SH.c.village_key, SH.c.head_key, H.c.id)
        .limit(MAX_ROWS)
    )
    rows = [Row(*r) for r in found]
    return Found(rows, int(total), villages)


@dataclass
class VisitLine:
    visit: Visit
    results: list[Collection]


@dataclass
class Detail:
    household: Household
    members: list[Person]
    visits: list[VisitLine]


def detail(session: Session, scope: Scope, household_id: str) -> Detail | None:
    """A household of the scope with its members and visits (newest first); None when
    it does not exist, is deleted, or lies outside the scope (the same answer: a
    supervisor learns nothing of other communes)."""
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        return None
    if not scope.covers(household.province, household.commune):
        return None
    members = list(
        session.exec(
            select(Person)
            .where(Person.household_id == household_id, col(Person.deleted).is_(False))
            .order_by(col(Person.relation) != "head", col(Person.full_name))
        )
    )
    visits = list(
        session.exec(
            select(Visit)
            .where(Visit.household_id == household_id, col(Visit.deleted).is_(False))
            .order_by(col(Visit.visited_at).desc())
        )
    )
    results: dict[str, list[Collection]] = {}
    if visits:
        for c in session.exec(
            select(Collection).where(
                col(Collection.visit_id).in_([v.id for v in visits]),
                col(Collection.deleted).is_(False),
            )
        ):
            results.setdefault(c.visit_id, []).append(c)
    return Detail(household, members, [VisitLine(v, results.get(v.id, [])) for v in visits])


class AssignRefused(ValueError):
    """Nothing was reassigned; ``code`` says why: none_chosen, no_collector, out_of_area."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def collectors(session: Session) -> list[UserAccount]:
    """Active collector accounts, for the reassignment list."""
    return list(
        session.exec(
            select(UserAccount)
            .where(UserAccount.role == "collector", col(UserAccount.active).is_(True))
            .order_by(col(UserAccount.username))
        )
    )


def reassign(
    session: Session,
    scope: Scope,
    household_ids: list[str],
    collector: str,
    actor_id: int | None,
) -> int:
    """Give the households to ``collector`` ("" unassigns) through the change feed.

    All of them must be live and in the scope, or nothing changes. Returns how many
    changed hands (a household already with that collector does not count).
    """
    if not household_ids:
        raise AssignRefused("none_chosen")
    if collector and collector not in {u.username for u in collectors(session)}:
        raise AssignRefused("no_collector")
    found = list(
        session.exec(
            select(Household).where(
                col(Household.id).in_(household_ids), col(Household.deleted).is_(False)
            )
        )
    )
    if len(found) != len(set(household_ids)) or not all(
        scope.covers(h.province, h.commune) for h in found
    ):
        raise AssignRefused("out_of_area")
    changed = 0
    for household in found:
        if feed.reassign_household(session, household, collector):
            session.add(
                AuditEntry(
                    user_id=actor_id,
                    device_id="console",
                    action="assign",
                    entity="household",
                    entity_id=household.id,
                    field_names="collector",
                    detail="console",
                )
            )
            changed += 1
    return changed


def village_households(session: Session, scope: Scope, village: str) -> list[str]:
    """The ids of a village's live households within the scope."""
    wanted = fold(village)
    rows = session.execute(
        sa.select(H.c.id, H.c.village).where(H.c.deleted.is_(False), scope.household_clause())
    )
    return [r.id for r in rows if fold(r.village) == wanted]
