"""District campaigns in the supervisors' console (issue 15): the campaigns page (create,
list, close, refusals), a campaign's tally, its report as .xlsx and PDF, and the overview
over a campaign's days and communes. The real server on loopback, SQLite and PostgreSQL,
driven over HTTP with a cookie jar as a browser does."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlmodel import Session

from helpers.browser import chromium_page, log_in_by_keyboard, shots
from helpers.console import BAC_HA, BAN_HO, Browser, english_browser, hidden, make_people, record
from helpers.pdf import POPPLER, needs_poppler, norm, page_count, page_texts
from helpers.server_api import Client, applied, new_id, op
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine
from vss_core.enums import Metric
from vss_server import campaigns, outreach
from vss_server.areas import Area, Scope
from vss_server.campaigns import CampaignSpec

NAME = "Chiến dịch tháng 11 – Bản Hồ & Bắc Hà"
NOV_10, NOV_16 = date(2026, 11, 10), date(2026, 11, 16)


@pytest.fixture
def world(server: ServerProcess) -> ServerProcess:
    """In the campaign's days: thu.lt 3 visits in Bản Hồ, nam.vh 2 in Bắc Hà, each visit
    enrolling the household's one member and collecting 105.300 ₫; one more visit in Bản
    Hồ after the campaign."""
    make_people(server)
    thu = Client.login(server, "thu.lt", "device-thu-00001")
    nam = Client.login(server, "nam.vh", "device-nam-00001")
    record(thu, BAN_HO, visits=3, day="2026-11-12", cccd="015185000123")
    record(nam, BAC_HA, visits=2, day="2026-11-13", head="Đặng Văn Đức")
    record(thu, BAN_HO, visits=1, day="2026-11-20", head="Vàng Thị Mai")
    return server


@contextmanager
def engine_of(server: ServerProcess) -> Iterator[sa.Engine]:
    engine = server_engine(server)
    try:
        yield engine
    finally:
        engine.dispose()


def stored(server: ServerProcess) -> list[campaigns.CampaignView]:
    with engine_of(server) as engine, Session(engine) as session:
        return campaigns.every(session)


def make(server: ServerProcess, *communes: str, **targets: int) -> str:
    spec = CampaignSpec(NAME, NOV_10, NOV_16, tuple(("Lào Cai", c) for c in communes), targets)
    with engine_of(server) as engine:
        return campaigns.create(engine, spec, "admin-cli")


def create_form(browser: Browser, **fields: object) -> dict[str, object]:
    page = browser.get("/console/campaigns")
    assert page.status_code == 200
    form: dict[str, object] = {
        "csrf": hidden(page.text, "csrf"),
        "name": NAME,
        "start": "10/11/2026",
        "end": "16/11/2026",
        "commune": [f"Lào Cai|{BAN_HO}", f"Lào Cai|{BAC_HA}"],
    }
    return form | fields


def post(browser: Browser, path: str, form: dict[str, object]):
    return browser.http.post(browser.url(path), data=form, timeout=30, allow_redirects=False)


def cells(html: str, row_label: str) -> list[str]:
    """The cells of the table row whose header is ``row_label``."""
    found = re.search(rf"<th scope=\"row\">{re.escape(row_label)}.*?</tr>", html, re.S)
    assert found, f"no row {row_label}"
    return [
        re.sub(r"<[^>]+>", " ", c).split()[0]
        for c in re.findall(r"<td[^>]*>(.*?)</td>", found.group(0), re.S)
        if c.strip()
    ]


# --- create, list, close ------------------------------------------------------------------------


def test_a_supervisor_creates_lists_and_closes_a_campaign(world: ServerProcess) -> None:
    browser = english_browser(world, "tinh", "/console/campaigns")
    page = browser.get("/console/campaigns")
    assert 'aria-current="page">Campaigns<' in page.text
    # The communes offered are those of the households: one tick each.
    assert page.text.count('name="commune"') == 2
    form = create_form(
        browser,
        target_bhyt_household_enrolled="4",
        target_amount_collected="1.000.000 ₫",
        target_vssid_installed="",
    )
    answer = post(browser, "/console/campaigns/create", form)
    assert answer.status_code == 303, answer.text
    listed = browser.get(answer.headers["location"]).text
    assert "The campaign is created" in listed
    assert NAME.replace("&", "&amp;") in listed and "10/11/2026 – 16/11/2026" in listed
    assert "Xã Bản Hồ" in listed and "Xã Bắc Hà" in listed  # the units' spelling
    (made,) = stored(world)
    assert made.status == "open" and made.created_by == "tinh"
    assert made.targets == {"amount_collected": 1_000_000, "bhyt_household_enrolled": 4}
    assert made.communes == [("Lào Cai", "Xã Bản Hồ"), ("Lào Cai", "Xã Bắc Hà")]

    close = {"csrf": hidden(listed, "csrf")}
    answer = post(browser, f"/console/campaigns/{made.id}/close", close)
    assert answer.status_code == 303
    after = browser.get(answer.headers["location"]).text
    assert "The campaign is closed." in after and f"/campaigns/{made.id}/close" not in after
    assert stored(world)[0].status == "closed"
    again = post(browser, f"/console/campaigns/{made.id}/close", close)
    assert "already_closed" in again.headers["location"]


REFUSED = [
    ({"start": "31/02/2026"}, "Write the first and the last day as dd/mm/yyyy."),
    ({"end": "16/11/9999"}, "between 01/01/2000 and 31/12/2099"),
    ({"start": "17/11/2026"}, "The last day is before the first day."),
    ({"end": "16/11/2028"}, "at most 366 days"),
    ({"name": "   "}, "Give the campaign a name"),
    ({"commune": []}, "Tick at least one commune"),
    ({"commune": ["Lào Cai|Không Có"]}, "Không Có (Lào Cai) is not a commune of that province."),
    ({"target_vssid_installed": "nhiều"}, "A target is a whole number from 0 to"),
    ({"target_bhyt_renewed": "-3"}, "A target is a whole number from 0 to"),
]


@pytest.mark.parametrize(("change", "said"), REFUSED)
def test_a_refused_campaign_is_said_on_the_page_and_nothing_is_written(
    world: ServerProcess, change: dict[str, object], said: str
) -> None:
    browser = english_browser(world, "tinh", "/console/campaigns")
    answer = post(browser, "/console/campaigns/create", create_form(browser, **change))
    assert answer.status_code == 400
    assert said in answer.text and "Nothing was written." in answer.text
    assert 'role="alert"' in answer.text
    assert stored(world) == []
    with engine_of(world) as engine, engine.connect() as conn:
        counter = "SELECT count(*) FROM server_meta WHERE key = 'campaign_version'"
        assert conn.execute(sa.text(counter)).scalar_one() == 0


def test_a_refusal_keeps_what_was_typed_and_speaks_vietnamese(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    answer = post(browser, "/console/campaigns/create", create_form(browser, end="1/1/1999"))
    assert answer.status_code == 400
    assert "Nothing was written." not in answer.text  # said in Vietnamese
    assert "01/01/2000" in answer.text
    assert 'value="1/1/1999"' in answer.text and f'value="Lào Cai|{BAN_HO}" checked' in answer.text


def test_a_commune_outside_the_area_and_a_form_without_csrf_are_refused(
    world: ServerProcess,
) -> None:
    browser = english_browser(world, "xa.banho", "/console/campaigns")
    page = browser.get("/console/campaigns").text
    assert page.count('name="commune"') == 1  # Bản Hồ only
    outside = post(browser, "/console/campaigns/create", create_form(browser))
    assert outside.status_code == 400 and "outside your area" in outside.text
    form = create_form(browser, commune=[f"Lào Cai|{BAN_HO}"])
    forged = post(browser, "/console/campaigns/create", form | {"csrf": "forged"})
    assert forged.status_code == 403
    del form["csrf"]
    assert post(browser, "/console/campaigns/create", form).status_code == 403
    assert stored(world) == []


# --- who sees what ----------------------------------------------------------------------------


def test_a_commune_supervisor_sees_neither_another_communes_campaign_nor_its_report(
    world: ServerProcess,
) -> None:
    theirs = make(world, BAC_HA, bhyt_household_enrolled=2)
    shared = make(world, BAN_HO, BAC_HA)
    browser = english_browser(world, "xa.banho", "/console/campaigns")
    listed = browser.get("/console/campaigns").text
    assert f"/console/campaigns/{shared}" in listed and theirs not in listed
    assert "and 1 outside your area" in listed
    for path in ("", "/report.pdf", "/report.xlsx"):
        answer = browser.get(f"/console/campaigns/{theirs}{path}")
        assert answer.status_code == 404 and "outside your area" in answer.text
    assert browser.get("/console/campaigns/no-such-id").status_code == 404
    assert browser.get(f"/console/campaigns/{shared}/report.doc").status_code == 404
    overview = browser.get(f"/console/overview?span=campaign&campaign={theirs}").text
    assert "There is no such campaign in your area" in overview
    close = {"csrf": hidden(listed, "csrf")}
    assert post(browser, f"/console/campaigns/{theirs}/close", close).status_code == 404
    # The shared campaign: only Bản Hồ's row, and no closing it for Bắc Hà too.
    tally = browser.get(f"/console/campaigns/{shared}").text
    assert "Xã Bản Hồ" in tally and "Xã Bắc Hà" not in tally and "nam.vh" not in tally
    assert f"/campaigns/{shared}/close" not in tally
    refused = post(browser, f"/console/campaigns/{shared}/close", close)
    assert "not_allowed" in refused.headers["location"]
    assert "Only a supervisor of every commune" in browser.get(refused.headers["location"]).text
    assert {c.status for c in stored(world)} == {"open"}


# --- the tally and the report files --------------------------------------------------------------


def the_tally(server: ServerProcess, campaign_id: str, scope: Scope):
    with engine_of(server) as engine, Session(engine) as session:
        view = campaigns.get(session, campaign_id)
        assert view is not None
        return campaigns.tally(session, view, scope)


def test_the_tally_page_equals_the_campaigns_tally(world: ServerProcess) -> None:
    made = make(world, BAN_HO, BAC_HA, bhyt_household_enrolled=4, bhyt_renewed=0,
                amount_collected=1_000_000)  # fmt: skip
    tally = the_tally(world, made, Scope((), None))
    assert tally.total.visits == 5 and tally.total.amount == 5 * 105_300  # not the 20/11 visit
    browser = english_browser(world, "tinh", f"/console/campaigns/{made}")
    page = browser.get(f"/console/campaigns/{made}").text
    # voluntary SI, BHYT (new + renewed), VssID, cashless, money
    assert cells(page, "Total") == ["0", "2", "2", "0", "0", "0", "526.500"]
    assert cells(page, "Target") == ["4", "4", "0", "1.000.000"]
    assert cells(page, "Percent of target") == ["50%", "50%", "52%"]
    assert cells(page, "Xã Bản Hồ") == ["0", "1", "1", "0", "0", "0", "315.900"]
    assert cells(page, "Xã Bắc Hà") == ["0", "1", "1", "0", "0", "0", "210.600"]
    assert "thu.lt" in page and "nam.vh" in page  # per collector
    per_collector = {k: v.amount for k, v in tally.per_collector.items()}
    assert per_collector == {"thu.lt": 315_900, "nam.vh": 210_600}


def test_the_xlsx_report_equals_the_tally(world: ServerProcess) -> None:
    made = make(world, BAN_HO, BAC_HA, bhyt_household_enrolled=4)
    tally = the_tally(world, made, Scope((), None))
    browser = english_browser(world, "tinh", f"/console/campaigns/{made}")
    answer = browser.get(f"/console/campaigns/{made}/report.xlsx")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    assert (
        "chien-dich-thang-11-ban-ho-bac-ha-2026-11-10.xlsx" in answer.headers["content-disposition"]
    )
    book = load_workbook(io.BytesIO(answer.content))
    communes, collectors, _outreach = book.worksheets  # the outreach sheet: see below
    rows = {r[0]: r for r in communes.iter_rows(values_only=True) if r and r[0]}
    assert rows[f"Campaign report: {NAME}"]
    days = rows["From 10/11/2026 to 16/11/2026"][1:3]
    assert [d.date() for d in days] == [NOV_10, NOV_16]  # dates as dates
    total = rows["Total"]
    assert total[2:] == (0, 2, 2, 0, 0, 0, tally.total.amount)
    assert rows["Xã Bản Hồ"][2:] == (0, 1, 1, 0, 0, 0, 315_900)
    assert rows["Target"][3] is None and rows["Target"][4] == 4  # no renewals target
    assert rows["Percent of target"][4] == 50
    by_user = {r[0]: r for r in collectors.iter_rows(values_only=True) if r and r[0]}
    assert by_user["thu.lt"][-1] == tally.per_collector["thu.lt"].amount
    assert communes.cell(communes.max_row - 2, 9).number_format == "#,##0"


@needs_poppler
def test_the_pdf_report_is_one_a4_page_with_the_tally_in_vietnamese(
    world: ServerProcess, tmp_path: Path
) -> None:
    made = make(world, BAN_HO, BAC_HA, voluntary_si_enrolled=10, amount_collected=2_000_000)
    tally = the_tally(world, made, Scope((), None))
    browser = Browser(world)
    browser.login("tinh")  # Vietnamese, the console's own language
    answer = browser.get(f"/console/campaigns/{made}/report.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(answer.content)
    (shots(tmp_path) / "campaign-report.pdf").write_bytes(answer.content)  # $VSS_SCREENSHOTS
    assert page_count(pdf) == 1
    text = norm(page_texts(pdf)[0])
    assert NAME in text  # diacritics intact, from the embedded Noto Sans
    assert "10/11/2026" in text and "16/11/2026" in text
    assert "Xã Bản Hồ" in text and "Xã Bắc Hà" in text
    assert "Tất cả các địa bàn" in text  # the area of an everywhere-supervisor
    assert "526.500 ₫" in text and "315.900 ₫" in text and "2.000.000 ₫" in text
    assert f"{tally.total.amount * 100 // 2_000_000}%" in text
    assert re.search(r"Tổng cộng 0 2 2 0 0 0 526\.500 ₫", text), text
    assert "In ngày" in text


@needs_poppler
def test_the_pdf_names_the_commune_supervisors_area_only(
    world: ServerProcess, tmp_path: Path
) -> None:
    made = make(world, BAN_HO, BAC_HA)
    browser = english_browser(world, "xa.banho", f"/console/campaigns/{made}")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(browser.get(f"/console/campaigns/{made}/report.pdf").content)
    text = norm(page_texts(pdf)[0])
    scope = Scope((Area("Lào Cai", "Bản Hồ"),), ((("Lào Cai", BAN_HO)),))
    tally = the_tally(world, made, scope)
    assert "Area: Bản Hồ, Lào Cai" in text and "Xã Bắc Hà" not in text
    assert "315.900 ₫" in text and tally.total.amount == 315_900


# --- the overview's campaign period ------------------------------------------------------------


def test_the_overview_over_a_campaign_shows_its_figures(world: ServerProcess) -> None:
    made = make(world, BAN_HO, BAC_HA, bhyt_household_enrolled=4)
    browser = english_browser(world, "tinh", "/console/overview")
    month = browser.get("/console/overview?span=month&day=2026-11-05").text
    assert f'<option value="{made}"' in month  # an open campaign is a period choice
    assert re.findall(r'<span class="n">([^<]*)</span>', month)[0] == "6"  # with the 20/11 visit
    page = browser.get(f"/console/overview?span=campaign&campaign={made}").text
    cards = re.findall(r'<span class="n">([^<]*)</span>', page)
    assert cards[:3] == ["5", "2", "2"] and "526.500 ₫" in page
    assert "of 4 (50%)" in page  # the campaign's target on its card
    assert f'<option value="{made}" selected' in page
    assert "from 10/11/2026 to 16/11/2026" in page
    assert "Previous" not in page
    # A commune supervisor: the campaign's Bản Hồ only.
    mine = english_browser(world, "xa.banho", "/console/overview")
    own = mine.get(f"/console/overview?span=campaign&campaign={made}").text
    assert re.findall(r'<span class="n">([^<]*)</span>', own)[:3] == ["3", "1", "1"]
    assert "315.900 ₫" in own and "nam.vh" not in own


# --- in a real browser -----------------------------------------------------------------------


@pytest.fixture
def page() -> Iterator[Any]:
    yield from chromium_page()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_a_campaign_is_created_and_read_in_a_real_browser(
    world: ServerProcess, page: Any, tmp_path: Path
) -> None:
    """Tick, type, create; then the tally: nothing blocked by the CSP, nothing spills
    sideways at 1366x768 (screenshots in shots(tmp_path))."""
    from playwright.sync_api import expect

    page.goto(world.url + "/console/campaigns")
    log_in_by_keyboard(page, "tinh", PASSWORD)
    expect(page.get_by_role("heading", name="Chiến dịch")).to_be_visible()
    page.fill("#c-name", NAME)
    page.fill("#c-start", "10/11/2026")
    page.fill("#c-end", "16/11/2026")
    page.get_by_label(BAN_HO).check()
    page.get_by_label(BAC_HA).check()
    page.fill("#c-bhyt_household_enrolled", "4")
    page.fill("#c-amount_collected", "1.000.000")
    page.screenshot(path=str(shots(tmp_path) / "console-campaigns-form.png"), full_page=True)
    page.get_by_role("button", name="Tạo chiến dịch").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tạo chiến dịch")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(shots(tmp_path) / "console-campaigns.png"), full_page=True)
    page.get_by_role("link", name=NAME).click()
    expect(page.locator("tr.total td").last).to_have_text("526.500 ₫")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(shots(tmp_path) / "console-campaign-tally.png"), full_page=True)


# --- outreach: events, walk-ins and referrals ----------------------------------------------------


def event(client: Client, commune: str, starts_at: str, attendees: int) -> str:
    event_id = new_id()
    fields = {
        "kind": "booth",
        "starts_at": starts_at,
        "province": "Lào Cai",
        "commune": commune,
        "partner": "Hội Nông dân",
        "attendees": attendees,
    }
    applied(client.push(op("event", "create", event_id, fields)))
    return event_id


def enrolled(household: str, person: str, day: str, amount: int = 105_300, **links: Any):
    """A visit on ``day`` enrolling ``person`` for ``amount``: its two ops."""
    visit = new_id()
    fields = {"household_id": household, "visited_at": f"{day}T04:00:00Z", "outcome": "enrolled"}
    result = {"visit_id": visit, "household_id": household, "person_id": person, "months": 12}
    return [
        op("visit", "create", visit, fields | {"amount_collected": amount,
                                               "receipt_number": f"BL-{visit[:8]}"} | links),
        op("collection", "create", new_id(), result | {"kind": "bhyt_household_enrolled",
                                                       "amount": amount}),
    ]  # fmt: skip


def walk_in(
    client: Client, commune: str, day: str, event_id: str | None, referred_by: str | None = None
) -> tuple[str, str]:
    """A household met at an event (or at the door: ``event_id`` None), its member enrolled
    for 105.300 ₫: (household id, person id)."""
    household, person = new_id(), new_id()
    home = {"head_name": "Sùng A Dế", "province": "Lào Cai", "commune": commune,
            "village": "Thôn 2", "met_at_event": event_id}  # fmt: skip
    member = {"household_id": household, "full_name": "Sùng A Dế", "relation": "head"}
    links = {"event_id": event_id, "referred_by": referred_by}
    applied(
        client.push(
            op("household", "create", household, home),
            op("person", "create", person, member),
            *enrolled(household, person, day, **links),
        )
    )
    return household, person


def outreach_world(server: ServerProcess) -> None:
    """Beside the visits of ``world``: thu.lt's booths in Bản Hồ (one at 00:30 on the first
    local day, one the day after the last, one deleted), nam.vh's in Bắc Hà and in Tả Van
    (not a campaign commune); walk-ins at them, a person met at a booth and again at home
    (counted once), referrals in and after the campaign."""
    thu = Client.login(server, "thu.lt", "device-thu-00002")
    nam = Client.login(server, "nam.vh", "device-nam-00002")
    booth = event(thu, "bản  hồ", "2026-11-12T01:00:00Z", 40)  # spelled as typed
    event(thu, "Xã Bản Hồ", "2026-11-09T17:30:00Z", 10)  # 10/11 00:30 in Vietnam
    event(thu, "Bản Hồ", "2026-11-16T17:30:00Z", 7)  # 17/11 in Vietnam: after the campaign
    deleted = event(thu, "Bản Hồ", "2026-11-14T02:00:00Z", 12)
    applied(thu.push(op("event", "delete", deleted)))
    _first, first_member = walk_in(thu, BAN_HO, "2026-11-12", booth)
    second, member = walk_in(thu, BAN_HO, "2026-11-12", booth, referred_by=first_member)
    # The referred member enrolled again at home: one person still.
    applied(thu.push(*enrolled(second, member, "2026-11-15", amount=0)))
    walk_in(thu, BAN_HO, "2026-11-20", None, referred_by=first_member)  # after the campaign
    hall = event(nam, "Xã Bắc Hà", "2026-11-13T01:00:00Z", 25)
    _referrer_home, referrer = walk_in(nam, BAC_HA, "2026-11-13", hall)
    walk_in(nam, BAC_HA, "2026-11-14", None, referred_by=referrer)  # a referral at the door
    elsewhere = event(nam, "Tả Van", "2026-11-13T01:00:00Z", 30)
    walk_in(nam, "Tả Van", "2026-11-13", elsewhere, referred_by=referrer)


def test_the_outreach_figures_of_a_campaign_in_its_tally_and_report(
    world: ServerProcess, tmp_path: Path
) -> None:
    outreach_world(world)
    made = make(world, BAN_HO, BAC_HA, bhyt_household_enrolled=10)
    everywhere = Scope((), None)
    with engine_of(world) as engine, Session(engine) as session:
        view = campaigns.get(session, made)
        assert view is not None
        found = outreach.campaign_outreach(session, view, everywhere)
        banho = Scope((Area("Lào Cai", "Bản Hồ"),), (("Lào Cai", BAN_HO),))
        own = outreach.campaign_outreach(session, view, banho)
        nams = outreach.campaign_outreach(session, view, everywhere, collector="nam.vh")
        tally = campaigns.tally(session, view, everywhere)
    counts = {c: (f.events, f.attendees, f.walk_ins) for (_p, c), f in found.per_commune.items()}
    assert counts == {"Xã Bản Hồ": (2, 50, 2), "Xã Bắc Hà": (1, 25, 1)}
    assert (found.total.events, found.total.attendees, found.total.walk_ins) == (3, 75, 3)
    assert found.referrals == {"nam.vh": 1, "thu.lt": 1} and found.referrals_total == 2
    # A commune supervisor: their commune's events and referrals only.
    assert list(own.per_commune) == [("Lào Cai", "Xã Bản Hồ")] and own.total.events == 2
    assert own.referrals == {"thu.lt": 1}
    # One collector's own: their events and referrals.
    assert [f.events for f in nams.per_commune.values()] == [0, 1]
    assert nams.referrals == {"nam.vh": 1}
    # The walk-ins' results are visits: counted once with the door visits' (the member
    # enrolled at the booth and again at home is one person).
    assert tally.total.counts[Metric.BHYT_HOUSEHOLD_ENROLLED] == 2 + 4
    assert tally.total.amount == 5 * 105_300 + 4 * 105_300

    browser = english_browser(world, "tinh", f"/console/campaigns/{made}")
    page = browser.get(f"/console/campaigns/{made}").text
    assert cells(page, "Total")[1] == "6"  # the figures' table first
    section = page.split('<section class="outreach">')[1]
    assert "<h2>Outreach</h2>" in section and "Walk-in households" in section
    assert cells(section, "Xã Bản Hồ") == ["2", "50", "2"]
    assert cells(section, "Xã Bắc Hà") == ["1", "25", "1"]
    assert cells(section, "Total") == ["3", "75", "3"]
    assert cells(section, "thu.lt") == ["1"] and cells(section, "nam.vh") == ["1"]
    mine = english_browser(world, "xa.banho", f"/console/campaigns/{made}")
    theirs = mine.get(f"/console/campaigns/{made}").text.split('<section class="outreach">')[1]
    assert "Xã Bắc Hà" not in theirs and "nam.vh" not in theirs
    assert cells(theirs, "Total") == ["2", "50", "2"]

    book = load_workbook(io.BytesIO(browser.get(f"/console/campaigns/{made}/report.xlsx").content))
    sheet = book.worksheets[2]
    assert sheet.title == "Outreach"
    rows = [tuple(v for v in r if v not in (None, "")) for r in sheet.iter_rows(values_only=True)]
    assert rows.index(("Xã Bản Hồ", "Lào Cai", 2, 50, 2)) < rows.index(("Total", 3, 75, 3))
    assert rows.index(("thu.lt", 1)) < rows.index(("Total", 2))

    vietnamese = Browser(world)
    vietnamese.login("tinh")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(vietnamese.get(f"/console/campaigns/{made}/report.pdf").content)
    (shots(tmp_path) / "campaign-report-outreach.pdf").write_bytes(pdf.read_bytes())
    if not POPPLER:
        return
    assert page_count(pdf) == 1
    text = norm(page_texts(pdf)[0])
    assert "Tuyên truyền, vận động" in text and "hộ đến tại sự kiện là các hộ" in text
    # The events per commune, and beside them the referrals per collector.
    assert re.search(r"Xã Bản Hồ 2 50 2 nam\.vh 1", text), text
    assert re.search(r"Xã Bắc Hà 1 25 1 thu\.lt 1", text), text
    assert re.search(r"Tổng cộng 3 75 3 Tổng cộng 2", text), text
    assert re.search(r"Tổng cộng 0 6 6 0 0 0 947\.700 ₫", text), text


@needs_poppler
def test_a_report_of_many_communes_keeps_its_outreach_to_one_line(tmp_path: Path) -> None:
    """Where the outreach's rows would not fit under the figures, the page keeps the
    figures' size and says the outreach's totals in one line (the .xlsx has every row)."""
    from datetime import UTC, datetime

    from vss_server import campaign_report, figures
    from vss_server.console import i18n
    from vss_server.console.campaign_pages import _words

    words = _words(i18n.gettext_for("vi"))
    for communes, detailed in ((12, True), (30, False)):
        places = [("Lào Cai", f"Xã Số {n}") for n in range(communes)]
        view = campaigns.CampaignView(
            "c", NAME, NOV_10, NOV_16, "open", places, {}, 1, datetime.now(UTC), "tinh"
        )
        busy = outreach.Outreach(
            {p: outreach.EventFigures(1, 20, 3) for p in places},
            outreach.EventFigures(communes, 20 * communes, 3 * communes),
            {f"user{n}": 1 for n in range(8)},
            8,
        )
        report = campaign_report.Report(
            view, "Lào Cai", NOV_16, [(p, figures.Figures()) for p in places],
            figures.Figures(), {}, outreach=busy,
        )  # fmt: skip
        pdf = tmp_path / f"report-{communes}.pdf"
        campaign_report.write_pdf(report, words, pdf)
        assert page_count(pdf) == 1
        text = norm(page_texts(pdf)[0])
        line = f"Sự kiện: {communes} · Người tham dự: {20 * communes}"
        assert (line in text) is not detailed, text
        assert ("Xã Số 11 1 20 3" in text) is detailed
        assert "Hộ được giới thiệu: 8" in text or detailed
