"""Issue 11, D2 (NFC part): text is stored composed (NFC) whichever way it was typed.

Decomposed accents (NFD: "ộ" as "o" + two combining marks, as some keyboards and pasted
text give) used to be stored as they came, so a village typed one way did not match the
same village typed the other way. Every form, the store's services, the server's push
and the app's pull store NFC.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import unicodedata  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from helpers.server_api import Client, applied, op  # noqa: E402
from helpers.server_harness import ServerProcess  # noqa: E402
from helpers.sync_helpers import seed_server, server_rows  # noqa: E402
from vss_core.enums import Outcome  # noqa: E402
from vss_desktop.store import Store, queries, services  # noqa: E402
from vss_desktop.store.models import Household, Person, Visit  # noqa: E402
from vss_desktop.store.queries import HouseholdFilter  # noqa: E402
from vss_desktop.sync import apply  # noqa: E402

HEAD = "Nguyễn Thị Hồng"
VILLAGE = "Bản Pha Long"
NOTES = "Hẹn gửi thẻ tuần sau"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test means something only if the forms differ
    return decomposed


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- the server's push ------------------------------------------------------------------


def test_push_stores_text_in_nfc(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=2)
    client = Client.login(server, "thu.lt", "device-nfc-00001")
    changes, _ = client.pull_all()
    household = next(c for c in changes if c["entity"] == "household")
    person = str(uuid.uuid4())
    applied(
        client.push(
            op(
                "household",
                "update",
                household["id"],
                {"head_name": nfd(HEAD), "notes": nfd(NOTES)},
                household["version"],
            ),
            op(
                "person",
                "create",
                person,
                {"household_id": household["id"], "full_name": nfd(HEAD)},
            ),
        )
    )
    stored = next(r for r in server_rows(server, "household") if r["id"] == household["id"])
    assert (stored["head_name"], stored["notes"]) == (HEAD, NOTES)
    member = next(r for r in server_rows(server, "person") if r["id"] == person)
    assert member["full_name"] == HEAD
    # What other laptops pull is NFC too.
    pulled, _ = Client.login(server, "thu.lt", "device-nfc-00002").pull_all()
    names = {c["fields"]["head_name"] for c in pulled if c["entity"] == "household"}
    assert HEAD in names and all(is_nfc(n) for n in names)


# --- the app's pull ---------------------------------------------------------------------


def test_pull_stores_text_in_nfc(store: Store) -> None:
    changes = [
        {
            "entity": "household",
            "id": "h1",
            "version": 1,
            "fields": {"head_name": nfd(HEAD), "village": nfd(VILLAGE)},
        }
    ]
    with store.write() as session:
        apply.apply_changes(session, changes)
    with store.read() as session:
        household = session.get(Household, "h1")
        assert (household.head_name, household.village) == (HEAD, VILLAGE)
        assert queries.household_ids(session, HouseholdFilter(village=VILLAGE)) == ["h1"]


# --- the store's services ---------------------------------------------------------------


def test_services_store_text_in_nfc(store: Store) -> None:
    household = services.create_household(
        store, {"head_name": nfd(HEAD), "village": nfd(VILLAGE)}, head={}
    )
    person = services.create_person(store, household.id, {"full_name": nfd("Trần Văn Bình")})
    services.update_person(store, person.id, {"notes": nfd(NOTES)})
    visit = services.record_visit(
        store,
        household.id,
        {
            "visited_at": datetime.now(UTC),
            "outcome": Outcome.INFO_ONLY,
            "notes": nfd(NOTES),
            "receipt_number": nfd(" BL-ố1 "),
        },
    )
    with store.read() as session:
        stored = session.get(Household, household.id)
        assert (stored.head_name, stored.village) == (HEAD, VILLAGE)
        assert session.get(Person, person.id).notes == NOTES
        assert (
            session.get(Visit, visit.id).notes,
            session.get(Visit, visit.id).receipt_number,
        ) == (
            NOTES,
            "BL-ố1",
        )
        # Searching and filtering by the village as usually typed finds it.
        assert queries.household_ids(session, HouseholdFilter(village=VILLAGE)) == [household.id]
        assert queries.household_ids(session, HouseholdFilter(text="Hồng")) == [household.id]


# --- the forms ----------------------------------------------------------------------------


def open_dialog(qtbot, dialog):  # type: ignore[no-untyped-def]
    dialog.confirm_discard = lambda: True
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


@pytest.mark.gui
def test_household_form_stores_typed_nfd_as_nfc(qtbot, store: Store) -> None:
    from vss_desktop.ui.household_dialog import HouseholdDialog

    dialog = open_dialog(qtbot, HouseholdDialog(store))
    dialog.head_name.setText(nfd(HEAD))
    dialog.village.setEditText(nfd(VILLAGE))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_id is not None)
    with store.read() as session:
        household = session.get(Household, dialog.saved_id)
        head = queries.household_detail(session, household.id).members[0]
    assert (household.head_name, household.village, head.full_name) == (HEAD, VILLAGE, HEAD)


@pytest.mark.gui
def test_member_form_stores_typed_nfd_as_nfc(qtbot, store: Store) -> None:
    from vss_desktop.ui.member_dialog import MemberDialog

    household = services.create_household(store, {"head_name": HEAD, "village": VILLAGE})
    dialog = open_dialog(qtbot, MemberDialog(store, household.id))
    dialog.full_name.setText(nfd("Trần Văn Bình"))
    dialog.relation.setCurrentIndex(dialog.relation.findData("child"))
    dialog.notes.setPlainText(nfd(NOTES))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_id is not None)
    with store.read() as session:
        person = session.get(Person, dialog.saved_id)
    assert (person.full_name, person.notes) == ("Trần Văn Bình", NOTES)
