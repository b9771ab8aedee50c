"""The sync engine's key/value bookkeeping in the local database (table sync_state)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session

from vss_core import app_version
from vss_desktop.store.models import SyncState

SERVER_URL = "server_url"
USERNAME = "username"
FULL_NAME = "full_name"  # the account's full name from the login answer (printed lists)
TOKEN = "token"
DEVICE_ID = "device_id"
SEQ_BASE = "seq_base"  # local outbox seq minus this = the seq the server sees for this device
CURSOR = "pull_cursor"
# "1" from a 410 until the full pull it starts is complete: pulled records are the server's
# truth whatever their version (after a server restore, local versions may be ahead).
RESYNC = "pull_resync"
LAST_SYNC_AT = "last_sync_at"
ALLOW_INSECURE = "allow_insecure_http"
CA_BUNDLE = "ca_bundle"  # a PEM file of the province's own certificate authority, or ""
AUTO_SYNC = "auto_sync"
# The server's last word on app versions (the answer to POST /sync/status, issue 16):
# JSON {"current", "minimum"}; absent when the server told none.
APP_VERSIONS = "app_versions"


def get(session: Session, key: str, default: str = "") -> str:
    row = session.get(SyncState, key)
    return row.value if row is not None else default


def put(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key) or SyncState(key=key)
    row.value = value
    session.add(row)


def delete(session: Session, key: str) -> None:
    row = session.get(SyncState, key)
    if row is not None:
        session.delete(row)


@dataclass(frozen=True)
class AppVersions:
    """The current and minimum app versions the server told ("" when it did not)."""

    current: str = ""
    minimum: str = ""

    def standing(self, own: str) -> app_version.Standing:
        """What this app, at version ``own``, must do: "required", "available" or ""."""
        return app_version.standing(own, self.current, self.minimum)


def app_versions(session: Session) -> AppVersions:
    try:
        told = json.loads(get(session, APP_VERSIONS) or "{}")
    except ValueError:
        return AppVersions()
    if not isinstance(told, dict):
        return AppVersions()
    return AppVersions(str(told.get("current", "")), str(told.get("minimum", "")))


def put_app_versions(session: Session, versions: AppVersions) -> None:
    """Keep the server's answer; nothing told clears what an earlier answer said."""
    if not (versions.current or versions.minimum):
        delete(session, APP_VERSIONS)
    elif versions != app_versions(session):
        put(session, APP_VERSIONS, json.dumps(vars(versions), sort_keys=True))
