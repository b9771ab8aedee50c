"""The app's import of a commune list (*Tệp → Nhập từ Excel…*, ``vss-desktop import``).

The file is read and checked by :mod:`vss_core.importing` (the server's parser); this
module matches it against the households on this laptop with the shared rules
(:mod:`vss_core.importing.matching`) and writes it through the service functions, so
every created or changed record also queues its outbox operation and syncs later like
a change typed into a form. All or nothing: one transaction for the whole file; a
refused row, a cancel or any error writes nothing. See docs/import.md, "The app".

Collector cells are not stored: the app has no accounts to check them against, and the
server gives a household created on a laptop to the collector who pushes it (a
collector cannot push another collector's name). A stored household keeps its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from vss_core.batching import chunks
from vss_core.importing import ParsedHousehold, ParsedList, ParsedPerson
from vss_core.importing.matching import (
    IDENTIFIER_FIELDS,
    HolderIndex,
    held_elsewhere,
    holder_index,
    household_key,
    identity_key,
    match_person,
    present,
)
from vss_core.importing.outcome import ListImportResult
from vss_desktop.store import services
from vss_desktop.store.db import Store
from vss_desktop.store.models import Household, Person

Progress = Callable[[int, int], None]  # (persons done, persons in all), from the worker
Cancelled = Callable[[], bool]  # True: stop and write nothing

# Household fields a list may set: the collector cell is left out (module docstring).
NOT_STORED = frozenset({"collector"})
PROGRESS_STEP = 250  # persons between progress calls
INDEX_EVERY = 1000  # households between search index batches
WHOLE_TABLE_FROM = 500  # household codes in a file from which every household is read


class ImportCancelled(Exception):
    """The collector cancelled: the transaction was rolled back, nothing was written."""


@dataclass
class _PersonPlan:
    parsed: ParsedPerson
    stored: Person | None
    values: dict[str, Any]  # a new person's values, or a stored one's changed fields


@dataclass
class _HouseholdPlan:
    parsed: ParsedHousehold
    stored: Household | None
    values: dict[str, Any]  # a new household's values, or a stored one's changed fields
    members: list[_PersonPlan] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return len(self.members)


def plan_import(store: Store, parsed: ParsedList) -> ListImportResult:
    """What importing ``parsed`` would do, row by row (the preview); writes nothing."""
    result = ListImportResult()
    result.mark_parse_errors(parsed)
    with store.read() as session:
        _plan(session, parsed, result)
    result.refused = _refused(result)
    return result


def apply_import(
    store: Store,
    parsed: ParsedList,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ListImportResult:
    """Import ``parsed`` in one transaction; nothing is written when a row is refused
    (``result.refused``), and ImportCancelled when ``cancelled()`` turns true."""
    if not parsed.ok:  # refused before anything is written; the other rows' statuses
        return plan_import(store, parsed)
    result = ListImportResult()
    with store.write() as session:
        # Matched again inside the write transaction: a sync since the preview counts.
        plans = _plan(session, parsed, result)
        result.refused = _refused(result)
        if result.refused:
            return result
        _write(session, plans, services.WriteBatch(), progress, cancelled)
    result.written = True
    return result


def _refused(result: ListImportResult) -> bool:
    return any(o.status == "refused" for o in result.rows.values())


# --- matching -----------------------------------------------------------------------------


def _plan(session: Session, parsed: ParsedList, result: ListImportResult) -> list[_HouseholdPlan]:
    matched = _match_households(session, parsed.households, result)
    stored_ids = [h.id for h in matched.values() if h is not None]
    persons = _live_persons(session, stored_ids)
    holders = _holders(session, parsed.households)
    plans = []
    for household in parsed.households:
        stored = matched.get(id(household))
        plan = _household_plan(household, stored, result)
        taken: set[str] = set()
        candidates = persons.get(stored.id, []) if stored is not None else []
        for member in household.members:
            # One citizen, one person: an identifier another household holds is refused.
            held = held_elsewhere(member.values, stored.id if stored else None, holders)
            if held:
                result.mark((member.sheet, member.row), "refused", held)
                continue
            match = match_person(member.values, [p for p in candidates if p.id not in taken])
            if match is not None:
                taken.add(match.id)
            plan.members.append(_person_plan(member, match, result))
        plans.append(plan)
    return plans


def _household_plan(
    parsed: ParsedHousehold, stored: Household | None, result: ListImportResult
) -> _HouseholdPlan:
    # A blank cell keeps the stored value; an absent column is not in ``values`` at all.
    values = {k: v for k, v in parsed.values.items() if k not in NOT_STORED and present(v)}
    if stored is not None:
        values = {k: v for k, v in values.items() if getattr(stored, k) != v}
    status = "created" if stored is None else "updated" if values else "unchanged"
    _done(result, (parsed.sheet, parsed.row), "household", status)
    return _HouseholdPlan(parsed, stored, values)


def _person_plan(
    parsed: ParsedPerson, stored: Person | None, result: ListImportResult
) -> _PersonPlan:
    values = {k: v for k, v in parsed.values.items() if present(v)}
    if stored is not None:
        values = {k: v for k, v in values.items() if getattr(stored, k) != v}
    status = "created" if stored is None else "updated" if values else "unchanged"
    _done(result, (parsed.sheet, parsed.row), "person", status)
    return _PersonPlan(parsed, stored, values)


def _done(result: ListImportResult, where: tuple[str | None, int], kind: str, status: str) -> None:
    result.count(kind, status)
    result.mark(where, status)


def _match_households(
    session: Session, households: list[ParsedHousehold], result: ListImportResult
) -> dict[int, Household | None]:
    """Each parsed household's live stored household: by code, else by head, village and
    house number (vss_core.importing.matching). Several matches refuse the row."""
    codes = {h.values["code"] for h in households if h.values.get("code")}
    keyless = {household_key(h) for h in households if not h.values.get("code")}
    by_code: dict[str, list[Household]] = {}
    by_key: dict[tuple[str, str, str], list[Household]] = {}
    for stored in _live_households(session, codes, bool(keyless)):
        if stored.code in codes:
            by_code.setdefault(stored.code, []).append(stored)
        if keyless:
            key = identity_key(stored.head_name, stored.village, stored.house_number)
            if key in keyless:
                by_key.setdefault(key, []).append(stored)
    out: dict[int, Household | None] = {}
    for parsed in households:
        code = parsed.values.get("code")
        found = by_code.get(code, []) if code else by_key.get(household_key(parsed), [])
        if len(found) > 1:
            result.mark((parsed.sheet, parsed.row), "refused", "several stored households match")
        out[id(parsed)] = found[0] if found else None
    return out


def _live_households(session: Session, codes: set[str], everything: bool) -> Iterable[Household]:
    """The live households with these codes (and maybe others); all of them when the file
    has households without a code, or so many codes that one scan is cheaper."""
    live = select(Household).where(col(Household.deleted_at).is_(None))
    if everything or len(codes) > WHOLE_TABLE_FROM:
        yield from session.exec(live)
        return
    for chunk in chunks(sorted(codes), 500):
        yield from session.exec(live.where(col(Household.code).in_(chunk)))


def _holders(session: Session, households: list[ParsedHousehold]) -> HolderIndex:
    """Which household holds each BHXH code and CCCD of the file, among the live persons
    of live households (matching.held_elsewhere)."""
    query = (
        select(Person.household_id, Person.bhxh_code, Person.cccd)
        .join(Household, col(Household.id) == col(Person.household_id))
        .where(col(Person.deleted_at).is_(None), col(Household.deleted_at).is_(None))
    )
    wanted = {
        name: {v for h in households for m in h.members if (v := m.values.get(name))}
        for name in IDENTIFIER_FIELDS
    }
    if sum(len(values) for values in wanted.values()) > WHOLE_TABLE_FROM:
        return holder_index(session.exec(query).all())
    rows: list[tuple[str, str | None, str | None]] = []
    for name, values in wanted.items():
        column = col(getattr(Person, name))
        for chunk in chunks(sorted(values), 500):
            rows.extend(session.exec(query.where(column.in_(chunk))).all())
    return holder_index(rows)


def _live_persons(session: Session, household_ids: list[str]) -> dict[str, list[Person]]:
    found: dict[str, list[Person]] = {}
    for chunk in chunks(sorted(set(household_ids)), 500):
        stmt = select(Person).where(
            col(Person.household_id).in_(chunk), col(Person.deleted_at).is_(None)
        )
        for person in session.exec(stmt.order_by(col(Person.created_at), col(Person.id))):
            found.setdefault(person.household_id, []).append(person)
    return found


# --- writing ------------------------------------------------------------------------------


def _write(
    session: Session,
    plans: list[_HouseholdPlan],
    batch: services.IndexBatch,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Every change through the services (checks, outbox op, search document). In a
    WriteBatch (the import's) rows and ops are inserted INDEX_EVERY households at a time;
    a plain IndexBatch writes each record at once (the tests compare the two)."""
    total = sum(plan.persons for plan in plans)
    done = reported = 0
    for number, plan in enumerate(plans, start=1):
        if cancelled is not None and cancelled():
            raise ImportCancelled
        household_id = _write_household(session, plan, batch)
        for member in plan.members:
            if member.stored is None:
                services.create_person_in_session(session, household_id, member.values, index=batch)
            elif member.values:
                services.update_person_in_session(
                    session, member.stored, member.values, index=batch
                )
        if number % INDEX_EVERY == 0:
            batch.write(session)
        done += plan.persons
        if progress is not None and done - reported >= PROGRESS_STEP:
            reported = done
            progress(done, total)
    batch.write(session)
    if cancelled is not None and cancelled():  # the last chance: nothing is committed yet
        raise ImportCancelled
    if progress is not None:
        progress(total, total)


def _write_household(session: Session, plan: _HouseholdPlan, batch: services.IndexBatch) -> str:
    if plan.stored is None:
        return services.create_household_in_session(session, plan.values, index=batch).id
    if plan.values:
        services.update_household_in_session(session, plan.stored, plan.values, index=batch)
    return plan.stored.id


__all__ = ["ImportCancelled", "ListImportResult", "apply_import", "plan_import"]
