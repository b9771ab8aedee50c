"""The app learns the current and minimum app versions from the server at each sync
(issue 16 §3; docs/sync-protocol.md, Status): an app below the minimum still syncs and is
told to update; the server records each device's app version (list-devices, console)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pydantic
import pytest
import requests
from sqlmodel import Session, select

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, app, seed_server, server_engine, server_rows
from vss_core import app_version
from vss_desktop import __version__
from vss_desktop.store import open_store, services
from vss_desktop.store.models import Household
from vss_desktop.sync import state
from vss_desktop.sync.state import AppVersions
from vss_server import cli
from vss_server.areas import Scope
from vss_server.config import ServerConfig
from vss_server.console import people
from vss_server.models import UserAccount
from vss_server.routes.status import app_versions

CURRENT, MINIMUM = "5.2", "5.0.0"  # this tree's app (0.1.0) is below both


def test_versions_compared_and_bad_settings_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert app_version.parse("1.2.0") == app_version.parse("1.2") == (1, 2)
    assert app_version.is_below("1.9.9", "1.10") and not app_version.is_below("1.10", "1.9.9")
    assert app_version.is_below("dev", "1.0") is None
    assert [app_version.standing(v, "1.4", "1.2") for v in ("1.1", "1.3", "1.4", "2")] == [
        "required",
        "available",
        "",
        "",
    ]
    # What the status answer says, from the settings and the app's own version.
    both = ServerConfig(app_version_current=CURRENT, app_version_minimum=MINIMUM)
    assert app_versions(both, "4.9") == {
        "current": "5.2",
        "minimum": "5.0.0",
        "update_required": True,
    }
    assert app_versions(both, "5.1")["update_required"] is False  # between: only told
    assert app_versions(both, "5.2.0")["update_required"] is False
    assert app_versions(both, "") == {"current": "5.2", "minimum": "5.0.0"}  # cannot tell
    assert app_versions(ServerConfig(), "0.1.0") == {"update_required": False}  # unknown
    assert app_versions(ServerConfig(app_version_current="2"), "1") == {
        "current": "2",
        "update_required": False,
    }
    # Bad settings are refused when the server starts, with a clear message.
    for current, minimum in (("1.5", "2.0"), ("2.0", "2.0rc1"), ("latest", "")):
        with pytest.raises(pydantic.ValidationError):
            ServerConfig(app_version_current=current, app_version_minimum=minimum)
    monkeypatch.setenv("VSS_SERVER_APP_VERSION_CURRENT", "1.5")
    monkeypatch.setenv("VSS_SERVER_APP_VERSION_MINIMUM", "2.0")
    assert cli.main(["--data-dir", "/nonexistent/vss", "serve"]) == 2
    assert "app_version_minimum 2.0 is above app_version_current 1.5" in capsys.readouterr().err


def test_an_app_below_the_minimum_still_pushes_and_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VSS_SERVER_APP_VERSION_CURRENT", CURRENT)
    monkeypatch.setenv("VSS_SERVER_APP_VERSION_MINIMUM", MINIMUM)
    server = ServerProcess(tmp_path / "server").start()
    try:
        seed_server(server, tmp_path, households=2)
        store, sync = app(tmp_path, "laptop", server)
        assert sync.sync().status == "ok"  # the first pull brings the collector's household
        with store.read() as session:
            told = state.app_versions(session)
            (household,) = session.exec(select(Household)).all()
        assert told == AppVersions(CURRENT, MINIMUM) and told.standing(__version__) == "required"

        # Nothing is kept back from an app below the minimum: its visit goes to the server.
        visit = services.record_visit(store, household.id, {"outcome": "info_only"})
        report = sync.sync()
        assert (report.status, report.sent, report.rejected) == ("ok", 1, 0)
        assert [v["id"] for v in server_rows(server, "visit")] == [visit.id]
        assert services.pending_changes(store) == 0

        # The answer for each version, over the wire; an app's version is recorded.
        url = server.url + "/api/v1/sync/status"
        headers = api_login(server, "nam.vh", "device-nam-000001")
        answers = {}
        for version in ("4.9", "5.1", "5.2", "dev"):
            body = {"device_id": "device-nam-000001", "app_version": version, "pending": 0}
            answer = requests.post(url, json=body, headers=headers, timeout=10).json()
            assert answer["status"] == "received" and "events" in answer["features"]
            answers[version] = answer["app"].get("update_required")
        assert answers == {"4.9": True, "5.1": False, "5.2": False, "dev": None}

        # list-devices: each device's app version and when it last said so. Run in this
        # process (a subprocess costs seconds), keeping pytest's log handlers.
        monkeypatch.setattr(cli, "configure_cli_logging", lambda: None)
        capsys.readouterr()
        assert cli.main(["--data-dir", str(server.data_dir), "list-devices"]) == 0
        lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
        header, rows = (
            lines[0],
            {line[1]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]},
        )
        assert header[-2:] == ["app_version", "app_version_at"]
        laptop = rows[sync.settings()[state.DEVICE_ID]]
        assert laptop["app_version"] == __version__
        assert datetime.fromisoformat(laptop["app_version_at"]).tzinfo is not None
        assert rows["device-nam-000001"]["app_version"] == "dev"

        # The console's people pages show it too (no longer a placeholder).
        engine = server_engine(server)
        with Session(engine) as session:
            viewer = people.Viewer(UserAccount(username="admin"), Scope((), None), None)
            found = people.people(session, viewer, datetime.now(UTC), role="collector")
            versions = {d.device_id: d.app_version for p in found for d in p.devices}
        engine.dispose()
        assert versions[laptop["device_id"]] == __version__

        # A status answer without versions (settings emptied, an older server): the
        # notice goes (the answers themselves are checked in the test above).
        sync._remember_versions({"update_required": False})
        with store.read() as session:
            assert state.app_versions(session) == AppVersions()
        store.close()
    finally:
        server.kill()


@pytest.mark.gui
def test_the_status_bar_shows_the_update_notice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from vss_desktop.ui.sync_controller import SyncController
    from vss_desktop.ui.sync_status import SyncStatusBar
    from vss_desktop.ui.tasks import TaskRunner

    store = open_store(tmp_path)
    with store.write() as session:
        state.put_app_versions(session, AppVersions(CURRENT, MINIMUM))
    host = QMainWindow()
    qtbot.addWidget(host)
    tasks = TaskRunner(host)
    sync = SyncController(store, host)
    bar = SyncStatusBar(store, sync, tasks, host.statusBar())
    assert not bar.update_label.isVisibleTo(host)
    bar.refresh()
    qtbot.waitUntil(lambda: bar.versions is not None, timeout=5000)
    assert bar.update_label.isVisibleTo(host)
    assert bar.update_label.text() == (
        "This app must be updated: version 5.0.0 or later. Your changes are still sent."
    )
    bar.show_versions(AppVersions(CURRENT, MINIMUM), own="5.1")
    assert bar.update_label.text() == "A newer version of this app is available: 5.2."
    bar.show_versions(AppVersions(CURRENT, MINIMUM), own="5.2")
    assert not bar.update_label.isVisibleTo(host)
    sync.stop()
    tasks.wait()
    host.close()
    store.close()
