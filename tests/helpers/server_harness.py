"""The real server on loopback, as a subprocess the tests can stop, kill and restart."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import requests

from helpers.clocked_server import advance

POSTGRES_ENV = "VSS_TEST_POSTGRES_URL"
TESTS = Path(__file__).resolve().parents[1]  # on the server's path when it runs helpers code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(
        self,
        data_dir: Path,
        database_url: str = "",
        port: int | None = None,
        clock: bool = False,
        code: Path | None = None,
        workers: int = 1,
    ) -> None:
        """``clock``: the server runs on a clock the test moves with advance_clock();
        ``code``: a directory holding another version's packages (an older commit's), run
        instead of this tree's (first on the path, and the working directory);
        ``workers``: `serve --workers N` (run `vss-server migrate` first)."""
        self.data_dir = data_dir
        self.code = code
        self.database_url = database_url
        self.clock_file = data_dir / "clock-offset-s" if clock else None
        self.port = port or free_port()
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """Run a `vss-server` admin command against this server's database."""
        result = subprocess.run(
            [sys.executable, "-m", "vss_server", *self._db_args(), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env=self._env(),
            cwd=self.code,
        )
        if result.returncode != 0:
            raise RuntimeError(f"vss-server {args[0]} failed: {result.stderr}")
        return result.stdout

    def _env(self) -> dict[str, str]:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        if self.code:
            env["PYTHONPATH"] = str(self.code)
        return env

    def _db_args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def start(self) -> ServerProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log, "ab")  # noqa: SIM115 - owned by the child process
        env = self._env()
        command = [sys.executable, "-m", "vss_server"]
        if self.clock_file:
            command = [sys.executable, "-m", "helpers.clocked_server", str(self.clock_file)]
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [
                *command,
                *self._db_args(),
                "serve",
                "--port",
                str(self.port),
                *(["--workers", str(self.workers)] if self.workers > 1 else []),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=self.code,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    "server exited:\n" + self.log.read_text(errors="replace")[-3000:]
                )
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/api/v1/health", timeout=1).ok:
                    return self
            time.sleep(0.1)
        raise RuntimeError("server did not answer in 30 s")

    def advance_clock(self, seconds: float) -> None:
        """Move the server's clock forward (ServerProcess(clock=True)): no real time waited."""
        assert self.clock_file, "start the server with clock=True"
        advance(self.clock_file, seconds)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    admin_url = os.environ[POSTGRES_ENV]
    name = "vss_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _old = admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
