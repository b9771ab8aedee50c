"""`vss-server` command line: serve, create-user, import-households, assign, revoke-device."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from vss_server import admin
from vss_server import db as server_db
from vss_server.config import ServerConfig
from vss_server.migrate import upgrade


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vss-server", description="VSS Desktop central sync server"
    )
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL (default: $VSS_SERVER_DATABASE_URL or SQLite)"
    )
    parser.add_argument("--data-dir", type=Path, help="where the SQLite database lives")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")

    user = sub.add_parser("create-user", help="add a collector or supervisor")
    user.add_argument("username")
    user.add_argument("--role", choices=admin.ROLES, default="collector")
    user.add_argument("--full-name", default="")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    imp = sub.add_parser("import-households", help="import households from a UTF-8 CSV file")
    imp.add_argument("file", type=Path)

    assign = sub.add_parser("assign", help="assign households to a collector")
    assign.add_argument("collector", help="username ('' to unassign)")
    assign.add_argument("--village", action="append", default=[])
    assign.add_argument("--household", action="append", default=[], help="household id")
    assign.add_argument("--code", action="append", default=[], help="household code")

    revoke = sub.add_parser("revoke-device", help="revoke a user's tokens (one device or all)")
    revoke.add_argument("username")
    revoke.add_argument("--device-id")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config = ServerConfig.from_env(database_url=args.database_url, data_dir=args.data_dir)
    if args.command == "serve":
        import uvicorn

        from vss_server.app import create_app

        uvicorn.run(
            create_app(config),
            host=args.host,
            port=args.port,
            ssl_certfile=args.ssl_certfile,
            ssl_keyfile=args.ssl_keyfile,
            log_level="info",
        )
        return 0
    engine = server_db.create_server_engine(config.resolved_database_url())
    upgrade(engine)
    try:
        if args.command == "create-user":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass("Password: ")
                if getpass.getpass("Again: ") != password:
                    print("passwords differ", file=sys.stderr)
                    return 2
            user_id = admin.create_user(engine, args.username, password, args.role, args.full_name)
            print(f"created user {args.username} (id {user_id}, {args.role})")
        elif args.command == "import-households":
            report = admin.import_households(engine, args.file)
            print(f"{report.created} households created, {report.updated} updated")
        elif args.command == "assign":
            changed = admin.assign(engine, args.collector, args.village, args.household, args.code)
            print(f"{changed} households assigned to {args.collector or '(nobody)'}")
        elif args.command == "revoke-device":
            print(f"{admin.revoke_devices(engine, args.username, args.device_id)} tokens revoked")
    except admin.AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
