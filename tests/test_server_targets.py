"""Targets set on the server (issue 5 item 2): the table, GET/PUT /api/v1/targets,
`vss-server set-target`, and the app's `replace_server_targets`.

Against the real server on loopback (SQLite and PostgreSQL): a supervisor sets targets
through the command line and through PUT, each collector reads their own and those for
everyone (their own winning), never another collector's; collectors cannot set any; bad
input gets a 4xx with nothing written. Then the app replaces its server targets with
what it read, and the server's values show over the local ones.
"""

from __future__ import annotations

import gzip
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
import sqlalchemy as sa
from hypothesis import given

from helpers.fuzzing import hypothesis_settings
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, seed_server, server_engine, server_rows
from vss_core.enums import Metric, PeriodKind
from vss_desktop.store import Store, targets
from vss_desktop.store.metrics import period_bounds
from vss_desktop.store.models import Target
from vss_desktop.store.services import ValidationFailed
from vss_server import targets as server_targets

pytestmark = pytest.mark.slow

URL = "/api/v1/targets"
NOV = date(2026, 11, 17)


# --- helpers ------------------------------------------------------------------------------


def get(server: ServerProcess, headers: dict[str, str]) -> dict[str, Any]:
    answer = requests.get(server.url + URL, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def put(server: ServerProcess, headers: dict[str, str], body: Any) -> requests.Response:
    return requests.put(server.url + URL, headers=headers, json=body, timeout=10)


def keyed(answer: dict[str, Any]) -> dict[tuple[str | None, str, str, str], int]:
    return {
        (t["collector"], t["metric"], t["period_kind"], t["period_start"]): t["value"]
        for t in answer["targets"]
    }


def stored(server: ServerProcess) -> dict[str, Any]:
    """Everything a target write touches: the rows, their audit lines, the counter."""
    rows = sorted(
        ({k: str(v) for k, v in r.items()} for r in server_rows(server, "target")),
        key=lambda r: r["id"],
    )
    audit = [r for r in server_rows(server, "audit_entry") if r["entity"] == "target"]
    meta = {r["key"]: r["value"] for r in server_rows(server, "server_meta")}
    return {"rows": rows, "audit": len(audit), "version": meta.get("target_version")}


@pytest.fixture
def seeded(server: ServerProcess, tmp_path: Path) -> ServerProcess:
    seed_server(server, tmp_path, households=2)
    return server


# --- the server: who sets, who reads what -------------------------------------------------


def test_supervisor_sets_targets_and_each_collector_reads_their_own(
    seeded: ServerProcess,
) -> None:
    server = seeded
    out = server.cli(
        "set-target", "--metric", "amount_collected", "--period", "month", "--date",
        "2026-11-17", "--value", "50000000",
    )  # fmt: skip
    assert out.strip() == "target set: amount_collected month from 2026-11-01 for every collector"
    server.cli(
        "set-target", "--metric", "amount_collected", "--period", "month", "--date",
        "2026-11-30", "--value", "60000000", "--collector", "thu.lt",
    )  # fmt: skip
    sup, a, b = (api_login(server, u, f"device-{u}-01") for u in ("giamsat", "thu.lt", "nam.vh"))
    done = put(
        server,
        sup,
        {
            "targets": [
                {"collector": "thu.lt", "metric": "bhyt_household_enrolled",
                 "period_kind": "quarter", "period_start": "2026-11-05", "value": 30},
                {"collector": "nam.vh", "metric": "vssid_installed", "period_kind": "year",
                 "period_start": "2026-03-03", "value": 40},
                {"metric": "bhyt_renewed", "period_kind": "month", "period_start": "2026-11-30",
                 "value": 12},
            ]
        },
    )  # fmt: skip
    assert done.status_code == 200, done.text
    assert done.json() == {"set": 3, "cleared": 0, "unchanged": 0, "version": 3}

    every = (None, "amount_collected", "month", "2026-11-01")
    a_own = ("thu.lt", "amount_collected", "month", "2026-11-01")
    a_quarter = ("thu.lt", "bhyt_household_enrolled", "quarter", "2026-10-01")
    b_year = ("nam.vh", "vssid_installed", "year", "2026-01-01")
    renewed = (None, "bhyt_renewed", "month", "2026-11-01")
    # A: their own, winning over the one for everyone; those for everyone; nothing of B.
    assert keyed(get(server, a)) == {a_own: 60_000_000, a_quarter: 30, renewed: 12}
    assert keyed(get(server, b)) == {every: 50_000_000, b_year: 40, renewed: 12}
    everything = get(server, sup)
    assert keyed(everything) == {
        every: 50_000_000,
        a_own: 60_000_000,
        a_quarter: 30,
        b_year: 40,
        renewed: 12,
    }
    # The shape the app reads, and the counter moving on once per change.
    row = everything["targets"][0]
    assert set(row) == {
        "id", "collector", "metric", "period_kind", "period_start", "value", "version",
        "updated_at",
    }  # fmt: skip
    assert everything["version"] == 3 == max(t["version"] for t in everything["targets"])
    assert sorted(t["version"] for t in everything["targets"]) == [1, 2, 3, 3, 3]
    cli_listing = server.cli("list-targets", "thu.lt")
    assert "thu.lt\tamount_collected\tmonth\t2026-11-01\t60000000\t2\tadmin-cli" in cli_listing
    assert "nam.vh" not in cli_listing

    # The same value again changes nothing, not even the counter.
    again = put(
        server,
        sup,
        {"targets": [{"metric": "bhyt_renewed", "period_kind": "month",
                      "period_start": "2026-11-02", "value": 12}]},
    )  # fmt: skip
    assert again.json() == {"set": 0, "cleared": 0, "unchanged": 1, "version": 3}
    # Removing A's own brings back the one for everyone; removing a missing one is no error.
    cleared = put(
        server,
        sup,
        {
            "targets": [
                {"collector": "thu.lt", "metric": "amount_collected", "period_kind": "month",
                 "period_start": "2026-11-09", "value": None},
                {"collector": "thu.lt", "metric": "amount_collected", "period_kind": "year",
                 "period_start": "2026-11-09", "value": None},
            ]
        },
    )  # fmt: skip
    assert cleared.json() == {"set": 0, "cleared": 1, "unchanged": 1, "version": 4}
    assert keyed(get(server, a)) == {every: 50_000_000, a_quarter: 30, renewed: 12}
    out = server.cli(
        "set-target", "--metric", "bhyt_renewed", "--period", "month", "--date", "2026-11-01",
        "--clear",
    )  # fmt: skip
    assert out.strip() == "target cleared: bhyt_renewed month from 2026-11-01 for every collector"
    assert keyed(get(server, b)) == {every: 50_000_000, b_year: 40}
    assert get(server, b)["version"] == 5

    # Audit: one line per row changed, who and from where, the key but never the value.
    users = {u["username"]: u["id"] for u in server_rows(server, "user_account")}
    audit = [r for r in server_rows(server, "audit_entry") if r["entity"] == "target"]
    assert [(r["action"], r["user_id"], r["device_id"]) for r in audit] == [
        ("create", None, "admin-cli"),
        ("create", None, "admin-cli"),
        *[("create", users["giamsat"], "device-giamsat-01")] * 3,
        ("delete", users["giamsat"], "device-giamsat-01"),
        ("delete", None, "admin-cli"),
    ]
    ids = {r["id"] for r in server_rows(server, "target")}
    assert {r["entity_id"] for r in audit if r["action"] == "create"} >= ids
    first = json.loads(audit[0]["detail"])
    assert first == {
        "collector": None,
        "metric": "amount_collected",
        "period_kind": "month",
        "period_start": "2026-11-01",
    }
    text = json.dumps(audit, default=str)
    assert "50000000" not in text and "60000000" not in text


def test_the_answer_is_gzip_for_a_larger_list(seeded: ServerProcess) -> None:
    sup = api_login(seeded, "giamsat", "device-sup-0001")
    body = {
        "targets": [
            {"collector": c, "metric": m.value, "period_kind": "month",
             "period_start": "2026-11-01", "value": 10}
            for c in ("thu.lt", "nam.vh", None)
            for m in Metric
        ]
    }  # fmt: skip
    assert put(seeded, sup, body).json()["set"] == 18
    answer = requests.get(
        seeded.url + URL, headers=sup | {"Accept-Encoding": "gzip"}, timeout=10, stream=True
    )
    assert answer.headers["Content-Encoding"] == "gzip"
    wire = answer.raw.read()  # the bytes as sent, not decoded
    plain = gzip.decompress(wire)
    assert len(wire) * 4 < len(plain)
    assert len(keyed(json.loads(plain))) == 18


def test_collectors_cannot_set_targets_and_bad_input_writes_nothing(
    seeded: ServerProcess,
) -> None:
    server = seeded
    sup, a = api_login(server, "giamsat", "device-sup-0001"), api_login(server, "thu.lt")
    good = {"metric": "amount_collected", "period_kind": "month", "period_start": "2026-11-01",
            "value": 1000}  # fmt: skip
    assert put(server, sup, {"targets": [good]}).status_code == 200
    before = stored(server)

    # A collector: 403, whatever the body, checked before it is read.
    for body in ({"targets": [good]}, {"targets": [good | {"collector": "thu.lt"}]}, "{"):
        refused = put(server, a, body)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "forbidden"
    raw = requests.put(server.url + URL, headers=a, data=b"not json", timeout=10)
    assert raw.status_code == 403

    bad_rows: list[tuple[dict[str, Any], str]] = [
        (good | {"metric": "households_visited"}, "invalid_request"),
        (good | {"metric": None}, "invalid_request"),
        (good | {"period_kind": "week"}, "invalid_request"),
        (good | {"period_start": "2026-02-30"}, "invalid_request"),
        (good | {"period_start": "2026-11-20T00:00:00"}, "invalid_request"),
        (good | {"period_start": "20261120"}, "invalid_request"),
        (good | {"period_start": 0}, "invalid_request"),
        (good | {"period_start": "２０２６-11-01"}, "invalid_request"),
        (good | {"value": -1}, "invalid_request"),
        (good | {"value": "1000"}, "invalid_request"),
        (good | {"value": True}, "invalid_request"),
        (good | {"value": 1000.5}, "invalid_request"),
        (good | {"value": 10**16}, "invalid_request"),
        ({k: v for k, v in good.items() if k != "value"}, "invalid_request"),
        (good | {"collector": ""}, "invalid_request"),
        (good | {"collector": "thu\x00lt"}, "invalid_request"),
        (good | {"collector": 7}, "invalid_request"),
        (good | {"collector": "nobody"}, "unknown_collector"),
        (good | {"collector": "giamsat"}, "unknown_collector"),  # a supervisor has none
    ]
    cases: list[tuple[Any, int, str]] = [
        # a valid change first: it must not be applied when a later one is refused
        ({"targets": [good | {"value": 5}, bad]}, 422, code)
        for bad, code in bad_rows
    ]
    cases += [
        ({"targets": [good | {"value": 5}, good | {"period_start": "2026-11-30"}]}, 422,
         "duplicate_target"),
        ({"targets": [good | {"value": 5}] * 1001}, 422, "invalid_request"),
        ({"targets": good}, 422, "invalid_request"),
        ([good], 422, "invalid_request"),
        ({}, 422, "invalid_request"),
    ]  # fmt: skip
    for body, status, code in cases:
        answer = put(server, sup, body)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, code), body
        assert set(answer.json()["error"]) == {"code", "message"}
    for raw_body in (b"", b"{", b'{"targets": [', b"\xff\xfe"):
        answer = requests.put(server.url + URL, headers=sup, data=raw_body, timeout=10)
        assert answer.status_code == 400, raw_body
        assert answer.json()["error"]["code"] == "malformed_json"
    assert stored(server) == before

    # The command line refuses the same, with a clear message and nothing written.
    args = ["set-target", "--metric", "amount_collected", "--period", "month", "--date"]
    for extra, message in (
        (["2026-11-01", "--value", "-5"], "value: a whole number"),
        (["2026-11-01", "--value", "5", "--collector", "nobody"], "no active collector"),
        (["2026-13-01", "--value", "5"], "not a date"),
        (["2026-11-01"], "one of the arguments --value --clear is required"),
        (["2026-11-01", "--value", "5", "--clear"], "not allowed with argument"),
    ):
        with pytest.raises(RuntimeError, match=message):
            server.cli(*args, *extra)
    with pytest.raises(RuntimeError, match="invalid choice"):
        server.cli("set-target", "--metric", "x", "--period", "month", "--date", "2026-11-01",
                   "--value", "5")  # fmt: skip
    with pytest.raises(RuntimeError, match="no user"):
        server.cli("list-targets", "nobody")
    assert stored(server) == before
    log_text = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log_text


def test_disabled_collector_gets_no_new_target_but_old_ones_can_be_cleared(
    seeded: ServerProcess,
) -> None:
    server = seeded
    args = ["set-target", "--metric", "bhyt_renewed", "--period", "year", "--date", "2026-05-05"]
    server.cli(*args, "--value", "9", "--collector", "nam.vh")
    server.cli("disable-user", "nam.vh")
    with pytest.raises(RuntimeError, match="no active collector"):
        server.cli(*args, "--value", "10", "--collector", "nam.vh")
    assert "target cleared" in server.cli(*args, "--clear", "--collector", "nam.vh")
    assert server_rows(server, "target") == []


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        # Worked by hand from the calendar, not from the code under test.
        (PeriodKind.MONTH, date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 31)),
        (PeriodKind.MONTH, date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29)),
        (PeriodKind.MONTH, date(2025, 2, 14), date(2025, 2, 1), date(2025, 2, 28)),
        (PeriodKind.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (PeriodKind.QUARTER, date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.QUARTER, date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
        (PeriodKind.QUARTER, date(2026, 8, 15), date(2026, 7, 1), date(2026, 9, 30)),
        (PeriodKind.QUARTER, date(2026, 12, 6), date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.YEAR, date(2024, 2, 29), date(2024, 1, 1), date(2024, 12, 31)),
        (PeriodKind.YEAR, date(2026, 12, 31), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_bounds_on_worked_dates(kind: PeriodKind, day: date, start: date, end: date) -> None:
    assert period_bounds(kind, day) == (start, end)
    assert server_targets.period_start(kind, day) == start


def test_every_day_falls_in_its_own_period_and_periods_tile_the_year() -> None:
    """Each period starts the day after the previous one ends, over two whole years."""
    for kind in PeriodKind:
        day, previous_end = date(2024, 1, 1), date(2023, 12, 31)
        while day.year < 2026:
            start, end = period_bounds(kind, day)
            assert start <= day <= end
            assert server_targets.period_start(kind, day) == start
            if start == day:
                assert start == previous_end + timedelta(days=1)
                previous_end = end
            day += timedelta(days=1)
        assert previous_end == date(2025, 12, 31)


def test_the_unique_key_holds_in_the_database(seeded: ServerProcess) -> None:
    """Two rows for one key, also when both are for every collector (NULL collector)."""
    server = seeded
    server.cli("set-target", "--metric", "bhyt_renewed", "--period", "month", "--date",
               "2026-11-01", "--value", "3")  # fmt: skip
    server.cli("set-target", "--metric", "bhyt_renewed", "--period", "month", "--date",
               "2026-11-01", "--value", "4", "--collector", "thu.lt")  # fmt: skip
    engine = server_engine(server)
    try:
        for collector in (None, "thu.lt"):
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
                conn.execute(
                    sa.text(
                        "INSERT INTO target (id, collector, metric, period_kind, period_start,"
                        " value, version, updated_by, updated_at) VALUES (:id, :c,"
                        " 'bhyt_renewed', 'month', :d, 1, 1, 'x', :t)"
                    ),
                    {"id": f"dup-{collector}", "c": collector, "d": date(2026, 11, 1), "t": NOV},
                )
    finally:
        engine.dispose()


# --- the app: replacing its server targets ------------------------------------------------


def test_app_replaces_its_server_targets_from_the_answer(
    seeded: ServerProcess, store: Store
) -> None:
    server = seeded
    sup, a = api_login(server, "giamsat", "device-sup-0001"), api_login(server, "thu.lt")
    month = {"period_kind": "month", "period_start": "2026-11-01"}
    done = put(
        server,
        sup,
        {
            "targets": [
                month | {"metric": "amount_collected", "value": 50_000_000},
                month | {"metric": "amount_collected", "value": 60_000_000,
                         "collector": "thu.lt"},
                month | {"metric": "bhyt_renewed", "value": 12},
                month | {"metric": "vssid_installed", "value": 99, "collector": "nam.vh"},
            ]
        },
    )  # fmt: skip
    assert done.status_code == 200
    # Local targets typed in on the laptop, some for the same metrics.
    targets.set_target(store, Metric.AMOUNT_COLLECTED, PeriodKind.MONTH, NOV, 1_000_000)
    targets.set_target(store, Metric.VSSID_INSTALLED, PeriodKind.MONTH, NOV, 5)

    report = targets.replace_server_targets(store, get(server, a)["targets"], "thu.lt")
    assert (report.stored, report.removed, report.skipped) == (2, 0, 0)
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.MONTH, NOV)
        assert {m: (t.value, t.source) for m, t in shown.items()} == {
            Metric.AMOUNT_COLLECTED: (60_000_000, "server"),
            Metric.BHYT_RENEWED: (12, "server"),
            Metric.VSSID_INSTALLED: (5, "local"),
        }
        server_row = shown[Metric.AMOUNT_COLLECTED]
    on_server = {t["id"]: t for t in get(server, sup)["targets"]}
    assert on_server[server_row.id]["collector"] == "thu.lt"
    assert server_row.server_version == on_server[server_row.id]["version"]

    # The supervisor removes A's own: the answer has fewer rows, the missing one goes,
    # and the one for everyone shows; the local targets stay as they were.
    put(server, sup, {"targets": [month | {"metric": "amount_collected", "value": None,
                                           "collector": "thu.lt"},
                                  month | {"metric": "bhyt_renewed", "value": None}]})  # fmt: skip
    report = targets.replace_server_targets(store, get(server, a)["targets"], "thu.lt")
    assert (report.stored, report.removed) == (1, 2)
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.MONTH, NOV)
        assert {m: (t.value, t.source) for m, t in shown.items()} == {
            Metric.AMOUNT_COLLECTED: (50_000_000, "server"),
            Metric.VSSID_INSTALLED: (5, "local"),
        }
        local = session.exec(sa.select(Target).where(Target.source == "local")).scalars()
        assert sorted(t.value for t in local) == [5, 1_000_000]
    # Nothing left on the server: every server target goes, the local ones come back.
    put(server, sup, {"targets": [month | {"metric": "amount_collected", "value": None}]})
    assert targets.replace_server_targets(store, get(server, a)["targets"]).stored == 0
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.MONTH, NOV)
        assert shown[Metric.AMOUNT_COLLECTED].value == 1_000_000


def row(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "00000000-0000-4000-8000-000000000001",
        "collector": None,
        "metric": "amount_collected",
        "period_kind": "month",
        "period_start": "2026-11-01",
        "value": 50_000_000,
        "version": 3,
        "updated_at": "2026-11-20T08:00:00Z",
    }
    return base | changes


def server_targets_in(store: Store) -> list[tuple[str, str, int, int | None]]:
    with store.read() as session:
        rows = session.exec(sa.select(Target).where(Target.source == "server")).scalars()
        return sorted((t.id, t.metric, t.value, t.server_version) for t in rows)


def test_a_malformed_answer_keeps_the_server_targets_there_were(store: Store) -> None:
    targets.replace_server_targets(store, [row(), row(id="b", metric="bhyt_renewed", value=3)])
    before = server_targets_in(store)
    assert len(before) == 2
    fine = row(id="c", metric="vssid_installed")
    malformed: list[tuple[Any, str]] = [
        ([fine, "not a row"], "targets[1].row"),
        ([fine, row(id=None)], "targets[1].id"),
        ([fine, row(id="x" * 37)], "targets[1].id"),
        ([fine, row(metric=None)], "targets[1].metric"),
        ([fine, row(period_kind=3)], "targets[1].period_kind"),
        ([fine, row(value=-1)], "targets[1].value"),
        ([fine, row(value="5")], "targets[1].value"),
        ([fine, row(value=True)], "targets[1].value"),
        ([fine, row(value=10**16)], "targets[1].value"),
        ([fine, row(version=None)], "targets[1].version"),
        ([fine, row(period_start="2026-11-17")], "targets[1].period_start"),
        ([fine, row(period_start="2026-02-30")], "targets[1].period_start"),
        ([fine, {k: v for k, v in row().items() if k != "period_start"}],
         "targets[1].period_start"),
        ([fine, row(updated_at="yesterday")], "targets[1].updated_at"),
        ([fine, row(updated_at="2026-11-20T08:00:00")], "targets[1].updated_at"),
        ([fine, row(collector=5)], "targets[1].collector"),
        ([fine, row(), row(id="d")], "targets[2]"),  # two for one metric and period
        ([row(), row(id="00000000-0000-4000-8000-000000000001", metric="bhyt_renewed")],
         "targets"),  # one id twice
        (None, "targets"),
        ({"targets": []}, "targets"),
        ("[]", "targets"),
    ]  # fmt: skip
    for answer, where in malformed:
        with pytest.raises(ValidationFailed) as refused:
            targets.replace_server_targets(store, answer)
        assert where in refused.value.problems, (answer, refused.value.problems)
        assert server_targets_in(store) == before


def test_unknown_metrics_and_other_collectors_are_skipped(store: Store) -> None:
    answer = [
        row(),
        row(id="new", metric="households_visited"),  # a newer server's metric
        row(id="week", period_kind="week"),
        row(id="a", collector="thu.lt", value=60_000_000),
        row(id="b", collector="nam.vh", value=70_000_000),
        row(id="b2", collector="nam.vh", metric="bhyt_renewed", value=7),
    ]
    report = targets.replace_server_targets(store, answer, "thu.lt")
    assert (report.stored, report.skipped) == (1, 5)
    assert server_targets_in(store) == [("a", "amount_collected", 60_000_000, 3)]
    # A supervisor's answer read without a name: two collectors' rows for one key.
    with pytest.raises(ValidationFailed):
        targets.replace_server_targets(store, answer)
    assert server_targets_in(store) == [("a", "amount_collected", 60_000_000, 3)]
    # The collector's own row first or last: the same choice.
    report = targets.replace_server_targets(store, [answer[3], answer[0]], "thu.lt")
    assert (report.stored, report.skipped) == (1, 1)
    assert server_targets_in(store) == [("a", "amount_collected", 60_000_000, 3)]


# --- fuzzing the targets routes as a supervisor -------------------------------------------


def test_fuzz_targets_as_a_supervisor(seeded: ServerProcess) -> None:
    """test_server_fuzz.py fuzzes every route as a collector (PUT answers 403 there);
    here a supervisor's token reaches the checks and the writes behind them."""
    server = seeded
    sup = api_login(server, "giamsat", "device-sup-0001")
    config = schemathesis.Config.from_dict(
        {
            "checks": {
                # A valid-looking collector name matches no account: 422 unknown_collector.
                "positive_data_acceptance": {"expected-statuses": ["2xx", "422"]},
                # 401: the case that leaves the token out.
                "negative_data_rejection": {"expected-statuses": ["400", "401", "422"]},
            }
        }
    )
    schema = schemathesis.openapi.from_url(server.url + "/api/v1/openapi.json", config=config)
    statuses: dict[int, int] = {}

    def fuzz(method: str, mode: schemathesis.GenerationMode) -> None:
        @hypothesis_settings(20)
        @given(case=schema[URL][method].as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            headers = {} if case.operation.schema.is_security_param_negated(case) else sup
            before = stored(server)
            response = case.call_and_validate(headers=headers, timeout=30)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code < 500
            if method == "PUT" and response.status_code != 200:
                assert stored(server) == before

        run()

    fuzz("PUT", schemathesis.GenerationMode.POSITIVE)
    fuzz("PUT", schemathesis.GenerationMode.NEGATIVE)
    fuzz("GET", schemathesis.GenerationMode.POSITIVE)  # GET takes no input to get wrong
    assert 200 in statuses and 422 in statuses, statuses
    assert len(server_rows(server, "target")) > 0  # the fuzzing really wrote
    assert "Traceback" not in server.log.read_text(encoding="utf-8", errors="replace")


# --- the app's sync brings them ---------------------------------------------------------


def test_a_sync_brings_the_supervisors_targets_and_their_removal(
    seeded: ServerProcess, tmp_path: Path
) -> None:
    from helpers.sync_helpers import app

    server = seeded
    server.cli(
        "set-target", "--metric", "vssid_installed", "--period", "month", "--date",
        "2026-11-17", "--value", "40",
    )  # fmt: skip
    server.cli(
        "set-target", "--metric", "vssid_installed", "--period", "month", "--date",
        "2026-11-17", "--value", "55", "--collector", "thu.lt",
    )  # fmt: skip
    store, engine = app(tmp_path, "laptop", server)
    targets.set_target(store, Metric.VSSID_INSTALLED, PeriodKind.MONTH, NOV, 30)  # her own
    assert engine.sync().status == "ok"
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.MONTH, NOV)
    assert shown[Metric.VSSID_INSTALLED].value == 55  # the supervisor's, for her
    assert shown[Metric.VSSID_INSTALLED].source == "server"
    server.cli(
        "set-target", "--metric", "vssid_installed", "--period", "month", "--date",
        "2026-11-17", "--clear", "--collector", "thu.lt",
    )  # fmt: skip
    assert engine.sync().status == "ok"
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.MONTH, NOV)
    assert shown[Metric.VSSID_INSTALLED].value == 40  # the one for every collector now
    server.cli(
        "set-target", "--metric", "vssid_installed", "--period", "month", "--date",
        "2026-11-17", "--clear",
    )  # fmt: skip
    assert engine.sync().status == "ok"
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.MONTH, NOV)
    assert (shown[Metric.VSSID_INSTALLED].value, shown[Metric.VSSID_INSTALLED].source) == (
        30,
        "local",
    )  # her own comes back
    store.close()
