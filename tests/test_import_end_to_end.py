"""Issue 13 "done when": a district's list, as .xlsx or as Windows-1258 CSV, imported with
`vss-server import --assign-to` on SQLite and PostgreSQL; the collector's laptop (the real
store and sync engine against the real server on loopback) syncs, and its Today lists
show the members whose BHYT card expires soon, with the expiry dates of the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import list_files as lf
from helpers.server_cli import Run, cli_runner
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, app, local_rows, server_engine
from vss_desktop.store import today as today_lists

pytestmark = pytest.mark.slow

HOUSEHOLDS = 900
PERSONS = 3000
TODAY = lf.TODAY  # the file's cards expire from 200 days before to 400 days after it
WINDOW = 30  # the Today screen's default "cards expiring" window, in days


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    yield from cli_runner(capsys)


@pytest.fixture(scope="module")
def district() -> list[lf.Household]:
    return lf.district(HOUSEHOLDS, PERSONS, seed=31)


def write(kind: str, path: Path, district: list[lf.Household]) -> Path:
    if kind == "xlsx":
        return lf.write_xlsx(path.with_suffix(".xlsx"), district)
    return lf.write_csv(path.with_suffix(".csv"), district, encoding="cp1258")


def expected(district: list[lf.Household], first: date, last: date) -> set[tuple[Any, ...]]:
    """(household code, BHXH code, expiry) of the members whose card ends in [first, last]."""
    return {
        (h.values["code"], m["bhxh_code"], m["bhyt_expiry"])
        for h in district
        for m in h.members
        if m["bhyt_expiry"] is not None and first <= m["bhyt_expiry"] <= last
    }


@pytest.mark.parametrize("kind", ["xlsx", "cp1258"])
def test_a_district_list_reaches_the_collectors_today_lists(
    run: Run, server: ServerProcess, tmp_path: Path, district: list[lf.Household], kind: str
) -> None:
    from vss_server import admin

    engine = server_engine(server)
    for name in ("thu01", "thu02", "thu03"):  # the file names thu01 and thu02
        admin.create_user(engine, name, PASSWORD)
    engine.dispose()
    path = write(kind, tmp_path / "danh-sach", district)
    code, out, err = run(server, "import", str(path), "--assign-to", "thu03")
    assert code == 0, err
    assert f"households: {HOUSEHOLDS} created" in out and f"persons: {PERSONS} created" in out
    # The other format of the same list means the same: nothing to change.
    other = write("cp1258" if kind == "xlsx" else "xlsx", tmp_path / "lai", district)
    code, out, err = run(server, "import", str(other), "--assign-to", "thu03")
    assert code == 0, err
    assert f"persons: 0 created, 0 updated, {PERSONS} unchanged" in out

    store, sync = app(tmp_path, "laptop", server, user="thu03")
    try:
        report = sync.sync()
        assert report.status == "ok", report.message
        households = local_rows(store, "household")
        persons = local_rows(store, "person")
        assert {h.code for h in households.values()} == {h.values["code"] for h in district}
        assert len(persons) == PERSONS
        bhxh_of = {p.id: p.bhxh_code for p in persons.values()}

        with store.read() as session:
            expiring = today_lists.cards_expiring(session, TODAY, days=WINDOW)
            badge = today_lists.count(session, today_lists.TodayList.EXPIRING, TODAY, WINDOW)
            lapsed = today_lists.lapsed_with_continuity(session, TODAY)
            cutoff = today_lists.lapsed_cutoff(TODAY)
        want = expected(district, TODAY, TODAY + timedelta(days=WINDOW))
        assert len(want) > 20  # the chosen day puts a fair share of the cards in the window
        assert {(r.code, bhxh_of[r.person_id or ""], r.day) for r in expiring} == want
        assert len(expiring) == badge == len(want)
        days = [r.day for r in expiring if r.day is not None]
        assert days == sorted(days) and len(days) == len(expiring)  # soonest first
        # Cards ended recently, still renewable without a gap (domain.md §2), as well.
        gone = expected(district, cutoff, TODAY - timedelta(days=1))
        assert gone and {(r.code, bhxh_of[r.person_id or ""], r.day) for r in lapsed} == gone
    finally:
        store.close()
