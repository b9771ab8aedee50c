"""`vss-desktop export list|d03-ts|d05-ts` and `vss-desktop import FILE`: the lists and the
VSS forms in and out as .xlsx (issue 13; docs/import.md). No Qt.

Each subcommand's work lives in its own module, imported when it runs (openpyxl takes
0.2 s to import, which the other commands should not pay).
"""

from __future__ import annotations

import argparse
from datetime import date


def _day(text: str) -> date:
    """dd/mm/yyyy as the collector writes it, or YYYY-MM-DD as scripts do."""
    from vss_core.formatting import parse_day

    day = parse_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (dd/mm/yyyy or YYYY-MM-DD)")
    return day


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = sub.add_parser("export", help="write the list or a VSS form to .xlsx")
    what = export.add_subparsers(dest="export_kind", required=True)
    listing = what.add_parser(
        "list",
        parents=[common],
        help="every household and member, in the import template's layout",
    )
    listing.add_argument("--out", required=True, help="the .xlsx file to write")
    listing.set_defaults(handler=_run_list)
    for form, text in (
        ("d03-ts", "D03-TS: household health-insurance participants of a period"),
        ("d05-ts", "D05-TS: voluntary social-insurance participants of a period"),
    ):
        parser = what.add_parser(form, parents=[common], help=text)
        parser.add_argument("--from", dest="start", required=True, type=_day, help="first day")
        parser.add_argument("--to", dest="end", required=True, type=_day, help="last day")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")
        parser.set_defaults(handler=_run_form, form=form)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import a list of households and members (.xlsx or CSV): all rows or none",
    )
    imp.add_argument("file", help="the .xlsx or .csv file")
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument("--report", help="write the rows with their status (.xlsx)")
    imp.add_argument("--ignore-column", action="append", default=[], help="a column to leave out")
    imp.set_defaults(handler=_run_import)


def _run_list(args: argparse.Namespace) -> int:
    from vss_desktop.cli import export_list_cmd

    return export_list_cmd.run(args)


def _run_form(args: argparse.Namespace) -> int:
    from vss_desktop.cli import export_forms_cmd

    return export_forms_cmd.run(args)


def _run_import(args: argparse.Namespace) -> int:
    from vss_desktop.cli import import_cmd

    return import_cmd.run(args)
