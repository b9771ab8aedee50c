"""The collector's village list per commune: store rules and the dialog, from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from helpers.keyboard import press, type_text
from vss_desktop.store import Store, services, villages
from vss_desktop.store.services import NotFound, ValidationFailed
from vss_desktop.ui.household_dialog import HouseholdDialog
from vss_desktop.ui.village_dialog import VillageDialog

COMMUNE = "Xã Mường Khương"


def households(store: Store) -> None:
    for head, village in (("Lò Văn Đức", "Thôn Nà Hẩu"), ("Hà Thị Lan", "Bản Pha Long")):
        services.create_household(
            store, {"head_name": head, "village": village, "commune": COMMUNE}, head={}
        )
    services.create_household(
        store,
        {"head_name": "Nguyễn Văn An", "village": "Tổ 3", "commune": "Phường Cốc Lếu"},
        head={},
    )


def names(store: Store, commune: str = COMMUNE) -> list[str]:
    with store.read() as session:
        return [v.name for v in villages.list_villages(session, commune)]


def test_list_order_duplicates_and_what_the_form_offers(store: Store) -> None:
    households(store)
    with store.read() as session:
        assert villages.known_villages(session, COMMUNE) == ["Bản Pha Long", "Thôn Nà Hẩu"]
        assert villages.communes(session) == ["Phường Cốc Lếu", COMMUNE]
    first = villages.add_village(store, COMMUNE, "  Thôn  Sín Chải ")
    assert first.name == "Thôn Sín Chải"
    with pytest.raises(ValidationFailed) as dup:
        villages.add_village(store, COMMUNE, "thon sin chai")  # folded: the same village
    assert dup.value.problems["name"][0].code == "village.duplicate"
    with pytest.raises(ValidationFailed):
        villages.add_village(store, COMMUNE, "   ")
    with pytest.raises(ValidationFailed):
        villages.add_village(store, "", "Thôn Mới")
    assert villages.add_used_villages(store, COMMUNE) == 2
    assert names(store) == ["Thôn Sín Chải", "Bản Pha Long", "Thôn Nà Hẩu"]
    villages.move_village(store, first.id, 5)  # past the end: stops at the end
    assert names(store) == ["Bản Pha Long", "Thôn Nà Hẩu", "Thôn Sín Chải"]
    villages.rename_village(store, first.id, "Thôn Sín Chải 2")
    villages.remove_village(store, first.id)
    with pytest.raises(NotFound):
        villages.rename_village(store, first.id, "x")
    assert names(store) == ["Bản Pha Long", "Thôn Nà Hẩu"]
    assert names(store, "Phường Cốc Lếu") == []  # lists are per commune
    with store.read() as session:  # the households kept their text
        assert villages.known_villages(session, "Phường Cốc Lếu") == ["Tổ 3"]


@pytest.mark.gui
def test_dialog_from_the_keyboard_and_the_household_form_follows(qtbot, store: Store) -> None:
    households(store)
    dialog = VillageDialog(store, COMMUNE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.names() == [] and dialog.add_used_button.text() == "Add the names &in use (2)"
    dialog.add_used_button.click()
    assert dialog.names() == ["Bản Pha Long", "Thôn Nà Hẩu"]
    dialog.new_name.setFocus()
    type_text(qtbot, "Thôn Lao Chải")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.names()[-1] == "Thôn Lao Chải" and dialog.new_name.text() == "", (
        dialog.names(),
        dialog.message.text(),
        dialog.new_name.text(),
    )
    type_text(qtbot, "thôn lao chải")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.message.text() == "This commune's list already has this village."
    dialog.list.setCurrentRow(2)
    dialog.up_button.click()
    dialog.up_button.click()
    assert dialog.names() == ["Thôn Lao Chải", "Bản Pha Long", "Thôn Nà Hẩu"]
    assert not dialog.up_button.isEnabled()  # at the top
    dialog.close()

    form = HouseholdDialog(store)
    qtbot.addWidget(form)
    form.commune.setText(COMMUNE)
    form._refresh_villages()
    offered = [form.village.itemText(i) for i in range(form.village.count())]
    assert offered == ["Thôn Lao Chải", "Bản Pha Long", "Thôn Nà Hẩu"]  # the route order
    form.confirm_discard = lambda: True
    form.close()
