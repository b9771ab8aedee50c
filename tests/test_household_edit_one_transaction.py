"""Editing a household that renames its head is one transaction (issue 12 item 6).

The household form's edit renames the head member and updates the household; a failure
of either leaves both as they were. The fault is real: a SQLite trigger refuses the
household's update (as a full disk or a broken constraint would), after the rename.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlmodel import select

from helpers.keyboard import press
from vss_core.enums import Relation
from vss_desktop.store import Store, queries, services
from vss_desktop.store.models import OutboxOp
from vss_desktop.ui.household_dialog import HouseholdDialog

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
OLD, NEW = "Nguyễn Thị Hồng", "Nguyễn Thị Hồng Nhung"

# Refuses a household update that changes the house number, and only that: the rename
# alone (which also copies the name onto the household) still passes.
REFUSE_HOUSE_NUMBER = """
CREATE TRIGGER test_refuse_house_number BEFORE UPDATE OF house_number ON household
WHEN NEW.house_number IS NOT OLD.house_number
BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
"""


def seed(store: Store) -> str:
    household = services.create_household(
        store,
        {"head_name": OLD, "village": "Bản Pha Long", "house_number": "3"},
        head={"sex": "F", "date_of_birth": date(1980, 3, 12)},
    )
    services.create_person(store, household.id, {"full_name": "Lò Văn Đức", "relation": "child"})
    return household.id


def state(store: Store, household_id: str) -> tuple[str, str, list[tuple[str, str]], int]:
    with store.read() as session:
        detail = queries.household_detail(session, household_id)
        ops = len(list(session.exec(select(OutboxOp))))
    assert detail is not None
    members = [(p.full_name, p.relation) for p in detail.members]
    return detail.household.head_name, detail.household.house_number, members, ops


def show(qtbot, dialog: QDialog) -> QDialog:
    def discard() -> None:
        dialog.confirm_discard = lambda: True

    qtbot.addWidget(dialog, before_close_func=lambda _d: discard())
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_a_refused_household_update_keeps_the_head_name(qtbot, store: Store) -> None:
    household_id = seed(store)
    before = state(store, household_id)
    assert before[2] == [(OLD, Relation.HEAD), ("Lò Văn Đức", Relation.CHILD)]
    with store.engine.begin() as conn:
        conn.exec_driver_sql(REFUSE_HOUSE_NUMBER)
    with store.read() as session:
        household = queries.household_detail(session, household_id).household
    dialog = show(qtbot, HouseholdDialog(store, household))
    dialog.head_name.setText(NEW)
    dialog.house_number.setText("5A")
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    qtbot.waitUntil(lambda: not dialog.writing and dialog.save_button.isEnabled(), timeout=5000)
    assert dialog.saved_id is None and dialog.isVisible()
    assert "Nothing was saved" in dialog.general.text()
    assert state(store, household_id) == before  # the rename did not go through either
    assert dialog.head_name.text() == NEW  # everything typed is kept

    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER test_refuse_house_number")
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)  # the next try saves both, together
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    head_name, house_number, members, ops = state(store, household_id)
    assert (head_name, house_number, members[0]) == (NEW, "5A", (NEW, Relation.HEAD))
    assert ops == before[3] + 2  # the member's rename and the household's update


def test_the_household_edit_reads_the_head_inside_its_transaction(qtbot, store: Store) -> None:
    """The head is found when the edit is written, not when the form was read: a member
    made head meanwhile (on another form) is the one renamed."""
    household_id = seed(store)
    with store.read() as session:
        detail = queries.household_detail(session, household_id)
    assert detail is not None
    dialog = show(qtbot, HouseholdDialog(store, detail.household))
    old_head, child = detail.members
    services.update_person(store, old_head.id, {"relation": Relation.SPOUSE})
    services.update_person(store, child.id, {"relation": Relation.HEAD})
    dialog.head_name.setText("Lò Văn Đức Anh")
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    head_name, _, members, _ = state(store, household_id)
    assert head_name == "Lò Văn Đức Anh"
    assert sorted(members) == sorted([("Lò Văn Đức Anh", Relation.HEAD), (OLD, Relation.SPOUSE)])
