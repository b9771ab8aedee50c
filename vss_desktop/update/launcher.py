"""Apply a staged update at start, keeping the previous version to go back to.

The installed bundle is never changed (its folder may be read-only, and a running
program's files cannot be replaced on Windows). Instead, whichever bundle starts first
hands over to the newest good version under HOME/versions/ and waits for it:

- a staged version is started on trial; if it exits before it says it started
  (``mark_started``: its first window is up, or a command's code loaded), it is marked
  failed, its folder removed, and the version that ran before runs instead; if it
  started, it becomes the current one and the one before it is kept as ``previous``;
- otherwise the current version runs, judged the same way: one that stops starting
  (a broken file) gives way to the previous one.

The bundle's entry point (packaging/app/launch.py) calls ``launch`` before it imports the
app, so handing over costs a bare interpreter start.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Sequence

from vss_desktop.update.home import UpdateHome, UpdateState, newer

log = logging.getLogger(__name__)

CHAINED_ENV = "VSS_UPDATE_CHAINED"  # set for the version a launcher started: it runs itself
STARTED_ENV = "VSS_UPDATE_STARTED_FILE"  # where that version says it started


def launch(own_version: str, argv: Sequence[str], home: UpdateHome | None = None) -> int | None:
    """Run the newest good version in its own process and return its exit code, or None
    when this bundle is the one to run (nothing newer, or started by a launcher)."""
    if os.environ.get(CHAINED_ENV):
        return None
    home = home or UpdateHome.default()
    state = home.read_state()
    if _eligible(home, state, state.staged, own_version):
        trial = state.staged
        code, started = _run(home, trial, argv)
        state = home.read_state()
        state.staged = "" if state.staged == trial else state.staged
        if started:
            if state.current != trial:
                state.previous, state.current = state.current, trial
            home.write_state(state)
            home.prune(state)
            return code
        log.warning("update %s did not start (exit code %s): going back", trial, code)
        _fail(home, state, trial)
    while _eligible(home, state, state.current, own_version):
        version = state.current
        code, started = _run(home, version, argv)
        if started or code == 0:
            return code
        log.warning("version %s did not start (exit code %s): going back", version, code)
        state = home.read_state()
        state.current, state.previous = state.previous, ""
        _fail(home, state, version)
    return None


def mark_started() -> None:
    """Say that this version started (its code loaded); nothing when no launcher waits."""
    path = os.environ.get(STARTED_ENV)
    if path:
        with open(path, "w", encoding="utf-8") as marker:
            marker.write("started\n")


def _eligible(home: UpdateHome, state: UpdateState, version: str, own_version: str) -> bool:
    return (
        newer(version, own_version)
        and version not in state.failed
        and home.executable(version).is_file()
    )


def _run(home: UpdateHome, version: str, argv: Sequence[str]) -> tuple[int, bool]:
    marker = home.root / f"started-{version}"
    marker.unlink(missing_ok=True)
    env = dict(os.environ, **{CHAINED_ENV: "1", STARTED_ENV: str(marker)})
    try:
        code = subprocess.call([str(home.executable(version)), *argv], env=env)
    except OSError as exc:  # not executable, wrong platform: as good as failing to start
        log.warning("version %s could not be run: %s", version, exc)
        return 127, False
    started = marker.exists()
    marker.unlink(missing_ok=True)
    return code, started


def _fail(home: UpdateHome, state: UpdateState, version: str) -> None:
    if version not in state.failed:
        state.failed.append(version)
    home.write_state(state)
    home.drop_version(version)


def main_guarded(own_version: str) -> int | None:
    """``launch`` for a bundle's entry point: any surprise in the updater's own files
    leaves this bundle to run, never a laptop that cannot start."""
    try:
        return launch(own_version, sys.argv[1:])
    except Exception:  # noqa: BLE001 - the app must start whatever the update state is
        log.exception("update launcher failed; running the installed version")
        return None
