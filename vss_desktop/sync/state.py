"""The sync engine's key/value bookkeeping in the local database (table sync_state)."""

from __future__ import annotations

from sqlmodel import Session

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
