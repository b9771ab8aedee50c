"""A server that answers nonsense (a bug on its side, a proxy rewriting pages): the app says
so, applies nothing of the page, keeps its cursor, and its next sync asks again.

The real server never sends these, so a small HTTP server on loopback stands in for a
broken one; everything on the app's side is real (transport, engine, store).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from vss_desktop.store import Store, open_store
from vss_desktop.store.models import Household
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.retry import Backoff

GOOD_HOUSEHOLD = {
    "entity": "household",
    "id": "6f1c0a52-8a4e-4c1e-9d2f-0a6b5c4d3e21",
    "version": 7,
    "fields": {"code": "1500000099", "head_name": "Hầu A Lử", "village": "Bản Pha Long"},
}
PAGES: dict[str, Any] = {
    "no cursor": {"changes": [GOOD_HOUSEHOLD], "has_more": False},
    "a cursor that does not move": {"changes": [GOOD_HOUSEHOLD], "cursor": "c1", "has_more": True},
    "changes not a list": {"changes": {"a": 1}, "cursor": "c2", "has_more": False},
    "a change without its id": {
        "changes": [GOOD_HOUSEHOLD, {"entity": "household", "version": 8, "fields": {}}],
        "cursor": "c2",
        "has_more": False,
    },
    "a field of the wrong type": {
        "changes": [
            GOOD_HOUSEHOLD,
            {
                "entity": "person",
                "id": "0b7e3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                "version": 8,
                "fields": {
                    "household_id": GOOD_HOUSEHOLD["id"],
                    "full_name": "Hầu Thị Sua",
                    "date_of_birth": "một ngày nào đó",
                },
            },
        ],
        "cursor": "c2",
        "has_more": False,
    },
    "a member of a household that is not there": {
        "changes": [
            {
                "entity": "person",
                "id": "0b7e3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5c",
                "version": 9,
                "fields": {"household_id": "not-a-household", "full_name": "Mồ Côi"},
            }
        ],
        "cursor": "c2",
        "has_more": False,
    },
}


class BrokenServer(BaseHTTPRequestHandler):
    page: dict[str, Any] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps(self.page if "/sync/pull" in self.path else {"targets": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass  # quiet test output


@pytest.fixture
def broken_server() -> Iterator[tuple[str, type[BrokenServer]]]:
    handler = type("Handler", (BrokenServer,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def laptop(tmp_path: Path, url: str) -> Store:
    store = open_store(tmp_path / "laptop")  # nothing to push: the sync goes to the pull
    with store.write() as session:
        for key, value in ((state.SERVER_URL, url), (state.TOKEN, "t"), (state.CURSOR, "c1")):
            state.put(session, key, value)
    return store


@pytest.mark.parametrize("case", list(PAGES))
def test_a_malformed_pull_page_is_refused_whole(
    broken_server: tuple[str, type[BrokenServer]], tmp_path: Path, case: str
) -> None:
    url, handler = broken_server
    handler.page = PAGES[case]
    store = laptop(tmp_path, url)
    with store.read() as session:
        before = session.exec(sa.select(sa.func.count()).select_from(Household)).scalar_one()
    engine = SyncEngine(store, backoff=Backoff(base=0.01, cap=0.02, attempts=2))
    report = engine.sync()
    assert report.status == "error"
    assert "the server sent" in report.message
    assert "Hầu" not in report.message and "Mồ" not in report.message  # no personal data
    with store.read() as session:
        households = session.exec(sa.select(Household.head_name)).scalars().all()
        assert len(households) == before == 0  # the good change before the bad one neither
        assert state.get(session, state.CURSOR) == "c1"  # the same page is asked for again
    # The page is fixed on the server's side: the next sync applies it.
    handler.page = {"changes": [GOOD_HOUSEHOLD], "cursor": "c2", "has_more": False}
    again = engine.sync()
    assert again.status == "ok", again.message
    with store.read() as session:
        assert "Hầu A Lử" in session.exec(sa.select(Household.head_name)).scalars().all()
        assert state.get(session, state.CURSOR) == "c2"
    store.close()
