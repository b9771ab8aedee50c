"""The processes of `vss-server serve --workers N`, seen from /proc (Linux): which pids are
the workers, which of them holds devices' connections or an open database transaction,
and SIGKILL for one worker, or for the whole server at the moment a push commits
(tests/test_server_workers_crash.py).

uvicorn's parent process starts the workers with multiprocessing's spawn (plus its
resource tracker); a worker is a child whose command line runs ``spawn_main``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from helpers.server_harness import ServerProcess
from vss_server.db import FEED_LOCK_KEY

PROC = Path("/proc")
STARTED = "Application startup complete."  # uvicorn logs it once per worker, when it serves
ESTABLISHED = "01"  # the state column of /proc/net/tcp


def children(pid: int) -> list[int]:
    """Live (not zombie) child processes of ``pid``."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            # "pid (comm) state ppid ...": comm may hold spaces, so split after its ')'.
            state, ppid = stat.rpartition(")")[2].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.append(int(entry.name))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        state = (PROC / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def worker_pids(server: ServerProcess) -> list[int]:
    assert server.proc is not None, "the server is not running"
    workers = []
    for pid in children(server.proc.pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in (PROC / str(pid) / "cmdline").read_bytes():
                workers.append(pid)
    return workers


def startups(server: ServerProcess) -> int:
    """How many workers have finished starting since the log began (restarts included)."""
    return server.log.read_text(errors="replace").count(STARTED)


def wait_for_workers(server: ServerProcess, count: int, started: int, timeout: float) -> list[int]:
    """Wait until ``count`` workers run and ``started`` startups are logged; their pids."""
    deadline = time.monotonic() + timeout
    while True:
        pids = worker_pids(server)
        if len(pids) == count and startups(server) >= started:
            return pids
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{len(pids)} workers, {startups(server)} startups logged after {timeout} s"
                f" (wanted {count} and {started}):\n"
                + server.log.read_text(errors="replace")[-2000:]
            )
        time.sleep(0.05)


def _sockets(pid: int) -> set[str]:
    """Inodes of the sockets ``pid`` has open."""
    inodes = set()
    fds = PROC / str(pid) / "fd"
    with contextlib.suppress(OSError):
        for fd in fds.iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def _tcp() -> list[tuple[int, int, str, str]]:
    """(local port, remote port, state, inode) of every TCP socket on this machine."""
    rows = []
    for name in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in (PROC / "net" / name).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                rows.append(
                    (
                        int(local.rsplit(":", 1)[1], 16),
                        int(remote.rsplit(":", 1)[1], 16),
                        state,
                        inode,
                    )
                )
    return rows


def client_connections(pid: int, port: int) -> int:
    """Connections from clients that worker ``pid`` has accepted on ``port`` and holds."""
    mine = _sockets(pid)
    return sum(
        1
        for local, _remote, state, inode in _tcp()
        if local == port and state == ESTABLISHED and inode in mine
    )


def in_transaction(db: sa.Engine, pid: int, db_port: int = 5432) -> int:
    """Database transactions that worker ``pid`` has open right now (a request under way)."""
    mine = _sockets(pid)
    ports = [
        local for local, remote, _state, inode in _tcp() if remote == db_port and inode in mine
    ]
    if not ports:
        return 0
    with db.connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE client_port = ANY(:ports)"
                    " AND xact_start IS NOT NULL AND datname = current_database()"
                ),
                {"ports": ports},
            ).scalar_one()
        )


def kill_worker(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)  # uvicorn's parent reaps it; until then the pid stays its own


def _wait_gone(server: ServerProcess, pids: list[int], timeout: float) -> None:
    assert server.proc is not None
    server.proc.wait(timeout)
    server.proc = None
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids):  # the port is free once they are gone
        assert time.monotonic() < deadline, "the killed workers did not go away"
        time.sleep(0.02)


# Polls the server's database for a push's COMMIT and SIGKILLs the given pids the moment
# it sees one (or at the deadline); prints how many commits it saw. A process of its own:
# in the test process the poll would share the GIL with the laptops' threads and the
# commit would be long over before the kill.
_AT_COMMIT = """
import os, signal, sys, time
import psycopg

url, key, seconds, *pids = sys.argv[1:]
query = (  # a push: it holds the feed lock and has written to applied_op
    "SELECT count(*) FROM pg_stat_activity a WHERE a.datname = current_database()"
    " AND a.state = 'active' AND a.query ILIKE 'commit%%'"
    " AND EXISTS (SELECT FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'"
    "  AND l.granted AND l.objid = %s)"
    " AND EXISTS (SELECT FROM pg_locks l WHERE l.pid = a.pid"
    "  AND l.relation = 'applied_op'::regclass)"
)
with psycopg.connect(url, autocommit=True) as conn:
    deadline, seen = time.monotonic() + float(seconds), 0
    print("polling", flush=True)
    while not seen and time.monotonic() < deadline:
        seen = conn.execute(query, (int(key),), prepare=True).fetchone()[0]
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
print(seen, flush=True)
"""


def kill_server_at_commit(server: ServerProcess, within: float, timeout: float = 10) -> int:
    """SIGKILL the parent and every child the moment a push commits (a session running
    COMMIT while it holds the feed lock): the database keeps the ops, the app never gets
    the answer. At the latest after ``within`` seconds. How many commits were seen."""
    assert server.proc is not None, "the server is not running"
    pids = children(server.proc.pid)
    killer = subprocess.run(
        [
            sys.executable,
            "-c",
            _AT_COMMIT,
            server.database_url,
            str(FEED_LOCK_KEY),
            str(within),
            str(server.proc.pid),  # first: a dead parent starts no new worker
            *map(str, pids),
        ],
        capture_output=True,
        text=True,
        timeout=within + 30,
    )
    assert killer.returncode == 0, killer.stderr
    _wait_gone(server, pids, timeout)
    return int(killer.stdout.split()[-1])
