"""`vss-server` command line: serve, migrate, users, household import, assignments, devices,
targets, campaigns."""

from __future__ import annotations

import argparse
import getpass
import logging.config
import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

import pydantic
import sqlalchemy as sa

from vss_core.enums import Metric, PeriodKind
from vss_server import (
    admin,
    cli_backup,
    cli_campaign,
    cli_export,
    cli_import,
    figure_cache,
    search_index,
)
from vss_server import db as server_db
from vss_server import targets as server_targets
from vss_server.areas import Organisation
from vss_server.config import ServerConfig
from vss_server.household_import import UNASSIGN
from vss_server.logs import configure_cli_logging, uvicorn_log_config
from vss_server.metrics import MULTIPROC_ENV
from vss_server.migrate import SchemaNotCurrent, check_at_head, prepare, quiet_migrations, upgrade

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vss-server", description="VSS Desktop central sync server"
    )
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL (default: $VSS_SERVER_DATABASE_URL or SQLite)"
    )
    parser.add_argument("--data-dir", type=Path, help="where the SQLite database lives")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the database migrations' progress and redacted tracebacks",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    serve.add_argument(
        "--token-ttl-days",
        type=float,
        help="lifetime of a login token (default: $VSS_SERVER_TOKEN_TTL_DAYS or 30)",
    )
    serve.add_argument(
        "--keep-alive",
        type=int,
        default=75,
        help="seconds an idle connection stays open (default 75: on a slow link a collector's"
        " app applies one page while the next request waits; a new TLS connection costs"
        " two round trips)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose X-Forwarded-For names the client (default: 127.0.0.1)",
    )
    serve.add_argument(
        "--workers",
        type=_at_least_one,
        default=1,
        help="server processes (default 1). With more than one, no process migrates: run"
        " `vss-server migrate` first (docs/operations.md)",
    )

    sub.add_parser(
        "migrate",
        help="bring the database to this version's schema and derive the console's tables"
        " (before `serve --workers N`, and after each upgrade)",
    )

    user = sub.add_parser("create-user", help="add a collector or supervisor")
    user.add_argument("username")
    user.add_argument("--role", choices=admin.ROLES, default="collector")
    user.add_argument("--full-name", default="")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user.add_argument(
        "--organisation",
        choices=[o.value for o in Organisation],
        default="",
        help="who employs the collector",
    )
    user.add_argument(
        "--area",
        action="append",
        default=[],
        help="PROVINCE/COMMUNE, PROVINCE or * (a supervisor without --area sees everywhere)",
    )

    areas = sub.add_parser("set-areas", help="replace where an account works (console scope)")
    areas.add_argument("username")
    areas.add_argument("area", nargs="*", help="PROVINCE/COMMUNE, PROVINCE or *; none: nowhere")

    password = sub.add_parser("set-password", help="new password; all devices log in again")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")

    disable = sub.add_parser("disable-user", help="lock an account out and revoke its tokens")
    disable.add_argument("username")
    enable = sub.add_parser("enable-user", help="let a disabled account log in again")
    enable.add_argument("username")

    for name in ("import", "import-households"):
        imp = sub.add_parser(
            name,
            help="import the list of households and members (.xlsx or CSV; docs/import.md)",
            description="All rows or none. A blank collector cell keeps the household's"
            f" collector; '{UNASSIGN}' unassigns it. import-households is an alias.",
        )
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        imp.add_argument("--report", type=Path, help="write the rows with their status (.xlsx)")
        imp.add_argument("--assign-to", help="assign every imported household to this collector")
        imp.add_argument(
            "--ignore-column", action="append", default=[], help="a column to leave out"
        )
    template = sub.add_parser("import-template", help="write the list template (.xlsx)")
    template.add_argument("file", type=Path)

    assign = sub.add_parser("assign", help="assign households to a collector")
    assign.add_argument("collector", help="username ('' to unassign)")
    assign.add_argument(
        "--village", action="append", default=[], help="village name (case and accents ignored)"
    )
    assign.add_argument("--household", action="append", default=[], help="household id")
    assign.add_argument("--code", action="append", default=[], help="household code")

    devices = sub.add_parser("list-devices", help="list device tokens (live ones by default)")
    devices.add_argument("username", nargs="?")
    devices.add_argument("--all", action="store_true", help="also expired and revoked ones")

    revoke = sub.add_parser("revoke-device", help="revoke a user's tokens (one device or all)")
    revoke.add_argument("username")
    revoke.add_argument("--device-id")

    target = sub.add_parser(
        "set-target", help="set a target for one collector or every collector (--clear removes it)"
    )
    target.add_argument("--metric", required=True, choices=[m.value for m in Metric])
    target.add_argument("--period", required=True, choices=[k.value for k in PeriodKind])
    target.add_argument(
        "--date", required=True, type=_iso_date, help="any day of the period, YYYY-MM-DD"
    )
    what = target.add_mutually_exclusive_group(required=True)
    what.add_argument("--value", type=int, help="people, or whole đồng for amount_collected")
    what.add_argument("--clear", action="store_true", help="remove the target")
    target.add_argument("--collector", help="a collector's username (default: every collector)")

    cli_export.add_parsers(sub)
    cli_campaign.add_parsers(sub)
    cli_backup.add_parsers(sub)
    sub.add_parser(
        "rebuild-console",
        help="derive the console's figures and household search again from the records",
    )

    targets = sub.add_parser("list-targets", help="list targets (all, or what a collector reads)")
    targets.add_argument("collector", nargs="?")
    return parser


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1: {text!r}")
    return int(text)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != password:
        print("passwords differ", file=sys.stderr)
        return None
    return password


class _ConfigOverrides(TypedDict, total=False):
    """The ServerConfig fields an option was given for (they win over the environment)."""

    database_url: str
    data_dir: Path
    token_ttl_days: float


def _config_overrides(args: argparse.Namespace) -> _ConfigOverrides:
    overrides = _ConfigOverrides()
    if args.database_url is not None:
        overrides["database_url"] = args.database_url
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    if args.command == "serve" and args.token_ttl_days is not None:
        overrides["token_ttl_days"] = args.token_ttl_days
    return overrides


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = ServerConfig(**_config_overrides(args))
    except pydantic.ValidationError as exc:  # a bad VSS_SERVER_* setting: refused at start
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        print(f"vss-server: bad settings: {problems}", file=sys.stderr)
        return 2
    quiet_migrations(not args.verbose)
    if args.command == "serve" and args.workers > 1:
        return _serve_workers(args, config)
    if args.command == "serve":
        import uvicorn

        from vss_server.app import create_app

        log_config = uvicorn_log_config()
        logging.config.dictConfig(log_config)  # before create_app, so its logs are redacted too
        uvicorn.run(create_app(config), **_listen_options(args, log_config))
        return 0
    configure_cli_logging()
    if args.command == "import-template":
        return cli_import.template(args.file)
    if args.command in cli_backup.COMMANDS:  # before migrating: copies as it is, or needs empty
        return cli_backup.run(config, args)
    engine = None
    try:
        engine = server_db.create_server_engine(config.resolved_database_url())
        if args.command == "migrate":
            print(f"database at revision {prepare(engine)}")
            return 0
        upgrade(engine)  # admin commands run by hand, one at a time: they may migrate
        return _admin(args, engine)
    except admin.AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the boundary: no traceback, no personal data
        return _unexpected(exc, args.verbose)
    finally:
        if engine is not None:
            engine.dispose()


def _serve_workers(args: argparse.Namespace, config: ServerConfig) -> int:
    """`serve --workers N`: uvicorn's processes, each making the app from the environment
    (vss_server.app.create_app); none migrates, each checks the schema at start."""
    import uvicorn

    log_config = uvicorn_log_config()
    logging.config.dictConfig(log_config)
    engine = server_db.create_server_engine(config.resolved_database_url())
    try:
        check_at_head(engine)  # here first: one clear message, not one per worker
    except SchemaNotCurrent as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    # The workers read their settings where the options cannot reach them: the environment.
    os.environ.update(
        VSS_SERVER_DATABASE_URL=config.database_url,
        VSS_SERVER_DATA_DIR=str(config.data_dir),
        VSS_SERVER_TOKEN_TTL_DAYS=str(config.token_ttl_days),
        VSS_SERVER_MIGRATE_ON_START="false",
    )
    # The workers count into files here, added up by whichever answers /metrics; the
    # files of a previous run would count twice (vss_server.metrics).
    metrics_dir = config.data_dir / "metrics"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True, mode=0o700)
    os.environ[MULTIPROC_ENV] = str(metrics_dir)
    uvicorn.run(
        "vss_server.app:create_app",
        factory=True,
        workers=args.workers,
        **_listen_options(args, log_config),
    )
    return 0


def _listen_options(args: argparse.Namespace, log_config: dict[str, Any]) -> dict[str, Any]:
    """What `serve` hands uvicorn, one process or several: address, TLS, logs, proxies."""
    return {
        "host": args.host,
        "port": args.port,
        "ssl_certfile": args.ssl_certfile,
        "ssl_keyfile": args.ssl_keyfile,
        "log_config": log_config,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "timeout_keep_alive": args.keep_alive,
    }


def _unexpected(exc: Exception, verbose: bool) -> int:
    """Report an error whose message may quote personal data (a database error prints the
    statement's parameters: names, phones): its kind only; --verbose adds code locations."""
    kind = type(exc).__name__
    sqlstate = getattr(exc.orig, "sqlstate", None) if isinstance(exc, sa.exc.DBAPIError) else None
    if sqlstate:
        kind += f", SQLSTATE {sqlstate}"
    where = "database error" if isinstance(exc, sa.exc.SQLAlchemyError) else "unexpected error"
    print(
        f"error: {where} ({kind}); nothing written. The details are withheld: they may"
        " quote personal data." + ("" if verbose else " --verbose shows where it happened."),
        file=sys.stderr,
    )
    if verbose:
        log.error("%s", where, exc_info=exc)  # the CLI's formatter redacts the message
    return 1


def _admin(args: argparse.Namespace, engine: sa.Engine) -> int:
    if args.command == "rebuild-console":
        figure_cache.rebuild(engine)
        households = search_index.refresh(engine, everything=True)
        print(f"console figures and search derived again ({households} households)")
        return 0
    if args.command == "create-user":
        password = _read_password(args.password_stdin)
        if password is None:
            return 2
        user_id = admin.create_user(
            engine,
            args.username,
            password,
            args.role,
            args.full_name,
            organisation=args.organisation,
            areas=args.area,
        )
        print(f"created user {args.username} (id {user_id}, {args.role})")
    elif args.command == "set-areas":
        areas = admin.set_areas(engine, args.username, args.area)
        print(f"{args.username}: " + ("; ".join(a.label() for a in areas) or "no area"))
    elif args.command == "set-password":
        password = _read_password(args.password_stdin)
        if password is None:
            return 2
        revoked = admin.set_password(engine, args.username, password)
        print(f"password set for {args.username}; {revoked} tokens revoked")
    elif args.command in ("disable-user", "enable-user"):
        active = args.command == "enable-user"
        revoked = admin.set_active(engine, args.username, active)
        state = "enabled" if active else f"disabled; {revoked} tokens revoked"
        print(f"{args.username} {state}")
    elif args.command in ("import", "import-households"):
        return cli_import.run(engine, args)
    elif args.command == "export":
        return cli_export.run(engine, args)
    elif args.command == "campaign":
        return cli_campaign.run(engine, args)
    elif args.command == "assign":
        changed = admin.assign(engine, args.collector, args.village, args.household, args.code)
        print(f"{changed} households assigned to {args.collector or '(nobody)'}")
    elif args.command == "list-devices":
        devices = admin.list_devices(engine, args.username, include_dead=args.all)
        print(
            "username\tdevice_id\tdevice_name\tstate\tcreated\texpires\tlast_used"
            "\tapp_version\tapp_version_at"
        )
        for d in devices:
            last = d.last_used_at.isoformat(timespec="seconds") if d.last_used_at else "-"
            told = d.status_at.isoformat(timespec="seconds") if d.status_at else "-"
            print(
                f"{d.username}\t{d.device_id}\t{d.device_name}\t{d.state}\t"
                f"{d.created_at.isoformat(timespec='seconds')}\t"
                f"{d.expires_at.isoformat(timespec='seconds')}\t{last}\t"
                f"{d.app_version or '-'}\t{told}"
            )
    elif args.command == "revoke-device":
        print(f"{admin.revoke_devices(engine, args.username, args.device_id)} tokens revoked")
    elif args.command == "set-target":
        value = None if args.clear else args.value
        outcome = admin.set_target(
            engine, args.metric, args.period, args.date, value, args.collector
        )
        start = server_targets.period_start(args.period, args.date).isoformat()
        whose = args.collector or "every collector"
        state = "cleared" if outcome.cleared else "set" if outcome.set else "unchanged"
        print(f"target {state}: {args.metric} {args.period} from {start} for {whose}")
    elif args.command == "list-targets":
        print("collector\tmetric\tperiod\tstart\tvalue\tversion\tupdated_by")
        for t in admin.list_targets(engine, args.collector):
            print(
                f"{t.collector or '*'}\t{t.metric}\t{t.period_kind}\t"
                f"{t.period_start.isoformat()}\t{t.value}\t{t.version}\t{t.updated_by}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
