"""`vss-server import`: the commune's list of households and members into the server.

The file is read and checked by vss_core.importing (all or nothing); this module matches
it against the database and writes it in one transaction through the change feed, so
collectors' laptops pull the changes like any server change. Messages name rows and
columns only, never a cell's content (personal data). See docs/import.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.batching import chunks
from vss_core.importing import ParsedHousehold, ParsedList, ParsedPerson, parse_list
from vss_core.importing.matching import (
    UNASSIGN,
    collector_cell,
    household_key,
    identity_key,
    match_person,
    present,
)
from vss_core.importing.outcome import ListImportResult, RowOutcome, where_text, write_report
from vss_core.tables import table_of
from vss_server import db as server_db
from vss_server import feed
from vss_server.models import AuditEntry, Household, Person, UserAccount

ADMIN_DEVICE = "admin-cli"
PROGRESS_EVERY = 5000  # rows between progress lines
WHOLE_TABLE_FROM = 2000  # household codes in a file from which all households are read
Progress = Callable[[int, int], None]  # (rows done, rows in all)


class ListImportError(ValueError):
    """The list was refused: nothing was written."""


class _Rollback(Exception):
    """Leaves the write session without committing (dry run, refused rows)."""


def import_list(
    engine: sa.Engine,
    path: Path,
    *,
    dry_run: bool = False,
    assign_to: str | None = None,
    ignore_columns: Iterable[str] = (),
    today: date | None = None,
    progress: Progress | None = None,
) -> ListImportResult:
    """Import ``path``; the result says per row what happened (or would, ``dry_run``).

    Raises ListRefused for a file that cannot be read. Refused rows write nothing: the
    result has ``refused`` set and ``written`` false.
    """
    parsed = parse_list(path, ignore_columns=ignore_columns, today=today)
    result = ListImportResult()
    result.mark_parse_errors(parsed)
    try:
        with server_db.write_session(engine) as session:
            _check_users(session, parsed, assign_to, result)
            _Writer(session, result, assign_to, progress).run(parsed.households)
            result.refused = any(o.status == "refused" for o in result.rows.values())
            if result.refused or dry_run:
                raise _Rollback
            result.written = True
    except _Rollback:
        pass
    return result


def _check_users(
    session: Session, parsed: ParsedList, assign_to: str | None, result: ListImportResult
) -> None:
    users = {
        u.username: u
        for u in session.exec(select(UserAccount).where(col(UserAccount.active).is_(True)))
    }
    if assign_to is not None:
        user = users.get(assign_to)
        if user is None or user.role != "collector":
            raise ListImportError("--assign-to: no active collector with this username")
    for household in parsed.households:
        collector = household.values.get("collector") or ""
        if collector and collector != UNASSIGN and collector not in users:
            result.mark(
                (household.sheet, household.row),
                "refused",
                "column collector: no active account with this username"
                f" (create it first, leave the cell blank, or '{UNASSIGN}' unassigns)",
            )


class _Writer:
    """Matches and writes households and their members, in one session."""

    def __init__(
        self,
        session: Session,
        result: ListImportResult,
        assign_to: str | None,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.conn = session.connection()
        self.result = result
        self.assign_to = assign_to
        self.progress = progress
        # New records and audit lines, written in bulk at the end (flush_new).
        self.new: dict[str, list[dict[str, Any]]] = {"household": [], "person": []}
        self.audits: list[dict[str, Any]] = []
        self.now = datetime.now(UTC)
        stamps = {"created_by": "import", "created_at": self.now, "updated_at": self.now}
        self.defaults = {
            "household": Household(id="", head_name="", village="").model_dump() | stamps,
            "person": Person(id="", household_id="", full_name="").model_dump() | stamps,
        }

    def run(self, households: list[ParsedHousehold]) -> None:
        matched = self._match_households(households)
        persons = self._load_persons([h.id for h in matched.values() if h is not None])
        total = sum(len(h.rows) or 1 for h in households)
        done = 0
        for parsed in households:
            stored = matched.get(id(parsed))
            household_id = self._household(parsed, stored)
            self._members(parsed, household_id, persons.get(household_id, []))
            done += len(parsed.rows) or 1
            if self.progress and (
                done // PROGRESS_EVERY != (done - len(parsed.rows)) // PROGRESS_EVERY
            ):
                self.progress(done, total)
        self.flush_new()
        if self.progress:
            self.progress(total, total)

    def flush_new(self) -> None:
        """Insert the new records, their feed entries and versions: a statement per chunk."""
        for entity, model in (("household", Household), ("person", Person)):
            rows = self.new[entity]
            table = table_of(model)
            for chunk in chunks(rows, 1000):
                entries = [
                    {"entity": entity, "entity_id": r["id"], "household_id": r["_household"]}
                    for r in chunk
                ]
                # Each record's version is its feed entry's sequence, as for any change.
                added = feed.FEED.insert().returning(feed.FEED.c.seq, sort_by_parameter_order=True)
                seqs = self.conn.execute(added, entries).scalars().all()
                columns = [
                    {k: v for k, v in r.items() if k != "_household"} | {"version": seq}
                    for r, seq in zip(chunk, seqs, strict=True)
                ]
                self.conn.execute(table.insert(), columns)
        if self.audits:
            for chunk in chunks(self.audits, 1000):
                self.conn.execute(table_of(AuditEntry).insert(), chunk)

    # --- households ---------------------------------------------------------------------

    def _match_households(self, households: list[ParsedHousehold]) -> dict[int, Household | None]:
        codes = {h.values["code"] for h in households if h.values.get("code")}
        by_code: dict[str, list[Household]] = {}
        for h in self._households_with_codes(codes):
            if h.code in codes:
                by_code.setdefault(h.code, []).append(h)
        keyless = {household_key(h) for h in households if not h.values.get("code")}
        by_key = self._households_by_key(keyless) if keyless else {}
        out: dict[int, Household | None] = {}
        for parsed in households:
            code = parsed.values.get("code")
            found = by_code.get(code, []) if code else by_key.get(household_key(parsed), [])
            live = [h for h in found if not h.deleted] or found
            if len(live) > 1:
                self.result.mark(
                    (parsed.sheet, parsed.row), "refused", "several stored households match"
                )
            out[id(parsed)] = live[0] if live else None
        return out

    def _households_with_codes(self, codes: set[str]) -> Iterable[Household]:
        """Households with these codes (and maybe others). A district's list reads the
        whole table at once, cheaper than dozens of IN lists of 500 codes (measured)."""
        if len(codes) > WHOLE_TABLE_FROM:
            yield from self.session.exec(select(Household))
            return
        for chunk in chunks(sorted(codes), 500):
            yield from self.session.exec(select(Household).where(col(Household.code).in_(chunk)))

    def _households_by_key(
        self, keys: set[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], list[Household]]:
        columns = select(
            Household.id, Household.head_name, Household.village, Household.house_number
        )
        ids = {
            hid: key
            for hid, head, village, house in self.session.exec(columns)
            if (key := identity_key(head, village, house)) in keys
        }
        found: dict[tuple[str, str, str], list[Household]] = {}
        for chunk in chunks(sorted(ids), 500):
            for h in self.session.exec(select(Household).where(col(Household.id).in_(chunk))):
                found.setdefault(ids[h.id], []).append(h)
        return found

    def _household(self, parsed: ParsedHousehold, stored: Household | None) -> str:
        """Create or update the household of ``parsed``; returns its id."""
        values = {k: v for k, v in parsed.values.items() if k != "collector" and present(v)}
        collector = self._collector(parsed)
        if stored is None:
            new_id = str(uuid.uuid4())
            row = values | {"id": new_id, "collector": collector or ""}
            self._add_new("household", row, new_id, sorted(values))
            self._done((parsed.sheet, parsed.row), "household", "created")
            return new_id
        changed = sorted(k for k, v in values.items() if getattr(stored, k) != v)
        if changed:
            for name in changed:
                setattr(stored, name, values[name])
            stored.version = feed.record_change(self.session, "household", stored.id, stored.id)
            self.session.add(stored)
        if collector is not None and feed.reassign_household(self.session, stored, collector):
            changed.append("collector")
        if changed:
            self._audit("update", "household", stored.id, changed)
        self._done((parsed.sheet, parsed.row), "household", "updated" if changed else "unchanged")
        return stored.id

    def _collector(self, parsed: ParsedHousehold) -> str | None:
        """The household's collector to set: None keeps it (blank cell), "" unassigns."""
        if self.assign_to is not None:
            return self.assign_to
        return collector_cell(parsed.values.get("collector"))

    # --- persons ------------------------------------------------------------------------

    def _load_persons(self, household_ids: list[str]) -> dict[str, list[Person]]:
        found: dict[str, list[Person]] = {}
        for chunk in chunks(sorted(set(household_ids)), 500):
            stmt = select(Person).where(
                col(Person.household_id).in_(chunk), col(Person.deleted).is_(False)
            )
            for person in self.session.exec(stmt):
                found.setdefault(person.household_id, []).append(person)
        return found

    def _members(self, parsed: ParsedHousehold, household_id: str, stored: list[Person]) -> None:
        taken: set[str] = set()
        for member in parsed.members:
            match = match_person(member.values, [p for p in stored if p.id not in taken])
            if match is not None:
                taken.add(match.id)
            self._person(member, household_id, match)

    def _person(self, member: ParsedPerson, household_id: str, stored: Person | None) -> None:
        values = {k: v for k, v in member.values.items() if present(v)}
        if stored is None:
            row = values | {"id": str(uuid.uuid4()), "household_id": household_id}
            self._add_new("person", row, household_id, sorted(values))
            self._done((member.sheet, member.row), "person", "created")
            return
        changed = sorted(k for k, v in values.items() if getattr(stored, k) != v)
        if changed:
            for name in changed:
                setattr(stored, name, values[name])
            stored.version = feed.record_change(self.session, "person", stored.id, household_id)
            self.session.add(stored)
            self._audit("update", "person", stored.id, changed)
        self._done((member.sheet, member.row), "person", "updated" if changed else "unchanged")

    # --- bookkeeping --------------------------------------------------------------------

    def _done(self, where: tuple[str | None, int], kind: str, status: str) -> None:
        self.result.count(kind, status)
        self.result.mark(where, status)

    def _add_new(
        self, entity: str, values: dict[str, Any], household_id: str, names: list[str]
    ) -> None:
        """A new record as a row for flush_new: the model's defaults, then the file's values
        (already checked by the parser; building model objects would take most of the time)."""
        row = self.defaults[entity] | values
        row["_household"] = household_id  # for the feed entry; not a column
        self.new[entity].append(row)
        self.audits.append(
            {
                "device_id": ADMIN_DEVICE,
                "action": "create",
                "entity": entity,
                "entity_id": values["id"],
                "field_names": ",".join(names),
                "detail": "import",
                "at": self.now,
            }
        )

    def _audit(self, action: str, entity: str, entity_id: str, names: list[str]) -> None:
        self.session.add(
            AuditEntry(
                device_id=ADMIN_DEVICE,
                action=action,
                entity=entity,
                entity_id=entity_id,
                field_names=",".join(names),
                detail="import",
            )
        )


__all__ = [
    "ListImportError",
    "ListImportResult",
    "RowOutcome",
    "import_list",
    "where_text",
    "write_report",
]
