"""When a version the update launcher runs says it started (docs/updates.md), through the
bundle's real entry point (packaging/app/launch.py) run from source: a command once its
code has loaded, the window once its first window is up. A version that says nothing
before it exits is rolled back (tests/test_updates.py), so a version whose window cannot
come up must not say it started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from vss_desktop.store import services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import KdfParams
from vss_desktop.update.launcher import CHAINED_ENV, STARTED_ENV

ENTRY = Path(__file__).resolve().parents[1] / "packaging" / "app" / "launch.py"
PASSPHRASE = "núi cao bản xa 2026"
FAST = KdfParams(n=2**12)


def run_entry(tmp_path: Path, *args: str, **env: str) -> tuple[subprocess.CompletedProcess, bool]:
    """Run the entry point as a launcher runs a version on trial; whether it said it started."""
    marker = tmp_path / "started-marker"
    marker.unlink(missing_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "VSS_PASSPHRASE"}
    environment.update({CHAINED_ENV: "1", STARTED_ENV: str(marker)}, **env)
    result = subprocess.run(
        [sys.executable, str(ENTRY), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=180,
    )
    return result, marker.exists()


def test_a_command_has_started_once_its_code_has_loaded(tmp_path: Path) -> None:
    result, started = run_entry(tmp_path, "--version")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip()  # the version
    assert started


def test_the_window_has_started_once_it_is_up(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = unlocking.unlock(data, PASSPHRASE, kdf=FAST)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    store.close()
    result, started = run_entry(
        tmp_path,
        "--data-dir",
        str(data),
        VSS_PASSPHRASE=PASSPHRASE,
        QT_QPA_PLATFORM="offscreen",
        VSS_STARTUP_PROBE="1",  # the window quits once its first rows show
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"rows": 1' in result.stdout  # the window was up, with the household
    assert started


def test_a_window_that_cannot_come_up_has_not_started(tmp_path: Path) -> None:
    """Qt cannot load its platform plugin: the code loaded, but no window came up. Such a
    version used to say it started, and a launcher would have kept it for good."""
    result, started = run_entry(
        tmp_path,
        "--data-dir",
        str(tmp_path / "data"),
        QT_QPA_PLATFORM="no-such-platform",
    )
    assert result.returncode != 0
    assert "no-such-platform" in result.stderr  # Qt's own message names it
    assert not started
