"""Diacritic- and đ-insensitive search over households and persons (SQLite FTS5).

Each household and each person has one document of folded text (see
:func:`vss_core.text.fold`): names, household code, CCCD, BHXH code, BHYT
card number and phone. A query matches documents containing every query word
as a word prefix, so "nguyen thi hong", "Hồng", "NGUYEN" and "0912" all work. What a
document holds and what a query is are vss_core.search_text's (the console searches alike).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from vss_core.batching import chunks
from vss_core.search_text import (
    household_text,
    person_text,
    query_words,
)
from vss_core.text import fold
from vss_desktop.store.models import Household, Person

# The tables (search_doc, and the FTS5 table search_fts with prefix indexes for
# the first keystrokes) come from migration 0001. A document's row id packs its
# household: rowid = household.local_key << KEY_SHIFT | n (n = 0 for the household,
# 1.. for members), so a search yields households straight from the FTS index.
KEY_SHIFT = 10
MAX_DOCS_PER_HOUSEHOLD = 1 << KEY_SHIFT
INDEX_VERSION = 2  # kept in PRAGMA user_version; another value means "rebuild"


def _household_key(session: Session, household_id: str) -> int:
    key = (
        session.connection()
        .exec_driver_sql("SELECT local_key FROM household WHERE id = ?", (household_id,))
        .scalar()
    )
    if key is None:
        raise LookupError("household without a local key")
    return int(key)


def _upsert(session: Session, ref: str, household_id: str, text: str) -> None:
    conn = session.connection()
    rowid = conn.exec_driver_sql("SELECT rowid FROM search_doc WHERE ref = ?", (ref,)).scalar()
    if rowid is None:
        base = _household_key(session, household_id) << KEY_SHIFT
        if ref.startswith("h:"):
            rowid = base
        else:
            last = conn.exec_driver_sql(
                "SELECT max(rowid) FROM search_doc WHERE rowid BETWEEN ? AND ?",
                (base, base + MAX_DOCS_PER_HOUSEHOLD - 1),
            ).scalar()
            rowid = (last if last is not None else base) + 1
            if rowid >= base + MAX_DOCS_PER_HOUSEHOLD:
                raise ValueError("too many members in one household for the search index")
        conn.exec_driver_sql(
            "INSERT INTO search_doc (rowid, ref, household_id) VALUES (?, ?, ?)",
            (rowid, ref, household_id),
        )
    else:
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


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def index_many(session: Session, households: Iterable[Any], persons: Iterable[Any]) -> None:
    """:func:`index_household` and :func:`index_person` for many records at once (a pulled
    page): the same documents, in a few statements per call instead of several per record.

    The rows need ``id``, ``deleted_at`` and the attributes the text builders read (persons
    also ``household_id``); each household must exist in the table (it holds the local key).
    A member's new document takes the next free row id of its household, after the
    documents this call removes are gone.
    """
    docs: dict[str, tuple[str, str | None]] = {}  # ref -> (household id, text; None: remove)
    for h in households:
        docs["h:" + h.id] = (h.id, None if h.deleted_at is not None else household_text(h))
    for p in persons:
        docs["p:" + p.id] = (p.household_id, None if p.deleted_at is not None else person_text(p))
    if not docs:
        return
    conn = session.connection()
    refs = list(docs)
    existing: dict[str, int] = {}
    for chunk in chunks(refs):
        sql = f"SELECT ref, rowid FROM search_doc WHERE ref IN ({_marks(len(chunk))})"
        existing.update(conn.exec_driver_sql(sql, tuple(chunk)).all())
    gone = [(existing[r],) for r, (_, text) in docs.items() if text is None and r in existing]
    stale = [(existing[r],) for r, (_, text) in docs.items() if text is not None and r in existing]
    if gone or stale:
        conn.exec_driver_sql("DELETE FROM search_fts WHERE rowid = ?", gone + stale)
    if gone:
        conn.exec_driver_sql("DELETE FROM search_doc WHERE rowid = ?", gone)
    fresh = [(r, hid, t) for r, (hid, t) in docs.items() if t is not None and r not in existing]
    new_docs = _place(conn, fresh)
    if new_docs:
        conn.exec_driver_sql(
            "INSERT INTO search_doc (rowid, ref, household_id) VALUES (?, ?, ?)",
            [(rowid, ref, hid) for rowid, ref, hid, _ in new_docs],
        )
    bodies = [
        (existing[r], fold(t)) for r, (_, t) in docs.items() if t is not None and r in existing
    ]
    bodies += [(rowid, fold(text)) for rowid, _, _, text in new_docs]
    if bodies:
        conn.exec_driver_sql("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", bodies)


def _place(
    conn: sa.Connection, fresh: list[tuple[str, str, str]]
) -> list[tuple[int, str, str, str]]:
    """Row ids for new documents (ref, household id, text), as :func:`_upsert` picks them."""
    if not fresh:
        return []
    households = list(dict.fromkeys(hid for _, hid, _ in fresh))
    keys: dict[str, int] = {}
    last: dict[str, int | None] = {}
    for chunk in chunks(households):
        # One statement per chunk: each household's key and the highest row id in its range.
        first, span = f"(local_key << {KEY_SHIFT})", MAX_DOCS_PER_HOUSEHOLD - 1
        sql = (
            "SELECT id, local_key, (SELECT max(rowid) FROM search_doc"
            f" WHERE rowid BETWEEN {first} AND {first} + {span})"
            f" FROM household WHERE id IN ({_marks(len(chunk))}) AND local_key IS NOT NULL"
        )
        for hid, key, top in conn.exec_driver_sql(sql, tuple(chunk)):
            keys[hid], last[hid] = int(key), top
    placed = []
    for ref, hid, text in fresh:
        if hid not in keys:
            raise LookupError("household without a local key")
        base = keys[hid] << KEY_SHIFT
        if ref.startswith("h:"):
            rowid = base
        else:
            top = last[hid]
            rowid = last[hid] = (top if top is not None else base) + 1
            if rowid >= base + MAX_DOCS_PER_HOUSEHOLD:
                raise ValueError("too many members in one household for the search index")
        placed.append((rowid, ref, hid, text))
    return placed


def remove_households(session: Session, household_ids: Sequence[str]) -> None:
    """Drop the documents of these households and of their members (households deleted
    from the local database)."""
    conn = session.connection()
    for chunk in chunks(household_ids):
        where = f"household_id IN ({_marks(len(chunk))})"
        conn.exec_driver_sql(
            f"DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_doc WHERE {where})",
            tuple(chunk),
        )
        conn.exec_driver_sql(f"DELETE FROM search_doc WHERE {where}", tuple(chunk))


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the tables (after bulk loads). Returns documents."""
    conn = session.connection()
    for stmt in ("DELETE FROM search_fts", "DELETE FROM search_doc"):
        conn.exec_driver_sql(stmt)
    # Plain column rows, not ORM objects: the text builders only read attributes.
    households = conn.execute(
        sa.select(
            col(Household.id),
            col(Household.local_key),
            col(Household.code),
            col(Household.head_name),
            col(Household.phone),
        ).where(col(Household.deleted_at).is_(None))
    ).all()
    keys = {h.id: h.local_key << KEY_SHIFT for h in households}
    docs: list[tuple[int, str, str, str]] = [
        (keys[h.id], "h:" + h.id, h.id, household_text(h)) for h in households
    ]
    persons = conn.execute(
        sa.select(
            col(Person.id),
            col(Person.household_id),
            col(Person.full_name),
            col(Person.cccd),
            col(Person.bhxh_code),
            col(Person.bhyt_card_number),
            col(Person.phone),
        ).where(col(Person.deleted_at).is_(None))
    )
    used: dict[str, int] = {}
    for p in persons:
        if p.household_id not in keys:
            continue  # the household itself is deleted: its members are not searchable
        n = used[p.household_id] = used.get(p.household_id, 0) + 1
        if n >= MAX_DOCS_PER_HOUSEHOLD:
            raise ValueError("too many members in one household for the search index")
        docs.append((keys[p.household_id] + n, "p:" + p.id, p.household_id, person_text(p)))
    # Plain VALUES with explicit row ids: an INSERT ... SELECT per row makes FTS5
    # flush its pending terms each time (about 15x slower at 250k rows).
    if docs:
        conn.exec_driver_sql(
            "INSERT INTO search_doc (rowid, ref, household_id) VALUES (?, ?, ?)",
            [(rowid, ref, hid) for rowid, ref, hid, _ in docs],
        )
        conn.exec_driver_sql(
            "INSERT INTO search_fts (rowid, body) VALUES (?, ?)",
            [(rowid, fold(text)) for rowid, _, _, text in docs],
        )
    conn.exec_driver_sql(f"PRAGMA user_version = {INDEX_VERSION}")
    return len(docs)


def needs_rebuild(session: Session) -> bool:
    version = session.connection().exec_driver_sql("PRAGMA user_version").scalar()
    return version != INDEX_VERSION


def match_expression(query: str) -> str | None:
    """Turn what the collector typed into an FTS5 query (every word as a prefix).

    None (no filtering) until the query has MIN_QUERY_CHARS letters or digits.
    """
    words = query_words(query)
    if words is None:
        return None
    return " ".join(f'"{w}"*' for w in words)


def matching_keys(session: Session, match: str) -> set[int]:
    """Local keys of households whose own or members' documents match an FTS query.

    One row with all keys as text, parsed by json's C code: broad first-keystroke
    queries match tens of thousands of documents, and stepping through that many
    rows from Python would cost more than the search itself.
    """
    text = (
        session.connection()
        .exec_driver_sql(
            # No DISTINCT: the set below drops repeats for less than SQL's sort costs.
            f"SELECT group_concat(rowid >> {KEY_SHIFT}) FROM search_fts WHERE search_fts MATCH ?",
            (match,),
        )
        .scalar()
    )
    return set(json.loads(f"[{text}]")) if text else set()


def first_matching(
    session: Session,
    words: Sequence[str],
    keys_in_order: Iterable[int],
    want: int,
    budget: int,
    sample: int = 100,
) -> tuple[list[int], bool] | None:
    """The first ``want`` keys of ``keys_in_order`` whose household has a document
    matching ``words`` (:func:`vss_core.search_text.query_words`).

    Bounded work for the broad first keystrokes ("ng", "09", "nguyen"): each household's
    few documents are read by row id range, in list order, stopping at ``want`` hits,
    instead of collecting tens of thousands of matches. Returns (keys, exhausted) where
    exhausted means ``keys_in_order`` ran out, so the keys are all the matches; None when
    the hits so far (looked at every ``sample`` households) project a walk of more than
    ``budget`` households, or after ``2 * budget``: a sparse query, for which
    :func:`matching_keys` costs less, its work being proportional to the few matches.

    The check is vss_core.search_text's rule on the stored, already folded body: its words
    are [0-9a-z]+ joined by single spaces (vss_core.text.fold), so "every query word is a
    prefix of a word" is " " + word in " " + body, as FTS5 decides it for the same query.
    """
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    sql = "SELECT body FROM search_fts WHERE rowid BETWEEN ? AND ?"
    starts = [" " + w for w in words]
    found: list[int] = []
    span = MAX_DOCS_PER_HOUSEHOLD - 1
    try:
        for walked, key in enumerate(keys_in_order):
            # Every ``sample`` households, give up when the hits so far project the walk
            # past the budget; and at twice the budget whatever they project (villages
            # differ: a name common in the first villages can be rare in the next).
            if walked >= 2 * budget or (
                walked % sample == 0 and walked and len(found) * budget < want * walked
            ):
                return None
            first = key << KEY_SHIFT
            for (body,) in cursor.execute(sql, (first, first + span)):
                text = " " + body
                if all(s in text for s in starts):
                    found.append(key)
                    break
            if len(found) >= want:
                return found, False
    finally:
        cursor.close()
    return found, True
