"""The one argparse parser: `vss-desktop [--data-dir DIR] [--demo] [--lang vi|en]` for the
window, plus the headless subcommands, each with the function that runs it."""

from __future__ import annotations

import argparse

from vss_desktop import __version__
from vss_desktop.cli import (
    backup,
    calc,
    export_cmd,
    print_cmd,
    provision_cmd,
    sync,
    update_cmd,
)
from vss_desktop.cli.window_options import add_window_options


def build_parser() -> argparse.ArgumentParser:
    """No subcommand: the window. Else ``args.handler(args)`` runs the command."""
    parser = argparse.ArgumentParser(
        prog="vss-desktop", description="Offline-first app for BHXH/BHYT collectors."
    )
    add_window_options(parser)
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
    update_cmd.add_parser(sub, common)
    return parser
