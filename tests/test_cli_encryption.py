"""Headless commands on an encrypted laptop database: VSS_PASSPHRASE or a clear refusal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vss_desktop.store import services
from vss_desktop.store.unlock import unlock

PASSPHRASE = "núi cao bản xa 2026"


@pytest.fixture
def encrypted_dir(tmp_path: Path) -> Path:
    store = unlock(tmp_path, PASSPHRASE)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    store.close()
    return tmp_path


def run(data_dir: Path, *args: str, passphrase: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VSS_PASSPHRASE"}
    if passphrase is not None:
        env["VSS_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "vss_desktop", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_sync_refuses_without_the_passphrase(encrypted_dir: Path) -> None:
    before = (encrypted_dir / "vss.sqlite3").read_bytes()
    result = run(encrypted_dir, "sync")
    assert result.returncode == 6
    assert "encrypted" in result.stderr and "VSS_PASSPHRASE" in result.stderr
    assert (encrypted_dir / "vss.sqlite3").read_bytes() == before  # nothing touched

    wrong = run(encrypted_dir, "sync", passphrase="not the passphrase")
    assert wrong.returncode == 6 and "passphrase" in wrong.stderr.lower()
    assert "Lò Thị Hoa" not in wrong.stderr + wrong.stdout


def test_sync_opens_with_the_passphrase(encrypted_dir: Path) -> None:
    result = run(encrypted_dir, "sync", "--json", passphrase=PASSPHRASE)
    # No server configured yet: the sync itself says so, the database opened fine.
    assert result.returncode != 6, result.stderr
    assert '"status"' in result.stdout


def test_print_needs_the_passphrase_too(encrypted_dir: Path, tmp_path_factory) -> None:
    out = tmp_path_factory.mktemp("pdf") / "list.pdf"
    refused = run(encrypted_dir, "print", "visit-list", "--out", str(out))
    assert refused.returncode == 6 and "VSS_PASSPHRASE" in refused.stderr
    assert not out.exists()
    printed = run(encrypted_dir, "print", "visit-list", "--out", str(out), passphrase=PASSPHRASE)
    assert printed.returncode == 0, printed.stderr
    assert out.read_bytes().startswith(b"%PDF")
