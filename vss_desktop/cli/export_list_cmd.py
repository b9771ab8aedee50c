"""`vss-desktop export list --out FILE.xlsx`: every live household and member of this
laptop in the import template's layout (issue 13; docs/import.md, "Exporting the list").

Prints counts only, never a cell's content. Exit 0 when written, 2 when the file cannot
be written, the database's codes (store_access) when it cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vss_desktop import paths
from vss_desktop.cli.store_access import CommandFailed, command_store


def run(args: argparse.Namespace) -> int:
    from vss_desktop.store.list_export import export_list  # openpyxl: only when it runs

    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"error: the folder {out.parent} does not exist", file=sys.stderr)
        return 2
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    try:
        with command_store(data_dir, "exported") as store:
            counts = export_list(store, out)
    except CommandFailed as failed:
        return failed.report()
    except OSError as exc:  # the file: a full disk, no permission (names no person)
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{counts.households} households, {counts.persons} persons written to {out}")
    if counts.without_members:
        print(
            f"warning: {counts.without_members} households without members left out"
            " (the template has one row per person)",
            file=sys.stderr,
        )
    print("the file is not encrypted: it holds personal data", file=sys.stderr)
    return 0
