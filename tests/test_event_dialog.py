"""Outreach events in the window (issue 15): the event form by keyboard, walk-ins found by
the search or added as new households, their outcomes and referrals, the list's counts and
a refused delete; and the Vietnamese the collector reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from sqlmodel import select

from helpers.keyboard import focused, press, type_text
from vss_core import vietnam_time
from vss_core.enums import BhytStatus, EventKind, Outcome, ResultKind, Sex
from vss_core.formatting import format_date
from vss_desktop.store import Store, events, services
from vss_desktop.store.models import Collection, Event, Household, OutboxOp, Person, Visit
from vss_desktop.ui.event_dialog import EventForm
from vss_desktop.ui.event_list_dialog import EventListDialog
from vss_desktop.ui.visit_dialog import VisitDialog

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
PROVINCE, COMMUNE = "Lào Cai", "Xã Mường Khương"


def show(qtbot, dialog: QDialog) -> QDialog:
    def discard() -> None:
        dialog.confirm_discard = lambda: True  # type: ignore[attr-defined]

    qtbot.addWidget(dialog, before_close_func=lambda _d: discard())
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def household(store: Store, head: str, village: str, cccd: str, **person: object) -> Household:
    return services.create_household(
        store,
        {"head_name": head, "village": village, "commune": COMMUNE, "province": PROVINCE},
        head={"sex": Sex.MALE, "date_of_birth": date(1980, 5, 1), "cccd": cccd, **person},
    )


def head_of(store: Store, household_id: str) -> Person:
    with store.read() as session:
        return session.exec(
            select(Person).where(Person.household_id == household_id, Person.relation == "head")
        ).one()


def an_event(store: Store, **changes: object) -> Event:
    values: dict = {
        "kind": EventKind.BOOTH,
        "starts_at": datetime.now(UTC) - timedelta(hours=1),
        "province": PROVINCE,
        "commune": COMMUNE,
        "village": "Bản Pha Long",
        "partner": "Hội Phụ nữ xã",
        "attendees": 40,
    }
    return events.save_event(store, events.EventInput(**(values | changes)))


def walkin(store: Store, event_id: str, household_id: str) -> Visit:
    person = head_of(store, household_id)
    return services.save_visit(
        store,
        services.NewVisit(
            household_id=household_id,
            outcome=Outcome.ENROLLED,
            visited_at=datetime.now(UTC) - timedelta(minutes=30),
            amount_collected=1_263_600,
            receipt_number="BL-0007",
            results=(
                services.VisitResult(person.id, ResultKind.BHYT_HOUSEHOLD_ENROLLED, 1_263_600, 12),
                services.VisitResult(person.id, ResultKind.VSSID_INSTALLED),
            ),
            event_id=event_id,
        ),
    )


def open_visit(qtbot, form: EventForm) -> VisitDialog:
    qtbot.waitUntil(lambda: form.visit_dialog is not None and form.visit_dialog.isVisible())
    assert form.visit_dialog is not None
    form.visit_dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    return form.visit_dialog


# --- the event form by keyboard ----------------------------------------------------------


def test_new_event_by_keyboard_with_a_refused_date_shown_inline(qtbot, store: Store) -> None:
    household(store, "Lò Văn Pành", "Bản Pha Long", "014080001234")
    events_list = show(qtbot, EventListDialog(store, "thu.lt"))
    qtbot.waitUntil(lambda: events_list.places.commune == COMMUNE)
    press(qtbot, Qt.Key.Key_N, modifier=CTRL)
    form = events_list.form
    assert form is not None
    qtbot.waitUntil(form.isActiveWindow)
    form.confirm_discard = lambda: True  # type: ignore[method-assign]
    # The place defaults to where the collector's households are; the time to now.
    assert (form.province.text(), form.commune.text()) == (PROVINCE, COMMUNE)
    assert form.starts_date.text() == format_date(vietnam_time.today())
    assert not form.search.isEnabled()  # walk-ins once the event is saved

    assert focused() is form.kind
    press(qtbot, Qt.Key.Key_Down, 2)  # the second kind: a booth
    assert form.kind.currentData() == EventKind.BOOTH
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.starts_date
    press(qtbot, Qt.Key.Key_A, modifier=CTRL)
    type_text(qtbot, "01/01/2099")
    press(qtbot, Qt.Key.Key_Return)  # on to the time: the date is checked as she leaves it
    feedback = form.fields.feedback("starts_date")
    assert feedback.isVisible() and "Enter a date from" in feedback.text()
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    assert form.event_id is None and focused() is form.starts_date  # refused: back to it
    press(qtbot, Qt.Key.Key_A, modifier=CTRL)
    type_text(qtbot, format_date(vietnam_time.today()))
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_A, modifier=CTRL)
    type_text(qtbot, "07:30")
    press(qtbot, Qt.Key.Key_Return, 3)  # province and commune as offered
    assert focused() is form.village
    type_text(qtbot, "Bản Pha Long")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Hội Phụ nữ xã")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.attendees
    press(qtbot, Qt.Key.Key_A, modifier=CTRL)
    type_text(qtbot, "65")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Phiên chợ")
    assert not feedback.isVisible()
    with qtbot.waitSignal(form.saved, timeout=5000):
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    qtbot.waitUntil(lambda: form.event_id is not None)
    assert form.isVisible() and form.search.isEnabled()  # stays open for the walk-ins
    assert focused() is form.search
    with store.read() as session:
        (event,) = session.exec(select(Event)).all()
        ops = session.exec(select(OutboxOp).where(OutboxOp.entity == "event")).all()
    assert (event.kind, event.village, event.partner, event.attendees, event.notes) == (
        EventKind.BOOTH,
        "Bản Pha Long",
        "Hội Phụ nữ xã",
        65,
        "Phiên chợ",
    )
    assert (
        f"{vietnam_time.to_local(event.starts_at):%d/%m %H:%M}"
        == f"{vietnam_time.today():%d/%m} 07:30"
    )
    assert [op.kind for op in ops] == ["create"]
    # A change saves the same event again; Close then leaves, and the list shows it.
    form.attendees.setValue(70)
    with qtbot.waitSignal(form.saved, timeout=5000):
        press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    with qtbot.waitSignal(events_list.events_loaded, timeout=5000):
        form.cancel_button.click()
    assert events_list.table.rowCount() == 1
    assert events_list.table.item(0, 4).text() == "70"
    assert events_list.changed


# --- walk-ins ---------------------------------------------------------------------------------


def test_a_new_participant_is_added_and_their_enrolment_recorded(qtbot, store: Store) -> None:
    event = an_event(store)
    form = show(qtbot, EventForm(store, "thu.lt", event))
    form.search.setFocus()
    form.search.setText("Giàng Thị Mỷ")
    with qtbot.waitSignal(form.search_done, timeout=5000) as found:
        press(qtbot, Qt.Key.Key_Return)  # Enter searches; it does not save
    assert found.args == [0] and "New participant" in form.status.text()

    form.new_button.click()
    qtbot.waitUntil(lambda: form.household_dialog is not None and form.household_dialog.isVisible())
    new = form.household_dialog
    assert new is not None
    assert (new.commune.text(), new.village.currentText()) == (COMMUNE, "Bản Pha Long")
    assert not new.is_dirty()  # the event's place is no typing to lose
    new.head_name.setText("Giàng Thị Mỷ")
    new.head_sex.setCurrentIndex(new.head_sex.findData(Sex.FEMALE))
    new.head_dob.set_value(date(1992, 4, 3))
    new.save()

    visit = open_visit(qtbot, form)  # the outcome next
    assert visit.event_line is not None and "Advice booth" in visit.event_line.text()
    visit.outcome.setCurrentIndex(visit.outcome.findData(Outcome.ENROLLED))
    row = visit.rows[0]
    row.checks[ResultKind.BHYT_HOUSEHOLD_ENROLLED].setChecked(True)
    row.amount.set_value(1_263_600)
    row.months.setCurrentIndex(row.months.findData(12))
    visit._member_amount_edited()
    visit.receipt_number.setText("BL-0100")
    with qtbot.waitSignal(form.walkins_loaded, timeout=5000):
        visit.save()

    assert form.table.rowCount() == 1
    assert form.table.item(0, 0).text() == "Giàng Thị Mỷ"
    assert form.table.item(0, 3).text() == "Enrolled"
    assert form.table.item(0, 4).text() == "household BHYT"
    assert "1.263.600" in form.table.item(0, 5).text()
    with store.read() as session:
        added = session.exec(select(Household).where(Household.head_name == "Giàng Thị Mỷ")).one()
        (recorded,) = session.exec(select(Visit)).all()
        (result,) = session.exec(select(Collection)).all()
    assert added.met_at_event == event.id
    assert (recorded.household_id, recorded.event_id, recorded.referred_by) == (
        added.id,
        event.id,
        None,
    )
    assert (result.kind, result.amount, result.months) == (
        ResultKind.BHYT_HOUSEHOLD_ENROLLED,
        1_263_600,
        12,
    )


def test_an_existing_person_is_found_and_their_renewal_recorded_with_a_referral(
    qtbot, store: Store
) -> None:
    event = an_event(store)
    first = household(store, "Lò Văn Pành", "Bản Pha Long", "014080001234")
    walkin(store, event.id, first.id)
    second = household(
        store,
        "Vàng Seo Chử",
        "Bản Lồ",
        "014080009876",
        bhyt_status=BhytStatus.HOUSEHOLD,
        bhyt_expiry=vietnam_time.today() + timedelta(days=10),
    )
    form = show(qtbot, EventForm(store, "thu.lt", event))
    qtbot.waitUntil(lambda: form.table.rowCount() == 1)

    form.search.setFocus()
    type_text(qtbot, "014080009876")  # the CCCD; found as she types
    qtbot.waitUntil(lambda: len(form.found) == 1, timeout=5000)
    assert form.results.item(0, 0).text() == "Vàng Seo Chử"
    press(qtbot, Qt.Key.Key_Return)  # focus to the results
    qtbot.waitUntil(lambda: focused() is form.results)
    press(qtbot, Qt.Key.Key_Return)  # record the outcome of the one found
    visit = open_visit(qtbot, form)
    assert visit.detail.household.id == second.id
    referrer = visit.referrer
    assert referrer is not None
    # The event's earlier participant is offered; the search finds anyone else.
    pành = head_of(store, first.id)
    assert referrer.combo.findData(pành.id) > 0
    referrer.search_line.setText("Vàng Seo")  # his own household is no referrer
    with qtbot.waitSignal(referrer.searched, timeout=5000) as searched:
        referrer.search()
    assert searched.args == [0]
    referrer.search_line.setText("014080001234")
    with qtbot.waitSignal(referrer.searched, timeout=5000) as searched:
        referrer.search()
    assert searched.args == [1] and referrer.value() == pành.id

    visit.outcome.setCurrentIndex(visit.outcome.findData(Outcome.RENEWED))
    row = visit.rows[0]
    row.checks[ResultKind.BHYT_RENEWED].setChecked(True)
    row.amount.set_value(1_263_600)
    visit._member_amount_edited()
    visit.receipt_number.setText("BL-0101")
    with qtbot.waitSignal(form.walkins_loaded, timeout=5000):
        visit.save()

    assert form.table.rowCount() == 2
    # Rows go by visit time. The form offers "now", or the event's own time when it began
    # on another day (just after midnight): find her row by name rather than by place.
    (row,) = (n for n in range(2) if form.table.item(n, 0).text() == "Vàng Seo Chử")
    assert [form.table.item(row, c).text() for c in (0, 3, 4, 6)] == [
        "Vàng Seo Chử",
        "Renewed",
        "BHYT renewed",
        "Lò Văn Pành",
    ]
    assert "1 referred by another participant" in form.summary.text()
    with store.read() as session:
        renewal = session.exec(select(Visit).where(Visit.household_id == second.id)).one()
    assert (renewal.event_id, renewal.referred_by) == (event.id, pành.id)
    assert renewal.outcome == Outcome.RENEWED


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_the_counts_and_refuses_to_delete_an_event_with_walkins(
    qtbot, store: Store, monkeypatch
) -> None:
    busy = an_event(store, starts_at=datetime.now(UTC) - timedelta(days=2), attendees=120)
    walkin(store, busy.id, household(store, "Lò Văn Pành", "Bản Pha Long", "014080001234").id)
    walkin(store, busy.id, household(store, "Vàng Seo Chử", "Bản Lồ", "014080009876").id)
    quiet = an_event(store, kind=EventKind.UNION_MEETING, village="", partner="", attendees=12)
    dialog = show(qtbot, EventListDialog(store, "thu.lt"))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)

    def cells(row: int) -> list[str]:
        return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]

    assert cells(0)[1:] == [  # newest first
        "Meeting with a union (Women's Union, Farmers' Union…)",
        COMMUNE,
        "",
        "12",
        "0",
        "0",
        "",
    ]
    assert cells(1)[1:] == [
        "Advice booth",
        f"Bản Pha Long, {COMMUNE}",
        "Hội Phụ nữ xã",
        "120",
        "2",
        "4",
        "2.527.200 ₫",
    ]
    assert dialog.rows[0].id == quiet.id

    monkeypatch.setattr(dialog, "confirm_delete", lambda _row: True)
    dialog.table.selectRow(1)
    dialog.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(dialog.status.isVisible, timeout=5000)
    assert "walk-ins recorded" in dialog.status.text()
    assert events.get_event(store, busy.id).deleted_at is None  # kept

    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.events_loaded, timeout=5000):
        dialog.delete_button.click()
    assert [r.id for r in dialog.rows] == [busy.id]
    assert not dialog.status.isVisible()


# --- Vietnamese --------------------------------------------------------------------------------


def test_the_event_form_speaks_vietnamese(qtbot, store: Store) -> None:
    from vss_desktop.ui.app import install_translators

    event = an_event(store)
    other = household(store, "Lò Văn Pành", "Bản Pha Long", "014080001234")
    translators = install_translators(QApplication.instance(), "vi")
    try:
        form = show(qtbot, EventForm(store, "thu.lt", event))
        kinds = [form.kind.itemText(i) for i in range(form.kind.count())]
        assert "Gian tư vấn" in kinds and "Tư vấn lưu động" in kinds
        assert form.walkin_box.title() == "Người tham gia tại chỗ"
        assert form.new_button.text().startswith("Người tham gia &mới")
        assert form.cancel_button.text() == "Đóng"
        assert form.table.horizontalHeaderItem(6).text() == "Người giới thiệu"
        form.record_outcome(other.id)
        visit = open_visit(qtbot, form)
        assert visit.event_line is not None
        assert visit.event_line.text().startswith("Tham gia tại: Gian tư vấn, ")
        assert visit.referrer is not None
        assert visit.referrer.combo.itemText(0) == "— không ai —"
        visit.reject()
        qtbot.waitUntil(lambda: not visit.isVisible())
        form.new_participant()  # the household form it inherits speaks Vietnamese too
        new = form.household_dialog
        assert new is not None
        assert new.windowTitle() == "Hộ của người tham gia mới"
        assert new.save_button.text() == "&Lưu"
        assert "&Chủ hộ:" in [label.text() for label in new.findChildren(QLabel)]
        new.reject()
        listing = show(qtbot, EventListDialog(store, "thu.lt"))
        assert listing.windowTitle() == "Sự kiện tuyên truyền"
        qtbot.waitUntil(lambda: listing.table.rowCount() == 1)
        assert listing.table.item(0, 1).text() == "Gian tư vấn"
    finally:
        for translator in translators:
            QApplication.instance().removeTranslator(translator)
        install_translators(QApplication.instance(), "en")


# --- the campaign's outreach -------------------------------------------------------------------


def test_a_campaign_shows_its_outreach_tally(qtbot, store: Store) -> None:
    from vss_desktop.store import targets
    from vss_desktop.ui.campaign_dialog import CampaignDialog

    event = an_event(store, attendees=85)
    pành = household(store, "Lò Văn Pành", "Bản Pha Long", "014080001234")
    walkin(store, event.id, pành.id)
    chử = household(store, "Vàng Seo Chử", "Bản Lồ", "014080009876")
    referred = services.save_visit(
        store,
        services.NewVisit(
            household_id=chử.id,
            outcome=Outcome.INFO_ONLY,
            event_id=event.id,
            referred_by=head_of(store, pành.id).id,
        ),
    )
    assert referred.referred_by
    an_event(store, starts_at=datetime.now(UTC) - timedelta(days=40))  # before the campaign
    today = vietnam_time.today()
    targets.create_campaign(store, "Tuần lễ BHYT", today - timedelta(days=6), today)
    dialog = show(qtbot, CampaignDialog(store, "thu.lt"))
    qtbot.waitUntil(lambda: dialog.outreach is not None, timeout=5000)
    shown = {key: label.text() for key, label in dialog.outreach_values.items()}
    assert shown == {"events": "1", "attendees": "85", "walkins": "2", "referrals": "1"}
    assert dialog.outreach_box.isVisible()
