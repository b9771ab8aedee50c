"""The terminal side of `vss-server import` / `import-households` / `import-template`.

Output names rows, columns and counts only, never a cell's content (personal data).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sqlalchemy as sa

from vss_core.importing import ListRefused, write_template
from vss_server import admin, household_import, list_import

# Person columns of the list (its English and Vietnamese headers, as read_table gives them).
_PERSON_HEADERS = ("full_name", "full name", "họ và tên", "họ tên")


def is_legacy_csv(path: Path, alias: bool) -> bool:
    """A households-only CSV in the old layout (English field names, no person columns):
    it keeps the old importer. ``alias`` (import-households): so does any CSV without
    person columns, or one the old reader refuses, with the old messages."""
    if path.suffix.lower() == ".xlsx":
        return False
    try:
        header, _rows = household_import.read_table(path)
    except (household_import.ImportRefused, OSError):
        return alias
    if "head_name" not in header and not alias:
        return False
    return not any(name in header for name in _PERSON_HEADERS)


def template(path: Path) -> int:
    write_template(path)
    print(f"template written: {path}")
    return 0


def run(engine: sa.Engine, args: argparse.Namespace) -> int:
    if is_legacy_csv(args.file, args.command == "import-households") and not (
        args.dry_run or args.report or args.assign_to or args.ignore_column
    ):
        report = admin.import_households(engine, args.file)
        print(
            f"households: {report.created} created, {report.updated} updated,"
            f" {report.unchanged} unchanged"
        )
        return 0
    try:
        result = list_import.import_list(
            engine,
            args.file,
            dry_run=args.dry_run,
            assign_to=args.assign_to,
            ignore_columns=args.ignore_column,
            progress=_progress,
        )
    except ListRefused as exc:
        raise admin.AdminError(f"{exc}; nothing written") from exc
    except list_import.ListImportError as exc:
        raise admin.AdminError(f"{exc}; nothing written") from exc
    if args.report:
        list_import.write_report(args.file, result, args.report)
        print(f"report written: {args.report}")
    if args.dry_run:
        for key, outcome in sorted(result.rows.items()):
            why = f" ({'; '.join(outcome.reasons)})" if outcome.reasons else ""
            print(f"{list_import.where_text(key)}: {outcome.status}{why}")
    counts = _counts("households", result.households) + "; " + _counts("persons", result.persons)
    if not result.refused:
        print(("dry run, would be: " if args.dry_run else "") + counts)
    if result.refused:
        print("import refused, nothing written:", file=sys.stderr)
        for line in result.problems():
            print(line, file=sys.stderr)
        return 2
    if args.dry_run:
        print("dry run: nothing written")
    return 0


def _counts(what: str, counts: dict[str, int]) -> str:
    parts = [f"{counts.get(s, 0)} {s}" for s in ("created", "updated", "unchanged")]
    return f"{what}: {', '.join(parts)}"


def _progress(done: int, total: int) -> None:
    print(f"import: {done}/{total} rows ({done * 100 // max(total, 1)}%)", file=sys.stderr)
