"""`vss-desktop login` and `vss-desktop sync` for scripts (no Qt).

Failures end with a sentence saying what to do and an exit code: 3 the server could
not be reached, 4 not logged in or the login refused, 5 the server refused the sync,
6 the database cannot be opened or is damaged (store_access).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

import requests

from vss_desktop import paths
from vss_desktop.cli.network import RecordingSession, describe_network_failure
from vss_desktop.cli.store_access import CommandFailed, command_store
from vss_desktop.store import Store
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine, SyncReport
from vss_desktop.sync.transport import SyncError, Transient, Transport, Unauthorized

EXIT_CODES = {"ok": 0, "offline": 3, "login": 4, "error": 5}
LOGIN_FIRST = (
    "not logged in: run `vss-desktop login --server URL --username NAME` first"
    " (your supervisor gives you the server address and your user name)"
)


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The `login` and `sync` subcommands."""
    login_cmd = sub.add_parser(
        "login", parents=[common], help="log in to the central server (no window)"
    )
    login_cmd.add_argument("--server", required=True, help="server address, https://...")
    login_cmd.add_argument("--username", required=True)
    login_cmd.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    login_cmd.add_argument(
        "--allow-insecure-http", action="store_true", help="allow plain HTTP to a remote host"
    )
    login_cmd.add_argument(
        "--ca-bundle", help="PEM file of the certificate authority that signed the server's"
    )
    login_cmd.set_defaults(handler=run_login)
    sync_cmd = sub.add_parser(
        "sync", parents=[common], help="run one sync now (no window); exit code 0 when it worked"
    )
    sync_cmd.add_argument("--json", action="store_true", help="print the summary as JSON")
    sync_cmd.set_defaults(handler=run_sync)


def run_login(args: argparse.Namespace) -> int:
    return login(
        paths.data_dir(args.data_dir),
        args.server,
        args.username,
        args.password_stdin,
        args.allow_insecure_http,
        args.ca_bundle,
    )


def run_sync(args: argparse.Namespace) -> int:
    return sync(paths.data_dir(args.data_dir), args.json)


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
        with command_store(data_dir, "changed") as store:
            answer = SyncEngine(store).login(
                server, username, password, allow_insecure=allow_insecure, ca_bundle=ca_bundle
            )
    except CommandFailed as failed:
        return failed.report()
    except Unauthorized:
        print("login failed: wrong user name or password", file=sys.stderr)
        return EXIT_CODES["login"]
    except (SyncError, requests.RequestException) as exc:
        print(f"login failed: {_login_failure(exc, server)}", file=sys.stderr)
        return EXIT_CODES["login"]
    print(f"logged in as {answer['collector']['username']}")
    return 0


def _login_failure(exc: BaseException, server: str) -> str:
    if isinstance(exc, Transient) and "too_many_attempts" in str(exc):
        return "too many failed attempts: wait a few minutes and try again"
    if isinstance(exc, Transient | requests.RequestException):
        return describe_network_failure(exc, server)
    return str(exc)


def sync(data_dir: Path, as_json: bool) -> int:
    try:
        with command_store(data_dir, "synced") as store:
            return _sync(store, as_json)
    except CommandFailed as failed:
        return failed.report()


def _sync(store: Store, as_json: bool) -> int:
    sessions: list[RecordingSession] = []

    def transport(*args: Any, **kwargs: Any) -> Transport:
        sessions.append(RecordingSession())
        return Transport(*args, session=sessions[-1], **kwargs)

    engine = SyncEngine(store, transport_factory=transport)
    configured = engine.configured()  # else the engine reports "login" without a call
    server = engine.settings()[state.SERVER_URL]
    try:
        report = engine.sync()
    except requests.exceptions.SSLError as exc:  # never retried, not turned into a report
        print(f"sync failed: {describe_network_failure(exc, server)}", file=sys.stderr)
        return EXIT_CODES["error"]
    if as_json:
        print(json.dumps(report.__dict__))
    else:
        print(
            f"{report.status}: sent {report.sent}, received {report.received}, "
            f"conflicts {report.conflicts}, needs attention {report.rejected}"
        )
    failure = sessions[-1].failure if sessions else None  # the session that ended the sync
    explanation = _explain(report, server, failure) if configured else LOGIN_FIRST
    if explanation:
        print(explanation, file=sys.stderr)
    return EXIT_CODES.get(report.status, 5)


def _explain(report: SyncReport, server: str, failure: BaseException | None) -> str:
    """The sentence for a sync that did not finish; "" when it did."""
    if report.status == "offline":
        why = (
            describe_network_failure(failure, server)
            if failure is not None
            else f"the server at {server} answered {report.message} (busy or down: try later)"
        )
        return f"sync failed: {why}. Your changes are kept on this laptop."
    if report.status == "login":
        return (
            f"sync failed: the server at {server} no longer accepts this laptop's login"
            " (expired or revoked): run `vss-desktop login` again"
        )
    if report.status == "error":
        return f"sync failed: {report.message}"
    return ""
