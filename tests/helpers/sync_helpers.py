"""Building blocks for sync tests: users and households on the server, apps beside it."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from helpers.server_harness import ServerProcess
from vss_desktop.store import Store, open_store
from vss_desktop.store.models import ENTITIES
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.retry import Backoff

PASSWORD = "mật-khẩu-2026"
VILLAGES = ("Bản Pha Long", "Thôn Nà Hẩu")


def server_engine(server: ServerProcess) -> sa.Engine:
    from vss_server.config import ServerConfig
    from vss_server.db import create_server_engine

    config = ServerConfig(database_url=server.database_url, data_dir=server.data_dir)
    return create_server_engine(config.resolved_database_url())


def seed_server(server: ServerProcess, tmp_path: Path, households: int = 6) -> None:
    """Two collectors; households split between them by village.

    Uses the admin functions behind `vss-server` in-process (test_server_cli runs the
    commands themselves); a subprocess per command would triple these tests' time.
    """
    from vss_server import admin

    engine = server_engine(server)
    for user in ("thu.lt", "nam.vh"):
        admin.create_user(engine, user, PASSWORD)
    admin.create_user(engine, "giamsat", PASSWORD, role="supervisor")
    path = tmp_path / "households.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "head_name", "village", "house_number", "phone"])
        for i in range(households):
            writer.writerow(
                [f"15000000{i:02d}", f"Nguyễn Văn Hộ {i}", VILLAGES[i % 2], str(i + 1), ""]
            )
    admin.import_households(engine, path)
    admin.assign(engine, "thu.lt", villages=[VILLAGES[0]])
    admin.assign(engine, "nam.vh", villages=[VILLAGES[1]])
    engine.dispose()


def fast_backoff(attempts: int = 4) -> Backoff:
    return Backoff(base=0.01, cap=0.05, attempts=attempts)


def app(
    tmp_path: Path, name: str, server: ServerProcess, user: str = "thu.lt"
) -> tuple[Store, SyncEngine]:
    store = open_store(tmp_path / name)
    engine = SyncEngine(store, backoff=fast_backoff())
    engine.login(server.url, user, PASSWORD)
    return store, engine


def api_login(server: ServerProcess, user: str, device: str = "test-device-0001") -> dict[str, str]:
    answer = requests.post(
        server.url + "/api/v1/auth/login",
        json={"username": user, "password": PASSWORD, "device_id": device},
        timeout=10,
    )
    answer.raise_for_status()
    return {"Authorization": "Bearer " + answer.json()["token"]}


def server_rows(server: ServerProcess, entity: str) -> list[dict[str, Any]]:
    """Rows of a server table, read straight from its database."""
    engine = server_engine(server)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM {entity}"))]
    finally:
        engine.dispose()


def local_rows(store: Store, entity: str) -> dict[str, Any]:
    model = ENTITIES[entity]
    with store.read() as session:
        return {r.id: r for r in session.exec(sa.select(model)).scalars()}


def snapshot(row: Any, names: list[str]) -> dict[str, Any]:
    def norm(v: Any) -> Any:
        if hasattr(v, "isoformat"):
            return v.isoformat()[:19]
        return v

    get = row.get if isinstance(row, dict) else lambda n: getattr(row, n)
    return {n: norm(get(n)) for n in names}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
