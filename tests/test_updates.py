"""Updates over the slow link (issue 16 §3, docs/updates.md): a signed repository made by
packaging/app/publish_update.py (tufup), served by the real server under /api/v1/updates/,
downloaded by vss_desktop.update through the 64 kbit/s proxy with the download cut midway,
verified, staged, applied at the next start by the launcher, and rolled back when the new
version fails to start. The "bundles" are tiny folders whose program is a Python script
that runs the same launcher code as the real bundle's entry point (packaging/app/launch.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from helpers.fault_proxy import Fault, FaultProxy, Kind, Planned
from helpers.server_harness import ServerProcess
from helpers.update_repo import init_repo, make_bundle, publish, tamper
from vss_desktop.update.client import check_and_stage
from vss_desktop.update.home import HOME_ENV, UpdateHome
from vss_server.updates import served_file

RATE = 8000  # 64 kbit/s, each way


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty signed repository (keys and root made by the script's `init`)."""
    return init_repo(tmp_path)


@pytest.fixture
def server(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VSS_SERVER_UPDATES_DIR", str(repo))
    proc = ServerProcess(tmp_path / "server").start()
    yield proc
    proc.stop()


def start(install: Path, home: UpdateHome) -> str:
    """Start the installed bundle as a collector would; what ran."""
    env = dict(os.environ, **{HOME_ENV: str(home.root)})
    result = subprocess.run(
        [str(install / "vss-desktop")], capture_output=True, text=True, timeout=30, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_v1_updates_itself_over_the_slow_link_cut_midway_and_a_broken_v3_rolls_back(
    tmp_path: Path, repo: Path, server: ServerProcess
) -> None:
    publish(repo, make_bundle(tmp_path / "build" / "1", "1.0.0"), "1.0.0")
    files = publish(repo, make_bundle(tmp_path / "build" / "2", "2.0.0"), "2.0.0")
    archive = files["vss-desktop-2.0.0.tar.gz"]
    install = make_bundle(tmp_path / "installed", "1.0.0")
    home = UpdateHome(tmp_path / "home")
    trusted_root = repo / "metadata" / "root.json"  # what the bundle carries
    assert start(install, home) == "running 1.0.0"

    # The link drops midway through the archive, and stays down for the retry that
    # follows at once: this attempt gives up, the part file stays.
    link_drops = Planned(
        Fault(Kind.CUT_RESPONSE, at=archive // 2),
        Fault(Kind.CUT_BEFORE_RESPONSE),
        match=lambda ex: ex.path.endswith(".tar.gz"),
    )
    with FaultProxy(server.port, policy=link_drops, rate=RATE, latency=0.3) as proxy:
        cut = check_and_stage(proxy.url, "1.0.0", trusted_root, home, attempts=1)
        assert cut.status == "unreachable" and cut.version == "2.0.0"
        (part,) = home.downloads_dir.iterdir()
        kept = part.stat().st_size
        assert 0 < kept < archive
        assert start(install, home) == "running 1.0.0"  # nothing staged yet
        first_wire = proxy.transferred
        # The next attempt (a later sync) asks only for the rest.
        done = check_and_stage(proxy.url, "1.0.0", trusted_root, home)
        full_wire = proxy.transferred
    assert proxy.events, "the cut never happened"
    assert (done.status, done.version, done.patch, done.resumed) == ("staged", "2.0.0", False, 1)
    # metadata again (a few KB) and the archive's remainder, not the archive again
    assert done.received < archive - kept + 8_000
    assert not part.exists()
    assert home.read_state().staged == "2.0.0"

    # The next start runs v2, and keeps v1 (the installed bundle) to go back to.
    assert start(install, home) == "running 2.0.0"
    state = home.read_state()
    assert (state.current, state.previous, state.staged) == ("2.0.0", "", "")
    assert start(install, home) == "running 2.0.0"

    # v3 comes as a patch of v2's archive (kept from the last download); it is broken.
    files = publish(repo, make_bundle(tmp_path / "build" / "3", "3.0.0", broken=True), "3.0.0")
    with FaultProxy(server.port, rate=RATE, latency=0.3) as proxy:
        patched = check_and_stage(proxy.url, "2.0.0", trusted_root, home)
        patch_wire = proxy.transferred
    assert (patched.status, patched.version, patched.patch) == ("staged", "3.0.0", True)
    assert patched.received < files["vss-desktop-3.0.0.tar.gz"] // 2
    # v3 exits before it says it started: the launcher goes back to v2, and for good.
    assert start(install, home) == "running 2.0.0"
    state = home.read_state()
    assert (state.current, state.staged, state.failed) == ("2.0.0", "", ["3.0.0"])
    assert not home.version_dir("3.0.0").exists()
    assert start(install, home) == "running 2.0.0"
    again = check_and_stage(server.url, "2.0.0", trusted_root, home)
    assert again.status == "up_to_date"
    print(
        json.dumps(
            {
                "archive_bytes": archive,
                "wire_full_update_cut_then_resumed": full_wire,
                "wire_first_attempt_until_cut": first_wire,
                "patch_bytes": files["vss-desktop-3.0.0.patch"],
                "wire_patch_update": patch_wire,
            }
        )
    )


def test_a_tampered_package_is_refused_and_v1_keeps_running(
    tmp_path: Path, repo: Path, server: ServerProcess
) -> None:
    publish(repo, make_bundle(tmp_path / "build" / "1", "1.0.0"), "1.0.0")
    publish(repo, make_bundle(tmp_path / "build" / "2", "2.0.0"), "2.0.0")
    install = make_bundle(tmp_path / "installed", "1.0.0")
    trusted_root = repo / "metadata" / "root.json"

    # The archive changed on the server (same length): its hash is not the signed one.
    archive = repo / "targets" / "vss-desktop-2.0.0.tar.gz"
    good = tamper(repo, "2.0.0")
    middle = len(good) // 2
    home = UpdateHome(tmp_path / "home")
    refused = check_and_stage(server.url, "1.0.0", trusted_root, home)
    assert (refused.status, refused.version) == ("refused", "2.0.0")
    assert refused.reason == "LengthOrHashMismatchError"
    assert home.read_state().staged == ""
    assert not (home.root / "versions").exists()
    assert not list(home.downloads_dir.iterdir())  # a refused download is not resumed
    assert start(install, home) == "running 1.0.0"

    # Metadata changed without the keys (a longer archive announced): refused too.
    archive.write_bytes(good)
    targets = repo / "metadata" / "targets.json"
    signed = json.loads(targets.read_text())
    signed["signed"]["targets"]["vss-desktop-2.0.0.tar.gz"]["length"] += 1
    targets.write_text(json.dumps(signed))
    home = UpdateHome(tmp_path / "home2")
    forged = check_and_stage(server.url, "1.0.0", trusted_root, home)
    assert forged.status == "refused"
    assert home.read_state().staged == ""
    assert start(install, home) == "running 1.0.0"

    # Only the repository's two folders are served, and Range works on the archive.
    url = server.url + "/api/v1/updates/"
    assert requests.get(url + "metadata/root.json", timeout=5).status_code == 200
    for bad in ("keys/root", "targets/%2e%2e/metadata/root.json", "metadata", "targets/"):
        assert requests.get(url + bad, timeout=5).status_code == 404, bad
    tail = requests.get(
        url + "targets/vss-desktop-2.0.0.tar.gz",
        headers={"Range": f"bytes={middle}-", "Accept-Encoding": "identity"},
        timeout=5,
    )
    assert tail.status_code == 206 and tail.content == good[middle:]


def test_served_files_stay_inside_the_repository(tmp_path: Path) -> None:
    for folder in ("metadata", "targets", "keys"):
        (tmp_path / folder).mkdir()
    (tmp_path / "metadata" / "root.json").write_text("{}")
    (tmp_path / "metadata" / ".root.json.swp").write_text("{}")
    (tmp_path / "keys" / "root").write_text("secret")
    (tmp_path / "targets" / "link").symlink_to(tmp_path / "keys" / "root")
    assert served_file(tmp_path, "metadata/root.json") == tmp_path / "metadata" / "root.json"
    for bad in (
        "keys/root",
        "metadata/../keys/root",
        "targets/link",
        "metadata/.root.json.swp",
        "metadata",
        "metadata/",
        "metadata/missing.json",
    ):
        assert served_file(tmp_path, bad) is None, bad


def test_the_update_command_from_source_says_it_cannot_update(tmp_path: Path) -> None:
    """Only a bundle carries the root of trust; run from source the command refuses."""
    done = subprocess.run(
        [sys.executable, "-m", "vss_desktop", "update", "--server", "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 5
    assert "cannot update itself" in done.stderr and not done.stdout
