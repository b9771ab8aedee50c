"""`vss-server import` of a district list (issue 13): seconds and persons/s (JSON).

Usage: python bench/bench_server_import.py [--households 15000] [--persons 50000]
                                           [--work-dir DIR] [--no-postgres]
Generates the list with tests/helpers/list_files.py (.xlsx), times reading and checking
it alone (parse_seconds), then a first import and a re-import of the unchanged file
(parsing included) on a fresh SQLite database and, when VSS_TEST_POSTGRES_URL is set, on
a fresh PostgreSQL database. Target: 15 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.list_files import TODAY, district, write_xlsx  # noqa: E402
from vss_core import admin_units  # noqa: E402
from vss_core.importing import parse_list  # noqa: E402
from vss_server import admin, list_import  # noqa: E402
from vss_server.db import create_server_engine  # noqa: E402
from vss_server.migrate import upgrade  # noqa: E402


def timed(engine: sa.Engine, path: Path) -> dict[str, object]:
    started = time.perf_counter()
    result = list_import.import_list(engine, path, today=TODAY)
    seconds = time.perf_counter() - started
    persons = sum(result.persons.values())
    assert result.written and not result.refused
    return {
        "seconds": round(seconds, 2),
        "persons_per_s": round(persons / seconds),
        "persons": dict(result.persons),
    }


def parse_seconds(path: Path) -> float:
    """Reading and checking alone (vss_core.importing), the import's first part."""
    started = time.perf_counter()
    parse_list(path, today=TODAY)
    return round(time.perf_counter() - started, 2)


def run(url: str, path: Path) -> dict[str, object]:
    engine = create_server_engine(url)
    try:
        upgrade(engine)
        for name in ("thu01", "thu02"):
            admin.create_user(engine, name, "bench-password")
        return {"first": timed(engine, path), "again": timed(engine, path)}
    finally:
        engine.dispose()


def postgres_url(base: str) -> tuple[str, sa.Engine, str]:
    """A fresh database beside ``base``'s (dropped afterwards by the caller)."""
    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    admin_engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    return url, admin_engine, name


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--households", type=int, default=15_000)
    p.add_argument("--persons", type=int, default=50_000)
    p.add_argument("--work-dir", type=Path, default=None)
    p.add_argument("--no-postgres", action="store_true")
    a = p.parse_args()
    work = a.work_dir or Path(tempfile.mkdtemp(prefix="bench-server-import-"))
    work.mkdir(parents=True, exist_ok=True)
    path = write_xlsx(work / "district.xlsx", district(a.households, a.persons))
    admin_units.preload()
    report: dict[str, object] = {"persons": a.persons, "households": a.households}
    report["parse_seconds"] = parse_seconds(path)
    report["sqlite"] = run(f"sqlite:///{work / f'bench-{uuid.uuid4().hex[:8]}.db'}", path)
    base = os.environ.get("VSS_TEST_POSTGRES_URL")
    if base and not a.no_postgres:
        url, admin_engine, name = postgres_url(base)
        try:
            report["postgresql"] = run(url, path)
        finally:
            with admin_engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin_engine.dispose()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
