"""`vss-server export list|d03-ts|d05-ts`: a collector's, a village's or a commune's list
in the import template's layout, and the D03-TS / D05-TS forms of a period (issue 13).

Each kind's work lives in its own module, imported when it runs.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import sqlalchemy as sa


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (YYYY-MM-DD)") from None


def add_parsers(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write a list or a VSS form to .xlsx")
    what = export.add_subparsers(dest="export_kind", required=True)
    listing = what.add_parser(
        "list", help="households and members in the import template's layout (docs/import.md)"
    )
    _scope(listing, village=True)
    listing.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    for form, text in (
        ("d03-ts", "D03-TS: household health-insurance participants of a period"),
        ("d05-ts", "D05-TS: voluntary social-insurance participants of a period"),
    ):
        parser = what.add_parser(form, help=text)
        _scope(parser, village=False)
        parser.add_argument("--from", dest="start", required=True, type=_iso_day)
        parser.add_argument("--to", dest="end", required=True, type=_iso_day)
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        parser.set_defaults(form=form)


def _scope(parser: argparse.ArgumentParser, village: bool) -> None:
    """Whose records: exactly one of a collector, (a village,) a commune."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--collector", help="a collector's username")
    if village:
        group.add_argument("--village", help="a village (thôn/bản), case and accents ignored")
    group.add_argument("--commune", help="a commune (xã/phường), case and accents ignored")


def run(engine: sa.Engine, args: argparse.Namespace) -> int:
    if args.export_kind == "list":
        from vss_server import list_export

        return list_export.run(engine, args)
    from vss_server import forms_export

    return forms_export.run(engine, args)
