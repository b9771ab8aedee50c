"""The console's kept household search (vss_server/search_index.py) finds exactly what the
app's rule finds (vss_core.search_text.matches over each household's and each member's
document), through additions, renames, deletions and moves, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from helpers.feed_writer import write_record
from vss_core.search_text import household_text, matches, person_text, query_words
from vss_core.tables import table_of
from vss_core.text import fold
from vss_server import search_index
from vss_server.areas import Area, Scope, scope_for
from vss_server.console import households
from vss_server.models import Household, Person

H, P = table_of(Household), table_of(Person)
TODAY = date(2026, 12, 6)
FAMILY = ["Nguyễn", "Lò", "Đặng", "Hoàng", "Vàng", "Giàng"]
GIVEN = ["Thị Hồng", "Văn Đức", "Seo Mỷ", "Thị Dung", "A Páo", "Văn Nam"]
PLACES = [("Lào Cai", "Xã Bản Phiệt"), ("Lào Cai", "Xã Cốc San"), ("Hà Giang", "Xã Lũng Cú")]
VILLAGES = ["Bản Phố", "Thôn Nậm Mòn", "Bản Đen"]
COLLECTORS = ["", "thu.lt", "hoa.lt"]
QUERIES = [
    "nguyen", "NGUYỄN thị", "hong", "đức", "duc", "dang", "0912", "+84912", "0311",
    "00123", "hộ 1", "seo my", "lo van", "giàng a", "xyz", "h0", "a",
]  # fmt: skip


class Households:
    def __init__(self, engine: sa.Engine, rng: random.Random) -> None:
        self.engine, self.rng = engine, rng
        self.people: dict[str, list[str]] = {}
        self.count = 0

    def _id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count:05d}"

    def _name(self) -> str:
        return f"{self.rng.choice(FAMILY)} {self.rng.choice(GIVEN)}"

    def _person(self, hid: str, pid: str) -> dict:
        return {
            "id": pid,
            "household_id": hid,
            "full_name": self._name(),
            "cccd": f"0{self.rng.randrange(10**10, 10**11)}",
            "bhxh_code": self.rng.choice(["", f"00{self.rng.randrange(10**7, 10**8)}"]),
            "phone": self.rng.choice(["", f"0912{self.rng.randrange(100000, 999999)}"]),
            "bhyt_status": self.rng.choice(["none", "active"]),
            "bhyt_expiry": self.rng.choice(
                [None, TODAY + timedelta(days=self.rng.randrange(-60, 90))]
            ),
        }

    def add(self) -> None:
        hid = self._id("h")
        province, commune = self.rng.choice(PLACES)
        row = {
            "id": hid,
            "code": f"HO{self.count:04d}",
            "head_name": "Hộ " + self._name(),
            "province": province,
            "commune": commune,
            "village": self.rng.choice(VILLAGES),
            "collector": self.rng.choice(COLLECTORS),
            "phone": self.rng.choice(["", "0311234567"]),
        }
        write_record(self.engine, H, "household", row, hid, new=True)
        self.people[hid] = []
        for _ in range(self.rng.randrange(0, 4)):
            pid = self._id("p")
            write_record(self.engine, P, "person", self._person(hid, pid), hid, new=True)
            self.people[hid].append(pid)

    def change(self) -> None:
        hid = self.rng.choice(list(self.people))
        what = self.rng.choice(["rename", "delete_person", "delete_household", "move", "person"])
        if what == "rename" and self.people[hid]:
            pid = self.rng.choice(self.people[hid])
            row = {"id": pid, "full_name": self._name(), "phone": "0912000111"}
            write_record(self.engine, P, "person", row, hid, new=False)
        elif what == "delete_person" and self.people[hid]:
            pid = self.people[hid].pop()
            write_record(self.engine, P, "person", {"id": pid, "deleted": True}, hid, new=False)
        elif what == "delete_household":
            write_record(self.engine, H, "household", {"id": hid, "deleted": True}, hid, new=False)
        elif what == "move":
            province, commune = self.rng.choice(PLACES)
            row = {"id": hid, "province": province, "commune": commune, "head_name": "Hộ Mới"}
            write_record(self.engine, H, "household", row, hid, new=False)
        else:
            pid = self._id("p")
            write_record(self.engine, P, "person", self._person(hid, pid), hid, new=True)
            self.people[hid].append(pid)


def _expected(
    session: Session, scope: Scope, query: str, status: households.Status, village: str
) -> list[str]:
    """The app's rule, applied to every live household and member of the scope."""
    words = query_words(query)
    homes = [
        h
        for h in session.execute(
            sa.select(H).where(H.c.deleted.is_(False), scope.household_clause())
        )
        if not village or fold(h.village) == fold(village)
    ]
    kept = []
    for h in homes:
        members = list(
            session.execute(sa.select(P).where(P.c.household_id == h.id, P.c.deleted.is_(False)))
        )
        if words is not None and not (
            matches(words, household_text(h))
            or any(matches(words, person_text(p)) for p in members)
        ):
            continue
        if status is households.Status.UNINSURED and not any(
            p.bhyt_status == "none" for p in members
        ):
            continue
        if status is households.Status.EXPIRING and not any(
            p.bhyt_expiry and TODAY <= p.bhyt_expiry <= TODAY + timedelta(days=30) for p in members
        ):
            continue
        if status is households.Status.UNASSIGNED and h.collector:
            continue
        kept.append((fold(h.village), fold(h.head_name), h.id))
    return [hid for *_keys, hid in sorted(kept)]


def _compare(engine: sa.Engine) -> int:
    compared = 0
    with Session(engine) as session:
        for areas in ([Area()], [Area("Lào Cai")], [Area("Hà Giang", "Xã Lũng Cú")]):
            scope = scope_for(session, areas)
            for query in QUERIES:
                for status in households.Status:
                    for village in ("", "ban pho"):
                        want = _expected(session, scope, query, status, village)
                        found = households.search(
                            session, scope, TODAY, query=query, village=village, status=status
                        )
                        assert found.total == len(want), (query, status, village, areas)
                        assert [r.id for r in found.rows] == want[: households.MAX_ROWS]
                        compared += bool(want)
    return compared


def test_the_kept_search_finds_what_the_apps_rule_finds(server_engine: sa.Engine) -> None:
    world = Households(server_engine, random.Random(3))
    for _ in range(25):
        world.add()
    assert search_index.refresh(server_engine) == 25  # no watermark: every household
    assert _compare(server_engine) > 50
    for _ in range(20):
        world.change()
    for _ in range(5):
        world.add()
    assert 0 < search_index.refresh(server_engine) <= 25
    assert search_index.refresh(server_engine) == 0
    assert _compare(server_engine) > 50
    with Session(server_engine) as session:
        members = dict(
            session.execute(
                sa.select(P.c.household_id, sa.func.count())
                .where(P.c.deleted.is_(False))
                .group_by(P.c.household_id)
            ).all()
        )
        found = households.search(session, scope_for(session, [Area()]), TODAY)
        assert found.rows and all(r.members == members.get(r.id, 0) for r in found.rows)


def test_a_search_word_is_a_prefix_of_a_word_never_a_middle(server_engine: sa.Engine) -> None:
    hid = "h-only"
    row = {
        "id": hid,
        "code": "HO9",
        "head_name": "Vàng Seo Mỷ",
        "province": "Lào Cai",
        "commune": "Xã Y",
    }
    write_record(server_engine, H, "household", row, hid, new=True)
    search_index.refresh(server_engine)
    with Session(server_engine) as session:
        scope = scope_for(session, [Area()])
        assert households.search(session, scope, TODAY, query="seo my").total == 1
        assert households.search(session, scope, TODAY, query="eo").total == 0  # mid-word
        # LIKE's wildcards never reach SQL: the query is folded to letters and digits.
        assert households.search(session, scope, TODAY, query="vang%").total == 1  # "vang"
        assert households.search(session, scope, TODAY, query="v%g").total == 0  # "v", "g"
        assert households.search(session, scope, TODAY, query="va_g").total == 0
