"""`vss-desktop backups` lists the database copies; `vss-desktop restore-backup NAME` puts
one back (when the database file is damaged). No Qt."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from vss_desktop.store import backups
from vss_desktop.store.encryption import EncryptionError
from vss_desktop.store.unlock import PASSPHRASE_ENV

EXIT_ERROR = 6  # as the other headless commands when the database cannot be opened


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sub.add_parser("backups", parents=[common], help="list the database's backup copies")
    restore = sub.add_parser(
        "restore-backup",
        parents=[common],
        help="put a backup copy in place of the database (the replaced file is kept)",
    )
    restore.add_argument("name", help="the copy's file name, as `vss-desktop backups` lists it")


def list_copies(data_dir: Path) -> int:
    copies = backups.list_backups(data_dir)
    if not copies:
        print("no backup copies")
        return 0
    for path in copies:
        made = datetime.fromtimestamp(path.stat().st_mtime, UTC).astimezone()
        print(f"{path.name}\t{made:%d/%m/%Y %H:%M}\t{path.stat().st_size // 1024} KiB")
    return 0


def restore(data_dir: Path, name: str) -> int:
    chosen = next((p for p in backups.list_backups(data_dir) if p.name == name), None)
    if chosen is None:
        print(f"error: no copy named {name!r}; `vss-desktop backups` lists them", file=sys.stderr)
        return EXIT_ERROR
    try:
        key = backups.key_for_backup(data_dir, chosen, os.environ.get(PASSPHRASE_ENV))
        kept = backups.restore_backup(data_dir, chosen, key)
    except EncryptionError as exc:
        hint = f" (set {PASSPHRASE_ENV})" if PASSPHRASE_ENV not in os.environ else ""
        print(f"error: {exc}{hint}; nothing was changed", file=sys.stderr)
        return EXIT_ERROR
    print(f"restored {chosen.name}; the replaced file is kept as {kept.name}")
    print("changes made after that copy and not synced are not in it")
    return 0
