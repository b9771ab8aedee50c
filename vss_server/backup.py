"""Backups of the server database and the restore that goes with them.

- PostgreSQL: ``pg_dump --format=custom`` of the server's database; restored with
  ``pg_restore`` into an empty database.
- SQLite: the sqlite3 online backup API, a consistent copy while the server runs;
  restored by copying it into place while the server is stopped.

A backup is written to a temporary file beside the target and renamed over it once
complete, so a failure never leaves a partial file under the target's name. The
password of a PostgreSQL URL is handed to the tools in ``PGPASSWORD``, never on their
command line (which every user of the machine can read in the process list).

After a restore the database is **marked restored**: it gets a new epoch, so every
laptop's pull cursor answers 410 and each app checks what the server lost and sends it
again (docs/sync-protocol.md, "Server restored from a backup").
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from vss_server import db as server_db

# pg_dump and pg_restore of a small district database take seconds; a province's, minutes.
TOOL_TIMEOUT_S = 6 * 3600


class BackupError(Exception):
    """A backup or restore that could not be done; nothing was written."""


@dataclass(frozen=True)
class Target:
    """Where the server's data lives: a PostgreSQL URL or a SQLite file."""

    url: sa.URL

    @classmethod
    def parse(cls, database_url: str) -> Target:
        try:
            url = sa.make_url(database_url)
        except sa.exc.ArgumentError as exc:
            raise BackupError("the database URL is not a URL") from exc
        if url.get_backend_name() not in ("postgresql", "sqlite"):
            raise BackupError(
                f"backups support PostgreSQL and SQLite, not {url.get_backend_name()}"
            )
        if url.get_backend_name() == "sqlite" and not url.database:
            raise BackupError("an in-memory SQLite database cannot be backed up")
        return cls(url)

    @property
    def postgres(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def sqlite_path(self) -> Path:
        assert self.url.database
        return Path(self.url.database)

    def libpq(self) -> tuple[str, dict[str, str]]:
        """(a libpq connection URI without the password, the tools' environment)."""
        env = dict(os.environ)
        if self.url.password is not None:
            env["PGPASSWORD"] = str(self.url.password)
        u = self.url  # URL.set ignores None: build it anew, without the password
        plain = sa.URL.create(
            "postgresql", u.username, None, u.host, u.port, u.database, dict(u.query)
        )
        return plain.render_as_string(hide_password=False), env


# --- backup ------------------------------------------------------------------------------


def backup(database_url: str, out: Path) -> int:
    """Write a backup of the database to ``out`` (replacing it whole); returns its size."""
    target = Target.parse(database_url)
    out = out.expanduser()
    if not out.parent.is_dir():
        raise BackupError(f"no such folder: {out.parent}")
    with _temporary_beside(out) as part:
        if target.postgres:
            _pg_dump(target, part)
        else:
            _sqlite_copy(target.sqlite_path, part)
        _fsync(part)
        os.replace(part, out)
    _fsync_dir(out.parent)
    return out.stat().st_size


@contextlib.contextmanager
def _temporary_beside(out: Path) -> Iterator[Path]:
    """A temporary file in ``out``'s folder (so the rename is atomic), removed on failure."""
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    part = Path(name)
    try:
        yield part
    finally:
        part.unlink(missing_ok=True)  # already renamed when all went well


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools of the server's major"
            " version (Debian: postgresql-client)"
        )
    return path


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} did not finish in {TOOL_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        # The tools' messages name objects and connections, not rows: safe to show.
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        why = lines[-1] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{what} failed: {why}")


def _pg_dump(target: Target, part: Path) -> None:
    dbname, env = target.libpq()
    command = [_tool("pg_dump"), "--format=custom", "--no-password", f"--file={part}"]
    _run([*command, f"--dbname={dbname}"], env, "pg_dump")


def _sqlite_copy(source: Path, part: Path) -> None:
    """A consistent copy through the online backup API (a running server's writes wait
    for each step, or the copy restarts: either way it is one moment's database)."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite copy failed: {exc}") from exc
    finally:
        src.close()


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- restore -----------------------------------------------------------------------------


def restore(database_url: str, source: Path) -> None:
    """Restore a backup into an empty database, then mark it restored.

    Refuses a database that holds any table: a restore never overwrites data. PostgreSQL:
    create the empty database first (``createdb -O vss vss``); SQLite: stop the server and
    move the damaged file away first.
    """
    target = Target.parse(database_url)
    source = source.expanduser()
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if target.postgres:
        _refuse_non_empty_postgres(target)
        dbname, env = target.libpq()
        command = [
            _tool("pg_restore"),
            "--no-password",
            "--no-owner",  # the tables belong to whoever restores (the server's role)
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",  # all or nothing
            f"--dbname={dbname}",
            str(source),
        ]
        _run(command, env, "pg_restore")
    else:
        _sqlite_restore(target.sqlite_path, source)
    mark_restored(database_url)


def _refuse_non_empty_postgres(target: Target) -> None:
    engine = server_db.create_server_engine(target.url.render_as_string(hide_password=False))
    try:
        try:
            tables = sa.inspect(engine).get_table_names()
        except sa.exc.OperationalError as exc:
            raise BackupError("cannot connect to the database (create it empty first)") from exc
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables): restore only into an empty database"
        )


def _sqlite_tables(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return [row[0] for row in rows]
    finally:
        conn.close()


def _sqlite_restore(target: Path, source: Path) -> None:
    try:
        if "server_meta" not in _sqlite_tables(source):
            raise BackupError(f"{source} is not a backup of a VSS server database")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a SQLite database") from exc
    if target.exists() and target.stat().st_size > 0 and _sqlite_tables(target):
        raise BackupError(
            f"the database {target} is not empty: stop the server and move it away first"
        )
    for extra in ("-wal", "-shm"):  # a stale log beside the new file would be replayed on it
        sidecar = target.with_name(target.name + extra)
        if sidecar.exists() and sidecar.stat().st_size > 0:
            raise BackupError(f"{sidecar} is left from the old database: move it away first")
        sidecar.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_beside(target) as part:
        _sqlite_copy(source, part)
        _fsync(part)
        os.replace(part, target)
    _fsync_dir(target.parent)


# More changes than a province makes between a backup and a restore; 2^63 leaves room
# for billions of restores.
VERSION_JUMP = 1_000_000_000


def _jump_feed(conn: sa.Connection, postgres: bool) -> None:
    """The next feed sequence number: ``VERSION_JUMP`` above the last one handed out."""
    if postgres:
        conn.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('change_feed', 'seq'),"
                " nextval(pg_get_serial_sequence('change_feed', 'seq')) + :j)"
            ),
            {"j": VERSION_JUMP},
        )
        return
    # AUTOINCREMENT keeps the last number in sqlite_sequence (no row: none handed out yet).
    moved = conn.execute(
        sa.text("UPDATE sqlite_sequence SET seq = seq + :j WHERE name = 'change_feed'"),
        {"j": VERSION_JUMP},
    )
    if not moved.rowcount:
        conn.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('change_feed', :j)"),
            {"j": VERSION_JUMP},
        )


def mark_restored(database_url: str) -> str:
    """Give a restored database a new epoch and move its feed's sequence on; returns the
    epoch. One transaction.

    Every cursor the apps hold then answers 410: each app checks which of its changes the
    server lost (they were pushed after the backup) and sends them again, then pulls its
    scope whole. Without it, a cursor that the restored feed has grown past again would
    be taken as valid and skip every change in between.

    The sequence jumps by ``VERSION_JUMP``: record versions handed out after the restore
    are above any the forgotten timeline gave (laptops still hold those, as versions and
    as the ``base_version`` of ops they resend), so one version never names two states
    of a record, and a resent op's base version never hides a newer change from the
    conflict rule.
    """
    target = Target.parse(database_url)
    if not target.postgres and not target.sqlite_path.is_file():
        raise BackupError(f"no database at {target.sqlite_path}")  # opening would create one
    engine = server_db.create_server_engine(target.url.render_as_string(hide_password=False))
    epoch = secrets.token_hex(8)
    try:
        with server_db.write_session(engine) as session:
            found = session.execute(
                sa.text("UPDATE server_meta SET value = :v WHERE key = 'epoch'"), {"v": epoch}
            )
            if getattr(found, "rowcount", 0) != 1:
                raise BackupError("not a VSS server database (no epoch): nothing changed")
            _jump_feed(session.connection(), server_db.is_postgres(engine))
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
        raise BackupError("cannot open the database, or it holds no server tables") from exc
    finally:
        engine.dispose()
    return epoch
