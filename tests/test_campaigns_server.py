"""District campaigns on the server (issue 15): the `vss-server campaign` commands and
their refusals, who reads which campaign through GET /api/v1/campaigns, the campaigns
counter, and a campaign's tally against the console's figures. SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
import requests
import sqlalchemy as sa
from sqlmodel import Session

from helpers.feed_writer import write_record
from helpers.server_api import API, Client
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine
from vss_core.enums import Metric
from vss_core.tables import table_of
from vss_server import admin, campaigns, cli, figures
from vss_server.areas import Area, Scope, scope_for
from vss_server.campaigns import CampaignRefused, CampaignSpec
from vss_server.models import Collection, Household, Person, UserAccount, Visit

H, P, V, C = table_of(Household), table_of(Person), table_of(Visit), table_of(Collection)
NOV_10, NOV_16 = date(2026, 11, 10), date(2026, 11, 16)

Run = Callable[..., tuple[int, str, str]]


# --- helpers -------------------------------------------------------------------------


@pytest.fixture
def run_cli(server_engine: sa.Engine, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    """`vss-server --database-url URL ARGS` in this process, on the test's database."""
    url = server_engine.url.render_as_string(hide_password=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    alembic_level = logging.getLogger("alembic").level

    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(["--database-url", url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield call
    root.handlers[:], root.level = handlers, level
    logging.getLogger("alembic").setLevel(alembic_level)


def written(engine: sa.Engine) -> dict[str, int]:
    """What the campaign writers leave behind: rows, counter, audit lines."""
    with engine.connect() as conn:
        counter = conn.execute(
            sa.text("SELECT value FROM server_meta WHERE key = 'campaign_version'")
        ).scalar()
        return {
            "campaign": conn.execute(sa.text("SELECT count(*) FROM campaign")).scalar_one(),
            "campaign_commune": conn.execute(
                sa.text("SELECT count(*) FROM campaign_commune")
            ).scalar_one(),
            "audit": conn.execute(
                sa.text("SELECT count(*) FROM audit_entry WHERE entity = 'campaign'")
            ).scalar_one(),
            "version": int(counter or 0),
        }


def spec(*communes: tuple[str, str], name: str = "Chiến dịch tháng 11", **targets: int):
    return CampaignSpec(name, NOV_10, NOV_16, tuple(communes), dict(targets))


def household(
    engine: sa.Engine, hid: str, province: str, commune: str, collector: str = "", **more
) -> None:
    row = {"id": hid, "code": hid, "head_name": "Hộ", "province": province, "commune": commune}
    write_record(engine, H, "household", row | {"collector": collector} | more, hid, new=True)


# --- the CLI -------------------------------------------------------------------------


def test_create_list_and_close_through_the_cli(server_engine: sa.Engine, run_cli: Run) -> None:
    code, out, err = run_cli(
        "campaign", "create", "--name", "Chiến dịch tháng 11",
        "--from", "2026-11-10", "--to", "2026-11-16",
        "--commune", "Lào Cai/bản phiệt", "--commune", "Tỉnh Lào Cai/Xã Tả Van",
        "--target", "voluntary_si_enrolled=262", "--target", "amount_collected=50000000",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("created campaign ")
    campaign_id = out.split()[-1]
    assert written(server_engine) == {
        "campaign": 1, "campaign_commune": 2, "audit": 1, "version": 1
    }  # fmt: skip

    with Session(server_engine) as session:
        view = campaigns.get(session, campaign_id)
    assert view is not None
    # Stored with the administrative units' own spelling.
    assert view.communes == [("Lào Cai", "Xã Bản Phiệt"), ("Lào Cai", "Xã Tả Van")]
    assert view.targets == {"amount_collected": 50_000_000, "voluntary_si_enrolled": 262}
    assert (view.start_date, view.end_date, view.status) == (NOV_10, NOV_16, "open")
    assert (view.created_by, view.version) == ("admin-cli", 1)

    code, out, _ = run_cli("campaign", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split("\t") == [
        campaign_id, "10/11/2026", "16/11/2026", "open", "Chiến dịch tháng 11", "2"
    ]  # fmt: skip
    assert len(lines) == 2

    assert run_cli("campaign", "close", campaign_id)[:2] == (0, f"closed campaign {campaign_id}\n")
    assert written(server_engine)["version"] == 2
    code, out, _ = run_cli("campaign", "close", campaign_id)
    assert (code, out) == (0, f"campaign {campaign_id} already closed\n")
    assert written(server_engine)["version"] == 2  # nothing changed: the counter stays
    assert "\tclosed\t" in run_cli("campaign", "list")[1]

    code, _, err = run_cli("campaign", "close", "no-such-campaign")
    assert (code, err) == (2, "error: no campaign no-such-campaign\n")


BASE = ["--name", "Tháng 11", "--from", "2026-11-10", "--to", "2026-11-16"]
PLACE = ["--commune", "Lào Cai/Xã Tả Van"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "T", "--from", "2026-13-01", "--to", "2026-12-31", *PLACE], "not a date"),
        (["--name", "T", "--from", "10/11/2026", "--to", "2026-12-31", *PLACE], "not a date"),
        (["--name", "T", "--from", "2026-11-10", "--to", "9999-01-01", *PLACE], "2099-12-31"),
        (["--name", "T", "--from", "1999-12-31", "--to", "2000-01-05", *PLACE], "2000-01-01"),
        (["--name", "T", "--from", "2026-11-16", "--to", "2026-11-10", *PLACE], "before"),
        (["--name", "T", "--from", "2026-01-01", "--to", "2027-02-04", *PLACE], "366 days"),
        ([*BASE, "--commune", "Lào Cai/Xã Không Có Thật"], "no such commune"),
        ([*BASE, "--commune", "Lào Cai/Xã Lũng Cú"], "no such commune"),  # another province's
        ([*BASE, "--commune", "Nơi Nào Đó/Xã Tả Van"], "no such commune"),
        ([*BASE, "--commune", "Lào Cai"], "PROVINCE/COMMUNE"),
        ([*BASE, *PLACE, "--target", "households_visited=5"], "unknown metric"),
        ([*BASE, *PLACE, "--target", "voluntary_si_enrolled=-5"], "whole number from 0"),
        ([*BASE, *PLACE, "--target", "voluntary_si_enrolled=1e3"], "METRIC=VALUE"),
        ([*BASE, *PLACE, "--target", f"amount_collected={10**15 + 1}"], "whole number from 0"),
        (["--name", "   ", "--from", "2026-11-10", "--to", "2026-11-16", *PLACE], "1 to 120"),
        (["--name", "x" * 121, "--from", "2026-11-10", "--to", "2026-11-16", *PLACE], "1 to 120"),
        (["--name", "Tháng\x0711", "--from", "2026-11-10", "--to", "2026-11-16", *PLACE],
         "control characters"),
        (["--name", "Tháng\x0011", "--from", "2026-11-10", "--to", "2026-11-16", *PLACE],
         "control characters"),
    ],
)  # fmt: skip
def test_a_refused_campaign_says_why_exits_2_and_writes_nothing(
    server_engine: sa.Engine, run_cli: Run, args: list[str], message: str
) -> None:
    code, out, err = run_cli("campaign", "create", *args)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert written(server_engine) == {
        "campaign": 0, "campaign_commune": 0, "audit": 0, "version": 0
    }  # fmt: skip


def test_the_module_refuses_what_no_command_line_can_send(server_engine: sa.Engine) -> None:
    bad = [
        CampaignSpec("T", datetime(2026, 11, 10, tzinfo=UTC), NOV_16, (("Lào Cai", "Tả Van"),), {}),
        CampaignSpec("T", NOV_10, NOV_16, (), {}),
        CampaignSpec("T", NOV_10, NOV_16, (("Lào Cai", "Tả Van"),) * 201, {}),
        CampaignSpec("T", NOV_10, NOV_16, (("Lào Cai", "Tả Van"),), {"bhyt_renewed": True}),
        CampaignSpec("T", NOV_10, NOV_16, (("Lào Cai", "Tả\ud800"),), {}),
    ]  # type: ignore[arg-type]
    for one in bad:
        with pytest.raises(CampaignRefused) as refused:
            campaigns.create(server_engine, one, "admin-cli")
        assert refused.value.code == "invalid_campaign", one
    with pytest.raises(CampaignRefused) as refused:
        campaigns.create(server_engine, spec(("Lào Cai", "Xã Lũng Cú")), "admin-cli")
    assert refused.value.code == "unknown_commune"
    with pytest.raises(CampaignRefused) as refused:
        campaigns.close(server_engine, "nope", "admin-cli")
    assert refused.value.code == "not_found"
    assert written(server_engine)["campaign"] == 0
    # A commune named twice (two spellings) is stored once; the longest span is allowed.
    long = CampaignSpec(
        "Cả năm", date(2028, 1, 1), date(2028, 12, 31),
        (("Lào Cai", "Tả Van"), ("lào cai", "xã tả van")), {},
    )  # fmt: skip
    campaigns.create(server_engine, long, "admin-cli")
    assert written(server_engine)["campaign_commune"] == 1


# --- who reads what ------------------------------------------------------------------


def _user(engine: sa.Engine, username: str) -> UserAccount:
    with Session(engine) as session:
        found = session.exec(
            sa.select(UserAccount).where(UserAccount.username == username)  # type: ignore[arg-type]
        ).one()[0]
        session.expunge(found)
        return found


def test_collectors_read_the_campaigns_of_their_communes(server_engine: sa.Engine) -> None:
    engine = server_engine
    admin.create_user(engine, "area.tv", PASSWORD, areas=["Lào Cai/Tả Van"])
    admin.create_user(engine, "province.lc", PASSWORD, areas=["Lào Cai"])
    admin.create_user(engine, "holds.bp", PASSWORD)
    admin.create_user(engine, "nobody", PASSWORD)
    admin.create_user(engine, "sup", PASSWORD, "supervisor", areas=["Hà Giang"])
    # Held households: one in a spelling variant of Bản Phiệt, one deleted in Lũng Cú.
    household(engine, "h1", "lào cai", "xã  bản phiệt", collector="holds.bp")
    household(engine, "h2", "Hà Giang", "Xã Lũng Cú", collector="holds.bp", deleted=True)
    household(engine, "h3", "Hà Giang", "Xã Lũng Cú", collector="nobody.else")

    ids = {
        "tv": campaigns.create(engine, spec(("Lào Cai", "Tả Van"), name="B"), "sup"),
        "bp": campaigns.create(engine, spec(("Lào Cai", "Bản Phiệt"), name="A"), "sup"),
        "lc": campaigns.create(engine, spec(("Hà Giang", "Lũng Cú"), name="C"), "sup"),
    }
    with Session(engine) as session:

        def seen(username: str) -> list[str]:
            return [v.id for v in campaigns.campaigns_for(session, _user(engine, username))]

        assert seen("area.tv") == [ids["tv"]]
        assert seen("province.lc") == [ids["bp"], ids["tv"]]  # same dates: by name
        assert seen("holds.bp") == [ids["bp"]]
        assert seen("nobody") == []
        assert seen("sup") == [ids["bp"], ids["tv"], ids["lc"]]  # areas don't limit this


def _get(server: ServerProcess, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(server.url + API + "/campaigns", headers=headers, timeout=10)


def test_the_api_sends_each_caller_their_campaigns_and_the_counter(
    server: ServerProcess,
) -> None:
    engine = server_engine(server)
    try:
        admin.create_user(engine, "thu.lt", PASSWORD, areas=["Lào Cai/Xã Tả Van"])
        admin.create_user(engine, "nam.vh", PASSWORD)
        admin.create_user(engine, "sup", PASSWORD, "supervisor")
        household(engine, "h1", "Lào Cai", "Xã Bản Phiệt", collector="nam.vh")
        thu = Client.login(server, "thu.lt", "device-thu-01")
        nam = Client.login(server, "nam.vh", "device-nam-01")
        sup = Client.login(server, "sup", "device-sup-01")

        assert _get(server, None).status_code == 401
        assert _get(server, "not-a-token").status_code == 401
        assert thu.get("/campaigns").json() == {"version": 0, "campaigns": []}

        tv = campaigns.create(
            engine,
            spec(("Lào Cai", "Tả Van"), voluntary_si_enrolled=262, amount_collected=50_000_000),
            "sup",
        )
        december = CampaignSpec(
            "Tháng 12", date(2026, 12, 1), date(2026, 12, 7), (("Lào Cai", "Bản Phiệt"),), {}
        )
        bp = campaigns.create(engine, december, "sup")
        answer = thu.get("/campaigns")
        assert answer.status_code == 200
        body = answer.json()
        assert body["version"] == 2
        (one,) = body["campaigns"]
        assert one == {
            "id": tv,
            "name": "Chiến dịch tháng 11",
            "start_date": "2026-11-10",
            "end_date": "2026-11-16",
            "status": "open",
            "communes": [{"province": "Lào Cai", "commune": "Xã Tả Van"}],
            "targets": {"amount_collected": 50_000_000, "voluntary_si_enrolled": 262},
            "version": 1,
            "updated_at": one["updated_at"],
        }
        assert datetime.fromisoformat(one["updated_at"]).utcoffset() is not None
        assert [c["id"] for c in nam.get("/campaigns").json()["campaigns"]] == [bp]
        assert [c["id"] for c in sup.get("/campaigns").json()["campaigns"]] == [bp, tv]

        # Reading moves nothing; a close moves the counter once.
        assert sup.get("/campaigns").json()["version"] == 2
        assert campaigns.close(engine, tv, "sup") is True
        assert campaigns.close(engine, tv, "sup") is False
        after = thu.get("/campaigns").json()
        assert after["version"] == 3
        assert after["campaigns"][0]["status"] == "closed"
        assert after["campaigns"][0]["version"] == 3
        assert nam.get("/campaigns").json()["campaigns"][0]["version"] == 2
    finally:
        engine.dispose()


# --- the tally -----------------------------------------------------------------------


def _visit(engine: sa.Engine, vid: str, hid: str, at: datetime, who: str, amount: int, **more):
    row = {
        "id": vid, "household_id": hid, "visited_at": at, "created_by": who,
        "amount_collected": amount, "outcome": "visited",
    } | more  # fmt: skip
    write_record(engine, V, "visit", row, hid, new=True)


def _result(engine: sa.Engine, rid: str, vid: str, hid: str, person: str | None, kind: str):
    row = {"id": rid, "visit_id": vid, "household_id": hid, "person_id": person, "kind": kind}
    write_record(engine, C, "collection", row | {"amount": 0, "months": 12}, hid, new=True)


def _world(engine: sa.Engine) -> None:
    """Visits by two collectors inside and outside the campaign's days and communes."""
    household(engine, "h1", "Lào Cai", "Xã Bản Phiệt", collector="thu.lt")
    household(engine, "h2", "lào cai", "bản  phiệt", collector="nam.vh")  # a typed variant
    household(engine, "h3", "Lào Cai", "Xã Cốc San", collector="nam.vh")
    household(engine, "h4", "Lào Cai", "Xã Tả Van", collector="thu.lt")  # not the campaign's
    for pid, hid in (("p1", "h1"), ("p2", "h1"), ("p3", "h2"), ("p4", "h3"), ("p5", "h4")):
        write_record(
            engine, P, "person", {"id": pid, "household_id": hid, "full_name": "N"}, hid, True
        )  # noqa: E501

    def at(day: int, hour: int) -> datetime:  # UTC: Vietnam's day is 7 hours ahead
        return datetime(2026, 11, day, hour, 30, tzinfo=UTC)

    _visit(engine, "v1", "h1", at(10, 3), "thu.lt", 100_000)  # in: the first day
    _result(engine, "c1", "v1", "h1", "p1", "voluntary_si_enrolled")
    _result(engine, "c2", "v1", "h1", "p2", "voluntary_si_enrolled")
    _visit(engine, "v2", "h2", at(16, 16), "nam.vh", 200_000)  # in: 23:30 on the last day
    _result(engine, "c3", "v2", "h2", "p3", "bhyt_renewed")
    _visit(engine, "v3", "h3", at(14, 2), "nam.vh", 0)  # in
    _result(engine, "c4", "v3", "h3", "p4", "vssid_installed")
    _result(engine, "c5", "v3", "h3", None, "bhyt_renewed")  # a result without a person
    _visit(engine, "v4", "h3", at(16, 17), "nam.vh", 400_000)  # out: 00:30 on the 17th
    _result(engine, "c7", "v4", "h3", "p4", "voluntary_si_enrolled")
    _visit(engine, "v5", "h1", at(9, 16), "thu.lt", 800_000)  # out: 23:30 on the 9th
    _result(engine, "c8", "v5", "h1", "p1", "bhyt_household_enrolled")
    _visit(engine, "v6", "h4", at(12, 3), "thu.lt", 1_600_000)  # out: another commune
    _result(engine, "c9", "v6", "h4", "p5", "voluntary_si_enrolled")
    _visit(engine, "v7", "h3", at(13, 3), "nam.vh", 3_200_000, deleted=True)  # out: deleted
    _visit(engine, "v8", "h2", at(11, 3), "nam.vh", 0)  # in, with a deleted result
    write_record(
        engine, C, "collection",
        {"id": "c10", "visit_id": "v8", "household_id": "h2", "person_id": "p3",
         "kind": "bhyt_household_enrolled", "amount": 0, "months": 12, "deleted": True},
        "h2", new=True,
    )  # fmt: skip


def test_the_tally_counts_the_campaigns_days_and_communes_only(server_engine: sa.Engine) -> None:
    engine = server_engine
    _world(engine)
    campaign_id = campaigns.create(
        engine, spec(("Lào Cai", "Bản Phiệt"), ("Lào Cai", "Cốc San")), "sup"
    )
    with Session(engine) as session:
        view = campaigns.get(session, campaign_id)
        assert view is not None
        everything = Scope((), None)
        found = campaigns.tally(session, view, everything)

        # By hand: v1, v2, v3 and v8; nothing of v4-v7.
        total = found.total
        assert (total.visits, total.households, total.amount) == (4, 3, 300_000)
        assert total.value(Metric.VOLUNTARY_SI_ENROLLED) == 2
        assert total.value(Metric.BHYT_RENEWED) == 2  # p3, and c5 without a person
        assert total.value(Metric.VSSID_INSTALLED) == 1
        assert total.value(Metric.BHYT_HOUSEHOLD_ENROLLED) == 0
        assert {k: (f.visits, f.amount) for k, f in found.per_collector.items()} == {
            "nam.vh": (3, 200_000),
            "thu.lt": (1, 100_000),
        }
        assert set(found.per_commune) == {
            ("Lào Cai", "Xã Bản Phiệt"), ("lào cai", "bản  phiệt"), ("Lào Cai", "Xã Cốc San")
        }  # fmt: skip

        # The same as the console's figures over those days and the stored pairs.
        pairs = (("Lào Cai", "Xã Bản Phiệt"), ("Lào Cai", "Xã Cốc San"), ("lào cai", "bản  phiệt"))
        expected = figures.overview(session, NOV_10, NOV_16, Scope((), tuple(sorted(pairs))))
        assert found == expected
        assert found != figures.overview(session, NOV_10, NOV_16, everything)

        # Within a supervisor's scope: only the campaign's communes they see.
        cốc_san = scope_for(session, [Area("Lào Cai", "Xã Cốc San"), Area("Lào Cai", "Tả Van")])
        narrow = campaigns.tally(session, view, cốc_san)
        assert (narrow.total.visits, narrow.total.amount) == (1, 0)
        assert narrow == figures.overview(
            session, NOV_10, NOV_16, Scope((), (("Lào Cai", "Xã Cốc San"),))
        )
        elsewhere = scope_for(session, [Area("Hà Giang")])
        assert campaigns.tally(session, view, elsewhere).total == figures.Figures()
