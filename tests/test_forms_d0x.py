"""D03-TS and D05-TS from the app (issue 13, "Lists out"): visits recorded through the
services with the calculator's own results, the forms' rows and totals against the
campaign tally, the workbook read back, and `vss-desktop export d03-ts|d05-ts`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from helpers.forms_month import END, INJECTED, PASSPHRASE, START, Month, record_month
from vss_core import contributions as calc
from vss_core.enums import Metric, ResultKind
from vss_core.forms import participants as forms
from vss_core.forms.participants import Form, FormKind, ResultInput
from vss_core.forms.workbook import write_form
from vss_core.voluntary_si import SupportSource, voluntary_si
from vss_desktop.store import Store, forms_query, metrics


@pytest.fixture
def month(store: Store) -> Month:
    return record_month(store)


def build(store: Store, kind: FormKind, collector: str | None = None) -> Form:
    with store.read() as session:
        return forms_query.build(session, kind, START, END, "Người thu: thu.lt", collector)


def rows_by_name(form: Form) -> dict[str, forms.FormRow]:
    return {row.full_name: row for group in form.groups for row in group.rows}


# --- the rules -------------------------------------------------------------------------------


def test_bounds_are_the_tallys_local_days() -> None:
    for start, end in ((START, END), (date(2026, 1, 1), date(2026, 1, 1))):
        lo, hi = forms.utc_bounds(start, end)
        assert lo == metrics.local_midnight_utc(start)
        assert hi == metrics.local_midnight_utc(end + timedelta(days=1))
    assert forms.utc_bounds(START, END)[0] == datetime(2026, 10, 31, 17, tzinfo=UTC)
    assert forms.local_day(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == END
    with pytest.raises(ValueError):
        forms.utc_bounds(END, START)


def test_d03_rows_and_subtotals_equal_the_tally(store: Store, month: Month) -> None:
    form = build(store, FormKind.D03)
    with store.read() as session:
        tally = metrics.tally(session, START, END)
        by_collector = metrics.tally(session, START, END, "nam.vh")
    enrolled, renewed = form.groups
    assert (enrolled.label, renewed.label) == ("Tăng mới", "Gia hạn")
    assert enrolled.count == tally[Metric.BHYT_HOUSEHOLD_ENROLLED] == 3  # head, wife, typed
    assert renewed.count == tally[Metric.BHYT_RENEWED] == 1  # 23:30 on the 30th, not 1 Dec
    assert enrolled.amount == month.bhyt_enrolled_paid
    assert renewed.amount == month.bhyt_renewed_paid
    assert form.count == 4 and form.amount == enrolled.amount + renewed.amount

    head = enrolled.rows[0]
    assert head.full_name == INJECTED and head.results == 2  # two payments, one row
    assert head.receipt_number == "BL-0001" and head.receipt_date == date(2026, 11, 3)
    assert head.collector == "thu.lt"  # the earliest visit's, not nam.vh's
    assert head.months == 15 and head.card_start == date(2026, 12, 3)
    assert head.address == "12, Bản Pha Long, Xã Pha Long, Lào Cai"
    assert head.bhxh_code == "0123456789" and head.cccd == "001190012345"
    assert "Gộp 2 lần thu" in head.note
    typed = enrolled.rows[-1]
    assert typed.person_id is None and typed.card_start is None and typed.amount == 341_550
    renewal = renewed.rows[0]
    assert renewal.receipt_date == END and renewal.receipt_number == "BL-0010"

    # One collector's form: the tally of the same collector.
    theirs = build(store, FormKind.D03, "nam.vh")
    assert (
        [g.count for g in theirs.groups]
        == [
            by_collector[Metric.BHYT_HOUSEHOLD_ENROLLED],
            by_collector[Metric.BHYT_RENEWED],
        ]
        == [1, 0]
    )


def test_d05_supports_recomputed_by_the_calculator(store: Store, month: Month) -> None:
    form = build(store, FormKind.D05)
    with store.read() as session:
        tally = metrics.tally(session, START, END)
    (group,) = form.groups
    assert group.label == "Tăng"
    assert group.count == tally[Metric.VOLUNTARY_SI_ENROLLED] == 4  # not the deleted visit
    assert group.amount == month.vsi_paid
    rows = rows_by_name(form)
    assert "Giàng Seo Chứ" not in rows  # his only VSI result was on the deleted visit

    mai, priced = rows["Giàng Thị Mai"], month.vsi_results["mai"]
    assert mai.income == 1_500_000 and mai.months == 12
    assert mai.start_month == date(2026, 11, 1)
    assert mai.amount == priced.person_pays and mai.due == priced.total
    assert mai.due == mai.amount + sum(s.amount or 0 for s in mai.supports.values())
    central = mai.supports[SupportSource.CENTRAL]
    local = mai.supports[SupportSource.LOCAL]
    assert (central.rate, central.amount) == (Decimal(50), 1_980_000)  # 50% of 330,000 × 12
    assert (local.rate, local.amount) == (Decimal(10), 396_000)
    assert mai.supports[SupportSource.OTHER] == forms.Support(None, 0)

    wife = rows["Lò Thị Bình"]
    assert wife.income == 3_000_000 and wife.due == 3 * 660_000
    assert wife.supports[SupportSource.CENTRAL] == forms.Support(Decimal(20), 3 * 66_000)

    hand = rows["Giàng Seo Pháo"]  # typed by hand: nothing derived, nothing invented
    assert hand.amount == 500_000 and hand.months == 1
    assert hand.income is None and hand.due is None and hand.supports == {}
    assert "nhập tay" in hand.note
    # A total over a blank cell is blank; the amount paid always adds up.
    assert group.due is None and group.support(SupportSource.CENTRAL) is None

    first = group.rows[0]  # 00:00 on the 1st counts, first in the receipt book's order
    assert first.full_name == INJECTED and first.receipt_date == START


def test_recomputation_refuses_what_it_cannot_match() -> None:
    priced = voluntary_si(1_500_000, 12, "near_poor", date(2026, 11, 5))
    values = json.loads(calc.compact_json(priced.rule_values))
    assert forms.recompute_vsi(values, priced.person_pays, 12) is not None
    assert forms.recompute_vsi(values, priced.person_pays + 1, 12) is None  # edited amount
    assert forms.recompute_vsi(values, priced.person_pays, 6) is None
    assert forms.recompute_vsi({**values, "income": None}, priced.person_pays, 12) is None
    assert forms.recompute_vsi({"kind": "bhyt_household"}, 0, 12) is None


def test_one_row_per_person_per_kind_in_the_core() -> None:
    moment = datetime(2026, 11, 2, 3, tzinfo=UTC)

    def result(rid: str, kind: str, who: str | None, minutes: int) -> ResultInput:
        return ResultInput(
            rid, "v" + rid, kind, who, 1000, 3, "", moment + timedelta(minutes=minutes)
        )

    form = forms.build_form(
        FormKind.D03,
        START,
        END,
        "",
        [
            result("2", ResultKind.BHYT_HOUSEHOLD_ENROLLED, "p1", 5),
            result("1", ResultKind.BHYT_HOUSEHOLD_ENROLLED, "p1", 0),
            result("3", ResultKind.BHYT_RENEWED, "p1", 1),  # another kind: its own row
            result("4", ResultKind.BHYT_HOUSEHOLD_ENROLLED, None, 2),
            result("5", ResultKind.BHYT_HOUSEHOLD_ENROLLED, None, 3),  # each its own row
            result("6", ResultKind.VOLUNTARY_SI_ENROLLED, "p1", 4),  # not on D03
        ],
    )
    enrolled, renewed = form.groups
    assert [(r.person_id, r.amount, r.months) for r in enrolled.rows] == [
        ("p1", 2000, 6),
        (None, 1000, 3),
        (None, 1000, 3),
    ]
    assert renewed.count == 1 and form.count == 4


# --- the workbook ----------------------------------------------------------------------------


def header_columns(ws: Worksheet) -> dict[str, int]:
    """Column index by header text (the sub-header for the support columns)."""
    found: dict[str, int] = {}
    top = None
    for col in range(1, ws.max_column + 1):
        top = ws.cell(row=7, column=col).value or top
        sub = ws.cell(row=8, column=col).value
        found[f"{top} {sub}" if sub else str(top)] = col
    return found


def table_rows(ws: Worksheet) -> list[list[Any]]:
    return [
        [ws.cell(row=r, column=c).value for c in range(1, ws.max_column + 1)]
        for r in range(9, ws.max_row + 1)
    ]


def test_d03_workbook_types_and_totals(store: Store, month: Month, tmp_path: Path) -> None:
    form = build(store, FormKind.D03)
    path = tmp_path / "d03.xlsx"
    assert write_form(form, path) == 4
    ws = load_workbook(path).active
    assert ws.title == "D03-TS"
    assert "không được mã hóa" in ws["A1"].value and ws["A1"].font.bold
    assert ws["A2"].value == "Mẫu D03-TS"
    assert ws["A3"].value == "DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM Y TẾ HỘ GIA ĐÌNH"
    assert ws["A4"].value == "Kỳ: 01/11/2026 – 30/11/2026"
    assert ws["A5"].value == "Người thu: thu.lt"
    cols = header_columns(ws)
    assert list(cols)[:4] == ["STT", "Mã hộ", "Họ và tên", "Mã số BHXH"]
    assert ws.cell(row=7, column=1).font.bold
    assert ws.print_title_rows == "$7:$8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1

    rows = table_rows(ws)
    assert rows[0][0] == "I. Tăng mới"
    head = rows[1]
    name = ws.cell(row=10, column=cols["Họ và tên"])
    assert name.value == INJECTED and name.data_type == "s"  # text, never a formula
    assert head[cols["Mã hộ"] - 1] == "0100000001"  # leading zeros kept: text
    assert head[cols["Số CCCD"] - 1] == "001190012345"
    assert head[cols["Số thẻ BHYT"] - 1] == "GD4010123456789"
    assert head[cols["Ngày sinh"] - 1] == datetime(1990, 3, 4)
    assert head[cols["Giới tính"] - 1] == "Nam"
    money = ws.cell(row=10, column=cols["Số tiền"])
    assert isinstance(money.value, int) and money.number_format == "#,##0"
    receipt = ws.cell(row=10, column=cols["Ngày biên lai"])
    assert receipt.value == datetime(2026, 11, 3) and receipt.number_format == "dd/mm/yyyy"
    assert ws.cell(row=10, column=cols["Từ ngày"]).value == datetime(2026, 12, 3)

    subtotals = [r for r in rows if isinstance(r[1], str) and r[1].startswith("Cộng")]
    assert [(r[0], r[cols["Số tiền"] - 1]) for r in subtotals] == [
        (3, month.bhyt_enrolled_paid),
        (1, month.bhyt_renewed_paid),
    ]
    total = rows[-1]
    assert total[1] == "Tổng cộng" and total[0] == 4
    assert total[cols["Số tiền"] - 1] == month.bhyt_enrolled_paid + month.bhyt_renewed_paid
    assert not any(
        cell.data_type == "f" for row in ws.iter_rows() for cell in row
    )  # no formula anywhere


def test_d05_workbook_support_columns(store: Store, month: Month, tmp_path: Path) -> None:
    path = tmp_path / "d05.xlsx"
    write_form(build(store, FormKind.D05), path)
    ws = load_workbook(path).active
    cols = header_columns(ws)
    assert ws["A2"].value == "Mẫu D05-TS"
    assert [c for c in cols if c.startswith(("NSTW", "NSĐP", "Hỗ trợ khác"))] == [
        "NSTW hỗ trợ Tỷ lệ (%)",
        "NSTW hỗ trợ Số tiền",
        "NSĐP hỗ trợ Tỷ lệ (%)",
        "NSĐP hỗ trợ Số tiền",
        "Hỗ trợ khác Tỷ lệ (%)",
        "Hỗ trợ khác Số tiền",
    ]
    rows = table_rows(ws)
    mai = next(r for r in rows if r[1] == "Giàng Thị Mai")
    priced = month.vsi_results["mai"]
    assert mai[cols["Mức thu nhập"] - 1] == 1_500_000
    assert mai[cols["Từ tháng/năm"] - 1] == datetime(2026, 11, 1)
    assert mai[cols["Số tiền phải đóng"] - 1] == priced.total
    assert mai[cols["Người tham gia đóng"] - 1] == priced.person_pays
    assert mai[cols["NSTW hỗ trợ Tỷ lệ (%)"] - 1] == 50
    assert mai[cols["NSTW hỗ trợ Số tiền"] - 1] == 1_980_000
    assert mai[cols["NSĐP hỗ trợ Số tiền"] - 1] == 396_000
    hand = next(r for r in rows if r[1] == "Giàng Seo Pháo")
    assert hand[cols["Số tiền phải đóng"] - 1] is None  # blank, not 0
    total = rows[-1]
    assert total[0] == 4 and total[cols["Người tham gia đóng"] - 1] == month.vsi_paid
    assert total[cols["Số tiền phải đóng"] - 1] is None


# --- the command line ------------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from vss_desktop.__main__ import main

    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_export_with_the_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vss_desktop.store.unlock import unlock

    data = tmp_path / "laptop"
    store = unlock(data, PASSPHRASE)
    try:
        month = record_month(store)
    finally:
        store.close()
    out = tmp_path / "out" / "d03.xlsx"
    out.parent.mkdir()
    args = ["export", "d03-ts", "--from", "01/11/2026", "--to", "2026-11-30", "--out", str(out)]

    monkeypatch.delenv("VSS_PASSPHRASE", raising=False)
    code, _, err = run_cli(capsys, *args, "--data-dir", str(data))
    assert code == 6 and "VSS_PASSPHRASE" in err and not out.exists()

    monkeypatch.setenv("VSS_PASSPHRASE", PASSPHRASE)
    code, stdout, err = run_cli(capsys, *args, "--data-dir", str(data))
    assert code == 0, err
    assert stdout.strip() == f"4 participants written to {out}"
    assert INJECTED not in stdout + err  # counts, never names
    ws = load_workbook(out).active
    assert ws.cell(row=ws.max_row, column=2).value == "Tổng cộng"
    assert ws.cell(row=ws.max_row, column=12).value == (
        month.bhyt_enrolled_paid + month.bhyt_renewed_paid
    )

    d05 = tmp_path / "out" / "d05.xlsx"
    code, stdout, _ = run_cli(
        capsys, "export", "d05-ts", "--from", "2026-11-01", "--to", "2026-11-30",
        "--out", str(d05), "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0 and stdout.startswith("4 participants")

    code, _, err = run_cli(
        capsys, "export", "d05-ts", "--from", "2026-11-30", "--to", "2026-11-01",
        "--out", str(d05), "--data-dir", str(data),
    )  # fmt: skip
    assert code == 2 and "before" in err
    with pytest.raises(SystemExit) as bad_date:
        run_cli(capsys, "export", "d05-ts", "--from", "31/02/2026", "--to", "2026-11-01",
                "--out", str(d05))  # fmt: skip
    assert bad_date.value.code == 2
