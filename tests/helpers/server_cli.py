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
