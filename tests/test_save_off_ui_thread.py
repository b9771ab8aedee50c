"""Saving a form never runs on the UI thread (issue 11 E, issue 12 item 6).

A sync's pull holds the store's write lock for seconds; a save behind it used to freeze
the window for up to the busy timeout (10 s). Here another connection holds the real
write lock (BEGIN IMMEDIATE, as the pull does) while the collector saves a visit through
the real dialog: the window keeps answering, a second Save records nothing more, and a
save that gives up shows why and keeps everything typed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog
from sqlalchemy import event
from sqlmodel import select

from helpers.keyboard import press
from vss_core.enums import BhytStatus, Outcome, Relation, ResultKind
from vss_desktop.store import Store, queries, services
from vss_desktop.store.db import connect_dbapi
from vss_desktop.store.models import Collection, Household, OutboxOp, Person, Visit
from vss_desktop.ui.household_dialog import HouseholdDialog
from vss_desktop.ui.member_dialog import MemberDialog
from vss_desktop.ui.visit_dialog import VisitDialog

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
LOCK_HELD = 2.0  # seconds another connection keeps the write lock (a pull in progress)


class WriteLock:
    """The store's write lock, taken by another connection the way a pull takes it."""

    def __init__(self, store: Store) -> None:
        self.conn = connect_dbapi(store.path, check_same_thread=False)
        self.conn.isolation_level = None
        self.conn.execute("BEGIN IMMEDIATE")
        self.held = True

    def release(self) -> None:
        if self.held:
            self.conn.execute("ROLLBACK")
            self.held = False

    def release_after(self, seconds: float) -> None:
        """Released from another thread: a blocked UI thread could not release it."""
        threading.Timer(seconds, self.release).start()

    def close(self) -> None:
        self.release()
        self.conn.close()


@pytest.fixture
def lock(store: Store) -> Iterator[Any]:
    taken: list[WriteLock] = []

    def take() -> WriteLock:
        taken.append(WriteLock(store))
        return taken[-1]

    yield take
    for held in taken:
        held.close()


class Ticks:
    """A QTimer on the UI thread: gaps between its ticks show a frozen event loop."""

    def __init__(self, parent: QDialog, every_ms: int = 20) -> None:
        self.times: list[float] = []
        self.timer = QTimer(parent, interval=every_ms)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start()

    def stop(self) -> float:
        """The longest gap, in seconds."""
        self.timer.stop()
        return max((b - a for a, b in zip(self.times, self.times[1:], strict=False)), default=0)


def show(qtbot, dialog: QDialog) -> QDialog:
    def discard() -> None:
        dialog.confirm_discard = lambda: True

    qtbot.addWidget(dialog, before_close_func=lambda _d: discard())
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def household_with_two_members(store: Store) -> queries.HouseholdDetail:
    household = services.create_household(
        store,
        {"head_name": "Nguyễn Thị Hồng", "village": "Bản Pha Long"},
        head={"sex": "F", "date_of_birth": date(1980, 3, 12), "bhyt_status": BhytStatus.NONE},
    )
    services.create_person(
        store, household.id, {"full_name": "Trần Văn Bình", "relation": Relation.SPOUSE}
    )
    with store.read() as session:
        detail = queries.household_detail(session, household.id)
    assert detail is not None
    return detail


def visits(store: Store) -> list[Visit]:
    with store.read() as session:
        return list(session.exec(select(Visit)))


def ops(store: Store) -> list[tuple[str, str]]:
    with store.read() as session:
        return [
            (op.entity, op.kind) for op in session.exec(select(OutboxOp).order_by(OutboxOp.seq))
        ]


def fill_visit(dialog: VisitDialog) -> None:
    """A renewal paid by the first member, with a receipt and a note."""
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.RENEWED))
    row = dialog.rows[0]
    row.checks[ResultKind.BHYT_RENEWED].setChecked(True)
    row.checks[ResultKind.VSSID_INSTALLED].setChecked(True)
    row.amount.set_value(105_300)
    row.months.setCurrentIndex(row.months.findData(3))
    dialog._member_amount_edited()
    dialog.receipt_number.setText("BL-0042")
    dialog.notes.setPlainText("Hẹn gửi thẻ tuần sau")


def short_busy_timeout(store: Store, msecs: int) -> None:
    """The store's busy timeout, shortened so a test need not wait the real 10 s."""

    @event.listens_for(store.engine, "connect")
    def _shorter(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA busy_timeout={msecs}")

    store.engine.dispose()  # connections made from now on get it


# --- the visit form behind a pull -------------------------------------------------------


def test_visit_save_behind_a_held_write_lock_leaves_the_window_responsive(
    qtbot, store: Store, lock
) -> None:
    detail = household_with_two_members(store)
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    fill_visit(dialog)
    ops_before = len(ops(store))
    held = lock()
    held.release_after(LOCK_HELD)
    ticks = Ticks(dialog)

    started = time.monotonic()
    dialog.save_button.setFocus()
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert time.monotonic() - started < 0.5, "the save waited for the lock on the UI thread"
    assert dialog.isVisible() and dialog.saved_id is None  # still writing
    assert not dialog.save_button.isEnabled()  # no second save while the first runs
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # ignored: disabled
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)  # the shortcut too
    dialog.save()  # and any other way in
    press(qtbot, Qt.Key.Key_Escape)  # leaving is refused while the write runs
    assert dialog.isVisible()

    with qtbot.waitSignal(dialog.saved, timeout=LOCK_HELD * 1000 + 5000) as saved:
        pass
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ticks.stop() < 0.5  # the event loop never stopped
    assert time.monotonic() - started >= LOCK_HELD * 0.9  # it did wait for the lock
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert saved.args == [dialog.saved_id]
    (visit,) = visits(store)
    assert visit.id == dialog.saved_id
    assert (visit.outcome, visit.amount_collected, visit.receipt_number, visit.notes) == (
        Outcome.RENEWED,
        105_300,
        "BL-0042",
        "Hẹn gửi thẻ tuần sau",
    )
    with store.read() as session:
        rows = session.exec(select(Collection).where(Collection.visit_id == visit.id)).all()
    assert sorted((r.kind, r.amount, r.months) for r in rows) == [
        (ResultKind.BHYT_RENEWED, 105_300, 3),
        (ResultKind.VSSID_INSTALLED, 0, None),
    ]
    assert ops(store)[ops_before:] == [("visit", "create")] + [("collection", "create")] * 2


def test_a_save_that_gives_up_shows_why_and_keeps_what_was_typed(
    qtbot, store: Store, lock, caplog
) -> None:
    detail = household_with_two_members(store)
    short_busy_timeout(store, 300)
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    fill_visit(dialog)
    ops_before = len(ops(store))
    held = lock()  # held past the busy timeout

    started = time.monotonic()
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert time.monotonic() - started < 0.25  # back at once, the error comes later
    assert not dialog.general.isVisible() or "Nothing was saved" not in dialog.general.text()
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.general.text(), timeout=5000)
    assert dialog.general.isVisible()
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.save_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert len(ops(store)) == ops_before and visits(store) == []
    assert "OperationalError" in caplog.text  # what failed, in one line:
    assert "Traceback" not in caplog.text and "BL-0042" not in caplog.text  # nothing typed
    # Everything typed is still there.
    row = dialog.rows[0]
    assert dialog.outcome.currentData() == Outcome.RENEWED
    assert row.checks[ResultKind.BHYT_RENEWED].isChecked()
    assert row.checks[ResultKind.VSSID_INSTALLED].isChecked()
    assert row.amount.value() == 105_300 and row.months.currentData() == 3
    assert dialog.amount_collected.value() == 105_300
    assert dialog.receipt_number.text() == "BL-0042"
    assert dialog.notes.toPlainText() == "Hẹn gửi thẻ tuần sau"

    # The sync is done: Save again stores exactly what was typed, once.
    held.release()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    (visit,) = visits(store)
    assert (visit.amount_collected, visit.receipt_number) == (105_300, "BL-0042")
    assert ops(store)[ops_before:] == [("visit", "create")] + [("collection", "create")] * 2


# --- the household and member forms ----------------------------------------------------


def test_household_and_member_saves_run_off_the_ui_thread(qtbot, store: Store, lock) -> None:
    detail = household_with_two_members(store)
    household_form = show(qtbot, HouseholdDialog(store, detail.household))
    household_form.phone.setText("0912345678")
    held = lock()
    held.release_after(1.0)
    started = time.monotonic()
    household_form.save()
    assert time.monotonic() - started < 0.5
    assert not household_form.save_button.isEnabled()
    qtbot.waitUntil(lambda: household_form.result() == QDialog.DialogCode.Accepted, timeout=8000)
    with store.read() as session:
        assert session.get(Household, detail.household.id).phone == "0912345678"

    member_form = show(qtbot, MemberDialog(store, detail.household.id))
    member_form.full_name.setText("Trần Văn An")
    member_form.relation.setCurrentIndex(member_form.relation.findData(Relation.CHILD))
    held = lock()
    held.release_after(1.0)
    started = time.monotonic()
    member_form.save()
    member_form.save()  # a second press while the first is on its way
    assert time.monotonic() - started < 0.5
    qtbot.waitUntil(lambda: member_form.result() == QDialog.DialogCode.Accepted, timeout=8000)
    with store.read() as session:
        names = [p.full_name for p in session.exec(select(Person)) if p.full_name == "Trần Văn An"]
    assert names == ["Trần Văn An"]
