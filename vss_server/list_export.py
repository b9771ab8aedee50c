"""`vss-server export list`: a collector's, a village's or a commune's households and
members in the import template's layout (issue 13; docs/import.md, "Exporting the list").

The file reads back with ``vss-server import`` (and the app's import) unchanged: the
same layout, the same words. Deleted households and members are left out. A village or
a commune is matched folded (no case, no accents, đ = d), as it is typed.

Exit codes: 0 written; 2 when the collector has no account, when nothing is in scope
(no household of that collector, village or commune: no file is written, a typo must
not pass for an empty list) or when the file cannot be written. Output names counts,
usernames and place names only, never a person's data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from vss_core.batching import chunks
from vss_core.importing.list_writer import ListCounts, Progress, household_order, write_list
from vss_core.tables import table_of
from vss_core.text import fold
from vss_server import db as server_db
from vss_server.models import Household, Person, UserAccount

PROGRESS_EVERY = 5000  # households between progress lines


class ScopeError(ValueError):
    """The scope names nobody or nothing: the message says which (no personal data)."""


@dataclass(frozen=True, eq=False)
class Scope:
    """Which households: exactly one of a collector's username, villages, communes (the
    stored spellings of a folded name), places ((province, commune) pairs as stored);
    and, for the console, only those ``within`` a supervisor's area (a WHERE clause on
    the household table, vss_server.areas.Scope.household_clause)."""

    collector: str | None = None
    villages: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    places: tuple[tuple[str, str], ...] = ()
    within: sa.ColumnElement[bool] | None = None

    def condition(self, households: sa.Table) -> sa.ColumnElement[bool]:
        if self.collector is not None:
            chosen = households.c.collector == self.collector
        elif self.villages:
            chosen = households.c.village.in_(self.villages)
        elif self.places:
            chosen = sa.tuple_(households.c.province, households.c.commune).in_(self.places)
        else:
            chosen = households.c.commune.in_(self.communes)
        return chosen if self.within is None else sa.and_(chosen, self.within)

    def count(self, conn: sa.Connection) -> tuple[int, int]:
        """(live households in scope, those of them with a live member)."""
        households, persons = table_of(Household), table_of(Person)
        live = households.c.deleted.is_(False) & self.condition(households)
        with_members = sa.exists().where(
            persons.c.household_id == households.c.id, persons.c.deleted.is_(False)
        )
        total = conn.execute(sa.select(sa.func.count()).where(live)).scalar_one()
        filled = conn.execute(sa.select(sa.func.count()).where(live, with_members)).scalar_one()
        return int(total), int(filled)


def run(engine: sa.Engine, args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"error: the folder {out.parent} does not exist", file=sys.stderr)
        return 2
    try:
        scope, what = resolve_scope(engine, args.collector, args.village, args.commune)
        counts = export_list(engine, scope, out, progress=_Progress())
    except ScopeError as exc:
        print(f"error: {exc}; no file written", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{counts.households} households, {counts.persons} persons of {what} written to {out}")
    if counts.without_members:
        print(
            f"warning: {counts.without_members} households without members left out"
            " (the template has one row per person)",
            file=sys.stderr,
        )
    return 0


def resolve_scope(
    engine: sa.Engine, collector: str | None, village: str | None, commune: str | None
) -> tuple[Scope, str]:
    """The scope the arguments ask for and how to name it; ScopeError when it holds no
    household (or the collector has no account)."""
    households = table_of(Household)
    with server_db.read_session(engine) as session:
        if collector is not None:
            user = session.exec(select(UserAccount).where(UserAccount.username == collector))
            if user.first() is None:
                raise ScopeError(f"no account with the username {collector!r}")
            scope, what = Scope(collector=collector), f"collector {collector}"
        else:
            column = households.c.village if village is not None else households.c.commune
            asked = village if village is not None else commune
            kind = "village" if village is not None else "commune"
            stored = session.connection().execute(
                sa.select(column).where(households.c.deleted.is_(False)).distinct()
            )
            names = tuple(sorted(n for (n,) in stored if n and fold(n) == fold(asked)))
            if not names:
                raise ScopeError(f"no household in a {kind} named {asked!r}")
            scope = Scope(villages=names) if village is not None else Scope(communes=names)
            what = f"{kind} {asked}"
        total, filled = scope.count(session.connection())
        if not total:
            raise ScopeError(f"nothing to export: {what} has no household")
        if not filled:
            raise ScopeError(f"nothing to export: no household of {what} has members")
    return scope, what


def export_list(
    engine: sa.Engine,
    scope: Scope,
    path: Path,
    progress: Progress | None = None,
) -> ListCounts:
    """Write the scope's live households and members to ``path`` (atomically), read in
    one transaction (REPEATABLE READ on PostgreSQL: one consistent picture)."""
    with server_db.read_session(engine) as session:
        rows = _households(session.connection(), scope)
        return write_list(path, rows, progress=progress)


def _households(conn: sa.Connection, scope: Scope) -> Iterator[tuple[Any, Sequence[Any]]]:
    households, persons = table_of(Household), table_of(Person)
    keys = conn.execute(
        sa.select(
            households.c.id,
            households.c.village,
            households.c.house_number,
            households.c.head_name,
            households.c.code,
        ).where(households.c.deleted.is_(False), scope.condition(households))
    ).all()
    ordered = [row.id for row in sorted(keys, key=lambda r: (*household_order(r), r.id))]
    for ids in chunks(ordered):
        found = {
            row.id: row
            for row in conn.execute(sa.select(households).where(households.c.id.in_(ids)))
        }
        members: dict[str, list[Any]] = {}
        person_rows = conn.execute(
            sa.select(persons).where(persons.c.household_id.in_(ids), persons.c.deleted.is_(False))
        )
        for person in person_rows:
            members.setdefault(person.household_id, []).append(person)
        for household_id in ids:
            yield found[household_id], members.get(household_id, [])


class _Progress:
    """A line on stderr every PROGRESS_EVERY households (the writer reports more often)."""

    def __init__(self) -> None:
        self.shown = 0

    def __call__(self, households: int, persons: int) -> None:
        if households - self.shown >= PROGRESS_EVERY:
            self.shown = households
            print(f"export: {households} households, {persons} persons", file=sys.stderr)
