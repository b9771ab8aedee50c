"""`vss-desktop update`: look for a newer version at the server, download it (resuming a
download cut earlier), check its signature and stage it for the next start (issue 16 §3,
docs/updates.md). What the window does by itself after a sync, run by hand: by IT staff
on a laptop whose window is not open, or by a script. No Qt.

The server is the one the laptop syncs with (its address and certificate authority from
the database: ``VSS_PASSPHRASE`` when it is encrypted), or ``--server URL``. Prints one
JSON object (the outcome; no personal data) on stdout.

Exit codes: 0 staged, already staged or up to date; 3 the server could not be reached
(the download resumes next time); 4 the update was refused (bad signature, expired
metadata, a package that does not match); 5 this app cannot update itself (run from
source, or a bundle built without the update root); 6 the database cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from vss_desktop import __version__, paths
from vss_desktop.cli.store_access import CommandFailed, command_store
from vss_desktop.sync import state
from vss_desktop.update import home

EXIT_UNREACHABLE, EXIT_REFUSED, EXIT_CANNOT_UPDATE = 3, 4, 5


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "update",
        parents=[common],
        help="download a newer version from the server and install it at the next start",
    )
    cmd.add_argument(
        "--server", help="the server's address (default: the one this laptop syncs with)"
    )
    cmd.add_argument("--ca-bundle", help="its certificate authority (PEM), with --server")
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = home.bundled_root()
    if root is None:
        print(
            "error: this app cannot update itself (it runs from source, or its bundle was"
            " built without the update root: docs/updates.md)",
            file=sys.stderr,
        )
        return EXIT_CANNOT_UPDATE
    if args.server:
        server, ca_bundle = args.server, args.ca_bundle
    else:
        try:
            server, ca_bundle = _sync_server(paths.data_dir(args.data_dir))
        except CommandFailed as failed:
            return failed.report()
        if not server:
            print("error: no server is set up: give --server URL", file=sys.stderr)
            return EXIT_CANNOT_UPDATE
    return update(server, root, ca_bundle or None)


def update(server: str, root: Path, ca_bundle: str | None) -> int:
    from vss_desktop.update.client import check_and_stage  # tufup: only when updating

    def progress(version: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rversion {version}: {done * 100 // total} %", end="", file=sys.stderr)

    outcome = check_and_stage(server, __version__, root, progress=progress, ca_bundle=ca_bundle)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(json.dumps({"running": __version__, **asdict(outcome)}))
    if outcome.status == "unreachable":
        return EXIT_UNREACHABLE
    if outcome.status == "refused":
        return EXIT_REFUSED
    return 0


def _sync_server(data_dir: Path) -> tuple[str, str]:
    with command_store(data_dir, "updated") as store, store.read() as session:
        return state.get(session, state.SERVER_URL), state.get(session, state.CA_BUNDLE)
