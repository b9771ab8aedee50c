"""The window's own options (no subcommand), apart from the commands' parsers.

``vss-desktop`` without a subcommand parses only these (vss_desktop.__main__), so the
window's start does not import every command, and with them the store (issue 17).
"""

from __future__ import annotations

import argparse

from vss_desktop import paths


def add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        help=f"where the database lives (default: ${paths.DATA_DIR_ENV} or the user data dir)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="load the demo commune into an empty database (with --data-dir DIR: apart from your data)",
    )
    parser.add_argument("--lang", choices=("vi", "en"), help="interface language for this run")


class _Refused(Exception):
    pass


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Refused(message)


def window_args(argv: list[str]) -> argparse.Namespace | None:
    """``argv`` parsed when it holds only the window's options; None for anything else
    (a subcommand, --help, --version, a mistake): the full parser handles those."""
    parser = _WindowParser(prog="vss-desktop", add_help=False, exit_on_error=False)
    add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except (_Refused, argparse.ArgumentError):
        return None
    return None if rest else args
