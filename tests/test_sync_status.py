"""POST /sync/status (docs/sync-protocol.md, Status): each sync tells the server the app's
version and its unsent changes, for the console's stale-laptop flags (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, app, seed_server, server_rows
from vss_desktop import __version__
from vss_desktop.store import outbox, services
from vss_desktop.store.services import HouseholdInput


@pytest.mark.parametrize("server", ["sqlite", "postgres"], indirect=True)
def test_a_sync_reports_version_and_unsent_changes_before_pushing(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path)
    store, sync = app(tmp_path, "laptop", server)
    assert sync.sync().status == "ok"
    (device,) = [d for d in server_rows(server, "device") if d["app_version"]]
    assert device["app_version"] == __version__
    assert device["pending_ops"] == 0 and device["oldest_pending_at"] is None
    first = device["status_at"]

    services.save_household(store, HouseholdInput(head_name="Lò Văn Páo", village="Bản Mới"))
    with store.read() as session:
        oldest = outbox.oldest_pending_at(session)
    assert oldest is not None
    assert sync.sync().status == "ok"
    (device,) = [d for d in server_rows(server, "device") if d["app_version"]]
    # Said before the push: one change was waiting, since it was recorded.
    assert device["pending_ops"] == 1
    told = device["oldest_pending_at"]
    told = told if isinstance(told, datetime) else datetime.fromisoformat(str(told))
    assert abs(told.replace(tzinfo=UTC) - oldest) < timedelta(seconds=1)
    assert str(device["status_at"]) >= str(first)
    store.close()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_status_refusals(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path)
    url = server.url + "/api/v1/sync/status"
    mine = api_login(server, "thu.lt", "device-thu-000001")
    other = api_login(server, "nam.vh", "device-nam-000001")
    body = {"device_id": "device-thu-000001", "app_version": "0.9", "pending": 0}
    assert requests.post(url, json=body, headers=mine, timeout=10).status_code == 200
    # Another account cannot speak for this device.
    taken = requests.post(url, json=body, headers=other, timeout=10)
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "device_taken"
    naive = dict(body, pending=2, oldest_pending_at="2026-11-01T08:00:00")
    assert requests.post(url, json=naive, headers=mine, timeout=10).status_code == 422
    ahead = dict(body, pending=2, oldest_pending_at="2099-01-01T00:00:00+00:00")
    assert requests.post(url, json=ahead, headers=mine, timeout=10).status_code == 200
    (device,) = [d for d in server_rows(server, "device") if d["device_id"] == body["device_id"]]
    assert str(device["oldest_pending_at"])[:4] != "2099"  # a clock far ahead is not believed
    assert requests.post(url, json=body, timeout=10).status_code == 401
