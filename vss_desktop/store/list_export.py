"""The collector's whole list (live households and members) to .xlsx in the import
template's layout (issue 13; docs/import.md, "Exporting the list"). No Qt: the window and the command
line both call :func:`export_list`.

Households are read in slices of 500 with their members, in one read transaction (one
consistent picture of the database), and streamed to vss_core's list writer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from vss_core.batching import chunks
from vss_core.importing.list_writer import (
    DEFAULT_WARNING,
    ListCounts,
    Progress,
    household_order,
    write_list,
)
from vss_core.tables import table_of
from vss_desktop.store.db import Store
from vss_desktop.store.models import Household, Person

__all__ = ["ListCounts", "export_list"]


def export_list(
    store: Store,
    path: Path,
    *,
    warning: str | None = DEFAULT_WARNING,
    progress: Progress | None = None,
) -> ListCounts:
    """Write every live household and its live members to ``path`` (atomically)."""
    with store.read() as session:
        conn = session.connection()  # the session's transaction: one snapshot throughout
        return write_list(path, _households(conn), warning=warning, progress=progress)


def _households(conn: sa.Connection) -> Iterator[tuple[Any, Sequence[Any]]]:
    households, persons = table_of(Household), table_of(Person)
    live = households.c.deleted_at.is_(None)
    keys = conn.execute(
        sa.select(
            households.c.id,
            households.c.village,
            households.c.house_number,
            households.c.head_name,
            households.c.code,
        ).where(live)
    ).all()
    ordered = [row.id for row in sorted(keys, key=lambda r: (*household_order(r), r.id))]
    for ids in chunks(ordered):
        found = {
            row.id: row
            for row in conn.execute(sa.select(households).where(households.c.id.in_(ids)))
        }
        members: dict[str, list[Any]] = {}
        person_rows = conn.execute(
            sa.select(persons).where(
                persons.c.household_id.in_(ids), persons.c.deleted_at.is_(None)
            )
        )
        for person in person_rows:
            members.setdefault(person.household_id, []).append(person)
        for household_id in ids:
            if household_id in found:
                yield found[household_id], members.get(household_id, [])
