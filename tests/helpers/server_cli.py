"""`vss-server ARGS` run in the test's own process, for tests of the server's commands."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from helpers.server_harness import ServerProcess
from vss_server import cli

Run = Callable[..., tuple[int, str, str]]  # (server, *args) -> (exit code, stdout, stderr)


def cli_runner(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    """Yield a caller of the CLI; restore the logging it configures for itself after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    alembic_level = logging.getLogger("alembic").level

    def call(server: ServerProcess, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([*server._db_args(), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield call
    root.handlers[:], root.level = handlers, level
    logging.getLogger("alembic").setLevel(alembic_level)


def add_users(server: ServerProcess, *names: str) -> None:
    """Collector accounts on the server's database (migrated first)."""
    from helpers.sync_helpers import PASSWORD, server_engine
    from vss_server import admin
    from vss_server.migrate import upgrade

    engine = server_engine(server)
    try:
        upgrade(engine)
        for name in names:
            admin.create_user(engine, name, PASSWORD)
    finally:
        engine.dispose()


def feed_head(server: ServerProcess) -> tuple[int, int]:
    """The change feed's last sequence and its length."""
    import sqlalchemy as sa

    from helpers.sync_helpers import server_engine

    engine = server_engine(server)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT max(seq), count(*) FROM change_feed")).one()
            return int(row[0] or 0), int(row[1])
    finally:
        engine.dispose()
