"""The console's Import page words refused rows and refused files in the supervisor's
language (vss_server/console/import_words.py): Vietnamese by default, English on a
click, each problem with its column, never the importer's English reasons. The real
server on loopback (SQLite and PostgreSQL), a cookie-jar browser over HTTP.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook

from helpers import list_files as lf
from helpers.console import Browser, hidden, make_people
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import server_engine
from vss_core.importing import MESSAGES, ListRefused, RowProblem
from vss_core.importing.columns import BY_FIELD
from vss_server import list_import
from vss_server.console import i18n, import_words

ROOT = Path(__file__).resolve().parents[1]
DOB, CCCD, BHXH = (BY_FIELD[f].vi for f in ("date_of_birth", "cccd", "bhxh_code"))
COMMUNE, COLLECTOR = BY_FIELD["commune"].vi, BY_FIELD["collector"].vi


@pytest.fixture
def world(server: ServerProcess) -> ServerProcess:
    make_people(server)  # tinh sees everywhere, xa.banho only Lào Cai/Bản Hồ
    return server


def upload(browser: Browser, content: bytes, name: str = "danh-sach.xlsx") -> requests.Response:
    csrf = hidden(browser.get("/console/import").text, "csrf")
    return browser.http.post(
        browser.url("/console/import"),
        data={"csrf": csrf, "assign_to": ""},  # the file's collector column decides
        files={"file": (name, io.BytesIO(content), "application/octet-stream")},
        timeout=60,
    )


def refused_rows(page: str) -> dict[int, list[str]]:
    """Row number -> its problems as shown ("column: sentence"), unescaped."""
    table = page.split('<table class="refused">', 1)[1].split("</table>", 1)[0]
    rows: dict[int, list[str]] = {}
    for number, cell in re.findall(r'<td class="num">(\d+)</td><td>(.*?)</td></tr>', table):
        spans = re.findall(r'<span class="reason"[^>]*>(.*?)</span>', cell)
        rows[int(number)] = [html.unescape(s) for s in spans]
    return rows


def bad_list(stored: lf.Household) -> tuple[list[lf.Household], dict[str, int]]:
    """Households with one problem each, and the row of each problem: a date that is
    not one, a CCCD of 5 digits, a BHXH code of another (stored) household's member, an
    unknown commune, an unknown collector."""
    households = lf.district(5, 5, seed=41)
    for number, household in enumerate(households):
        household.values["collector"] = ""
        household.values["code"] = f"HGX{number:06d}"  # not the stored household's code
        for member in household.members:  # lf numbers identifiers from 1 in every list
            member["bhxh_code"] = "07" + member["bhxh_code"][2:]
            if member["bhyt_card_number"]:
                member["bhyt_card_number"] = member["bhxh_code"]
            if member["cccd"]:
                member["cccd"] = member["cccd"][:6] + f"{900_000 + number:06d}"
    households[0].members[0]["date_of_birth"] = "mùng 5 tháng 3"
    households[1].members[0]["cccd"] = "12345"
    households[2].members[0]["bhxh_code"] = stored.members[0]["bhxh_code"]
    households[3].values["commune"] = "Xã Không Có Thật"
    households[4].values["collector"] = "khong.co.ai"
    rows = {kind: 2 + i for i, kind in enumerate(("date", "cccd", "held", "commune", "collector"))}
    return households, rows


def store_one(server: ServerProcess, tmp_path: Path) -> lf.Household:
    """A household on the server, whose member's BHXH code the bad list repeats."""
    stored = lf.district(1, 1, seed=7)[0]
    stored.values["collector"] = ""
    engine = server_engine(server)
    try:
        path = lf.write_xlsx(tmp_path / "stored.xlsx", [stored])
        assert list_import.import_list(engine, path, assign_to="thu.lt").written
    finally:
        engine.dispose()
    return stored


def english_reasons(server: ServerProcess, path: Path) -> list[str]:
    """The importer's English reasons of the same file (the command line's words)."""
    engine = server_engine(server)
    try:
        result = list_import.import_list(engine, path, dry_run=True)
    finally:
        engine.dispose()
    refused = [o for o in result.rows.values() if o.status == "refused"]
    # Every refusal the server makes carries its code beside its English reason.
    assert all(len(o.problems) == len(o.reasons) > 0 for o in refused)
    return [reason for o in refused for reason in o.reasons]


def test_refused_rows_read_in_vietnamese_with_their_column_then_in_english(
    world: ServerProcess, tmp_path: Path
) -> None:
    stored = store_one(world, tmp_path)
    households, row = bad_list(stored)
    path = lf.write_xlsx(tmp_path / "bad.xlsx", households)
    browser = Browser(world)
    assert browser.login("tinh").status_code == 303
    page = upload(browser, path.read_bytes())
    assert page.status_code == 200, page.text[-2000:]
    shown = refused_rows(page.text)
    assert shown == {
        row["date"]: [f"{DOB}: Không phải ngày: ghi theo dạng dd/mm/yyyy (năm đủ bốn chữ số)."],
        row["cccd"]: [f"{CCCD}: Số CCCD có 12 chữ số; số này có 5."],
        row["held"]: [
            f"{BHXH}: Đã là thành viên của một hộ khác trên máy chủ: hãy chuyển người này"
            " trong ứng dụng, hoặc sửa lại tệp."
        ],
        row["commune"]: [f"{COMMUNE}: Không có xã/phường nào tên như vậy."],
        row["collector"]: [
            f"{COLLECTOR}: Không có tài khoản đang hoạt động nào có tên đăng nhập này: hãy tạo"
            " tài khoản trước, để trống ô, hoặc ghi - để bỏ giao hộ cho người thu."
        ],
    }
    # None of the importer's English reaches the Vietnamese page.
    text = html.unescape(page.text)
    reasons = english_reasons(world, path)
    assert len(reasons) == 5
    for reason in reasons:
        assert reason not in text
        assert reason.split(": ", 1)[1] not in text  # the sentence without its column
    for english in ("column ", "already a member", "not a date", "digits", "no active"):
        assert english not in text.lower()

    browser.get("/console/lang/en?next=/console/import")
    page = upload(browser, path.read_bytes())
    assert refused_rows(page.text) == {
        row["date"]: [f"{DOB}: Not a date: write dd/mm/yyyy (four-digit year)."],
        row["cccd"]: [f"{CCCD}: A CCCD number has 12 digits; this one has 5."],
        row["held"]: [
            f"{BHXH}: Already a member of another household on the server: move the person"
            " in the app, or correct the file."
        ],
        row["commune"]: [f"{COMMUNE}: No commune has this name."],
        row["collector"]: [
            f"{COLLECTOR}: No active account has this username: create it first, leave the"
            " cell blank, or write - to take the household from its collector."
        ],
    }


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_a_row_outside_the_area_and_a_row_of_two_problems(
    world: ServerProcess, tmp_path: Path
) -> None:
    """A commune supervisor's row of another province names the province and commune
    columns; a row with two bad cells shows both, each with its column."""
    household = lf.district(1, 1, seed=3)[0]
    household.values["collector"] = ""
    household.members[0]["bhxh_code"] = "08123"
    household.members[0]["bhyt_expiry"] = "31/02/2027"
    path = lf.write_xlsx(tmp_path / "two.xlsx", [household])
    browser = Browser(world)
    assert browser.login("xa.banho").status_code == 303
    shown = refused_rows(upload(browser, path.read_bytes()).text)
    province = BY_FIELD["province"].vi
    assert shown == {
        2: [
            f"{BY_FIELD['bhyt_expiry'].vi}: Không có ngày này: hãy kiểm tra lại ngày và tháng.",
            f"{BY_FIELD['bhxh_code'].vi}: Mã số BHXH có 10 chữ số; mã này có 5.",
            f"{province}, {COMMUNE}: Không nhập được dòng này vì hộ nằm ngoài địa bàn của bạn"
            " (theo dữ liệu trên máy chủ, hoặc theo dòng này).",
        ]
    }


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_a_refused_file_the_form_did_not_word_reads_in_the_page_language(
    world: ServerProcess, tmp_path: Path
) -> None:
    """Merged cells refuse the file: a code the import form has no sentence of its own for."""
    path = lf.write_xlsx(tmp_path / "merged.xlsx", lf.district(2, 2))
    book = load_workbook(path)
    book["Danh sách"].merge_cells("K2:L2")  # a member's two cells
    book.save(path)
    browser = Browser(world)
    assert browser.login("tinh").status_code == 303
    page = upload(browser, path.read_bytes())
    assert page.status_code == 400
    text = html.unescape(page.text)
    assert "Ô K2:L2 ở trang Danh sách bị gộp: hãy bỏ gộp ô." in text
    assert "Merged cells" not in text and "unmerge" not in text
    browser.get("/console/lang/en?next=/console/import")
    text = html.unescape(upload(browser, path.read_bytes()).text)
    assert "Merged cells K2:L2 in sheet Danh sách: unmerge them." in text


# --- every code has its words -------------------------------------------------------------------

# The app's problem codes that no list row can get (visits, the QR reader, campaigns...).
NOT_FROM_A_LIST = (
    "visit.",
    "qr.",
    "time.",
    "amount.",
    "campaign.",
    "village.",
    "unit.",
    "event.",
)


def app_codes(path: str, function: str) -> set[str]:
    """The codes a function of the app words: its table's keys (read from the source,
    which needs no Qt)."""
    source = (ROOT / path).read_text(encoding="utf-8")
    body = source.split(f"def {function}(", 1)[1].split("\ndef ", 1)[0]
    return set(re.findall(r'^\s+"([a-z_]+(?:\.[a-z_]+)?)": ', body, re.MULTILINE))


def test_every_code_the_app_words_for_a_list_has_console_words() -> None:
    own = app_codes("vss_desktop/ui/import_dialog.py", "problem_text")
    shared = app_codes("vss_desktop/labels.py", "problem_message")
    assert "date.format" in own and "cccd.length" in shared  # the reading works
    wanted = own | {c for c in shared if not c.startswith(NOT_FROM_A_LIST)}
    for language in i18n.LANGUAGES:
        wording = import_words.Wording(i18n.gettext_for(language))
        assert wanted - set(wording.sentences) == set()
        for code in sorted(wording.sentences):  # every sentence formats, whatever its params
            sentence = wording.sentence(RowProblem(2, code, params={"rows": "2, 5"}))
            assert sentence and "%(" not in sentence, code
    vietnamese = import_words.Wording(i18n.gettext_for("vi"))
    out_of_range = RowProblem(
        2, "date.out_of_range", "date_of_birth", params={"min": "1900-01-01", "max": "2026-05-20"}
    )
    assert vietnamese.sentence(out_of_range) == "Nhập một ngày từ 01/01/1900 đến 20/05/2026."
    assert vietnamese.sentence(RowProblem(2, "some.new_code")) == "Bị từ chối (mã some.new_code)."


def test_every_refused_file_code_has_words_in_both_languages() -> None:
    for language in i18n.LANGUAGES:
        _ = i18n.gettext_for(language)
        unknown = _("Refused (code %(code)s).") % {"code": ""}
        for code in MESSAGES:
            refusal = import_words.refusal(ListRefused(code, sheet="Hộ", columns="X, Y"), _)
            assert refusal.code == code and str(refusal), code
            assert not str(refusal).startswith(unknown.split("(")[0]), code
            assert "%(" not in str(refusal), code


def test_the_column_is_the_files_header_else_the_templates() -> None:
    assert import_words.column_of(RowProblem(3, "cccd.length", "cccd", "CCCD number")) == (
        "CCCD number"
    )
    assert import_words.column_of(RowProblem(3, "required", "head_name")) == "Họ tên chủ hộ"
    assert import_words.column_of(RowProblem(3, "household.missing")) == ""
