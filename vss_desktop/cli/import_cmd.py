"""`vss-desktop import FILE [--dry-run] [--report OUT.xlsx] [--ignore-column NAME]`: a
commune list into this laptop's database, all rows or none (docs/import.md, "The app").

The same parser, matching and per-row statuses as `vss-server import`; the writes go
through the app's services, so every record queues its outbox op and syncs later.
Output names rows, columns and counts only, never a cell's content (personal data).
Exit codes: 0 imported (or checked), 2 the file or some rows were refused, 6 the
database could not be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vss_core.importing import ListRefused, ParsedList, message, parse_list
from vss_core.importing.outcome import ListImportResult, where_text, write_report
from vss_desktop import paths
from vss_desktop.cli.store_access import CommandFailed, command_store
from vss_desktop.store.list_import import apply_import, plan_import

EXIT_REFUSED = 2
PROGRESS_EVERY = 2000  # persons between progress lines (stderr, on a terminal only)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    report = Path(args.report) if getattr(args, "report", None) else None
    progress = _Progress() if sys.stderr.isatty() else None
    if progress is not None:
        print(f"import: reading {path.name}…", file=sys.stderr, flush=True)
    try:
        parsed = parse_list(path, ignore_columns=getattr(args, "ignore_column", None) or ())
    except ListRefused as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        with command_store(data_dir, "imported") as store:
            if args.dry_run:
                result = plan_import(store, parsed)
            else:
                result = apply_import(store, parsed, progress=progress)
    except CommandFailed as failed:
        return failed.report()
    return _tell(args, parsed, result, report, path)


def _tell(
    args: argparse.Namespace,
    parsed: ParsedList,
    result: ListImportResult,
    report: Path | None,
    path: Path,
) -> int:
    if report is not None:
        write_report(path, result, report)
        print(f"report written: {report}")
    _notes(parsed)
    if args.dry_run:
        for key, outcome in sorted(result.rows.items()):
            why = f" ({'; '.join(outcome.reasons)})" if outcome.reasons else ""
            print(f"{where_text(key)}: {outcome.status}{why}")
    if result.refused:
        print("import refused, nothing written:", file=sys.stderr)
        for line in result.problems():
            print(line, file=sys.stderr)
        return EXIT_REFUSED
    counts = _counts("households", result.households) + "; " + _counts("persons", result.persons)
    print(("dry run, would be: " if args.dry_run else "") + counts)
    if args.dry_run:
        print("dry run: nothing written")
    else:
        changed = sum(result.households.get(s, 0) + result.persons.get(s, 0) for s in _CHANGES)
        print(f"{changed} changes queued for the server (sent at the next sync)")
    return 0


_CHANGES = ("created", "updated")


def _notes(parsed: ParsedList) -> None:
    """What the reader should know: the file's encoding, warnings, the collector column."""
    if parsed.encoding:
        print(f"read as {parsed.kind} ({parsed.encoding}, separated by {parsed.separator!r})")
    if parsed.ignored_columns:
        print(f"ignored columns: {', '.join(parsed.ignored_columns)}")
    if "collector" in parsed.columns:
        print(
            "note: the collector column is not stored by the app; the server assigns"
            " households created here to the collector who syncs them"
        )
    for problem in parsed.warnings:
        where = where_text((problem.sheet or "", problem.row))
        column = f" column {problem.column}" if problem.column else ""
        print(f"warning: {where}{column}: {message(problem.code, problem.params)}", file=sys.stderr)


def _counts(what: str, counts: dict[str, int]) -> str:
    parts = [f"{counts.get(s, 0)} {s}" for s in ("created", "updated", "unchanged")]
    return f"{what}: {', '.join(parts)}"


class _Progress:
    """A line on stderr every PROGRESS_EVERY persons written, and at the end."""

    def __init__(self) -> None:
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if done < total and done - self.shown < PROGRESS_EVERY:
            return
        self.shown = done
        percent = done * 100 // max(total, 1)
        print(f"import: {done}/{total} persons ({percent}%)", file=sys.stderr, flush=True)
