"""Command line: `vss-desktop [--data-dir DIR] [--demo] [--lang vi|en]`."""

from __future__ import annotations

import argparse
import logging
import sys

from vss_desktop import __version__, paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vss-desktop", description="Offline-first app for BHXH/BHYT collectors."
    )
    parser.add_argument(
        "--data-dir",
        help=f"where the database lives (default: ${paths.DATA_DIR_ENV} or the user data dir)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="load the demo commune when the database is empty"
    )
    parser.add_argument("--lang", choices=("vi", "en"), help="interface language for this run")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    data_dir = paths.data_dir(args.data_dir)
    from vss_desktop.ui.app import run

    return run(data_dir, demo=args.demo, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
