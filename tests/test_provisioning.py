"""Issue 16 §2: a province file sets a laptop up (`vss-desktop provision FILE`).

A good file sets every setting and keeps its CA bundle where the login uses it; a bad or
partial file is refused with one sentence naming the key, exit code 2, and the settings
byte-for-byte unchanged; a laptop logged in to another server with unsent changes is
refused. End to end: the real server over HTTPS with a private certificate authority, a
laptop provisioned with that CA, and the first-run screen logging in with only a username
and a password typed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
import trustme
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlmodel import select

from helpers.first_run import first_run
from helpers.keyboard import focused, press, type_text
from helpers.sync_helpers import PASSWORD, VILLAGES
from helpers.tls_server import tls_server
from vss_core.enums import OpState
from vss_desktop import settings as settings_store
from vss_desktop.__main__ import main
from vss_desktop.provisioning import CA_FILE, MAX_BYTES
from vss_desktop.settings import Settings
from vss_desktop.store import open_store, queries, services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import KdfParams
from vss_desktop.store.models import OutboxOp
from vss_desktop.sync import state

SERVER = "https://bhxh.laocai.example"


@pytest.fixture(scope="module")
def ca_pem() -> str:
    return trustme.CA(organization_name="Sở BHXH Lào Cai").cert_pem.bytes().decode("ascii")


@pytest.fixture(autouse=True)
def plain_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VSS_PASSPHRASE", raising=False)  # the test databases are plain


def write(path: Path, content: dict[str, Any] | str | bytes) -> Path:
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def provision(
    capsys: pytest.CaptureFixture[str], data_dir: Path, file: Path
) -> tuple[int, str, str]:
    code = main(["provision", str(file), "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_province_file_sets_every_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ca_pem: str
) -> None:
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    settings_store.save(laptop, Settings(collector="thu.lt"))
    file = write(
        tmp_path / "laocai.json",
        {
            "format": 1,
            "server": SERVER + "/",
            "ca_bundle": ca_pem,
            "language": "en",
            "idle_lock_minutes": 5,
            "organisation": "post_office",
        },
    )
    code, out, err = provision(capsys, laptop, file)
    assert (code, err) == (0, "")
    kept = laptop / CA_FILE
    assert settings_store.load(laptop) == Settings(
        language="en",
        collector="thu.lt",  # what the file does not name stays
        lock_after_minutes=5,
        server_url=SERVER,
        ca_bundle=str(kept),
        organisation="post_office",
    )
    assert kept.read_text(encoding="ascii") == ca_pem
    for key in ("server", "ca_bundle", "language", "idle_lock_minutes", "organisation"):
        assert f"  {key}: " in out
    assert "BEGIN CERTIFICATE" not in out and "1 certificate" in out
    assert not list(laptop.glob("*.tmp"))

    # Again, the CA as a file beside the province file and only the server: the rest stays.
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "ca.pem").write_text(ca_pem, encoding="ascii")
    file = write(
        tmp_path / "kit" / "p.json", {"format": 1, "server": SERVER, "ca_bundle_file": "ca.pem"}
    )
    assert provision(capsys, laptop, file)[0] == 0
    again = settings_store.load(laptop)
    assert (again.language, again.lock_after_minutes, again.organisation) == (
        "en",
        5,
        "post_office",
    )
    assert again.ca_bundle == str(kept) and kept.read_text(encoding="ascii") == ca_pem


PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n"
GOOD: dict[str, Any] = {"format": 1, "server": SERVER}


def bad(**changes: Any) -> dict[str, Any]:
    raw = dict(GOOD, **changes)
    return {k: v for k, v in raw.items() if v is not None}


BAD_FILES: list[tuple[str, Any, str]] = [
    ("empty", "", "the file is empty"),
    ("blank", "  \n", "the file is empty"),
    ("not utf-8", b'{"format": 1, "server": "https://b\xe0\xff.vn"}', "not UTF-8"),
    ("not json", '{"format": 1, server: x}', "not JSON (line 1)"),
    ("not an object", '["https://bhxh.laocai.example"]', "one JSON object"),
    ("too big", " " * MAX_BYTES + "{}", "larger than 1024 KiB"),
    ("typo", bad(sever=SERVER), "unknown key 'sever'"),
    ("no server", bad(server=None), "key 'server' is missing"),
    ("no format", bad(format=None), "key 'format' is missing"),
    ("newer format", bad(format=2), "key 'format': version 2"),
    ("format as text", bad(format="1"), "key 'format' must be a number"),
    ("twice", '{"format": 1, "server": "https://a.vn", "server": "https://b.vn"}', "twice"),
    ("plain http", bad(server="http://bhxh.laocai.example"), "plain http:// is only"),
    ("no address", bad(server="bhxh.laocai"), "key 'server' is not a server address"),
    ("password in url", bad(server="https://u:mk-bi-mat@b.vn"), "user name or password"),
    ("not pem", bad(ca_bundle="chung-chi-bi-mat"), "key 'ca_bundle' is not a PEM certificate"),
    ("private key", bad(ca_bundle=PRIVATE_KEY), "key 'ca_bundle' holds a private key"),
    ("no ca file", bad(ca_bundle_file="missing.pem"), "key 'ca_bundle_file': missing.pem"),
    ("two cas", bad(ca_bundle="x", ca_bundle_file="x.pem"), "not both"),
    ("language", bad(language="fr"), "key 'language' must be one of: vi, en"),
    ("lock zero", bad(idle_lock_minutes=0), "key 'idle_lock_minutes' must be a whole number"),
    ("lock too long", bad(idle_lock_minutes=121), "from 1 to 120"),
    ("lock as bool", bad(idle_lock_minutes=True), "key 'idle_lock_minutes'"),
    ("organisation", bad(organisation="postoffice"), "key 'organisation' must be one of"),
]


@pytest.mark.parametrize(
    ("content", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_a_bad_file_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, message: str
) -> None:
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    settings_store.save(laptop, Settings(language="en", server_url="https://old.example"))
    (laptop / CA_FILE).write_text("the old bundle")
    before = {p.name: p.read_bytes() for p in laptop.iterdir()}
    code, out, err = provision(capsys, laptop, write(tmp_path / "province.json", content))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err, err
    assert err.endswith("; nothing was changed\n") and err.count("\n") == 1
    for secret in ("bi-mat", "c2VjcmV0", "chung-chi"):
        assert secret not in err
    assert {p.name: p.read_bytes() for p in laptop.iterdir()} == before


def test_a_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = provision(capsys, tmp_path, tmp_path / "nowhere.json")
    assert code == 2 and "the file does not exist" in err
    assert not (tmp_path / settings_store.SETTINGS_FILE).exists()


def test_a_laptop_with_unsent_changes_keeps_its_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop"
    store = open_store(laptop)
    with store.write() as session:
        state.put(session, state.SERVER_URL, "https://old.example")
        state.put(session, state.TOKEN, "token-of-the-old-server")
        state.put(session, state.CURSOR, "cursor-of-the-old-server")
    services.create_household(store, {"head_name": "Lò Văn Pó", "village": VILLAGES[0]})
    store.close()

    # Same server: the language and the lock may change; the login stays.
    same = write(tmp_path / "same.json", bad(server="https://old.example", language="en"))
    assert provision(capsys, laptop, same)[0] == 0
    assert settings_store.load(laptop).language == "en"

    # Another server while a change waits to be sent: refused, nothing changed.
    before = (laptop / settings_store.SETTINGS_FILE).read_bytes()
    other = write(tmp_path / "other.json", bad(language="vi"))
    code, _out, err = provision(capsys, laptop, other)
    assert code == 2
    assert "1 change(s) not yet sent to https://old.example" in err and "Sync first" in err
    assert (laptop / settings_store.SETTINGS_FILE).read_bytes() == before
    store = open_store(laptop)
    with store.read() as session:
        assert state.get(session, state.SERVER_URL) == "https://old.example"
        assert state.get(session, state.TOKEN) == "token-of-the-old-server"
        state_after = state.get(session, state.CURSOR)
    assert state_after == "cursor-of-the-old-server"

    # Once sent (marked so here, as the server's answers would), the laptop moves: the old
    # login and pull position end, the new server is the one the login offers.
    with store.write() as session:
        for op in session.exec(select(OutboxOp)):
            op.state = OpState.APPLIED
            session.add(op)
    store.close()
    code, out, err = provision(capsys, laptop, other)
    assert (code, err) == (0, "")
    assert f"the login to https://old.example was ended: log in to {SERVER}" in out
    store = open_store(laptop)
    with store.read() as session:
        assert state.get(session, state.SERVER_URL) == SERVER
        assert state.get(session, state.TOKEN) == state.get(session, state.CURSOR) == ""
    store.close()
    assert settings_store.load(laptop).language == "vi"


def test_an_encrypted_database_needs_its_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which server it logs in to is inside the database: without the passphrase the
    command cannot check it, and changes nothing (exit 6, as every command)."""
    unlocking.unlock(tmp_path, "núi cao bản xa", kdf=KdfParams(n=2**12)).close()
    file = write(tmp_path / "p.json", GOOD)
    code, _out, err = provision(capsys, tmp_path, file)
    assert code == 6 and "VSS_PASSPHRASE" in err
    assert not (tmp_path / settings_store.SETTINGS_FILE).exists()
    monkeypatch.setenv("VSS_PASSPHRASE", "núi cao bản xa")
    assert provision(capsys, tmp_path, file)[0] == 0
    assert settings_store.load(tmp_path).server_url == SERVER


@pytest.mark.gui
def test_a_provisioned_laptop_logs_in_with_a_username_and_password(
    qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CA from the province file is the one the HTTPS login and first sync use."""
    with tls_server(tmp_path) as (url, ca_path):
        ca = ca_path.read_text(encoding="ascii")
        with pytest.raises(requests.exceptions.SSLError):  # not a publicly trusted server
            requests.get(url + "/api/v1/health", timeout=5)
        laptop = tmp_path / "laptop"
        file = write(tmp_path / "province.json", {"format": 1, "server": url, "ca_bundle": ca})
        assert provision(capsys, laptop, file)[0] == 0
        store = open_store(laptop)
        dialog = first_run(qtbot, store)
        assert dialog.provisioned_label.isVisible() and url in dialog.provisioned_label.text()
        assert focused() is dialog.login_button

        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.server_dialog is not None)
        login = dialog.server_dialog
        assert login is not None
        qtbot.waitUntil(login.isActiveWindow)
        assert login.address.text() == url
        assert login.ca_bundle.text() == str(laptop / CA_FILE)
        assert focused() is login.username  # only the username and password to type
        type_text(qtbot, "thu.lt")
        press(qtbot, Qt.Key.Key_Return)
        type_text(qtbot, PASSWORD)
        with qtbot.waitSignal(dialog.finished, timeout=20_000) as closed:
            press(qtbot, Qt.Key.Key_Return)
        assert closed.args[0] == QDialog.DialogCode.Accepted
        with store.read() as session:
            ids = queries.household_ids(session, queries.HouseholdFilter())
            villages = {r.village for r in queries.household_rows(session, ids).values()}
            assert state.get(session, state.CA_BUNDLE) == str(laptop / CA_FILE)
        assert villages == {VILLAGES[0]}  # received over HTTPS, verified by the province CA
        store.close()
