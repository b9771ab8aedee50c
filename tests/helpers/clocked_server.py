"""`vss-server` with a clock the tests move forward, instead of sleeping out real time.

Run as ``python -m helpers.clocked_server CLOCK_FILE ARGS...`` (ARGS as for
``vss-server``); ServerProcess(clock=True) does it. The server's clock reads the wall
clock plus the seconds written in CLOCK_FILE, and is handed to the application the way
create_app's objects are shared: ``app.state.clock`` (token expiry, vss_server.deps) and
the login limiter's own clock.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


class FileClock:
    """The wall clock plus an offset in seconds, read from a file at every call."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def offset_s(self) -> float:
        text = self.path.read_text(encoding="ascii").strip() if self.path.exists() else ""
        return float(text or 0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset_s())

    def timestamp(self) -> float:
        return self().timestamp()


def advance(path: Path, seconds: float) -> None:
    """Move the server's clock forward; the next request sees it."""
    path.write_text(str(FileClock(path).offset_s() + seconds), encoding="ascii")


def main(argv: list[str]) -> int:
    from vss_server import app as server_app
    from vss_server import cli

    clock = FileClock(Path(argv[0]))
    create_app = server_app.create_app

    def create_clocked_app(*args: Any, **kwargs: Any) -> Any:
        app = create_app(*args, **kwargs)
        app.state.clock = clock
        app.state.limiter.clock = clock.timestamp
        return app

    server_app.create_app = create_clocked_app  # cli.main imports it when it serves
    return cli.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
