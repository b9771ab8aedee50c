"""The console's Targets page (issue 14): list, set and clear targets within the
supervisor's area, through vss_server.targets (checks, audit, version). The real
server on loopback, driven over HTTP like a browser; the app's API reads the result.
"""

from __future__ import annotations

import json
import re

import pytest
import requests
from sqlmodel import Session, select

from helpers.console import (
    Browser,
    english_browser,
    hidden,
    two_communes,
)
from helpers.server_api import Client
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import server_engine
from vss_server.models import AuditEntry, Target

sqlite_only = pytest.mark.parametrize("server", ["sqlite"], indirect=True)


@pytest.fixture
def world(server: ServerProcess) -> ServerProcess:
    return two_communes(server)


def english(world: ServerProcess, username: str) -> Browser:
    return english_browser(world, username, "/console/targets")


def set_target(browser: Browser, **fields: str) -> requests.Response:
    page = browser.get("/console/targets")
    form = {"metric": "bhyt_household_enrolled", "period_kind": "month", "day": "20/11/2026"}
    return browser.post(
        "/console/targets/set",
        {"csrf": hidden(page.text, "csrf"), **form, **fields},
        allow_redirects=False,
    )


def stored(world: ServerProcess) -> list[tuple[str | None, str, str, str, int]]:
    engine = server_engine(world)
    try:
        with Session(engine) as session:
            found = [
                (t.collector, t.metric, t.period_kind, t.period_start.isoformat(), t.value)
                for t in session.exec(select(Target))
            ]
        return sorted(found, key=lambda t: (t[0] is not None, t[0] or "", t[1:]))
    finally:
        engine.dispose()


def rows(page: str) -> list[str]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in body.split("</tr>")[:-1]
    ]


@sqlite_only
def test_an_everywhere_supervisor_sets_lists_and_clears_targets(world: ServerProcess) -> None:
    browser = english(world, "tinh")
    done = set_target(browser, collector="thu.lt", value="20")
    assert done.status_code == 303
    assert done.headers["location"] == "/console/targets?year=2026&done=set"
    money = set_target(
        browser,
        collector="*",
        metric="amount_collected",
        period_kind="quarter",
        value="1.500.000 ₫",
    )
    assert "done=set" in money.headers["location"]
    assert stored(world) == [
        (None, "amount_collected", "quarter", "2026-10-01", 1_500_000),
        ("thu.lt", "bhyt_household_enrolled", "month", "2026-11-01", 20),
    ]
    page = browser.get("/console/targets", params={"year": "2026"})
    shown = rows(page.text)
    assert shown[0].startswith("Every collector Money collected Quarter Q4/2026 1.500.000 ₫ tinh")
    assert shown[1].startswith("thu.lt New household health insurance Month 11/2026 20 tinh")
    # The collector's app reads both.
    thu = Client.login(world, "thu.lt", "device-thu-00002")
    read = thu.get("/targets")
    assert read.status_code == 200
    assert {(t["metric"], t["value"]) for t in read.json()["targets"]} == {
        ("amount_collected", 1_500_000),
        ("bhyt_household_enrolled", 20),
    }
    # Audited as the console, with the supervisor.
    engine = server_engine(world)
    try:
        with Session(engine) as session:
            lines = session.exec(select(AuditEntry).where(AuditEntry.entity == "target")).all()
        assert {(a.device_id, a.action) for a in lines} == {("console", "create")}
        assert json.loads(lines[0].detail)["metric"]
    finally:
        engine.dispose()
    same = set_target(browser, collector="thu.lt", value="20")
    assert "done=unchanged" in same.headers["location"]
    cleared = browser.post(
        "/console/targets/clear",
        {
            "csrf": hidden(page.text, "csrf"),
            "metric": "bhyt_household_enrolled",
            "period_kind": "month",
            "day": "2026-11-01",
            "collector": "thu.lt",
        },
        allow_redirects=False,
    )
    assert "done=cleared" in cleared.headers["location"]
    assert [t[0] for t in stored(world)] == [None]
    said = browser.get(cleared.headers["location"])
    assert "The target is cleared." in said.text


def test_a_commune_supervisor_sets_targets_only_for_their_collectors(
    world: ServerProcess,
) -> None:
    boss = english(world, "tinh")
    set_target(boss, collector="nam.vh", value="7")
    set_target(boss, collector="*", value="5")
    before = stored(world)
    browser = english(world, "xa.banho")
    page = browser.get("/console/targets", params={"year": "2026"})
    assert page.status_code == 200
    shown = rows(page.text)
    assert len(shown) == 1 and shown[0].startswith("Every collector")  # not nam's target
    assert "nam.vh" not in page.text  # nor nam in the lists
    assert 'action="/console/targets/clear"' not in page.text  # every collector: not theirs
    for fields in ({"collector": "nam.vh", "value": "9"}, {"collector": "*", "value": "9"}):
        refused = set_target(browser, **fields)
        assert "refused=" in refused.headers["location"], fields
        assert 'role="alert"' in browser.get(refused.headers["location"]).text
    cleared = browser.post(
        "/console/targets/clear",
        {
            "csrf": hidden(page.text, "csrf"),
            "metric": "bhyt_household_enrolled",
            "period_kind": "month",
            "day": "2026-11-01",
            "collector": "nam.vh",
        },
        allow_redirects=False,
    )
    assert "refused=out_of_area" in cleared.headers["location"]
    assert stored(world) == before  # nothing changed
    mine = set_target(browser, collector="thu.lt", value="12")
    assert "done=set" in mine.headers["location"]
    assert ("thu.lt", "bhyt_household_enrolled", "month", "2026-11-01", 12) in stored(world)


@sqlite_only
def test_bad_input_and_forms_without_csrf_change_nothing(world: ServerProcess) -> None:
    browser = english(world, "tinh")
    for fields, code in (
        ({"collector": "thu.lt", "value": "20", "day": "31/02/2026"}, "bad_day"),
        ({"collector": "thu.lt", "value": "-3"}, "bad_value"),
        ({"collector": "thu.lt", "value": "mười"}, "bad_value"),
        ({"collector": "thu.lt", "value": "20", "metric": "smiles"}, "invalid_target"),
        ({"collector": "nobody", "value": "20"}, "unknown_collector"),
    ):
        answer = set_target(browser, **fields)
        assert answer.headers["location"].endswith(f"refused={code}"), fields
        said = browser.get(answer.headers["location"])
        assert said.status_code == 200 and 'role="alert"' in said.text
    forged = browser.post(
        "/console/targets/set",
        {
            "csrf": "forged",
            "metric": "bhyt_renewed",
            "period_kind": "year",
            "day": "01/01/2026",
            "value": "3",
            "collector": "thu.lt",
        },
        allow_redirects=False,
    )
    assert forged.status_code == 403
    assert stored(world) == []
    collector = Browser(world)
    assert collector.login("thu.lt").status_code == 403
    assert collector.get("/console/targets", allow_redirects=False).status_code == 303
