"""The household, member and visit dialogs driven through real widgets.

The keyboard tests use only key presses (typing, Tab, Space, arrows, Ctrl+S /
Ctrl+Enter) sent to whichever widget has the focus, as a collector would.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
)
from sqlmodel import select  # noqa: E402

from helpers.keyboard import focused, press, tab, type_text  # noqa: E402
from vss_core import vietnam_time  # noqa: E402
from vss_core.enums import BhytStatus, Outcome, Relation, ResultKind  # noqa: E402
from vss_core.identifiers import Problem  # noqa: E402
from vss_desktop.store import Store, queries, services  # noqa: E402
from vss_desktop.store.models import Collection, Household, OutboxOp, Person, Visit  # noqa: E402
from vss_desktop.ui.household_dialog import HouseholdDialog  # noqa: E402
from vss_desktop.ui.member_dialog import MemberDialog  # noqa: E402
from vss_desktop.ui.visit_dialog import VisitDialog  # noqa: E402

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


# --- helpers ----------------------------------------------------------------------


def _discard_on_teardown(dialog: QDialog) -> None:
    dialog.confirm_discard = lambda: True  # closing a form with typed text asks first


def show(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog, before_close_func=_discard_on_teardown)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def outbox_ops(store: Store) -> list[OutboxOp]:
    with store.read() as session:
        return list(session.exec(select(OutboxOp).order_by(OutboxOp.seq)))


def count(store: Store, model) -> int:
    with store.read() as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def seed_household(store: Store, **extra) -> Household:
    return services.create_household(
        store,
        {"head_name": "Nguyễn Thị Hồng", "village": "Bản Pha Long", "house_number": "3"} | extra,
        head={"sex": "F", "date_of_birth": date(1980, 3, 12), "bhyt_status": BhytStatus.NONE},
    )


def detail_of(store: Store, household_id: str) -> queries.HouseholdDetail:
    with store.read() as session:
        detail = queries.household_detail(session, household_id)
    assert detail is not None
    return detail


def wait_saved(qtbot, dialog: QDialog) -> None:
    """Saves run in a worker: wait for the form to close on success."""
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dialog.saved_id is not None


def assert_refused(dialog: QDialog, store: Store, ops_before: int) -> None:
    assert dialog.isVisible()
    assert dialog.saved_id is None
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(outbox_ops(store)) == ops_before


# --- households -------------------------------------------------------------------


def test_new_household_with_keyboard_only(qtbot, store: Store) -> None:
    seed_household(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, HouseholdDialog(store))
    assert focused() == dialog.code  # the first field has the focus

    type_text(qtbot, "hn 001 234")
    tab(qtbot)
    assert focused() == dialog.head_name
    type_text(qtbot, "Lò Văn Đức")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down)  # sex: Male
    tab(qtbot)
    type_text(qtbot, "12031985")  # ddmmyyyy without slashes
    tab(qtbot)
    type_text(qtbot, "001 085 012 345")  # 0 = man born in the 1900s, 85 = 1985
    tab(qtbot)
    assert focused() == dialog.village
    type_text(qtbot, "Bản Pha Long")  # an existing village, offered by the completer
    tab(qtbot)
    type_text(qtbot, "12")
    tab(qtbot)
    type_text(qtbot, "Tổ 3")
    tab(qtbot)
    type_text(qtbot, "Xã Mường Phăng")
    tab(qtbot)
    type_text(qtbot, "Điện Biên")
    tab(qtbot)
    type_text(qtbot, "+84 98 765 4321")
    tab(qtbot)
    assert focused() == dialog.notes
    type_text(qtbot, "Nhà cạnh trường tiểu học")
    assert dialog.head_dob.text() == "12/03/1985"  # tidied when left
    assert not any(dialog.fields.feedback(n).isVisible() for n in dialog.fields.names())
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    wait_saved(qtbot, dialog)
    with store.read() as session:
        household = session.get(Household, dialog.saved_id)
        head = session.exec(select(Person).where(Person.household_id == dialog.saved_id)).one()
    assert household is not None
    assert (household.code, household.head_name, household.village) == (
        "HN001234",
        "Lò Văn Đức",
        "Bản Pha Long",
    )
    assert (household.house_number, household.street) == ("12", "Tổ 3")
    assert (household.commune, household.province) == ("Xã Mường Phăng", "Điện Biên")
    assert household.phone == "0987654321"
    assert household.notes == "Nhà cạnh trường tiểu học"
    assert (head.full_name, head.relation, head.sex) == ("Lò Văn Đức", Relation.HEAD, "M")
    assert (head.date_of_birth, head.cccd) == (date(1985, 3, 12), "001085012345")
    ops = outbox_ops(store)[ops_before:]
    assert [(op.entity, op.kind) for op in ops] == [("household", "create"), ("person", "create")]


def test_new_village_and_required_fields(qtbot, store: Store) -> None:
    dialog = show(qtbot, HouseholdDialog(store))
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)  # nothing typed yet
    assert_refused(dialog, store, 0)
    assert dialog.fields.feedback("head_name").text() == "This field is required."
    assert dialog.fields.feedback("village").text() == "This field is required."
    assert focused() == dialog.head_name  # the first field with an error

    type_text(qtbot, "Hà Thị Lan")
    assert not dialog.fields.feedback("head_name").isVisible()  # cleared as she types
    press(qtbot, Qt.Key.Key_Return)  # Enter moves on too
    assert focused() == dialog.head_sex
    tab(qtbot, 3)
    assert focused() == dialog.village
    type_text(qtbot, "Thôn Nà Hẩu")
    press(qtbot, Qt.Key.Key_Return, modifier=CTRL)
    wait_saved(qtbot, dialog)
    with store.read() as session:
        assert queries.villages(session) == ["Thôn Nà Hẩu"]
        head = session.exec(select(Person)).one()
    assert (head.full_name, head.sex, head.date_of_birth, head.cccd) == ("Hà Thị Lan", "", None, "")


def test_edit_household_renames_its_head(qtbot, store: Store) -> None:
    household = seed_household(store, phone="0912345678")
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, HouseholdDialog(store, household))
    assert not hasattr(dialog, "head_cccd")  # no head fields when editing
    assert dialog.village.currentText() == "Bản Pha Long"
    tab(qtbot)
    assert focused() == dialog.head_name
    type_text(qtbot, "Nguyễn Thị Hồng Nhung")  # Tab selected the old name: typing replaces it
    tab(qtbot, 2)
    assert focused() == dialog.house_number
    type_text(qtbot, "5A")
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    wait_saved(qtbot, dialog)
    assert dialog.saved_id == household.id
    detail = detail_of(store, household.id)
    assert detail.household.head_name == "Nguyễn Thị Hồng Nhung"
    assert detail.household.house_number == "5A"
    assert detail.household.phone == "0912345678"
    assert [p.full_name for p in detail.members] == ["Nguyễn Thị Hồng Nhung"]
    ops = outbox_ops(store)[ops_before:]
    assert {(op.entity, op.kind) for op in ops} == {("person", "update"), ("household", "update")}


def test_household_phone_errors_block_and_warnings_do_not(qtbot, store: Store) -> None:
    household = seed_household(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, HouseholdDialog(store, household))
    dialog.phone.setFocus()
    type_text(qtbot, "0212345678")
    tab(qtbot)
    assert dialog.fields.feedback("phone").text() == (
        "A mobile number starts with 03, 05, 07, 08 or 09."
    )
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    assert focused() == dialog.phone

    type_text(qtbot, "0301234567")  # the focus selected all: this replaces it
    tab(qtbot)
    feedback = dialog.fields.feedback("phone")
    assert feedback.text() == "No carrier uses this prefix; please check the number."
    assert "#8a5a00" in feedback.styleSheet()  # amber: a warning
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    wait_saved(qtbot, dialog)
    assert dialog.saved_id == household.id
    assert detail_of(store, household.id).household.phone == "0301234567"


# --- members ----------------------------------------------------------------------


def test_add_member_with_keyboard_only(qtbot, store: Store) -> None:
    household = seed_household(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, MemberDialog(store, household.id))
    assert "Nguyễn Thị Hồng" in dialog.windowTitle()
    assert focused() == dialog.full_name

    type_text(qtbot, "Trần Thị Lan")
    tab(qtbot)
    type_text(qtbot, "05/07/2010")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down, 2)  # sex: —, Male, Female
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down, 3)  # relation: nothing, head, spouse, child
    tab(qtbot)
    assert focused() == dialog.cccd
    type_text(qtbot, "011 310 012 345")  # 3 = woman born in the 2000s, 10 = 2010
    tab(qtbot)
    type_text(qtbot, "0110012345")
    tab(qtbot)
    type_text(qtbot, "gd4010110012345")  # old card: ends with the BHXH code
    tab(qtbot)
    type_text(qtbot, "31122026")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Up, 2)  # status: from "No BHYT" up to "Household BHYT"
    tab(qtbot)
    assert focused() == dialog.vsi_paid_until
    tab(qtbot)  # left empty
    type_text(qtbot, "+84 912-345-678")
    tab(qtbot)
    assert focused() == dialog.ethnic_minority
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, 2)
    assert focused() == dialog.near_poor
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot)
    type_text(qtbot, "Học sinh lớp 9")
    assert not any(dialog.fields.feedback(n).isVisible() for n in dialog.fields.names())
    press(qtbot, Qt.Key.Key_Return, modifier=CTRL)

    wait_saved(qtbot, dialog)
    with store.read() as session:
        person = session.get(Person, dialog.saved_id)
    assert person is not None and person.household_id == household.id
    assert (person.full_name, person.date_of_birth) == ("Trần Thị Lan", date(2010, 7, 5))
    assert (person.sex, person.relation) == ("F", Relation.CHILD)
    assert person.cccd == "011310012345"
    assert person.bhxh_code == "0110012345"
    assert person.bhyt_card_number == "GD4010110012345"
    assert person.bhyt_expiry == date(2026, 12, 31)
    assert person.bhyt_status == BhytStatus.HOUSEHOLD
    assert person.vsi_paid_until is None
    assert person.phone == "0912345678"
    assert (person.ethnic_minority, person.poor, person.near_poor) == (True, False, True)
    assert person.notes == "Học sinh lớp 9"
    ops = outbox_ops(store)[ops_before:]
    assert [(op.entity, op.kind) for op in ops] == [("person", "create")]


INVALID_IDENTIFIERS = [
    ("cccd", "00108501234", "A CCCD number has 12 digits; this one has 11."),
    ("cccd", "0010850123AB", "A CCCD number has digits only."),
    ("bhxh_code", "011001234", "A BHXH code has 10 digits; this one has 9."),
    ("bhxh_code", "01100l2345", "A BHXH code has digits only."),
    (
        "bhyt_card_number",
        "GD401011001",
        "A BHYT card number is the 10-digit BHXH code or 15 characters like GD4010120152431.",
    ),
    (
        "bhyt_card_number",
        "G54010110012345",
        "An old BHYT card number is 2 letters then 13 digits, like GD4010120152431.",
    ),
    ("phone", "0212345678", "A mobile number starts with 03, 05, 07, 08 or 09."),
    ("phone", "091234567", "A mobile number has 10 digits; this one has 9."),
    ("phone", "09123456ab", "A phone number has digits only."),
    ("date_of_birth", "31/02/2001", "Enter a date as dd/mm/yyyy."),
    ("bhyt_expiry", "12/2026", "Enter a date as dd/mm/yyyy."),
]


@pytest.mark.parametrize(("field", "text", "message"), INVALID_IDENTIFIERS)
def test_invalid_input_is_shown_and_refused(qtbot, store: Store, field, text, message) -> None:
    household = seed_household(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, MemberDialog(store, household.id))
    type_text(qtbot, "Trần Văn Nam")
    tab(qtbot, 3)
    press(qtbot, Qt.Key.Key_Down, 4)  # relation: parent
    widget = dialog.fields.widget(field)
    widget.setFocus()
    type_text(qtbot, text)
    tab(qtbot)  # leaving the field shows its message
    feedback = dialog.fields.feedback(field)
    assert feedback.isVisible()
    assert feedback.text() == message
    assert "#b00020" in feedback.styleSheet()  # red: an error

    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    assert focused() == widget  # the focus went back to the bad field
    assert count(store, Person) == 1  # only the head


def test_cccd_mismatch_warns_but_saves(qtbot, store: Store) -> None:
    household = seed_household(store)
    dialog = show(qtbot, MemberDialog(store, household.id))
    type_text(qtbot, "Lò Văn Sáng")
    tab(qtbot)
    type_text(qtbot, "01/01/1990")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down)  # Male
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down, 2)  # spouse
    tab(qtbot)
    type_text(qtbot, "001085012345")  # says a man born in 1985
    tab(qtbot)
    feedback = dialog.fields.feedback("cccd")
    assert feedback.text() == (
        "The CCCD number says born in 1985, which does not match the date of birth."
    )
    assert "#8a5a00" in feedback.styleSheet()

    # Fixing the date of birth clears the warning as soon as it is typed.
    press(qtbot, Qt.Key.Key_B, modifier=Qt.KeyboardModifier.AltModifier)  # Date of &birth
    assert focused() == dialog.date_of_birth
    type_text(qtbot, "01011985")  # the mnemonic selected the old date: this replaces it
    assert not feedback.isVisible()
    type_text(qtbot, "\b")
    type_text(qtbot, "0")  # 0101198 -> 01011980: the warning is back, saving still works
    assert feedback.isVisible()
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    wait_saved(qtbot, dialog)
    with store.read() as session:
        person = session.get(Person, dialog.saved_id)
    assert (person.cccd, person.date_of_birth) == ("001085012345", date(1980, 1, 1))


def test_edit_member_and_card_fills_bhxh_code(qtbot, store: Store) -> None:
    household = seed_household(store)
    head = detail_of(store, household.id).members[0]
    dialog = show(qtbot, MemberDialog(store, household.id, head))
    assert dialog.relation.currentData() == Relation.HEAD
    assert dialog.date_of_birth.text() == "12/03/1980"
    dialog.bhyt_card_number.setFocus()
    type_text(qtbot, "GD4010120152431")
    tab(qtbot)
    assert dialog.bhxh_code.text() == "0120152431"  # the last 10 characters of the card
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    wait_saved(qtbot, dialog)
    assert dialog.saved_id == head.id
    person = detail_of(store, household.id).members[0]
    assert (person.bhxh_code, person.bhyt_card_number) == ("0120152431", "GD4010120152431")


def test_poor_and_near_poor_refused(qtbot, store: Store) -> None:
    household = seed_household(store)
    head = detail_of(store, household.id).members[0]
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, MemberDialog(store, household.id, head))
    dialog.poor.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Space)
    assert (
        dialog.fields.feedback("near_poor").text() == "A person cannot be both poor and near-poor."
    )
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)


# --- visits -----------------------------------------------------------------------


def household_with_two_members(store: Store) -> queries.HouseholdDetail:
    household = seed_household(store)
    services.create_person(
        store,
        household.id,
        {"full_name": "Trần Văn Bình", "relation": Relation.SPOUSE, "sex": "M"},
    )
    return detail_of(store, household.id)


def test_record_visit_with_keyboard_only(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    hong, binh = detail.members  # head first
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    assert focused() == dialog.visit_date
    assert dialog.visit_date.text() == f"{vietnam_time.today():%d/%m/%Y}"
    tab(qtbot, 2)
    assert focused() == dialog.outcome
    press(qtbot, Qt.Key.Key_Down, 5)  # not home, refused, thinking, promised, enrolled
    assert dialog.outcome.currentData() == Outcome.ENROLLED
    tab(qtbot)  # the promised date is skipped: nothing was promised
    assert focused() == dialog.follow_up_date
    tab(qtbot)
    # Hồng: household BHYT for 12 months, and VssID installed.
    assert focused() == dialog.rows[0].checks[ResultKind.BHYT_HOUSEHOLD_ENROLLED]
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, 3)
    press(qtbot, Qt.Key.Key_Space)  # VssID
    tab(qtbot, 2)
    assert focused() == dialog.rows[0].amount
    type_text(qtbot, "1263600")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down, 4)  # months: —, 1, 3, 6, 12
    tab(qtbot)
    # Bình: household BHYT as second member, 12 months.
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, 5)
    type_text(qtbot, "884520")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down, 4)
    tab(qtbot)
    assert focused() == dialog.amount_collected
    assert dialog.amount_collected.text() == "2.148.120 ₫"  # follows the members' amounts
    tab(qtbot)
    type_text(qtbot, "BL-000123")
    tab(qtbot)
    type_text(qtbot, "Hẹn gửi thẻ tuần sau")
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    wait_saved(qtbot, dialog)
    with store.read() as session:
        visit = session.get(Visit, dialog.saved_id)
        rows = list(session.exec(select(Collection).where(Collection.visit_id == visit.id)))
    assert (visit.household_id, visit.collector, visit.outcome) == (
        detail.household.id,
        "thu.lt",
        Outcome.ENROLLED,
    )
    assert (visit.amount_collected, visit.receipt_number) == (2_148_120, "BL-000123")
    assert (visit.promised_date, visit.follow_up_date) == (None, None)
    assert visit.notes == "Hẹn gửi thẻ tuần sau"
    assert visit.visited_at.tzinfo is not None
    assert abs(visit.visited_at - datetime.now(UTC)) < timedelta(minutes=2)
    got = sorted((c.person_id, c.kind, c.amount, c.months) for c in rows)
    assert got == sorted(
        [
            (hong.id, ResultKind.BHYT_HOUSEHOLD_ENROLLED, 1_263_600, 12),
            (hong.id, ResultKind.VSSID_INSTALLED, 0, None),
            (binh.id, ResultKind.BHYT_HOUSEHOLD_ENROLLED, 884_520, 12),
        ]
    )
    ops = outbox_ops(store)[ops_before:]
    assert [(op.entity, op.kind) for op in ops] == [("visit", "create")] + [
        ("collection", "create")
    ] * 3
    assert {op.entity_id for op in ops} == {visit.id, *(c.id for c in rows)}


def test_saving_twice_quickly_records_one_visit(qtbot, store: Store) -> None:
    """A collector who presses Ctrl+S twice (or Enter on Save, then again) made one visit."""
    detail = household_with_two_members(store)
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    dialog.outcome.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # not home
    ops_before = len(outbox_ops(store))
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    dialog.save()  # the second press, while the first is still being written
    wait_saved(qtbot, dialog)
    dialog.save()  # and one after the form closed
    with store.read() as session:
        visits = session.exec(select(Visit).where(Visit.household_id == detail.household.id))
        assert [v.id for v in visits] == [dialog.saved_id]
    assert [(op.entity, op.kind) for op in outbox_ops(store)[ops_before:]] == [("visit", "create")]


def test_visit_time_is_local_and_stored_in_utc(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    type_text(qtbot, "02032026")
    tab(qtbot)
    type_text(qtbot, "930")
    tab(qtbot)
    assert dialog.visit_time.text() == "09:30"
    press(qtbot, Qt.Key.Key_Down)  # not at home
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    wait_saved(qtbot, dialog)
    with store.read() as session:
        visit = session.get(Visit, dialog.saved_id)
    expected = datetime(2026, 3, 2, 9, 30, tzinfo=vietnam_time.LOCAL_TZ).astimezone(UTC)
    assert visit.visited_at == expected


def test_bad_time_and_date_are_refused(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    tab(qtbot)
    type_text(qtbot, "25:99")
    tab(qtbot)
    assert (
        dialog.fields.feedback("visit_time").text() == "Enter a time as HH:MM, for example 14:30."
    )
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    assert focused() == dialog.visit_time


def test_promised_without_date_is_refused(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    assert not dialog.promised_date.isEnabled()
    tab(qtbot, 2)
    press(qtbot, Qt.Key.Key_Down, 4)
    assert dialog.outcome.currentData() == Outcome.PROMISED
    assert dialog.promised_date.isEnabled()
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    feedback = dialog.fields.feedback("promised_date")
    assert feedback.text() == "Enter the date the family promised to pay."
    assert focused() == dialog.promised_date

    promised = vietnam_time.today() + timedelta(days=10)
    type_text(qtbot, promised.strftime("%d%m%Y"))
    tab(qtbot)
    assert not feedback.isVisible()
    assert dialog.follow_up_date.value() == promised  # comes back on the promised day
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    wait_saved(qtbot, dialog)
    with store.read() as session:
        visit = session.get(Visit, dialog.saved_id)
    assert (visit.outcome, visit.promised_date, visit.follow_up_date) == (
        Outcome.PROMISED,
        promised,
        promised,
    )


def test_amount_without_receipt_is_refused(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    tab(qtbot, 2)
    press(qtbot, Qt.Key.Key_Down, 6)  # renewed
    dialog.amount_collected.setFocus()
    type_text(qtbot, "105300")
    tab(qtbot)
    assert dialog.amount_collected.text() == "105.300 ₫"
    assert focused() == dialog.receipt_number
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    assert dialog.fields.feedback("receipt_number").text() == (
        "Money was collected: enter the receipt number."
    )
    assert focused() == dialog.receipt_number
    assert count(store, Visit) == 0


def test_member_amounts_must_fit_the_visit(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))
    tab(qtbot, 2)
    press(qtbot, Qt.Key.Key_Down, 5)
    row = dialog.rows[1]
    row.amount.setFocus()
    type_text(qtbot, "73710")  # an amount, but nothing ticked that it paid for
    tab(qtbot)
    assert row.feedback.text() == (
        "Tick what this amount paid for (an enrolment or a renewal), or clear it."
    )
    row.checks[ResultKind.BHYT_HOUSEHOLD_ENROLLED].setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert not row.feedback.isVisible()
    assert dialog.amount_collected.text() == "73.710 ₫"  # the total follows the members
    dialog.receipt_number.setFocus()
    type_text(qtbot, "BL-9")
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() == dialog.amount_collected
    type_text(qtbot, "50000")  # replaces the total: less than the members' amounts
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    assert dialog.fields.feedback("amount_collected").text() == (
        "The members' amounts add up to more than the amount collected."
    )
    assert focused() == dialog.amount_collected


# --- behaviour every form shares -------------------------------------------------------


def test_store_refusal_is_shown_inline(qtbot, store: Store, monkeypatch) -> None:
    detail = household_with_two_members(store)
    dialog = show(qtbot, VisitDialog(store, detail, "thu.lt"))

    def refuse(*_args, **_kwargs):
        raise services.ValidationFailed(
            {"receipt_number": [Problem("visit.receipt_required")], "results.0": [Problem("x")]}
        )

    monkeypatch.setattr(services, "save_visit", refuse)
    tab(qtbot, 2)
    press(qtbot, Qt.Key.Key_Down)
    dialog.rows[0].checks[ResultKind.VSSID_INSTALLED].setFocus()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: dialog.rows[0].feedback.isVisible())  # the worker's answer
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.fields.feedback("receipt_number").text() == (
        "Money was collected: enter the receipt number."
    )
    assert dialog.rows[0].feedback.text() == "x"  # results.0 is the first member's row
    assert focused() == dialog.rows[0].amount


def test_database_failure_keeps_the_form(qtbot, store: Store, monkeypatch, caplog) -> None:
    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "create_household", fail)
    dialog = show(qtbot, HouseholdDialog(store))
    type_text(qtbot, "HN1")
    tab(qtbot)
    type_text(qtbot, "Vàng Seo Páo")
    dialog.village.setFocus()
    type_text(qtbot, "Bản Mới")
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.general.text())
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.general.isVisible()
    assert "Nothing was saved" in dialog.general.text()
    assert "Vàng" not in caplog.text and "Bản" not in caplog.text  # no personal data in logs


def test_escape_cancels_and_asks_only_when_something_was_typed(
    qtbot, store: Store, monkeypatch
) -> None:
    household = seed_household(store)
    ops_before = len(outbox_ops(store))

    untouched = show(qtbot, MemberDialog(store, household.id))
    monkeypatch.setattr(untouched, "confirm_discard", lambda: pytest.fail("asked for nothing"))
    press(qtbot, Qt.Key.Key_Escape)
    assert not untouched.isVisible()
    assert untouched.result() == QDialog.DialogCode.Rejected

    typed = show(qtbot, MemberDialog(store, household.id))
    type_text(qtbot, "Lò Thị Mai")
    answers = iter([False, True])
    asked: list[bool] = []

    def confirm() -> bool:
        asked.append(True)
        return next(answers)

    monkeypatch.setattr(typed, "confirm_discard", confirm)
    press(qtbot, Qt.Key.Key_Escape)
    assert typed.isVisible()  # "keep editing"
    press(qtbot, Qt.Key.Key_Escape)
    assert not typed.isVisible()
    assert len(asked) == 2
    assert len(outbox_ops(store)) == ops_before


def test_label_mnemonics_move_the_focus(qtbot, store: Store) -> None:
    household = seed_household(store)
    dialog = show(qtbot, MemberDialog(store, household.id))
    press(qtbot, Qt.Key.Key_B, modifier=Qt.KeyboardModifier.AltModifier)
    assert focused() == dialog.date_of_birth
    press(qtbot, Qt.Key.Key_H, modifier=Qt.KeyboardModifier.AltModifier)
    assert focused() == dialog.bhxh_code


def _mnemonics(dialog: QDialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    return [m.lower() for t in texts for m in re.findall(r"&(\w)", t)]


def test_every_label_has_a_buddy_and_mnemonics_are_unique(qtbot, store: Store) -> None:
    detail = household_with_two_members(store)
    dialogs = [
        HouseholdDialog(store),
        HouseholdDialog(store, detail.household),
        MemberDialog(store, detail.household.id),
        VisitDialog(store, detail, "thu.lt"),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        letters = _mnemonics(dialog)
        assert len(letters) == len(set(letters)), (type(dialog).__name__, sorted(letters))
        assert len(letters) >= 8
        for label in dialog.findChildren(QLabel):
            if label.text().endswith(":") and "&" in label.text():
                assert label.buddy() is not None, label.text()


def test_overlong_notes_are_refused(qtbot, store: Store) -> None:
    household = seed_household(store)
    ops_before = len(outbox_ops(store))
    dialog = show(qtbot, HouseholdDialog(store, household))
    dialog.notes.setFocus()
    type_text(qtbot, "x" * 2001)
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert_refused(dialog, store, ops_before)
    assert (
        dialog.fields.feedback("notes").text() == "This text is too long: at most 2000 characters."
    )
    assert focused() == dialog.notes


def test_many_members_scroll_with_the_focus(qtbot, store: Store) -> None:
    household = seed_household(store)
    for i in range(11):
        services.create_person(
            store, household.id, {"full_name": f"Lò Văn Con {i + 1}", "relation": Relation.CHILD}
        )
    dialog = show(qtbot, VisitDialog(store, detail_of(store, household.id), "thu.lt"))
    assert len(dialog.rows) == 12
    bar = dialog.results_scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0  # the grid scrolls instead of growing
    last = dialog.rows[-1].checks[ResultKind.BHYT_HOUSEHOLD_ENROLLED]
    dialog.rows[-2].months.setFocus()
    tab(qtbot)
    assert focused() == last
    assert bar.value() > 0
    assert last.visibleRegion().boundingRect().height() > 0  # scrolled into view
