"""District campaigns in the app (issue 15): the store keeps the server's answer beside
the local campaigns, and the sync engine fetches it right after the targets.

First the store on its own, against answers written as in docs/sync-protocol.md
(Campaigns); then the real server on loopback (SQLite and PostgreSQL): a campaign created
with `vss-server campaign create` reaches the app with the next sync, a closed one comes
as closed, an unknown metric is skipped, and an older server (404) leaves the sync OK.
"""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, fast_backoff, server_engine
from vss_core.enums import Metric
from vss_desktop.store import Store, campaigns_sync, open_store, targets
from vss_desktop.store.models import Campaign
from vss_desktop.store.services import ValidationFailed
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.transport import Transport


def row(**changes: Any) -> dict[str, Any]:
    """One campaign as GET /api/v1/campaigns sends it."""
    base: dict[str, Any] = {
        "id": "8d3c2a4e-1f6b-4a57-9c0e-2b7d5e9f1a01",
        "name": "Chiến dịch tháng 11",
        "start_date": "2026-11-10",
        "end_date": "2026-11-16",
        "status": "open",
        "communes": [{"province": "Lào Cai", "commune": "Xã Bản Phiệt"}],
        "targets": {"voluntary_si_enrolled": 262, "amount_collected": 50_000_000},
        "version": 2,
        "updated_at": "2026-11-09T08:00:00Z",
    }
    return base | changes


def stored(store: Store) -> list[tuple[str, str, str, str, str, str, int | None]]:
    with store.read() as session:
        rows = session.exec(select(Campaign).order_by(Campaign.id)).all()
        return [
            (c.id, c.name, c.source, c.status, c.targets, c.communes, c.server_version)
            for c in rows
        ]


# --- the store -----------------------------------------------------------------------------


def test_the_answer_replaces_the_district_campaigns_and_local_ones_stay(store: Store) -> None:
    mine = targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 2), date(2026, 11, 8))
    with store.read() as session:
        assert (mine.source, mine.status, mine.targets, mine.communes) == (
            "local",
            "open",
            "{}",
            "[]",
        )
    second = row(id="b1", name="Tháng 12", start_date="2026-12-01", end_date="2026-12-31",
                 communes=[], targets={})  # fmt: skip
    report = campaigns_sync.replace_server_campaigns(store, [row(), second])
    assert (report.stored, report.removed, report.skipped_targets) == (2, 0, 0)

    with store.read() as session:
        listed = targets.list_campaigns(session)
        district = campaigns_sync.server_campaigns(session)
    assert [c.name for c in listed] == ["Tháng 12", "Chiến dịch tháng 11", "Tuần lễ BHYT"]
    assert [c.name for c in district] == ["Tháng 12", "Chiến dịch tháng 11"]
    november = district[1]
    assert (november.start_date, november.end_date) == (date(2026, 11, 10), date(2026, 11, 16))
    assert (november.source, november.status, november.server_version) == ("server", "open", 2)
    assert campaigns_sync.campaign_targets(november) == {
        Metric.VOLUNTARY_SI_ENROLLED: 262,
        Metric.AMOUNT_COLLECTED: 50_000_000,
    }
    assert campaigns_sync.campaign_communes(november) == [("Lào Cai", "Xã Bản Phiệt")]
    assert campaigns_sync.is_server(november) and not campaigns_sync.is_server(mine)

    # The next answer: one closed, the other gone (no longer covering this collector).
    report = campaigns_sync.replace_server_campaigns(store, [row(status="closed", version=3)])
    assert (report.stored, report.removed) == (1, 2)
    with store.read() as session:
        names = [(c.name, c.source, c.status) for c in targets.list_campaigns(session)]
    assert names == [
        ("Chiến dịch tháng 11", "server", "closed"),
        ("Tuần lễ BHYT", "local", "open"),
    ]
    assert campaigns_sync.replace_server_campaigns(store, []).removed == 1
    with store.read() as session:
        assert [c.id for c in targets.list_campaigns(session)] == [mine.id]


def test_unknown_metrics_are_skipped_and_the_rest_kept(store: Store) -> None:
    answer = [row(targets={"bhyt_renewed": 40, "flu_shots": 7, "amount_collected": 0})]
    report = campaigns_sync.replace_server_campaigns(store, answer)
    assert (report.stored, report.skipped_targets) == (1, 1)
    with store.read() as session:
        (campaign,) = campaigns_sync.server_campaigns(session)
    assert json.loads(campaign.targets) == {"bhyt_renewed": 40, "amount_collected": 0}
    assert campaigns_sync.campaign_targets(campaign) == {
        Metric.BHYT_RENEWED: 40,
        Metric.AMOUNT_COLLECTED: 0,
    }


def without(name: str) -> dict[str, Any]:
    broken = row(id="b2")
    del broken[name]
    return broken


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ([row(id="b2"), without("name")], "campaigns[1].name"),
        ([row(id="b2"), without("start_date")], "campaigns[1].start_date"),
        ([row(id="b2"), without("status")], "campaigns[1].status"),
        ([row(id="b2"), without("communes")], "campaigns[1].communes"),
        ([row(id="b2"), without("targets")], "campaigns[1].targets"),
        ([row(id="b2"), without("version")], "campaigns[1].version"),
        ([row(id="b2"), without("id")], "campaigns[1].id"),
        ([row(id="b2"), row(start_date="10/11/2026")], "campaigns[1].start_date"),
        ([row(id="b2"), row(end_date="2026-02-30")], "campaigns[1].end_date"),
        ([row(id="b2"), row(end_date=20261116)], "campaigns[1].end_date"),
        ([row(id="b2"), row(end_date="2026-11-09")], "campaigns[1].end_date"),
        ([row(id="b2"), row(targets={"bhyt_renewed": -1})], "campaigns[1].targets.bhyt_renewed"),
        ([row(id="b2"), row(targets={"flu_shots": -1})], "campaigns[1].targets.flu_shots"),
        ([row(id="b2"), row(targets={"bhyt_renewed": "5"})], "campaigns[1].targets.bhyt_renewed"),
        ([row(id="b2"), row(targets={"bhyt_renewed": True})], "campaigns[1].targets.bhyt_renewed"),
        ([row(id="b2"), row(targets={"bhyt_renewed": 10**16})],
         "campaigns[1].targets.bhyt_renewed"),
        ([row(id="b2"), row(targets=[])], "campaigns[1].targets"),
        ([row(id="b2"), row(status="paused")], "campaigns[1].status"),
        ([row(id="b2"), row(communes=[{"province": "Lào Cai"}])], "campaigns[1].communes"),
        ([row(id="b2"), row(communes="Lào Cai/Xã Bản Phiệt")], "campaigns[1].communes"),
        ([row(id="b2"), row(name="  ")], "campaigns[1].name"),
        ([row(id="b2"), row(name="x" * 121)], "campaigns[1].name"),
        ([row(id="b2"), row(id="x" * 37)], "campaigns[1].id"),
        ([row(id="b2"), row(version=-2)], "campaigns[1].version"),
        ([row(id="b2"), row(updated_at="2026-11-09T08:00:00")], "campaigns[1].updated_at"),
        ([row(id="b2"), row(updated_at="yesterday")], "campaigns[1].updated_at"),
        ([row(id="b2"), "not a campaign"], "campaigns[1].row"),
        ([row(), row()], "campaigns"),  # one id twice
        (None, "campaigns"),
        ({"campaigns": []}, "campaigns"),
        ("[]", "campaigns"),
    ],
)  # fmt: skip
def test_a_malformed_answer_is_refused_whole(store: Store, answer: Any, problem: str) -> None:
    campaigns_sync.replace_server_campaigns(store, [row(), row(id="b1", name="Tháng 12")])
    targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 2), date(2026, 11, 8))
    before = stored(store)
    with pytest.raises(ValidationFailed) as refused:
        campaigns_sync.replace_server_campaigns(store, deepcopy(answer))
    assert problem in refused.value.problems
    assert stored(store) == before


def test_a_district_campaign_never_overwrites_a_local_one_of_the_same_id(store: Store) -> None:
    mine = targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 2), date(2026, 11, 8))
    before = stored(store)
    with pytest.raises(ValidationFailed):
        campaigns_sync.replace_server_campaigns(store, [row(id=mine.id)])
    assert stored(store) == before


def test_the_dialog_service_puts_each_target_beside_the_tally(store: Store) -> None:
    campaigns_sync.replace_server_campaigns(store, [row()])
    mine = targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 10), date(2026, 11, 16))
    with store.read() as session:
        (district,) = campaigns_sync.server_campaigns(session)
        shown = campaigns_sync.campaign_progress(session, district)
        local = campaigns_sync.campaign_progress(session, mine)
    assert shown[Metric.VOLUNTARY_SI_ENROLLED].target == 262
    assert shown[Metric.AMOUNT_COLLECTED].target == 50_000_000
    assert shown[Metric.BHYT_RENEWED].target is None
    assert all(item.actual == 0 for item in shown.values())
    assert all(item.target is None for item in local.values())


def test_a_campaign_from_before_the_migration_reads_as_local(tmp_path: Path) -> None:
    """Rows written at revision 0006 get the server defaults (local, open, none)."""
    from alembic import command

    from vss_desktop.store import migrate

    store = open_store(tmp_path)
    try:
        with store.engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
            conn.exec_driver_sql(
                "INSERT INTO campaign (id, name, start_date, end_date, notes, created_at,"
                " updated_at) VALUES ('old-1', 'Tháng 5', '2026-05-01', '2026-05-31', '',"
                " '2026-04-30 01:00:00', '2026-04-30 01:00:00')"
            )
            command.upgrade(cfg, "head")
        with store.read() as session:
            (old,) = targets.list_campaigns(session)
        assert (old.source, old.status, old.targets, old.communes, old.server_version) == (
            "local",
            "open",
            "{}",
            "[]",
            None,
        )
    finally:
        store.close()


# --- the real server -----------------------------------------------------------------------


class OlderServer(Transport):
    """An older server: it has no campaigns endpoint, so the real server's 404 for a path
    it does not know stands in for it."""

    def campaigns(self) -> dict[str, Any]:
        return self._request("GET", "/campaigns-not-here")


class NewerServer(Transport):
    """A newer server: the real answer, with a target of a metric this app does not know."""

    def campaigns(self) -> dict[str, Any]:
        answer = super().campaigns()
        for campaign in answer["campaigns"]:
            campaign["targets"]["flu_shots"] = 7
        return answer


class BrokenServer(Transport):
    """The real answer, broken: one campaign with a negative target."""

    def campaigns(self) -> dict[str, Any]:
        answer = super().campaigns()
        answer["campaigns"][-1]["targets"]["bhyt_renewed"] = -1
        return answer


@pytest.fixture
def district(server: ServerProcess) -> ServerProcess:
    """A collector with an area in Lào Cai and a supervisor; no household needed."""
    from vss_server import admin

    engine = server_engine(server)
    admin.create_user(engine, "thu.lt", PASSWORD, areas=["Lào Cai/Bản Hồ"])
    admin.create_user(engine, "giamsat", PASSWORD, role="supervisor")
    engine.dispose()
    return server


def create_campaign(server: ServerProcess, name: str, commune: str, *targets: str) -> str:
    args = ["campaign", "create", "--name", name, "--from", "2026-11-10", "--to", "2026-11-16"]
    args += ["--commune", commune]
    for target in targets:
        args += ["--target", target]
    out = server.cli(*args)
    assert out.startswith("created campaign ")
    return out.split()[-1]


def app_for(
    tmp_path: Path, server: ServerProcess, factory: type[Transport] = Transport
) -> tuple[Store, SyncEngine]:
    store = open_store(tmp_path / "app")
    engine = SyncEngine(store, backoff=fast_backoff(), transport_factory=factory)
    engine.login(server.url, "thu.lt", PASSWORD)
    return store, engine


def test_a_campaign_created_on_the_server_reaches_the_app_with_the_next_sync(
    district: ServerProcess, tmp_path: Path
) -> None:
    server = district
    store, engine = app_for(tmp_path, server)
    try:
        mine = targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 2), date(2026, 11, 8))
        assert engine.sync().status == "ok"
        assert [c.id for c in _listed(store)] == [mine.id]

        ours = create_campaign(
            server,
            "Chiến dịch tháng 11",
            "Lào Cai/Bản Hồ",
            "voluntary_si_enrolled=262",
            "amount_collected=50000000",
        )
        create_campaign(server, "Không phải xã này", "Lào Cai/Xã Bản Phiệt", "bhyt_renewed=5")
        assert engine.sync().status == "ok"
        (campaign,) = _district(store)
        assert (campaign.id, campaign.name, campaign.status) == (
            ours,
            "Chiến dịch tháng 11",
            "open",
        )
        assert (campaign.start_date, campaign.end_date) == (date(2026, 11, 10), date(2026, 11, 16))
        assert campaigns_sync.campaign_targets(campaign) == {
            Metric.VOLUNTARY_SI_ENROLLED: 262,
            Metric.AMOUNT_COLLECTED: 50_000_000,
        }
        (place,) = campaigns_sync.campaign_communes(campaign)
        assert place[0] == "Lào Cai" and "Bản Hồ" in place[1]
        assert {c.id for c in _listed(store)} == {ours, mine.id}

        server.cli("campaign", "close", ours)
        assert engine.sync().status == "ok"
        (campaign,) = _district(store)
        assert (campaign.id, campaign.status) == (ours, "closed")
        assert (campaign.server_version or 0) >= 2
    finally:
        store.close()


def test_an_unknown_metric_keeps_the_rest(district: ServerProcess, tmp_path: Path) -> None:
    server = district
    ours = create_campaign(server, "Chiến dịch tháng 11", "Lào Cai/Bản Hồ", "bhyt_renewed=40")
    store, engine = app_for(tmp_path, server, NewerServer)
    try:
        assert engine.sync().status == "ok"
        (campaign,) = _district(store)
        assert campaign.id == ours
        assert campaigns_sync.campaign_targets(campaign) == {Metric.BHYT_RENEWED: 40}
    finally:
        store.close()


def test_an_older_server_without_campaigns_leaves_the_sync_ok(
    district: ServerProcess, tmp_path: Path
) -> None:
    server = district
    create_campaign(server, "Chiến dịch tháng 11", "Lào Cai/Bản Hồ", "bhyt_renewed=40")
    store, engine = app_for(tmp_path, server, OlderServer)
    try:
        campaigns_sync.replace_server_campaigns(store, [row()])
        before = stored(store)
        report = engine.sync()
        assert (report.status, report.message) == ("ok", "")
        assert stored(store) == before  # nothing came: what was here stays
    finally:
        store.close()


def test_a_malformed_answer_leaves_the_sync_ok_and_the_campaigns_there_were(
    district: ServerProcess, tmp_path: Path
) -> None:
    server = district
    create_campaign(server, "Chiến dịch tháng 11", "Lào Cai/Bản Hồ", "bhyt_renewed=40")
    store, engine = app_for(tmp_path, server, BrokenServer)
    try:
        campaigns_sync.replace_server_campaigns(store, [row()])
        before = stored(store)
        assert engine.sync().status == "ok"
        assert stored(store) == before
    finally:
        store.close()


def _listed(store: Store) -> list[Campaign]:
    with store.read() as session:
        return targets.list_campaigns(session)


def _district(store: Store) -> list[Campaign]:
    with store.read() as session:
        return campaigns_sync.server_campaigns(session)


def test_a_district_campaign_counts_only_visits_in_its_communes(store: Store) -> None:
    """Its communes are compared as places are (case, type word): the laptop's "lào cai" /
    "bản phiệt" is the campaign's "Lào Cai" / "Xã Bản Phiệt"; another commune's visit in
    the same days counts for a local campaign only."""
    from datetime import UTC, datetime

    from vss_core.enums import Outcome, ResultKind
    from vss_desktop.store import metrics, services

    def household_in(commune: str) -> str:
        h = services.create_household(
            store,
            {"head_name": "Lò Thị Hoa", "province": "lào cai", "commune": commune},
            head={"full_name": "Lò Thị Hoa"},
        )
        return h.id

    inside, outside = household_in("bản phiệt"), household_in("Xã Cốc San")
    for hid in (inside, outside):
        services.record_visit(
            store,
            hid,
            {
                "visited_at": datetime(2026, 11, 12, 3, 0, tzinfo=UTC),
                "outcome": Outcome.ENROLLED,
                "amount_collected": 105_300,
                "receipt_number": "BL-1",
                "collector": "thu.lt",
            },
            [{"kind": ResultKind.VOLUNTARY_SI_ENROLLED, "person_id": None}],
        )
    campaigns_sync.replace_server_campaigns(store, [row()])
    mine = targets.create_campaign(store, "Tuần lễ", date(2026, 11, 10), date(2026, 11, 16))
    with store.read() as session:
        district = campaigns_sync.server_campaigns(session)[0]
        assert metrics.campaign_tally(session, district)[Metric.VOLUNTARY_SI_ENROLLED] == 1
        assert metrics.campaign_tally(session, district)[Metric.AMOUNT_COLLECTED] == 105_300
        local = targets.get_campaign(session, mine.id)
        assert metrics.campaign_tally(session, local)[Metric.VOLUNTARY_SI_ENROLLED] == 2
        progress = campaigns_sync.campaign_progress(session, district)
        assert progress[Metric.VOLUNTARY_SI_ENROLLED].actual == 1
        assert progress[Metric.VOLUNTARY_SI_ENROLLED].target == 262


def test_a_district_campaign_cannot_be_changed_or_deleted_on_the_laptop(store: Store) -> None:
    campaigns_sync.replace_server_campaigns(store, [row()])
    with pytest.raises(targets.DistrictCampaign):
        targets.update_campaign(store, row()["id"], {"name": "Đổi tên"})
    with pytest.raises(targets.DistrictCampaign):
        targets.delete_campaign(store, row()["id"])
    assert [s[1] for s in stored(store)] == ["Chiến dịch tháng 11"]
    mine = targets.create_campaign(store, "Tuần lễ", date(2026, 11, 2), date(2026, 11, 8))
    targets.update_campaign(store, mine.id, {"name": "Tuần lễ BHYT"})  # a local one: yes
    targets.delete_campaign(store, mine.id)
