"""`vss-server backup`, `restore` and `mark-restored` (docs/operations.md, Backups).

They run before the usual start of an admin command (which migrates the database):
a backup copies the database as it is, and a restore needs it empty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vss_server import backup
from vss_server.config import ServerConfig

COMMANDS = ("backup", "restore", "mark-restored")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    out = sub.add_parser(
        "backup",
        help="write a consistent backup of the database (pg_dump custom format, or a SQLite"
        " copy) to FILE, atomically",
    )
    out.add_argument("--out", required=True, type=Path, help="the backup file (replaced whole)")
    restore = sub.add_parser(
        "restore",
        help="restore a backup into an EMPTY database (refuses one holding tables), then mark"
        " it restored",
    )
    restore.add_argument("--from", dest="source", required=True, type=Path, help="a backup file")
    sub.add_parser(
        "mark-restored",
        help="after restoring by other means (pg_restore, a snapshot): new epoch, so every app"
        " resends what the server lost",
    )


def run(config: ServerConfig, args: argparse.Namespace) -> int:
    url = config.resolved_database_url()
    try:
        if args.command == "backup":
            size = backup.backup(url, args.out)
            print(f"backup written: {args.out} ({size} bytes)")
        elif args.command == "restore":
            backup.restore(url, args.source)
            print(f"restored from {args.source}; database marked restored (new epoch)")
        else:
            backup.mark_restored(url)
            print("database marked restored (new epoch): the apps resend what it lost")
    except (backup.BackupError, OSError) as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return 2
    return 0
