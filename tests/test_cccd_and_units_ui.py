"""The CCCD QR field of the member form and the unit pickers of the household form.

Driven by key presses sent to whichever widget has the focus: a USB scanner is a
keyboard that types the QR text and ends with Enter (domain.md §4); a picker's
list is a popup, so its keys go to the popup, as they do on a real screen.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402
from sqlmodel import select  # noqa: E402

from helpers.keyboard import focused, press, tab, type_text  # noqa: E402
from vss_core import admin_units  # noqa: E402
from vss_core.enums import BhytStatus, Relation  # noqa: E402
from vss_desktop.store import Store, queries, services  # noqa: E402
from vss_desktop.store.models import Household, OutboxOp, Person  # noqa: E402
from vss_desktop.ui.household_dialog import HouseholdDialog  # noqa: E402
from vss_desktop.ui.member_dialog import MemberDialog  # noqa: E402
from vss_desktop.ui.widgets import SuggestionCompleter  # noqa: E402

pytestmark = pytest.mark.gui

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ADDRESS = "Thôn 3, Xã Minh Sơn, Huyện Bắc Mê, Hà Giang"
QR = f"001088012345|123456789|Nguyễn Văn An|01021988|Nam|{ADDRESS}|15082021"
# Digit 4 = 2: a man born in the 2000s, but the card says 1988.
QR_CENTURY_OFF = QR.replace("001088012345", "001288012345")
AMBER, RED = "#8a5a00", "#b00020"


# --- helpers ----------------------------------------------------------------------


def show(qtbot, dialog: QDialog) -> QDialog:
    def discard(d: QDialog) -> None:
        d.confirm_discard = lambda: True  # closing a form with typed text asks first

    qtbot.addWidget(dialog, before_close_func=discard)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def household(store: Store, **extra) -> Household:
    return services.create_household(
        store,
        {"head_name": "Nguyễn Thị Hồng", "village": "Bản Pha Long", "house_number": "3"} | extra,
        head={"sex": "F", "date_of_birth": date(1980, 3, 12), "bhyt_status": BhytStatus.NONE},
    )


def scan(qtbot, text: str) -> None:
    """What a scanner does: every character as a key press, then Enter."""
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)


def ops(store: Store) -> int:
    with store.read() as session:
        return len(session.exec(select(OutboxOp)).all())


def form_values(dialog: MemberDialog) -> tuple:
    return (
        dialog.full_name.text(),
        dialog.date_of_birth.text(),
        dialog.sex.currentData(),
        dialog.cccd.text(),
    )


def pick(qtbot, picker: SuggestionCompleter, row: int = 0) -> None:
    """Choose a row of an open picker list with the arrow keys and Enter."""
    popup = picker.popup()
    assert popup.isVisible()
    press_on = popup
    for _ in range(row + 1):
        qtbot.keyClick(press_on, Qt.Key.Key_Down)
    qtbot.keyClick(press_on, Qt.Key.Key_Return)
    assert not popup.isVisible()


def leave(qtbot) -> None:
    """Tab out of a field; with a list open the key goes to the list, as on a real screen."""
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)


def displays(picker: SuggestionCompleter) -> list[str]:
    return [s.display for s in picker.suggestions()]


# --- the member form: scanning ------------------------------------------------------


def test_scanner_fills_the_form_and_the_dialog_stays_open(qtbot, store: Store) -> None:
    home = household(store)
    ops_before = ops(store)
    dialog = show(qtbot, MemberDialog(store, home.id))
    press(qtbot, Qt.Key.Key_Q, modifier=ALT)  # CCCD &QR code
    assert focused() == dialog.qr
    scan(qtbot, QR_CENTURY_OFF)

    assert dialog.isVisible() and dialog.saved_id is None  # Enter neither saved nor closed
    assert ops(store) == ops_before
    assert form_values(dialog) == ("Nguyễn Văn An", "01/02/1988", "M", "001288012345")
    assert dialog.qr.text() == ""  # ready for the next card
    # The form's own CCCD cross-check, shown as soon as the fields are filled.
    cccd = dialog.fields.feedback("cccd")
    assert cccd.isVisible() and AMBER in cccd.styleSheet()
    assert cccd.text() == (
        "The CCCD number says born in 2088, which does not match the date of birth."
    )
    assert not dialog.qr_feedback.isVisible()  # nothing wrong with the QR text itself
    assert focused() == dialog.relation  # the next field still required

    press(qtbot, Qt.Key.Key_Down, 3)  # spouse... child
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)  # a warning does not block saving
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)  # a worker saves
    with store.read() as session:
        person = session.get(Person, dialog.saved_id)
    assert (person.full_name, person.date_of_birth, person.sex, person.cccd) == (
        "Nguyễn Văn An", date(1988, 2, 1), "M", "001288012345")  # fmt: skip
    assert person.relation == Relation.CHILD
    with store.read() as session:  # the household was not touched
        assert session.get(Household, home.id).commune == ""


def test_a_scan_into_the_name_field_moves_to_the_qr_field(qtbot, store: Store) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    assert focused() == dialog.full_name  # where the focus is when the form opens
    scan(qtbot, QR)
    assert form_values(dialog) == ("Nguyễn Văn An", "01/02/1988", "M", "001088012345")
    assert dialog.isVisible() and dialog.saved_id is None
    assert not dialog.fields.feedback("full_name").isVisible()  # no "required" on the way
    assert not dialog.fields.feedback("cccd").isVisible()  # digits agree with the card
    assert focused() == dialog.relation


def test_a_pasted_nfd_text_fills_at_once(qtbot, store: Store) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    nfd = unicodedata.normalize("NFD", QR.replace("|Nam|", "|Nữ|").replace("001088", "001188"))
    assert nfd != unicodedata.normalize("NFC", nfd)
    QApplication.clipboard().setText(nfd + "\r\n")
    dialog.qr.setFocus()
    press(qtbot, Qt.Key.Key_V, modifier=CTRL)  # no Enter needed after a paste

    name, birth, sex, cccd = form_values(dialog)
    assert name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", name)
    assert (birth, sex, cccd) == ("01/02/1988", "F", "001188012345")
    assert not dialog.fields.feedback("cccd").isVisible()  # 1 = a woman of the 1900s
    assert dialog.isVisible() and dialog.saved_id is None
    # The card's address is only shown, with today's units beside it.
    info = dialog.qr_address
    assert info.isVisible() and f"Address on the card: {ADDRESS}" in info.text()
    qtbot.waitUntil(lambda: "In force today" in info.text())
    assert "In force today: Xã Minh Sơn, Tỉnh Tuyên Quang (the card has older names)" in info.text()
    assert "The household has no address yet" in info.text()


def test_a_paste_over_a_refused_text_of_the_same_length(qtbot, store: Store) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    dialog.qr.setFocus()
    scan(qtbot, "x" * len(QR))
    assert dialog.qr_feedback.isVisible() and dialog.qr.selectedText() == "x" * len(QR)
    QApplication.clipboard().setText(QR)
    press(qtbot, Qt.Key.Key_V, modifier=CTRL)  # replaces the selection: no longer, still a paste
    assert not dialog.qr_feedback.isVisible()
    assert form_values(dialog) == ("Nguyễn Văn An", "01/02/1988", "M", "001088012345")


def test_the_address_note_is_quiet_about_a_household_with_an_address(qtbot, store: Store) -> None:
    home = household(store, commune="Xã Minh Sơn", province="Tuyên Quang")
    dialog = show(qtbot, MemberDialog(store, home.id))
    dialog.qr.setFocus()
    scan(qtbot, QR.replace(ADDRESS, "Thôn 1, Xã Minh Sơn, Tỉnh Tuyên Quang"))
    qtbot.waitUntil(lambda: "In force today" in dialog.qr_address.text())
    lines = dialog.qr_address.text().splitlines()
    assert lines == [
        "Address on the card: Thôn 1, Xã Minh Sơn, Tỉnh Tuyên Quang",
        "In force today: Xã Minh Sơn, Tỉnh Tuyên Quang",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("8934567890123", "This is not a CCCD QR code: it does not start with a 12-digit ID number."),
        ("https://example.vn/x", "This is not a CCCD QR code: it does not start with a 12-digit ID number."),
        ("001088012345|Nguyễn Văn An|01021988|Nam|Hà Giang",
         "The QR text has only 5 parts, a CCCD code has at least 6: scan it again."),
        (QR.replace("01021988", "31021988"),
         "The date of birth in the QR text cannot be read: scan it again."),
        (QR.replace("|Nam|", "|Khác|"), "The QR text gives neither Nam nor Nữ as the sex: scan it again."),
        (QR.replace("Nguyễn Văn An", ""), "The QR text has no name: scan it again or type the details."),
        ("   ", "Nothing was read: scan the QR code on the card again."),
    ],
)  # fmt: skip
def test_unusable_text_is_refused_inline_and_fills_nothing(
    qtbot, store: Store, text: str, message: str
) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    dialog.qr.setFocus()
    scan(qtbot, text)
    feedback = dialog.qr_feedback
    assert feedback.isVisible() and feedback.text() == message
    assert RED in feedback.styleSheet()
    assert form_values(dialog) == ("", "", "", "")
    assert dialog.isVisible() and dialog.saved_id is None
    assert focused() == dialog.qr and dialog.qr.selectedText() == dialog.qr.text()

    scan(qtbot, QR)  # the next scan replaces the bad text
    assert not feedback.isVisible()
    assert form_values(dialog) == ("Nguyễn Văn An", "01/02/1988", "M", "001088012345")


def test_qr_warnings_are_shown_and_the_form_is_filled(qtbot, store: Store) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    dialog.qr.setFocus()
    scan(qtbot, QR.replace("|123456789|", "|12345|").replace("15082021", "15081980"))
    assert dialog.qr_feedback.text().splitlines() == [
        "The old ID (CMND) on the card is not a 9-digit number; it was ignored.",
        "The card's date of issue is before the date of birth: check the card.",
    ]
    assert AMBER in dialog.qr_feedback.styleSheet()
    assert form_values(dialog) == ("Nguyễn Văn An", "01/02/1988", "M", "001088012345")


def test_a_scan_over_typed_values_replaces_them_undoably(qtbot, store: Store) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    type_text(qtbot, "Nguyen Van Anh")
    tab(qtbot)
    type_text(qtbot, "01021988")  # the same date, typed another way: not a replacement
    tab(qtbot)
    press(qtbot, Qt.Key.Key_Down, 2)  # Female
    press(qtbot, Qt.Key.Key_Q, modifier=ALT)
    scan(qtbot, QR)

    assert form_values(dialog) == ("Nguyễn Văn An", "01/02/1988", "M", "001088012345")
    assert dialog.qr_feedback.text() == (
        "Replaced what was typed in: Full name, Sex. Ctrl+Z in a text field brings it back."
    )
    assert AMBER in dialog.qr_feedback.styleSheet()
    dialog.full_name.setFocus()
    press(qtbot, Qt.Key.Key_Z, modifier=CTRL)
    assert dialog.full_name.text() == "Nguyen Van Anh"


def test_enter_in_the_qr_field_never_saves(qtbot, store: Store) -> None:
    home = household(store)
    ops_before = ops(store)
    dialog = show(qtbot, MemberDialog(store, home.id))
    type_text(qtbot, "Lò Văn Sáng")
    tab(qtbot, 3)
    press(qtbot, Qt.Key.Key_Down, 2)  # relation: spouse; the form could be saved now
    press(qtbot, Qt.Key.Key_Q, modifier=ALT)
    press(qtbot, Qt.Key.Key_Return)  # empty: Enter moves on, as in every field
    assert dialog.isVisible() and dialog.saved_id is None
    assert focused() == dialog.full_name
    press(qtbot, Qt.Key.Key_Q, modifier=ALT)
    scan(qtbot, "not a card")
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert dialog.isVisible() and dialog.saved_id is None
    assert ops(store) == ops_before


def test_the_qr_field_is_in_the_tab_order_before_the_name(qtbot, store: Store) -> None:
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() == dialog.qr
    tab(qtbot)
    assert focused() == dialog.full_name


def test_the_qr_text_is_never_logged(qtbot, store: Store, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    dialog.qr.setFocus()
    scan(qtbot, QR.replace("01021988", "31021988"))  # refused
    scan(qtbot, QR)
    qtbot.waitUntil(lambda: "In force today" in dialog.qr_address.text())
    press(qtbot, Qt.Key.Key_Down, 3)
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: dialog.saved_id is not None)  # a worker saves
    for secret in ("001088012345", "123456789", "Nguyễn", "Minh Sơn", "01021988", "31021988"):
        assert secret not in caplog.text


# --- the household form: provinces, communes, villages ---------------------------------


def new_household_dialog(qtbot, store: Store) -> HouseholdDialog:
    dialog = show(qtbot, HouseholdDialog(store))
    qtbot.waitUntil(dialog.units_ready)  # read in a worker the first time
    tab(qtbot)
    type_text(qtbot, "Lò Văn Đức")
    dialog.village.setFocus()
    type_text(qtbot, "Thôn 3")
    return dialog


def test_an_old_province_name_offers_todays_province(qtbot, store: Store) -> None:
    dialog = new_household_dialog(qtbot, store)
    press(qtbot, Qt.Key.Key_P, modifier=ALT)  # &Province / city
    assert focused() == dialog.province
    type_text(qtbot, "ha giang")
    assert dialog.province_picker.popup().isVisible()
    assert displays(dialog.province_picker)[0] == "Hà Giang → Tuyên Quang (old name)"
    pick(qtbot, dialog.province_picker)
    assert dialog.province.text() == "Tuyên Quang"
    assert not dialog.fields.feedback("province").isVisible()

    press(qtbot, Qt.Key.Key_M, modifier=ALT)  # Co&mmune / ward: now only Tuyên Quang's
    type_text(qtbot, "minh son")
    assert displays(dialog.commune_picker) == ["Xã Minh Sơn"]
    pick(qtbot, dialog.commune_picker)
    assert dialog.commune.text() == "Xã Minh Sơn"
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)

    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)  # a worker saves
    with store.read() as session:
        saved = session.get(Household, dialog.saved_id)
    assert (saved.commune, saved.province, saved.village) == (
        "Xã Minh Sơn",
        "Tuyên Quang",
        "Thôn 3",
    )


def test_a_current_name_typed_without_diacritics(qtbot, store: Store) -> None:
    dialog = new_household_dialog(qtbot, store)
    dialog.province.setFocus()
    type_text(qtbot, "lao cai")
    assert displays(dialog.province_picker)[0] == "Lào Cai"
    pick(qtbot, dialog.province_picker)
    assert dialog.province.text() == "Lào Cai"


def test_a_commune_picked_first_fills_the_province(qtbot, store: Store) -> None:
    dialog = new_household_dialog(qtbot, store)
    press(qtbot, Qt.Key.Key_M, modifier=ALT)
    type_text(qtbot, "muong khuong")  # no province yet: the whole country, each with its province
    assert "Xã Mường Khương — Lào Cai" in displays(dialog.commune_picker)
    row = displays(dialog.commune_picker).index("Xã Mường Khương — Lào Cai")
    pick(qtbot, dialog.commune_picker, row)
    assert (dialog.commune.text(), dialog.province.text()) == ("Xã Mường Khương", "Lào Cai")
    # An old ward name leads to today's ward; the province limits the list.
    dialog.commune.setFocus()
    dialog.commune.selectAll()
    type_text(qtbot, "phuong 15")
    assert displays(dialog.commune_picker) == []  # no Phường 15 ever in Lào Cai


def test_old_names_left_in_the_fields_warn_but_save(qtbot, store: Store) -> None:
    dialog = new_household_dialog(qtbot, store)
    press(qtbot, Qt.Key.Key_M, modifier=ALT)
    type_text(qtbot, "Phường Bến Nghé")
    assert dialog.commune_picker.popup().isVisible()
    leave(qtbot)  # Tab does not pick from the list: what was typed stays
    assert focused() == dialog.province and dialog.commune.text() == "Phường Bến Nghé"
    type_text(qtbot, "TP. Hồ Chí Minh")
    leave(qtbot)
    commune = dialog.fields.feedback("commune")
    assert commune.text() == "An old name: this is now Phường Sài Gòn."
    assert AMBER in commune.styleSheet()
    assert not dialog.fields.feedback("province").isVisible()  # a current name

    press(qtbot, Qt.Key.Key_P, modifier=ALT)
    type_text(qtbot, "Hà Giang")  # the mnemonic selected the old text: this replaces it
    leave(qtbot)
    assert dialog.fields.feedback("province").text() == "An old name: this is now Tuyên Quang."
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)  # a worker saves
    with store.read() as session:
        saved = session.get(Household, dialog.saved_id)
    assert (saved.commune, saved.province) == ("Phường Bến Nghé", "Hà Giang")


def test_split_old_ward_lists_every_part(qtbot, store: Store) -> None:
    dialog = new_household_dialog(qtbot, store)
    dialog.province.setFocus()
    type_text(qtbot, "ho chi minh")
    pick(qtbot, dialog.province_picker)
    dialog.commune.setFocus()
    type_text(qtbot, "phuong 15")
    shown = displays(dialog.commune_picker)
    assert "Phường 15, Quận Tân Bình → Phường Tân Sơn (old name, now split)" in shown
    assert all(" → " in s for s in shown)  # no ward is called that today


def test_villages_are_those_of_the_commune(qtbot, store: Store) -> None:
    first = household(store, village="Bản Pha Long", commune="Xã Mường Khương", province="Lào Cai")
    household(store, village="Bản Lùng Cẩu", commune="Xã Mường Khương", province="Lào Cai")
    household(store, village="Thôn Nà Nèn", commune="Xã Minh Sơn", province="Tuyên Quang")
    household(store, village="Thôn Cũ")  # no commune recorded
    with store.read() as session:
        assert queries.commune_villages(session, "Xã Mường Khương") == [
            "Bản Lùng Cẩu",
            "Bản Pha Long",
        ]
        assert queries.commune_villages(session, " Xã Minh Sơn ") == ["Thôn Nà Nèn"]
        assert queries.commune_villages(session, "Xã Không Có") == []

    dialog = show(qtbot, HouseholdDialog(store, first))
    items = [dialog.village.itemText(i) for i in range(dialog.village.count())]
    assert items == ["Bản Lùng Cẩu", "Bản Pha Long"]
    assert dialog.village.currentText() == "Bản Pha Long"
    assert not dialog.is_dirty()  # offering villages changed nothing

    press(qtbot, Qt.Key.Key_M, modifier=ALT)  # selects the commune: typing replaces it
    type_text(qtbot, "Xã Minh Sơn")
    leave(qtbot)
    items = [dialog.village.itemText(i) for i in range(dialog.village.count())]
    assert items == ["Thôn Nà Nèn"]
    assert dialog.village.currentText() == "Bản Pha Long"  # the household's own, kept

    press(qtbot, Qt.Key.Key_M, modifier=ALT)
    type_text(qtbot, "Xã Chưa Có Hộ")  # a commune with nothing recorded: every village
    leave(qtbot)
    assert dialog.village.count() == 4


def test_without_the_unit_data_the_form_still_works(
    qtbot, store: Store, monkeypatch, tmp_path: Path, caplog
) -> None:
    broken = admin_units.AdminUnitData(tmp_path / "missing")
    monkeypatch.setattr(admin_units, "shipped", lambda: broken)
    dialog = show(qtbot, HouseholdDialog(store))
    qtbot.waitUntil(lambda: not dialog.tasks.busy())
    assert not dialog.units_ready()
    assert "administrative units unavailable: FileNotFoundError" in caplog.text
    tab(qtbot)
    type_text(qtbot, "Lò Văn Đức")
    dialog.village.setFocus()
    type_text(qtbot, "Thôn 3")
    dialog.province.setFocus()
    type_text(qtbot, "ha giang")
    assert dialog.province_picker.suggestions() == []
    leave(qtbot)
    assert not dialog.fields.feedback("province").isVisible()
    press(qtbot, Qt.Key.Key_S, modifier=CTRL)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)  # a worker saves
    with store.read() as session:
        assert session.get(Household, dialog.saved_id).province == "ha giang"


def test_the_notes_under_the_qr_field_get_room_of_their_own(qtbot, store: Store) -> None:
    """The card's address wraps over several lines: the form makes room for them instead
    of drawing them over the QR field or cutting them off (seen in a screenshot)."""
    dialog = show(qtbot, MemberDialog(store, household(store).id))
    dialog.qr.setFocus()
    long_address = "Thôn Khuổi Phầy Thượng, cạnh Trường Tiểu học số 2 và Trạm Y tế xã, " + ADDRESS
    scan(qtbot, QR.replace(ADDRESS, long_address))  # its line wraps
    qtbot.waitUntil(lambda: "In force today" in dialog.qr_address.text())
    info = dialog.qr_address
    assert info.heightForWidth(info.width()) > 3 * info.fontMetrics().lineSpacing()

    def fits() -> bool:
        needed = info.heightForWidth(info.width())
        below_field = info.geometry().top() >= dialog.qr.geometry().bottom()
        # The minimum is what makes the form keep the room on every platform (offscreen
        # happens to lay it out right without it; X11 did not).
        return below_field and info.height() >= needed and info.minimumHeight() >= needed

    def clear_of_the_next_row() -> bool:
        # The rows below move on the layout's next pass, after the notes have grown.
        row_bottom = info.mapTo(dialog, info.rect().bottomLeft()).y()
        return row_bottom < dialog.full_name.mapTo(dialog, dialog.full_name.rect().topLeft()).y()

    qtbot.waitUntil(lambda: fits() and clear_of_the_next_row(), timeout=2000)
