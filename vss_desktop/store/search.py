"""Diacritic- and đ-insensitive search over households and persons (SQLite FTS5).

Each household and each person has one document of folded text (see
:func:`vss_desktop.text.fold`): names, household code, CCCD, BHXH code, BHYT
card number and phone. A query matches documents containing every query word
as a word prefix, so "nguyen thi hong", "Hồng", "NGUYEN" and "0912" all work.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from vss_desktop.domain.identifiers import bhxh_code_of_card, normalize_phone
from vss_desktop.store.models import Household, Person
from vss_desktop.text import fold

SEARCH_TABLES = ("search_",)

# The tables themselves (search_doc, and the FTS5 table search_fts with prefix
# indexes for the first keystrokes) are created by migration 0001.


def household_text(h: Household) -> str:
    return " ".join([h.code, h.head_name, normalize_phone(h.phone)])


def person_text(p: Person) -> str:
    card = p.bhyt_card_number
    parts = [p.full_name, p.cccd, p.bhxh_code, card, normalize_phone(p.phone)]
    if card and (code := bhxh_code_of_card(card)) and code != p.bhxh_code:
        parts.append(code)
    return " ".join(parts)


def _upsert(session: Session, ref: str, household_id: str, text: str) -> None:
    conn = session.connection()
    rowid = conn.exec_driver_sql("SELECT rowid FROM search_doc WHERE ref = ?", (ref,)).scalar()
    if rowid is None:
        rowid = conn.exec_driver_sql(
            "INSERT INTO search_doc (ref, household_id) VALUES (?, ?)", (ref, household_id)
        ).lastrowid
    else:
        conn.exec_driver_sql(
            "UPDATE search_doc SET household_id = ? WHERE rowid = ?", (household_id, rowid)
        )
        conn.exec_driver_sql("DELETE FROM search_fts WHERE rowid = ?", (rowid,))
    conn.exec_driver_sql("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", (rowid, fold(text)))


def remove(session: Session, ref: str) -> None:
    conn = session.connection()
    rowid = conn.exec_driver_sql("SELECT rowid FROM search_doc WHERE ref = ?", (ref,)).scalar()
    if rowid is not None:
        conn.exec_driver_sql("DELETE FROM search_fts WHERE rowid = ?", (rowid,))
        conn.exec_driver_sql("DELETE FROM search_doc WHERE rowid = ?", (rowid,))


def index_household(session: Session, h: Household) -> None:
    if h.deleted_at is not None:
        remove(session, "h:" + h.id)
    else:
        _upsert(session, "h:" + h.id, h.id, household_text(h))


def index_person(session: Session, p: Person) -> None:
    if p.deleted_at is not None:
        remove(session, "p:" + p.id)
    else:
        _upsert(session, "p:" + p.id, p.household_id, person_text(p))


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the tables (after bulk loads). Returns documents."""
    conn = session.connection()
    for stmt in ("DELETE FROM search_fts", "DELETE FROM search_doc"):
        conn.exec_driver_sql(stmt)
    # Plain column rows, not ORM objects: the text builders only read attributes.
    households = conn.execute(
        sa.select(Household.id, Household.code, Household.head_name, Household.phone).where(
            Household.deleted_at.is_(None)
        )
    )
    docs: list[tuple[str, str, str]] = [("h:" + h.id, h.id, household_text(h)) for h in households]
    persons = conn.execute(
        sa.select(
            Person.id,
            Person.household_id,
            Person.full_name,
            Person.cccd,
            Person.bhxh_code,
            Person.bhyt_card_number,
            Person.phone,
        ).where(Person.deleted_at.is_(None))
    )
    docs += [("p:" + p.id, p.household_id, person_text(p)) for p in persons]
    _bulk_insert(conn, docs)
    return len(docs)


def _bulk_insert(conn: sa.Connection, docs: list[tuple[str, str, str]]) -> None:
    # Explicit rowids let the FTS rows go in as plain VALUES: an INSERT ... SELECT per
    # row makes FTS5 flush its pending terms each time (about 15x slower at 250k rows).
    start = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM search_doc").scalar_one()
    numbered = [(start + i + 1, ref, hid, text) for i, (ref, hid, text) in enumerate(docs)]
    conn.exec_driver_sql(
        "INSERT INTO search_doc (rowid, ref, household_id) VALUES (?, ?, ?)",
        [(n, ref, hid) for n, ref, hid, _ in numbered],
    )
    conn.exec_driver_sql(
        "INSERT INTO search_fts (rowid, body) VALUES (?, ?)",
        [(n, fold(text)) for n, _, _, text in numbered],
    )


def match_expression(query: str) -> str | None:
    """Turn what the collector typed into an FTS5 query (every word as a prefix)."""
    raw = query.strip()
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    words = fold(raw).split()
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def matching_household_ids_sql() -> str:
    """SQL selecting household ids whose own or members' documents match ``:match``."""
    return (
        "SELECT d.household_id FROM search_fts f JOIN search_doc d ON d.rowid = f.rowid"
        " WHERE search_fts MATCH :match"
    )
