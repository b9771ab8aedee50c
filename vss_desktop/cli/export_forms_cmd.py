"""`vss-desktop export d03-ts|d05-ts --from DATE --to DATE --out FILE.xlsx`: the VSS
participant lists of a period from the visits on this laptop (docs/forms.md). No Qt.

Every visit on this laptop counts, whoever recorded it (as the campaign report); the
scope line names the collector of the settings. Prints the number of people listed,
never their names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vss_desktop import paths
from vss_desktop import settings as settings_store
from vss_desktop.cli.store_access import CommandFailed, command_store

EXIT_INPUT = 2


def run(args: argparse.Namespace) -> int:
    from vss_core.forms.participants import FormKind, collector_scope
    from vss_core.forms.workbook import write_form
    from vss_desktop.store import forms_query

    form = FormKind(args.form)
    if args.end < args.start:
        print("error: --to is before --from", file=sys.stderr)
        return EXIT_INPUT
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"error: the folder {out.parent} does not exist", file=sys.stderr)
        return EXIT_INPUT
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    settings = settings_store.load(data_dir)
    scope = collector_scope(settings.collector_name or settings.collector)
    try:
        with command_store(data_dir, "exported") as store, store.read() as session:
            built = forms_query.build(session, form, args.start, args.end, scope)
    except CommandFailed as failed:
        return failed.report()
    try:
        count = write_form(built, out)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return EXIT_INPUT
    print(f"{count} participants written to {out}")
    return 0
