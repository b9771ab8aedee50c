"""Command line: `vss-desktop [--data-dir DIR] [--demo] [--lang vi|en]`, plus headless
`vss-desktop login ...`, `vss-desktop sync`, `vss-desktop print ...`, `vss-desktop calc ...`,
`vss-desktop backups` and `vss-desktop restore-backup NAME` for scripts."""

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
    login = sub.add_parser(
        "login", parents=[common], help="log in to the central server (no window)"
    )
    login.add_argument("--server", required=True, help="server address, https://...")
    login.add_argument("--username", required=True)
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    login.add_argument(
        "--allow-insecure-http", action="store_true", help="allow plain HTTP to a remote host"
    )
    login.add_argument(
        "--ca-bundle", help="PEM file of the certificate authority that signed the server's"
    )
    sync = sub.add_parser(
        "sync", parents=[common], help="run one sync now (no window); exit code 0 when it worked"
    )
    sync.add_argument("--json", action="store_true", help="print the summary as JSON")
    from vss_desktop.printing import cli as print_cli

    print_cli.add_parser(sub, common)
    from vss_desktop import calc_cli

    calc_cli.add_parser(sub, common)
    from vss_desktop import cli_backup

    cli_backup.add_parsers(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.command == "calc":  # needs no data directory
        from vss_desktop import calc_cli

        return calc_cli.run(args)
    data_dir = paths.data_dir(args.data_dir)
    if args.command == "login":
        from vss_desktop import cli_sync

        return cli_sync.login(
            data_dir,
            args.server,
            args.username,
            args.password_stdin,
            args.allow_insecure_http,
            args.ca_bundle,
        )
    if args.command == "sync":
        from vss_desktop import cli_sync

        return cli_sync.sync(data_dir, args.json)
    if args.command in ("backups", "restore-backup"):
        from vss_desktop import cli_backup

        if args.command == "backups":
            return cli_backup.list_copies(data_dir)
        return cli_backup.restore(data_dir, args.name)
    if args.command == "print":
        from vss_desktop.printing import cli as print_cli

        return print_cli.run(args, data_dir)
    from vss_desktop.ui.app import run

    return run(data_dir, demo=args.demo, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
