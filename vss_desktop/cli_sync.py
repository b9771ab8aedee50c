"""Headless commands for scripts: `vss-desktop login` and `vss-desktop sync` (no Qt)."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

import requests

from vss_desktop.store.encryption import EncryptionError
from vss_desktop.store.unlock import open_for_cli
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.transport import SyncError

EXIT_CODES = {"ok": 0, "offline": 3, "login": 4, "error": 5}


def login(
    data_dir: Path,
    server: str,
    username: str,
    password_stdin: bool,
    allow_insecure: bool,
    ca_bundle: str | None = None,
) -> int:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = os.environ.get("VSS_PASSWORD") or getpass.getpass("Password: ")
    try:
        store = open_for_cli(data_dir)
    except EncryptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 6
    try:
        answer = SyncEngine(store).login(
            server, username, password, allow_insecure=allow_insecure, ca_bundle=ca_bundle
        )
    except requests.exceptions.SSLError:
        print(
            "login failed: the server's certificate could not be verified"
            " (a province's own certificate authority: --ca-bundle FILE.pem)",
            file=sys.stderr,
        )
        return 4
    except (SyncError, requests.RequestException) as exc:
        print(f"login failed: {exc}", file=sys.stderr)
        return 4
    finally:
        store.close()
    print(f"logged in as {answer['collector']['username']}")
    return 0


def sync(data_dir: Path, as_json: bool) -> int:
    try:
        store = open_for_cli(data_dir)
    except EncryptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 6
    try:
        report = SyncEngine(store).sync()
    finally:
        store.close()
    if as_json:
        print(json.dumps(report.__dict__))
    else:
        print(
            f"{report.status}: sent {report.sent}, received {report.received}, "
            f"conflicts {report.conflicts}, needs attention {report.rejected}"
            + (f" ({report.message})" if report.message else "")
        )
    return EXIT_CODES.get(report.status, 5)
