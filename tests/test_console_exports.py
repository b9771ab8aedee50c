"""The console's Exports page (issue 14, page 6): the households list, D03-TS / D05-TS and
the overview's tables as .xlsx, each within the supervisor's area. The real server on
loopback (SQLite and PostgreSQL), a cookie-jar browser over HTTP.
"""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from openpyxl import load_workbook

from helpers.console import BAC_HA, BAN_HO, Browser, make_people, record
from helpers.server_api import Client
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine
from vss_core.importing import parse_list
from vss_server import admin
from vss_server.console import downloads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOVEMBER = "span=month&day=2026-11-01"
OTHER_COMMUNE = ("Bắc Hà", "Đặng Văn Đức", "nam.vh", "thu.bacha")  # nothing of these for Bản Hồ


@pytest.fixture
def world(server: ServerProcess) -> ServerProcess:
    """Bản Hồ: thu.lt's household, 3 visits; Bắc Hà: nam.vh's, 2 visits. Both households
    are in a village named "Thôn 1"."""
    make_people(server)
    engine = server_engine(server)
    try:
        admin.create_user(engine, "thu.bacha", PASSWORD, areas=[f"Lào Cai/{BAC_HA}"])
    finally:
        engine.dispose()
    thu = Client.login(server, "thu.lt", "device-thu-00001")
    nam = Client.login(server, "nam.vh", "device-nam-00001")
    record(thu, BAN_HO, visits=3, day="2026-11-20", cccd="015185000123")
    record(nam, BAC_HA, visits=2, day="2026-11-21", head="Đặng Văn Đức")
    return server


def download(browser: Browser, path: str) -> requests.Response:
    answer = browser.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    assert answer.headers["content-type"] == XLSX
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment;") and disposition.isascii()
    assert answer.headers["cache-control"] == "no-store"
    return answer


def cells(content: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True)]


def text_of(content: bytes) -> str:
    return " ".join(str(v) for row in cells(content) for v in row if v is not None)


def exports_left(server: ServerProcess) -> list[str]:
    folder = server.data_dir / downloads.FOLDER
    for _ in range(50):  # the temporary file goes once the answer is sent
        if not folder.exists() or not any(folder.iterdir()):
            return []
        time.sleep(0.1)
    return [p.name for p in folder.iterdir()]


def test_a_commune_supervisors_exports_hold_nothing_of_another_commune(
    world: ServerProcess,
) -> None:
    browser = Browser(world)
    browser.login("xa.banho")
    page = browser.get("/console/exports")
    assert page.status_code == 200
    assert f'value="Lào Cai|{BAN_HO}"' in page.text
    assert not any(word in page.text for word in ("Bắc Hà", "thu.bacha"))
    place, who = f"place=Lào Cai|{BAN_HO}", f"place:Lào Cai|{BAN_HO}"
    downloads = {
        "list of the commune": f"/console/exports/list.xlsx?{place}",
        "list of a village named in both communes": "/console/exports/list.xlsx?village=thôn 1",
        "list of a collector": "/console/exports/list.xlsx?collector=thu.lt",
        "D03-TS of the commune": f"/console/exports/form.xlsx?form=d03-ts&{NOVEMBER}&who={who}",
        "D05-TS of the commune": f"/console/exports/form.xlsx?form=d05-ts&{NOVEMBER}&who={who}",
        "D03-TS of a collector": f"/console/exports/form.xlsx?form=d03-ts&{NOVEMBER}"
        "&who=collector:thu.lt",
        "overview tables": f"/console/exports/figures.xlsx?{NOVEMBER}",
    }
    for what, path in downloads.items():
        content = download(browser, path).content
        text = text_of(content)
        assert not any(word in text for word in OTHER_COMMUNE), what
        if what.startswith("list"):
            assert "Lý Thị Hoa" in text and BAN_HO in text, what  # the commune's own rows
    # Another commune, or a collector of another commune: a 404 page, no file.
    outside = {
        f"/console/exports/list.xlsx?place=Lào Cai|{BAC_HA}": "no such commune",
        "/console/exports/list.xlsx?collector=thu.bacha": "no such commune",
        "/console/exports/list.xlsx?village=Bản Mới": "no such commune",
        f"/console/exports/form.xlsx?form=d03-ts&{NOVEMBER}&who=place:Lào Cai|{BAC_HA}": "",
        f"/console/exports/form.xlsx?form=d03-ts&{NOVEMBER}&who=collector:thu.bacha": "",
        # nam.vh has no area of their own: allowed, but no household of Bản Hồ is theirs.
        "/console/exports/list.xlsx?collector=nam.vh": "no household with members",
    }
    browser.get("/console/lang/en?next=/console/exports")
    for path, said in outside.items():
        answer = browser.get(path)
        assert answer.status_code == 404, path
        assert "text/html" in answer.headers["content-type"]
        assert said in answer.text, path
        assert not any(word in answer.text for word in ("Bắc Hà", "Đặng Văn Đức")), path
    assert exports_left(world) == []


def all_values(content: bytes) -> list[list[Any]]:
    return [[v for v in row] for row in cells(content)]


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_d03_from_the_console_equals_the_command_line(world: ServerProcess, tmp_path: Path) -> None:
    browser = Browser(world)
    browser.login("xa.banho")
    console = download(
        browser, f"/console/exports/form.xlsx?form=d03-ts&{NOVEMBER}&who=place:Lào Cai|{BAN_HO}"
    )
    assert console.headers["content-disposition"].endswith(
        'filename="d03-ts-ban-ho-2026-11-01-2026-11-30.xlsx"'
    )
    out = tmp_path / "d03.xlsx"
    world.cli(
        "export", "d03-ts", "--commune", BAN_HO, "--from", "2026-11-01", "--to", "2026-11-30",
        "--out", str(out),
    )  # fmt: skip
    mine, theirs = all_values(console.content), all_values(out.read_bytes())
    assert mine == theirs
    assert any(row[:2] == ["Tổng cộng", None] or "Tổng cộng" in row for row in mine)
    assert 315_900 in [v for row in mine for v in row]  # one person, three payments
    by_collector = download(
        browser, f"/console/exports/form.xlsx?form=d03-ts&{NOVEMBER}&who=collector:thu.lt"
    )
    world.cli(
        "export", "d03-ts", "--collector", "thu.lt", "--from", "2026-11-01",
        "--to", "2026-11-30", "--out", str(out),
    )  # fmt: skip
    assert all_values(by_collector.content) == all_values(out.read_bytes())


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_the_list_reads_back_and_the_tables_hold_numbers_and_dates(
    world: ServerProcess, tmp_path: Path
) -> None:
    browser = Browser(world)
    browser.login("tinh")
    listed = download(browser, f"/console/exports/list.xlsx?place=Lào Cai|{BAN_HO}")
    path = tmp_path / "list.xlsx"
    path.write_bytes(listed.content)
    parsed = parse_list(path)
    assert parsed.ok
    assert [(h.values["commune"], len(h.members)) for h in parsed.households] == [(BAN_HO, 1)]
    # Everywhere: both communes in the overview's tables.
    tables = download(browser, f"/console/exports/figures.xlsx?{NOVEMBER}")
    book = load_workbook(io.BytesIO(tables.content))
    per_collector, per_commune = book.worksheets
    assert isinstance(per_collector["B2"].value, datetime)
    assert per_collector["B2"].number_format == "DD/MM/YYYY"
    assert per_collector["B2"].value.date().isoformat() == "2026-11-01"
    rows = {r[0]: r for r in per_collector.iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {"thu.lt", "nam.vh"}
    assert rows["thu.lt"][2] == 3 and rows["thu.lt"][-1] == 315_900
    money = per_collector.cell(5, per_collector.max_column)
    assert money.number_format == "#,##0" and isinstance(money.value, int)
    communes = {r[1]: r for r in per_commune.iter_rows(min_row=5, values_only=True)}
    assert set(communes) == {BAN_HO, BAC_HA}
    assert communes[BAC_HA][-1] == 210_600
