"""Targets and progress, campaigns and the campaign report (issue 5 items 2 and 3), driven
through real widgets on a real store: the numbers shown are store.metrics' numbers, targets
and campaigns are typed with the keyboard, and the report is read back from its PDF."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget
from sqlmodel import select

from helpers.keyboard import focused, press, tab, type_text
from helpers.pdf import POPPLER, needs_poppler, norm, page_count, run
from vss_core.enums import Metric, Outcome, PeriodKind, ResultKind
from vss_core.formatting import format_money
from vss_desktop import labels
from vss_desktop.store import Store, metrics, open_store, services, targets
from vss_desktop.store.models import Household, Person
from vss_desktop.ui.campaign_dialog import CampaignDialog, CampaignForm
from vss_desktop.ui.progress_chart import DailyChart, nice_ceiling
from vss_desktop.ui.progress_dialog import BAR_STEPS, ProgressDialog
from vss_desktop.ui.progress_text import value_text
from vss_desktop.ui.targets_dialog import TargetsDialog

pytestmark = pytest.mark.gui

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 5, 20)
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CAMPAIGN_NAME = "Chiến dịch BHYT hộ gia đình tháng 5"


# --- data ----------------------------------------------------------------------------------


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN)


def household(store: Store, name: str, house: str) -> tuple[Household, Person]:
    h = services.create_household(
        store, {"head_name": name, "village": "Bản Pha Long", "house_number": house}, head={}
    )
    with store.read() as session:
        head = session.exec(select(Person).where(Person.household_id == h.id)).one()
    return h, head


def visit(
    store: Store,
    household_id: str,
    when: datetime,
    results: Iterable[tuple[ResultKind, Person | None]] = (),
    amount: int = 0,
) -> None:
    values = {
        "visited_at": when,
        "outcome": Outcome.ENROLLED if amount else Outcome.INFO_ONLY,
        "amount_collected": amount,
        "receipt_number": "BL-7" if amount else "",
        "collector": "thu.lt",
    }
    rows = [{"kind": kind, "person_id": p.id if p else None} for kind, p in results]
    services.record_visit(store, household_id, values, rows)


def seed(store: Store) -> None:
    """Two households visited in April, May (on 3, 10 and 20 May, the last late at night)
    and June; a local, a server and a money target in May; a local target in April."""
    hong, a = household(store, "Nguyễn Thị Hồng", "3")
    duc, b = household(store, "Lò Văn Đức", "7")
    enrolled, vssid = ResultKind.BHYT_HOUSEHOLD_ENROLLED, ResultKind.VSSID_INSTALLED
    visit(store, hong.id, at(date(2026, 4, 28)), [(enrolled, a)], amount=315_900)
    visit(store, hong.id, at(date(2026, 5, 3)), [(vssid, a), (ResultKind.BHYT_RENEWED, a)], 105_300)
    visit(store, duc.id, at(date(2026, 5, 10)), [(enrolled, b), (vssid, b), (vssid, None)], 221_130)
    visit(store, duc.id, at(date(2026, 5, 20), 23), [(ResultKind.CASHLESS_REGISTERED, b)])
    visit(store, duc.id, at(date(2026, 6, 2)), [(ResultKind.VOLUNTARY_SI_ENROLLED, b)], 264_000)
    targets.set_target(store, Metric.VSSID_INSTALLED, PeriodKind.MONTH, TODAY, 4)
    targets.set_target(store, Metric.BHYT_RENEWED, PeriodKind.MONTH, TODAY, 1, "server")
    targets.set_target(store, Metric.AMOUNT_COLLECTED, PeriodKind.MONTH, TODAY, 1_000_000)
    targets.set_target(store, Metric.CASHLESS_REGISTERED, PeriodKind.MONTH, TODAY, 0)
    targets.set_target(store, Metric.BHYT_HOUSEHOLD_ENROLLED, PeriodKind.MONTH, date(2026, 4, 1), 2)


def expected_progress(store: Store, kind: PeriodKind, day: date) -> metrics.Progress:
    with store.read() as session:
        return metrics.progress(session, kind, day)


# --- driving modal dialogs -----------------------------------------------------------------


def with_modal(
    qtbot, kind: type[QDialog], fill: Callable[[Any], None], open_it: Callable[[], None]
) -> None:  # type: ignore[no-untyped-def]
    """Run ``open_it`` (which opens a modal ``kind``, maybe later: a mnemonic clicks its
    button after a short animation) while ``fill`` drives that dialog in its event loop.
    The dialog is closed afterwards whatever ``fill`` did, so a failure cannot hang."""
    errors: list[BaseException] = []
    handled: list[bool] = []

    def step() -> None:
        modal = QApplication.activeModalWidget()
        if not (isinstance(modal, kind) and modal.isActiveWindow()):
            QTimer.singleShot(10, step)  # poll: a nested wait here would block the dialog
            return
        try:
            fill(modal)
        except BaseException as exc:  # noqa: BLE001 - reported once the dialog is gone
            errors.append(exc)
        finally:
            if modal.isVisible():
                modal.done(0)
            handled.append(True)

    QTimer.singleShot(0, step)
    open_it()
    qtbot.waitUntil(lambda: bool(handled), timeout=10000)
    if errors:
        raise errors[0]


def open_progress(qtbot, store: Store) -> ProgressDialog:  # type: ignore[no-untyped-def]
    dialog = ProgressDialog(store, today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.loaded, dialog.series_loaded], timeout=5000):
        dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def step_period(
    qtbot, dialog: ProgressDialog, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignals([dialog.loaded, dialog.series_loaded], timeout=5000):
        press(qtbot, key, modifier=modifier)


# --- the progress view ---------------------------------------------------------------------


def shown_rows(dialog: ProgressDialog) -> dict[Metric, tuple[str, str, str]]:
    """Metric -> (actual, target, progress) as the table shows them."""
    rows = {}
    for row, metric in enumerate(Metric):
        widget = dialog.table.cellWidget(row, 3)
        if dialog.bars.get(metric) is widget:
            progress = widget.text()
        else:
            assert isinstance(widget, QLabel)
            progress = widget.text()
        rows[metric] = (
            dialog.table.item(row, 1).text(),
            dialog.table.item(row, 2).text(),
            progress,
        )
    return rows


def assert_matches(dialog: ProgressDialog, expected: metrics.Progress) -> None:
    assert (dialog.start, dialog.end) == (expected.start, expected.end)
    rows = shown_rows(dialog)
    for metric, item in expected.metrics.items():
        actual, target, progress = rows[metric]
        assert actual == value_text(metric, item.actual), metric
        bar = dialog.bars.get(metric)
        if item.target is None:
            assert (target, progress, bar) == ("—", "no target", None), metric
            continue
        assert target.startswith(value_text(metric, item.target)), metric
        assert ("set by supervisor" in target) is (item.source == "server"), metric
        if item.fraction is None:  # a zero target: nothing to draw a bar against
            assert bar is None and progress == "—", metric
            continue
        assert bar is not None and bar.isVisible(), metric
        assert bar.value() == min(BAR_STEPS, math.floor(item.fraction * BAR_STEPS)), metric
        assert bar.property("reached") is (item.fraction >= 1), metric
        assert progress.startswith(f"{math.floor(item.fraction * 100)}%"), metric


def test_rows_and_bars_are_the_metrics_progress(qtbot, store: Store) -> None:
    seed(store)
    dialog = open_progress(qtbot, store)
    expected = expected_progress(store, PeriodKind.MONTH, TODAY)
    assert_matches(dialog, expected)
    rows = shown_rows(dialog)
    # The 23:00 visit on 20 May counts in May (Vietnam time), the June one does not.
    assert rows[Metric.CASHLESS_REGISTERED][0] == "1"
    assert rows[Metric.VSSID_INSTALLED] == ("3", "4", "75%")  # A, B and one not on file
    assert rows[Metric.AMOUNT_COLLECTED][0] == "326.430 ₫"
    assert rows[Metric.AMOUNT_COLLECTED][2] == "32%"
    assert rows[Metric.BHYT_RENEWED] == ("1", "1 (set by supervisor)", "100% · target reached")
    assert dialog.bars[Metric.BHYT_RENEWED].value() == BAR_STEPS
    assert dialog.period_label.text().startswith("Month 05/2026")
    assert dialog.bars.keys() == {
        Metric.VSSID_INSTALLED,
        Metric.BHYT_RENEWED,
        Metric.AMOUNT_COLLECTED,
    }


def test_navigating_periods_with_the_keyboard(qtbot, store: Store) -> None:
    seed(store)
    dialog = open_progress(qtbot, store)
    step_period(qtbot, dialog, Qt.Key.Key_PageUp)
    assert dialog.period_label.text().startswith("Month 04/2026")
    april = expected_progress(store, PeriodKind.MONTH, date(2026, 4, 1))
    assert_matches(dialog, april)
    assert shown_rows(dialog)[Metric.BHYT_HOUSEHOLD_ENROLLED][2] == "50%"
    step_period(qtbot, dialog, Qt.Key.Key_Right, ALT)
    step_period(qtbot, dialog, Qt.Key.Key_PageDown)
    assert dialog.period_label.text().startswith("Month 06/2026")
    assert_matches(dialog, expected_progress(store, PeriodKind.MONTH, date(2026, 6, 30)))
    step_period(qtbot, dialog, Qt.Key.Key_Left, ALT)
    step_period(qtbot, dialog, Qt.Key.Key_Left, ALT)
    step_period(qtbot, dialog, Qt.Key.Key_T, ALT)  # This period
    assert dialog.period_label.text().startswith("Month 05/2026")

    with qtbot.waitSignals([dialog.loaded, dialog.series_loaded], timeout=5000):
        press(qtbot, Qt.Key.Key_P, modifier=ALT)  # the period kind
        assert focused() is dialog.kind_box
        press(qtbot, Qt.Key.Key_Down)  # quarter
    assert dialog.period_label.text().startswith("Quarter 2/2026")
    quarter = expected_progress(store, PeriodKind.QUARTER, TODAY)
    assert_matches(dialog, quarter)
    assert quarter.metrics[Metric.BHYT_HOUSEHOLD_ENROLLED].actual == 2  # April and May
    assert len(dialog.chart.points()) == 91
    dialog.table.setFocus()
    step_period(qtbot, dialog, Qt.Key.Key_PageUp)
    assert dialog.period_label.text().startswith("Quarter 1/2026")
    with qtbot.waitSignals([dialog.loaded, dialog.series_loaded], timeout=5000):
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(PeriodKind.YEAR))
    assert dialog.period_label.text().startswith("Year 2026")  # the year of the quarter shown
    assert_matches(dialog, expected_progress(store, PeriodKind.YEAR, TODAY))
    assert len(dialog.chart.points()) == 365


def test_daily_chart_shows_the_daily_series(qtbot, store: Store) -> None:
    seed(store)
    dialog = open_progress(qtbot, store)
    may = (date(2026, 5, 1), date(2026, 5, 31))

    def series(metric: Metric) -> list[tuple[date, int]]:
        with store.read() as session:
            return metrics.daily_series(session, metric, *may)

    assert dialog.chart.points() == series(Metric.BHYT_HOUSEHOLD_ENROLLED)
    assert dialog.chart_label.text() == "&Day by day: New household-BHYT participants"
    for _ in range(3):  # to the VssID row
        with qtbot.waitSignal(dialog.series_loaded, timeout=5000):
            press(qtbot, Qt.Key.Key_Down)
    assert dialog.current_metric() is Metric.VSSID_INSTALLED
    points = dialog.chart.points()
    assert points == series(Metric.VSSID_INSTALLED)
    assert {d: v for d, v in points if v} == {date(2026, 5, 3): 1, date(2026, 5, 10): 2}
    geometry = dialog.chart.geometry_now()
    assert geometry.top == 2 == nice_ceiling(2)
    heights = [round(r.height(), 3) for r in geometry.bars]
    full = round(geometry.plot.height(), 3)
    assert heights[9] == full and heights[2] == round(full / 2, 3)
    assert all(h == 0 for n, h in enumerate(heights) if n not in (2, 9))
    assert dialog.caption.text().startswith("Total for the period: 3.")

    press(qtbot, Qt.Key.Key_D, modifier=ALT)  # the chart label's buddy
    assert focused() is dialog.chart
    press(qtbot, Qt.Key.Key_Right, times=3)
    assert dialog.chart.current() == (date(2026, 5, 3), 1)
    assert dialog.caption.text() == "03/05/2026: 1"
    press(qtbot, Qt.Key.Key_End)
    assert dialog.caption.text() == "31/05/2026: 0"

    with qtbot.waitSignal(dialog.series_loaded, timeout=5000):
        dialog.table.setCurrentCell(5, 0)  # the amount collected
    assert dialog.chart.points() == series(Metric.AMOUNT_COLLECTED)
    assert dialog.chart.value_label(105_300) == "105.300 ₫"
    assert (
        dialog.caption.text()
        == "Total for the period: 326.430 ₫. Left/Right in the chart show one day."
    )


def test_chart_scale_and_day_labels(qtbot) -> None:
    chart = DailyChart()
    qtbot.addWidget(chart)
    chart.resize(700, 220)
    year = [(date(2026, 1, 1) + timedelta(days=n), n % 7) for n in range(365)]
    chart.set_series(year, money=False)
    g = chart.geometry_now()
    assert g.top == 10 and len(g.bars) == 365
    firsts = [year[n][0] for n in g.labelled]
    assert firsts == [date(2026, m, 1) for m in range(1, 13)]  # no room for every day
    chart.set_series(year[:31], money=False)
    assert chart.geometry_now().labelled[:3] == [0, 2, 4]  # a month: every other day
    chart.resize(1300, 220)
    assert chart.geometry_now().labelled == list(range(31))  # wide enough for every day
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 11, 250, 326_430)] == [
        1,
        1,
        5,
        10,
        20,
        500,
        500_000,
    ]
    chart.show()
    chart.grab()  # paints without error, zero data included
    chart.set_series([(date(2026, 5, 1), 0)], money=True)
    chart.grab()


def fill_targets(
    qtbot, store: Store, dialog: ProgressDialog, fill: Callable[[TargetsDialog], None]
) -> None:  # type: ignore[no-untyped-def]
    def open_it() -> None:
        press(qtbot, Qt.Key.Key_G, modifier=ALT)  # Set targets…

    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        with_modal(qtbot, TargetsDialog, fill, open_it)


def test_setting_targets_with_the_keyboard(qtbot, store: Store) -> None:
    seed(store)
    dialog = open_progress(qtbot, store)
    seen: dict[str, Any] = {}

    def fill(form: TargetsDialog) -> None:
        # The server's target is shown, not editable; the local ones are in the fields.
        assert Metric.BHYT_RENEWED not in form.inputs
        assert form.findChild(QLabel, "server_bhyt_renewed").text() == "1 (set by supervisor)"
        assert form.inputs[Metric.VSSID_INSTALLED].text() == "4"
        assert form.inputs[Metric.CASHLESS_REGISTERED].text() == "0"
        assert focused() is form.inputs[Metric.BHYT_HOUSEHOLD_ENROLLED]
        type_text(qtbot, "12")
        press(qtbot, Qt.Key.Key_Return)  # Enter moves on
        assert focused() is form.inputs[Metric.VOLUNTARY_SI_ENROLLED]
        type_text(qtbot, "x5")  # letters are not taken
        assert focused().text() == "5"
        press(qtbot, Qt.Key.Key_4, modifier=ALT)
        focused().selectAll()
        type_text(qtbot, "1.500")
        press(qtbot, Qt.Key.Key_5, modifier=ALT)
        focused().selectAll()
        press(qtbot, Qt.Key.Key_Backspace)  # no target any more
        press(qtbot, Qt.Key.Key_6, modifier=ALT)
        money = form.inputs[Metric.AMOUNT_COLLECTED]
        assert focused() is money
        money.selectAll()
        type_text(qtbot, "2 triệu")
        tab(qtbot)
        feedback = form.fields.feedback("amount_collected")
        seen["error"] = feedback.text() if feedback.isVisible() else ""
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)
        seen["refused"] = form.isVisible() and focused() is money
        money.selectAll()
        type_text(qtbot, "2000000")
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    fill_targets(qtbot, store, dialog, fill)
    assert seen == {"error": "Enter an amount in đồng, digits only.", "refused": True}
    with store.read() as session:
        saved = {
            (t.metric, t.source): t.value for t in targets.list_targets(session, "month", TODAY)
        }
    assert saved == {
        ("bhyt_household_enrolled", "local"): 12,
        ("voluntary_si_enrolled", "local"): 5,
        ("bhyt_renewed", "server"): 1,
        ("vssid_installed", "local"): 1500,
        ("amount_collected", "local"): 2_000_000,
    }
    assert_matches(dialog, expected_progress(store, PeriodKind.MONTH, TODAY))
    rows = shown_rows(dialog)
    assert rows[Metric.AMOUNT_COLLECTED][1] == "2.000.000 ₫"
    assert rows[Metric.VSSID_INSTALLED][1:] == ("1.500", "0%")
    assert rows[Metric.CASHLESS_REGISTERED][1:] == ("—", "no target")


def test_targets_are_saved_together_or_not_at_all(qtbot, store: Store, monkeypatch) -> None:
    seed(store)
    open_progress(qtbot, store)
    with store.read() as session:
        before = {
            (t.metric, t.source, t.value) for t in targets.list_targets(session, "month", TODAY)
        }
    real = targets.set_target
    calls: list[Metric] = []

    def failing_second(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(targets, "set_target", failing_second)
    seen: dict[str, Any] = {}

    def fill(form: TargetsDialog) -> None:
        type_text(qtbot, "9")
        press(qtbot, Qt.Key.Key_2, modifier=ALT)
        type_text(qtbot, "8")
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)
        seen["message"] = form.general.text()
        seen["open"] = form.isVisible()
        form.done(0)

    def open_it() -> None:
        press(qtbot, Qt.Key.Key_G, modifier=ALT)

    with_modal(qtbot, TargetsDialog, fill, open_it)
    assert len(calls) == 2
    assert seen == {
        "message": "Nothing was saved: the database could not be written. Try again.",
        "open": True,
    }
    with store.read() as session:
        after = {
            (t.metric, t.source, t.value) for t in targets.list_targets(session, "month", TODAY)
        }
    assert after == before  # the first target was rolled back with the second


# --- campaigns -----------------------------------------------------------------------------


def open_campaigns(qtbot, store: Store) -> CampaignDialog:  # type: ignore[no-untyped-def]
    dialog = CampaignDialog(store, "Lò Thị Thu", today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.campaigns_loaded, timeout=5000):
        dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def shown_tally(dialog: CampaignDialog) -> dict[Metric, str]:
    return {m: dialog.tally_table.item(n, 1).text() for n, m in enumerate(Metric)}


def test_campaign_created_with_the_keyboard(qtbot, store: Store) -> None:
    seed(store)
    dialog = open_campaigns(qtbot, store)
    assert dialog.list.rowCount() == 0 and not dialog.report_button.isEnabled()
    seen: dict[str, Any] = {}

    def fill(form: CampaignForm) -> None:
        assert focused() is form.name
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)  # nothing typed yet
        seen["name"] = form.fields.feedback("name").text()
        type_text(qtbot, CAMPAIGN_NAME)
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is form.start and form.start.text() == "20/05/2026"  # today
        focused().selectAll()
        type_text(qtbot, "03052026")
        press(qtbot, Qt.Key.Key_Return)
        assert form.start.text() == "03/05/2026"
        type_text(qtbot, "02/05/2026")
        press(qtbot, Qt.Key.Key_Return)
        seen["order"] = form.fields.feedback("end_date").text()
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)
        seen["refused"] = form.isVisible() and focused() is form.end
        form.end.selectAll()
        type_text(qtbot, "31/13/2026")
        press(qtbot, Qt.Key.Key_Return)
        seen["bad date"] = form.fields.feedback("end_date").text()
        press(qtbot, Qt.Key.Key_L, modifier=ALT)
        form.end.selectAll()
        type_text(qtbot, "10/05/2026")
        press(qtbot, Qt.Key.Key_O, modifier=ALT)
        type_text(qtbot, "Tuần cao điểm")
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    with qtbot.waitSignal(dialog.tally_loaded, timeout=5000):
        with_modal(qtbot, CampaignForm, fill, lambda: press(qtbot, Qt.Key.Key_N, modifier=CTRL))
    assert seen == {
        "name": "This field is required.",
        "order": "The last day is before the first day.",
        "refused": True,
        "bad date": "Enter a date as dd/mm/yyyy.",
    }
    with store.read() as session:
        (campaign,) = targets.list_campaigns(session)
        tally = metrics.campaign_tally(session, campaign)
    assert (campaign.name, campaign.start_date, campaign.end_date, campaign.notes) == (
        CAMPAIGN_NAME,
        date(2026, 5, 3),
        date(2026, 5, 10),
        "Tuần cao điểm",
    )
    assert [dialog.list.item(0, c).text() for c in range(3)] == [
        CAMPAIGN_NAME,
        "03/05/2026",
        "10/05/2026",
    ]
    assert dialog.dates.text() == "03/05/2026 – 10/05/2026 (8 days)"
    assert dialog.tally == tally
    assert shown_tally(dialog) == {m: value_text(m, v) for m, v in tally.items()}
    assert tally[Metric.VSSID_INSTALLED] == 3 and tally[Metric.CASHLESS_REGISTERED] == 0
    assert shown_tally(dialog)[Metric.AMOUNT_COLLECTED] == format_money(326_430)


def test_edit_and_delete_a_campaign(qtbot, store: Store, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    seed(store)
    old = targets.create_campaign(store, "Ngày hội", date(2026, 4, 28), date(2026, 4, 28))
    may = targets.create_campaign(store, "Tháng 5", date(2026, 5, 1), date(2026, 5, 31))
    dialog = open_campaigns(qtbot, store)
    assert [dialog.list.item(r, 0).text() for r in range(2)] == ["Tháng 5", "Ngày hội"]
    with qtbot.waitSignal(dialog.tally_loaded, timeout=5000) as blocker:
        press(qtbot, Qt.Key.Key_Down)
    assert blocker.args == [old.id]
    assert shown_tally(dialog)[Metric.BHYT_HOUSEHOLD_ENROLLED] == "1"

    def rename(form: CampaignForm) -> None:
        assert form.name.text() == "Ngày hội"
        form.name.selectAll()
        type_text(qtbot, "Ngày hội BHYT")
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    with qtbot.waitSignal(dialog.campaigns_loaded, timeout=5000):
        with_modal(qtbot, CampaignForm, rename, lambda: press(qtbot, Qt.Key.Key_Return))
    assert dialog.current_id() == old.id
    assert dialog.list.item(1, 0).text() == "Ngày hội BHYT"

    asked: list[str] = []

    def answer(parent: QWidget, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert dialog.isVisible()  # Enter in the list edited; it did not close the dialog
    dialog.activateWindow()  # the offscreen platform does not hand it back by itself
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.list.setFocus()
    with qtbot.waitSignal(dialog.campaigns_loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Delete)
    assert asked == ["Delete the campaign “Ngày hội BHYT”? Its visits are kept."]
    assert dialog.list.rowCount() == 1 and dialog.current_id() == may.id
    with store.read() as session:
        assert [c.id for c in targets.list_campaigns(session)] == [may.id]


def mnemonics(widget: QWidget) -> list[str]:
    texts = [w.text() for w in widget.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in widget.findChildren(QAbstractButton)]
    return [m.lower() for t in texts for m in re.findall(r"&(\w)", t)]


def test_mnemonics_are_unique_and_labels_have_buddies(qtbot, store: Store) -> None:
    seed(store)
    campaign = targets.create_campaign(store, "Tháng 5", date(2026, 5, 1), date(2026, 5, 31))
    progress = open_progress(qtbot, store)
    with store.read() as session:
        listed = targets.list_targets(session, PeriodKind.MONTH, TODAY)
        campaign = targets.get_campaign(session, campaign.id)
    dialogs = [
        progress,
        TargetsDialog(store, PeriodKind.MONTH, date(2026, 5, 1), listed),
        CampaignDialog(store),
        CampaignForm(store, campaign),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        letters = mnemonics(dialog)
        assert len(letters) == len(set(letters)) >= 4, (type(dialog).__name__, sorted(letters))
        for label in dialog.findChildren(QLabel):
            if "&" in label.text():
                assert label.buddy() is not None, label.text()


# --- the campaign report -------------------------------------------------------------------


def read_pdf(pdf: Path) -> str:
    return norm(run("pdftotext", "-layout", str(pdf), "-").replace("\ufb01", "fi"))


def assert_report(text: str, name: str, dates: str, tally: dict[Metric, int]) -> None:
    assert f"Campaign report: {name}" in text
    assert dates in text
    names = labels.metric_labels()
    for metric, value in tally.items():
        assert f"{names[metric]} {value_text(metric, value)}" in text, metric
    new = tally[Metric.BHYT_HOUSEHOLD_ENROLLED] + tally[Metric.VOLUNTARY_SI_ENROLLED]
    assert f"Total new participants (1 + 2) {new}" in text
    assert "Collector: Lò Thị Thu" in text and "Supervisor" in text


@needs_poppler
def test_report_pdf_from_the_dialog_is_one_page(
    qtbot, store: Store, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    seed(store)
    campaign = targets.create_campaign(
        store, CAMPAIGN_NAME, date(2026, 5, 3), date(2026, 5, 10), "Phối hợp với Hội Phụ nữ xã."
    )
    dialog = open_campaigns(qtbot, store)
    qtbot.waitUntil(lambda: bool(dialog.tally))
    target = tmp_path / "báo cáo"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.job_finished, timeout=20000) as blocker:
        dialog.pdf_action.trigger()
        assert not dialog.report_button.isEnabled()  # busy while the worker writes
    assert blocker.args == ["Saved the report to báo cáo.pdf."]
    pdf = tmp_path / "báo cáo.pdf"
    assert page_count(pdf) == 1
    with store.read() as session:
        tally = metrics.campaign_tally(session, targets.get_campaign(session, campaign.id))
    text = read_pdf(pdf)
    assert_report(text, CAMPAIGN_NAME, "From 03/05/2026 to 10/05/2026 (8 days)", tally)
    assert "Notes: Phối hợp với Hội Phụ nữ xã." in text
    assert "Visits: 2 to 2 households." in text
    assert "Printed on 20/05/2026" in text
    assert dialog.report_button.isEnabled()


@needs_poppler
def test_report_print_and_preview(qtbot, store: Store, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    seed(store)
    targets.create_campaign(store, CAMPAIGN_NAME, date(2026, 5, 1), date(2026, 5, 31))
    dialog = open_campaigns(qtbot, store)
    printed = tmp_path / "printed.pdf"
    dialog.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer.setOutputFileName(str(printed))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    with qtbot.waitSignal(dialog.job_finished, timeout=20000) as blocker:
        dialog.print_action.trigger()
    assert blocker.args == ["Sent the report to the printer."]
    assert page_count(printed) == 1 and CAMPAIGN_NAME in read_pdf(printed)

    previewed = tmp_path / "preview.pdf"

    def fake_preview(self: QPrintPreviewDialog) -> int:
        target = QPrinter(QPrinter.PrinterMode.HighResolution)
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(previewed))
        self.paintRequested.emit(target)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_preview)
    with qtbot.waitSignal(dialog.job_finished, timeout=20000):
        dialog.preview_action.trigger()
    assert page_count(previewed) == 1
    assert "From 01/05/2026 to 31/05/2026 (31 days)" in read_pdf(previewed)


@needs_poppler
def test_longest_name_and_notes_still_fit_one_page(store: Store, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from vss_desktop.printing.documents import Kind, PrintRequest, build
    from vss_desktop.printing.render import lay_out, write_pdf

    seed(store)
    name = ("Chiến dịch vận động người dân tham gia BHXH tự nguyện và BHYT hộ gia đình " * 2)[:120]
    notes = ("Đoàn viên Hội Phụ nữ, Hội Nông dân và cán bộ xã đi từng thôn bản. " * 40)[:2000]
    campaign = targets.create_campaign(store, name, date(2026, 5, 1), date(2026, 5, 31), notes)
    request = PrintRequest(
        Kind.CAMPAIGN, collector="Lò Thị Thu", today=TODAY, campaign_id=campaign.id
    )
    laid_out = lay_out(build(store, request))
    assert laid_out.page_count == 1
    pdf = tmp_path / "long.pdf"
    write_pdf(laid_out, pdf)
    assert page_count(pdf) == 1
    assert "Supervisor" in read_pdf(pdf)
    with pytest.raises(services.NotFound):
        build(store, PrintRequest(Kind.CAMPAIGN, campaign_id="no-such-campaign"))


def test_cli_prints_a_campaign_by_name_or_id(store: Store, tmp_path: Path) -> None:
    seed(store)
    campaign = targets.create_campaign(store, CAMPAIGN_NAME, date(2026, 5, 3), date(2026, 5, 10))
    twins = [targets.create_campaign(store, "Ngày hội", TODAY, TODAY) for _ in range(2)]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }

    def cli(which: str, out: Path) -> subprocess.CompletedProcess[str]:
        args = ["--data-dir", str(store.directory), "--lang", "en", "--collector", "Lò Thị Thu"]
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "vss_desktop",
                "print",
                "campaign",
                *args,
                "--today",
                TODAY.isoformat(),
                "--campaign",
                which,
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            env=env,
        )

    by_name = cli(CAMPAIGN_NAME, tmp_path / "by-name.pdf")
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout.strip() == f"1 pages written to {tmp_path / 'by-name.pdf'}"
    by_id = cli(twins[1].id, tmp_path / "by-id.pdf")
    assert by_id.returncode == 0, by_id.stderr
    unknown = cli("Tết", tmp_path / "none.pdf")
    assert unknown.returncode == 2 and "no campaign with this name or id" in unknown.stderr
    ambiguous = cli("Ngày hội", tmp_path / "twins.pdf")
    assert ambiguous.returncode == 2 and "2 campaigns have this name" in ambiguous.stderr
    assert not (tmp_path / "none.pdf").exists() and not (tmp_path / "twins.pdf").exists()
    if POPPLER:
        with store.read() as session:
            tally = metrics.campaign_tally(session, targets.get_campaign(session, campaign.id))
        assert page_count(tmp_path / "by-name.pdf") == 1
        text = read_pdf(tmp_path / "by-name.pdf")
        assert_report(text, CAMPAIGN_NAME, "From 03/05/2026 to 10/05/2026 (8 days)", tally)
        assert "Campaign report: Ngày hội" in read_pdf(tmp_path / "by-id.pdf")


# --- the main window -----------------------------------------------------------------------


def test_main_window_opens_both_from_the_work_menu(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    from vss_desktop.settings import Settings
    from vss_desktop.ui.main_window import MainWindow

    store = open_store(tmp_path)
    window = MainWindow(store, Settings(language="en", collector="thu.lt"), tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    actions = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    keys = [a.shortcut().toString() for a in actions]
    assert len(keys) == len(set(keys)), sorted(keys)  # no shortcut is taken twice
    by_text = {a.text(): a for a in actions}
    assert by_text["&Targets and progress…"].shortcut() == QKeySequence("Ctrl+T")
    assert by_text["&Campaigns…"].shortcut() == QKeySequence("Ctrl+G")
    opened: list[QDialog] = []

    def record(self: QDialog) -> int:
        opened.append(self)
        return 0

    monkeypatch.setattr(ProgressDialog, "exec", record)
    monkeypatch.setattr(CampaignDialog, "exec", record)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_G, CTRL)
    assert [type(d) for d in opened] == [ProgressDialog, CampaignDialog]
    assert opened[1].collector == "thu.lt"
    for dialog in opened:
        dialog.tasks.wait()
    window.close()
    store.close()
