"""`vss-server import`: the commune's list of households and members into the server.

The file is read and checked by vss_core.importing (all or nothing); this module matches
it against the database and writes it in one transaction through the change feed, so
collectors' laptops pull the changes like any server change. Messages name rows and
columns only, never a cell's content (personal data). See docs/import.md.
"""

from __future__ import annotations

import operator
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
    HELD_ELSEWHERE_CODE,
    IDENTIFIER_FIELDS,
    UNASSIGN,
    HolderIndex,
    collector_cell,
    held_field,
    held_reason,
    holder_index,
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

HOUSEHOLDS = table_of(Household)
PERSONS = table_of(Person)

ADMIN_DEVICE = "admin-cli"
PROGRESS_EVERY = 5000  # rows between progress lines
WHOLE_TABLE_FROM = 2000  # household codes in a file from which all households are read
Progress = Callable[[int, int], None]  # (rows done, rows in all)
Allowed = Callable[[str, str], bool]  # (province, commune) -> may this import touch it
OUTSIDE_AREA = "columns province, commune: the household lies outside your area"
# The codes of this module's refusals (RowOutcome.problems; the console words them).
OUTSIDE_AREA_CODE = "household.outside_area"
UNKNOWN_COLLECTOR_CODE = "collector.unknown"
SEVERAL_MATCH = "several stored households match"
SEVERAL_MATCH_CODE = "household.several_match"
Row = sa.Row[Any]  # a stored household or person, read by Core


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
    allowed: Allowed | None = None,
) -> ListImportResult:
    """Import ``path``; the result says per row what happened (or would, ``dry_run``).

    Raises ListRefused for a file that cannot be read. Refused rows write nothing: the
    result has ``refused`` set and ``written`` false. ``allowed`` (the console: a
    supervisor's area) refuses every household whose place, as stored or as it would
    be, it does not allow.
    """
    parsed = parse_list(path, ignore_columns=ignore_columns, today=today)
    result = ListImportResult()
    result.mark_parse_errors(parsed)
    try:
        with server_db.write_session(engine) as session:
            _check_users(session, parsed, assign_to, result)
            _Writer(session, result, assign_to, progress, allowed).run(parsed.households)
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
        return  # every household goes to assign_to: the file's collector cells are not used
    for household in parsed.households:
        collector = household.values.get("collector") or ""
        if collector and collector != UNASSIGN and collector not in users:
            result.refuse(
                (household.sheet, household.row),
                "column collector: no active account with this username"
                f" (create it first, leave the cell blank, or '{UNASSIGN}' unassigns)",
                UNKNOWN_COLLECTOR_CODE,
                "collector",
                {"unassign": UNASSIGN},
            )


class _Writer:
    """Matches and writes households and their members, in one transaction.

    Stored rows are read and written as Core rows: ORM objects for a district's 50,000
    persons would cost more than the database does.
    """

    def __init__(
        self,
        session: Session,
        result: ListImportResult,
        assign_to: str | None,
        progress: Progress | None,
        allowed: Allowed | None = None,
    ) -> None:
        self.conn = session.connection()
        self.allowed = allowed
        self.postgres = self.conn.dialect.name == "postgresql"
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
        self.holders: HolderIndex = {}

    def run(self, households: list[ParsedHousehold]) -> None:
        matched = self._match_households(households)
        persons = self._load_persons([h.id for h in matched.values() if h is not None])
        self.holders = self._holders(households)
        total = sum(len(h.rows) or 1 for h in households)
        done = 0
        for parsed in households:
            stored = matched.get(id(parsed))
            if self._outside(parsed, stored):
                where = (parsed.sheet, parsed.row)
                self.result.refuse(where, OUTSIDE_AREA, OUTSIDE_AREA_CODE)
            else:
                household_id = self._household(parsed, stored)
                self._members(parsed, household_id, persons.get(household_id, []))
            done += len(parsed.rows) or 1
            if self.progress and (
                done // PROGRESS_EVERY != (done - len(parsed.rows)) // PROGRESS_EVERY
            ):
                self.progress(done, total)
        if not any(o.status == "refused" for o in self.result.rows.values()):
            self.flush_new()  # a refused file is rolled back: nothing to insert
        if self.progress:
            self.progress(total, total)

    def flush_new(self) -> None:
        """Insert the new records with their feed entries, and every audit line, in bulk.

        Each new record's version is its feed entry's sequence, as for any change."""
        for entity, model in (("household", Household), ("person", Person)):
            rows = self.new[entity]
            if not rows:
                continue
            entries = [
                {"entity": entity, "entity_id": r["id"], "household_id": r.pop("_household")}
                for r in rows
            ]
            for row, seq in zip(rows, self._add_to_feed(entries), strict=True):
                row["version"] = seq
            self._insert(table_of(model), rows)
        self._insert(table_of(AuditEntry), self.audits)

    def _add_to_feed(self, entries: list[dict[str, Any]]) -> list[int]:
        """Append feed entries in order; their sequence numbers. The caller holds the feed
        lock (server_db.write_session), so the numbers follow commit order."""
        if self.postgres:
            reserve = sa.text(
                "SELECT nextval(pg_get_serial_sequence('change_feed', 'seq'))"
                " FROM generate_series(1, :n)"
            )
            seqs = sorted(self.conn.execute(reserve, {"n": len(entries)}).scalars())
        else:
            # The highest number ever given (AUTOINCREMENT keeps it in sqlite_sequence,
            # even once its entry is gone): never reuse one. Explicit larger numbers
            # move sqlite_sequence on, as the database's own would.
            last = sa.text(
                "SELECT max(s) FROM (SELECT seq AS s FROM sqlite_sequence"
                " WHERE name = 'change_feed' UNION ALL SELECT max(seq) FROM change_feed)"
            )
            start = int(self.conn.execute(last).scalar() or 0) + 1
            seqs = list(range(start, start + len(entries)))
        self._insert(feed.FEED, [e | {"seq": seq} for e, seq in zip(entries, seqs, strict=True)])
        return seqs

    def _insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows that all have the same keys, on the transaction's own driver
        connection: COPY on PostgreSQL, one prepared INSERT run for every row on SQLite.
        Several times faster for a district than SQLAlchemy's multi-row INSERTs, which
        process each parameter of 50,000 rows in Python (measured)."""
        if not rows:
            return
        names = list(rows[0])
        # The driver bypasses SQLAlchemy's column types: apply their bind conversions
        # here (aware UTC datetimes to the naive UTC the columns hold, SQLite's dates).
        dialect = self.conn.dialect
        convert = [table.c[n].type.bind_processor(dialect) for n in names]
        pick = operator.itemgetter(*names)  # every table here has several columns
        values = (
            [v if fn is None else fn(v) for v, fn in zip(pick(row), convert, strict=True)]
            for row in rows
        )
        columns = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
        driver = self.conn.connection.driver_connection
        assert driver is not None
        if not self.postgres:
            marks = ", ".join("?" * len(names))
            driver.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)
            return
        copy_in = f"COPY {table.name} ({columns}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(copy_in) as copy:
            for row in values:
                copy.write_row(row)

    # --- households ---------------------------------------------------------------------

    def _match_households(self, households: list[ParsedHousehold]) -> dict[int, Row | None]:
        codes = {h.values["code"] for h in households if h.values.get("code")}
        by_code: dict[str, list[Row]] = {}
        for h in self._households_with_codes(codes):
            if h.code in codes:
                by_code.setdefault(h.code, []).append(h)
        keyless = {household_key(h) for h in households if not h.values.get("code")}
        by_key = self._households_by_key(keyless) if keyless else {}
        out: dict[int, Row | None] = {}
        for parsed in households:
            code = parsed.values.get("code")
            found = by_code.get(code, []) if code else by_key.get(household_key(parsed), [])
            live = [h for h in found if not h.deleted] or found
            if len(live) > 1:
                where = (parsed.sheet, parsed.row)
                self.result.refuse(where, SEVERAL_MATCH, SEVERAL_MATCH_CODE)
            out[id(parsed)] = live[0] if live else None
        return out

    def _households_with_codes(self, codes: set[str]) -> Iterable[Row]:
        """Households with these codes (and maybe others). A district's list reads the
        whole table at once, cheaper than dozens of IN lists of 500 codes (measured)."""
        if len(codes) > WHOLE_TABLE_FROM:
            yield from self.conn.execute(sa.select(HOUSEHOLDS))
            return
        for chunk in chunks(sorted(codes), 500):
            yield from self.conn.execute(sa.select(HOUSEHOLDS).where(HOUSEHOLDS.c.code.in_(chunk)))

    def _households_by_key(
        self, keys: set[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], list[Row]]:
        h = HOUSEHOLDS.c
        columns = sa.select(h.id, h.head_name, h.village, h.house_number)
        ids = {
            hid: key
            for hid, head, village, house in self.conn.execute(columns)
            if (key := identity_key(head, village, house)) in keys
        }
        found: dict[tuple[str, str, str], list[Row]] = {}
        for chunk in chunks(sorted(ids), 500):
            for row in self.conn.execute(sa.select(HOUSEHOLDS).where(h.id.in_(chunk))):
                found.setdefault(ids[row.id], []).append(row)
        return found

    def _outside(self, parsed: ParsedHousehold, stored: Row | None) -> bool:
        """Whether ``allowed`` refuses the household's place before or after the import
        (a blank cell keeps the stored value)."""
        if self.allowed is None:
            return False
        if stored is not None and not self.allowed(stored.province, stored.commune):
            return True
        province = parsed.values.get("province") or (stored.province if stored else "")
        commune = parsed.values.get("commune") or (stored.commune if stored else "")
        return not self.allowed(province, commune)

    def _household(self, parsed: ParsedHousehold, stored: Row | None) -> str:
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
        versions: dict[str, int] = {}
        if changed:
            version = feed.move_to_head(self.conn, "household", stored.id, stored.id)
            versions = dict.fromkeys(changed, version)
        if collector is not None and collector != stored.collector:
            # The household and all under it move to the new collector, with a removal
            # notice for the old one (as `vss-server assign`).
            versions["collector"] = feed.reassign(self.conn, stored.id, stored.collector, collector)
            changed.append("collector")
        if changed:
            self._update(
                "household", stored, {k: values[k] for k in changed if k in values}, versions
            )
        self._done((parsed.sheet, parsed.row), "household", "updated" if changed else "unchanged")
        return stored.id

    def _collector(self, parsed: ParsedHousehold) -> str | None:
        """The household's collector to set: None keeps it (blank cell), "" unassigns."""
        if self.assign_to is not None:
            return self.assign_to
        return collector_cell(parsed.values.get("collector"))

    # --- persons ------------------------------------------------------------------------

    def _load_persons(self, household_ids: list[str]) -> dict[str, list[Row]]:
        """The live members of these households (all live persons read at once for a
        district, as the households are)."""
        wanted = set(household_ids)
        live = PERSONS.c.deleted.is_(False)
        if len(wanted) > WHOLE_TABLE_FROM:
            batches: Iterable[Iterable[Row]] = [self.conn.execute(sa.select(PERSONS).where(live))]
        else:
            batches = (
                self.conn.execute(sa.select(PERSONS).where(PERSONS.c.household_id.in_(chunk), live))
                for chunk in chunks(sorted(wanted), 500)
            )
        found: dict[str, list[Row]] = {}
        for batch in batches:
            for person in batch:
                if person.household_id in wanted:
                    found.setdefault(person.household_id, []).append(person)
        return found

    def _holders(self, households: list[ParsedHousehold]) -> HolderIndex:
        """Which household holds each BHXH code and CCCD of the file among the stored live
        persons of live households (matching.held_elsewhere)."""
        p, h = PERSONS.c, HOUSEHOLDS.c
        query = (
            sa.select(p.household_id, p.bhxh_code, p.cccd)
            .join_from(PERSONS, HOUSEHOLDS, h.id == p.household_id)
            .where(p.deleted.is_(False), h.deleted.is_(False))
        )
        wanted = {
            name: {v for hh in households for m in hh.members if (v := m.values.get(name))}
            for name in IDENTIFIER_FIELDS
        }
        if sum(len(values) for values in wanted.values()) > WHOLE_TABLE_FROM:
            return holder_index(self.conn.execute(query).all())
        rows: list[tuple[str, str | None, str | None]] = []
        for name, values in wanted.items():
            for chunk in chunks(sorted(values), 500):
                rows.extend(self.conn.execute(query.where(p[name].in_(chunk))).all())
        return holder_index(rows)

    def _members(self, parsed: ParsedHousehold, household_id: str, stored: list[Row]) -> None:
        taken: set[str] = set()
        for member in parsed.members:
            held = held_field(member.values, household_id, self.holders)
            if held is not None:  # matching.held_elsewhere, with its code
                where = (member.sheet, member.row)
                self.result.refuse(where, held_reason(held), HELD_ELSEWHERE_CODE, held)
                continue
            match = match_person(member.values, [p for p in stored if p.id not in taken])
            if match is not None:
                taken.add(match.id)
            self._person(member, household_id, match)

    def _person(self, member: ParsedPerson, household_id: str, stored: Row | None) -> None:
        values = {k: v for k, v in member.values.items() if present(v)}
        if stored is None:
            row = values | {"id": str(uuid.uuid4()), "household_id": household_id}
            self._add_new("person", row, household_id, sorted(values))
            self._done((member.sheet, member.row), "person", "created")
            return
        changed = sorted(k for k, v in values.items() if getattr(stored, k) != v)
        if changed:
            version = feed.move_to_head(self.conn, "person", stored.id, household_id)
            self._update(
                "person", stored, {k: values[k] for k in changed}, dict.fromkeys(changed, version)
            )
        self._done((member.sheet, member.row), "person", "updated" if changed else "unchanged")

    # --- bookkeeping --------------------------------------------------------------------

    def _update(
        self, entity: str, stored: Row, changes: dict[str, Any], versions: dict[str, int]
    ) -> None:
        """Write a stored record's changed fields, its version, and for each changed field
        the version and "device" of its change: a laptop's unsent edit of the same field
        is then a conflict on push, as against any server change (docs/sync-protocol.md);
        its edits of other fields are applied."""
        marks = feed.marked_field_versions(stored.field_versions, versions, ADMIN_DEVICE)
        table = HOUSEHOLDS if entity == "household" else PERSONS
        self.conn.execute(
            table.update()
            .where(table.c.id == stored.id)
            .values(
                changes
                | {
                    "version": max(versions.values()),
                    "field_versions": marks,
                    "updated_at": self.now,
                }
            )
        )
        self.audits.append(self._audit_line("update", entity, stored.id, sorted(versions)))

    def _done(self, where: tuple[str | None, int], kind: str, status: str) -> None:
        self.result.count(kind, status)
        self.result.mark(where, status)

    def _add_new(
        self, entity: str, values: dict[str, Any], household_id: str, names: list[str]
    ) -> None:
        """A new record as a row for flush_new: the model's defaults, then the file's values
        (already checked by the parser; building model objects would take most of the time).
        Its field versions stay empty: no laptop can hold an edit older than the record."""
        row = self.defaults[entity] | values
        row["_household"] = household_id  # for the feed entry; not a column
        self.new[entity].append(row)
        self.audits.append(self._audit_line("create", entity, values["id"], names))

    def _audit_line(
        self, action: str, entity: str, entity_id: str, names: list[str]
    ) -> dict[str, Any]:
        return {
            "device_id": ADMIN_DEVICE,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "field_names": ",".join(names),
            "detail": "import",
            "at": self.now,
        }


__all__ = [
    "ListImportError",
    "ListImportResult",
    "RowOutcome",
    "import_list",
    "where_text",
    "write_report",
]
