"""The one argparse parser: `vss-desktop [--data-dir DIR] [--demo] [--lang vi|en]` for the
window, plus the headless subcommands, each with the function that runs it."""

from __future__ import annotations

import argparse

from vss_desktop import __version__, paths
from vss_desktop.cli import backup, calc, export_cmd, print_cmd, provision_cmd, sync


def build_parser() -> argparse.ArgumentParser:
    """No subcommand: the window. Else ``args.handler(args)`` runs the command."""
    parser = argparse.ArgumentParser(
        prog="vss-desktop", description="Offline-first app for BHXH/BHYT collectors."
    )
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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # --data-dir is accepted after the subcommand too: `vss-desktop sync --data-dir DIR`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    sync.add_parsers(sub, common)
    print_cmd.add_parser(sub, common)
    calc.add_parser(sub, common)
    backup.add_parsers(sub, common)
    export_cmd.add_parsers(sub, common)
    provision_cmd.add_parser(sub, common)
    return parser
