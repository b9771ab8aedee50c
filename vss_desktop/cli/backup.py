"""`vss-desktop backups` lists the database copies; `vss-desktop restore-backup NAME` puts
one back (when the database file is damaged). No Qt."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from vss_core import vietnam_time
from vss_desktop import paths
from vss_desktop.cli.store_access import EXIT_DATABASE, CommandFailed, restore_copy
from vss_desktop.store import backups


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    listing = sub.add_parser("backups", parents=[common], help="list the database's backup copies")
    listing.set_defaults(handler=run_list)
    restore = sub.add_parser(
        "restore-backup",
        parents=[common],
        help="put a backup copy in place of the database (the replaced file is kept)",
    )
    restore.add_argument("name", help="the copy's file name, as `vss-desktop backups` lists it")
    restore.set_defaults(handler=run_restore)


def run_list(args: argparse.Namespace) -> int:
    return list_copies(paths.data_dir(args.data_dir))


def run_restore(args: argparse.Namespace) -> int:
    return restore(paths.data_dir(args.data_dir), args.name)


def list_copies(data_dir: Path) -> int:
    copies = backups.list_backups(data_dir)
    if not copies:
        print("no backup copies")
        return 0
    for path in copies:
        made = vietnam_time.to_local(datetime.fromtimestamp(path.stat().st_mtime, UTC))
        print(f"{path.name}\t{made:%d/%m/%Y %H:%M}\t{path.stat().st_size // 1024} KiB")
    return 0


def restore(data_dir: Path, name: str) -> int:
    chosen = next((p for p in backups.list_backups(data_dir) if p.name == name), None)
    if chosen is None:
        print(f"error: no copy named {name!r}; `vss-desktop backups` lists them", file=sys.stderr)
        return EXIT_DATABASE
    try:
        kept = restore_copy(data_dir, chosen)
    except CommandFailed as failed:
        return failed.report()
    print(f"restored {chosen.name}; the replaced file is kept as {kept.name}")
    print("changes made after that copy and not synced are not in it")
    return 0
