"""`vss-server export d03-ts|d05-ts --from DATE --to DATE (--collector U | --commune X)
--out FILE.xlsx`: the VSS participant lists of a period, built from the pushed visits
with the app's own builder and writer (vss_core.forms; docs/forms.md).

The selection is the app's: live results of live visits whose local Vietnam day is in
the range (vss_core.forms.participants.utc_bounds), a person once per kind. A collector
is matched on the visits (who recorded them, as the tally counts); a commune on the
visited households, case and accents ignored (vss_core.text.fold). ORM selects only:
the same query on SQLite and PostgreSQL. Output: counts and the file, never a name.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.forms.participants import (
    Form,
    FormKind,
    ResultInput,
    build_form,
    collector_scope,
    result_input,
    result_kinds,
    utc_bounds,
)
from vss_core.text import fold
from vss_server import db as server_db
from vss_server.models import Collection, Household, Person, UserAccount, Visit

EXIT_INPUT = 2
MAX_COMMUNES_LISTED = 30


class ScopeError(ValueError):
    """The scope names no collector or no commune the server knows."""


def run(engine: sa.Engine, args: argparse.Namespace) -> int:
    from vss_core.forms.workbook import write_form

    form_kind = args.form  # "d03-ts" | "d05-ts"
    if args.end < args.start:
        print("error: --to is before --from", file=sys.stderr)
        return EXIT_INPUT
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"error: the folder {out.parent} does not exist", file=sys.stderr)
        return EXIT_INPUT
    try:
        with server_db.read_session(engine) as session:
            form = build(session, form_kind, args.start, args.end, args.collector, args.commune)
    except ScopeError as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return EXIT_INPUT
    if form.count == 0:
        print("note: no participant in this scope and period; the list is empty", file=sys.stderr)
    try:
        count = write_form(form, out)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return EXIT_INPUT
    print(f"{count} participants written to {out}")
    return 0


def build(
    session: Session,
    form: FormKind | str,
    start: date,
    end: date,
    collector: str | None = None,
    commune: str | None = None,
) -> Form:
    """The form for one collector or one commune (exactly one of them)."""
    if (collector is None) == (commune is None):
        raise ScopeError("give a collector or a commune")
    if collector is not None:
        _check_collector(session, collector)
        scope = collector_scope(collector)
        communes = None
    else:
        assert commune is not None
        communes = matching_communes(session, commune)
        scope = commune_label(communes[0])
    inputs = form_inputs(session, form, start, end, collector, communes)
    return build_form(form, start, end, scope, inputs)


def build_within(
    session: Session,
    form: FormKind | str,
    start: date,
    end: date,
    label: str,
    within: sa.ColumnElement[bool],
    collector: str | None = None,
) -> Form:
    """The form of the visits to the households ``within`` a clause on the household
    table (the console: a commune of the supervisor's area, or the whole area), and of
    one collector's visits only when ``collector`` is given. ``label`` names the scope
    on the form (commune_label, collector_scope)."""
    inputs = form_inputs(session, form, start, end, collector, within=within)
    return build_form(form, start, end, label, inputs)


def commune_label(name: str) -> str:
    return f"Địa bàn: {name}"


def _check_collector(session: Session, username: str) -> None:
    found = session.exec(select(UserAccount.id).where(UserAccount.username == username)).first()
    if found is None:
        raise ScopeError(f"no account {username!r} on this server")


_UNIT_WORDS = ("xa ", "phuong ", "thi tran ", "dac khu ")


def commune_key(name: str) -> str:
    """A commune's name folded, without its kind: "Xã Pha Long" and "pha long" match."""
    key = fold(name)
    for word in _UNIT_WORDS:
        if key.startswith(word) and len(key) > len(word):
            return key[len(word) :]
    return key


def matching_communes(session: Session, wanted: str) -> list[str]:
    """The stored commune names that fold like ``wanted`` ("xa pha long", "Pha Long" and
    "XÃ PHA LONG" are "Xã Pha Long"); a name can be written several ways: all count."""
    stored = select(Household.commune).where(col(Household.commune) != "").distinct()
    names = list(session.exec(stored))
    found = sorted(name for name in names if commune_key(name) == commune_key(wanted))
    if not found:
        known = sorted(set(names), key=lambda n: (fold(n), n))
        listed = ", ".join(known[:MAX_COMMUNES_LISTED])
        if len(known) > MAX_COMMUNES_LISTED:
            listed += f" and {len(known) - MAX_COMMUNES_LISTED} more"
        raise ScopeError(
            f"no household in a commune named {wanted!r}."
            f" Communes known: {listed or '(none: import households first)'}"
        )
    return found


def form_inputs(
    session: Session,
    form: FormKind | str,
    start: date,
    end: date,
    collector: str | None = None,
    communes: list[str] | None = None,
    within: sa.ColumnElement[bool] | None = None,
) -> list[ResultInput]:
    lo, hi = utc_bounds(start, end)
    query = (
        select(Collection, Visit, Household, Person)
        .join(Visit, col(Visit.id) == col(Collection.visit_id))
        .join(Household, col(Household.id) == col(Visit.household_id))
        .outerjoin(Person, col(Person.id) == col(Collection.person_id))
        .where(
            col(Visit.deleted).is_(False),
            col(Collection.deleted).is_(False),
            col(Visit.visited_at) >= lo,
            col(Visit.visited_at) < hi,
            col(Collection.kind).in_(result_kinds(FormKind(form))),
        )
    )
    if collector is not None:
        query = query.where(col(Visit.collector) == collector)
    if communes is not None:
        query = query.where(col(Household.commune).in_(communes))
    if within is not None:
        query = query.where(within)
    return [result_input(*row) for row in session.exec(query)]
