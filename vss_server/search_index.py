"""The console's household search, kept ready in SQL (issue 14: a province's 150,000
households searched in a fraction of a second, where folding them all in Python took
three seconds).

The rule is the app's (vss_core.search_text): a household matches when its own document
or one member's document holds every query word as a word prefix. Each document is
stored folded, as " word word ... " with a space before every word, so "the word w
starts a word" is ``text LIKE '% w%'`` (folded text holds only a-z, 0-9 and spaces:
nothing to escape). ``search_household`` holds what the result list sorts and shows:
the folded village and head name, and the number of live members.

Derived from the records and kept current from the change feed like the figures
(vss_server.kept_tables); a missing watermark derives everything.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from vss_core.search_text import household_text, person_text
from vss_core.tables import table_of
from vss_core.text import fold
from vss_server import db as server_db
from vss_server import kept_tables
from vss_server.models import Household, Person, SearchDoc, SearchHousehold

WATERMARK_KEY = "search_seq"
H, P = table_of(Household), table_of(Person)
DOC, SH = table_of(SearchDoc), table_of(SearchHousehold)


def stored_text(text: str) -> str:
    """A document as stored: its folded words, each with a space before it."""
    return "".join(" " + word for word in fold(text).split())


def word_clause(words: Sequence[str]) -> sa.ColumnElement[bool]:
    """The documents holding every (folded) query word as a word prefix."""
    return sa.and_(*(DOC.c.text.like(f"% {word}%") for word in words))


def _derive(conn: sa.Connection, households: Sequence[str], emptied: bool = False) -> None:
    """Write the documents of ``households`` again (``emptied``: the tables were emptied
    first, nothing to delete; deleting by key as they fill up would scan them)."""
    if not emptied:
        conn.execute(DOC.delete().where(DOC.c.household_id.in_(households)))
        conn.execute(SH.delete().where(SH.c.household_id.in_(households)))
    homes = conn.execute(
        sa.select(H.c.id, H.c.code, H.c.head_name, H.c.phone, H.c.village).where(
            H.c.id.in_(households), H.c.deleted.is_(False)
        )
    ).all()
    if not homes:
        return
    live = {h.id for h in homes}
    members: dict[str, int] = dict.fromkeys(live, 0)
    docs = [
        {"id": f"h:{h.id}", "household_id": h.id, "text": stored_text(household_text(h))}
        for h in homes
    ]
    people = conn.execute(
        sa.select(
            P.c.id,
            P.c.household_id,
            P.c.full_name,
            P.c.cccd,
            P.c.bhxh_code,
            P.c.bhyt_card_number,
            P.c.phone,
        ).where(P.c.household_id.in_(list(live)), P.c.deleted.is_(False))
    )
    for p in people:
        members[p.household_id] += 1
        docs.append(
            {"id": f"p:{p.id}", "household_id": p.household_id, "text": stored_text(person_text(p))}
        )
    conn.execute(DOC.insert(), docs)
    conn.execute(
        SH.insert(),
        [
            {
                "household_id": h.id,
                "village_key": fold(h.village),
                "head_key": fold(h.head_name),
                "members": members[h.id],
            }
            for h in homes
        ],
    )


def refresh(engine: sa.Engine, everything: bool = False) -> int:
    """Bring the search tables up to the feed's head; the number of households re-derived
    (all of them when there was no watermark, or ``everything``). Pushes go on meanwhile
    (server_db.keeper_session says why that is safe)."""
    with server_db.keeper_session(engine, server_db.SEARCH_LOCK_KEY) as session:
        conn = session.connection()
        seen = None if everything else kept_tables.watermark(conn, WATERMARK_KEY)
        head = kept_tables.feed_head(conn)
        if seen is None:
            conn.execute(DOC.delete())
            conn.execute(SH.delete())
            changed = sorted(conn.execute(sa.select(H.c.id)).scalars())
        elif head <= seen:
            return 0
        else:
            changed = kept_tables.households_changed(conn, seen, ("household", "person"))
        for part in kept_tables.chunks(changed):
            _derive(conn, part, emptied=seen is None)
        kept_tables.set_watermark(conn, WATERMARK_KEY, head)
        if seen is None and conn.dialect.name == "postgresql":
            conn.execute(sa.text("ANALYZE search_doc, search_household"))
        return len(changed)
