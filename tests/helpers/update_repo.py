"""A signed update repository made by packaging/app/publish_update.py (tufup), and tiny
stand-in bundles to publish in it (tests/test_updates.py, tests/test_update_download.py;
the real PyInstaller bundle is published the same way in tests/test_bundle.py)."""

from __future__ import annotations

import json
import random
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLISH = ROOT / "packaging" / "app" / "publish_update.py"
PAYLOAD = random.Random(16).randbytes(24_000)  # incompressible: the archive stays ~24 KB

PROGRAM = """#!{python}
import sys
from vss_desktop.update import launcher

VERSION = "{version}"
handed_over = launcher.launch(VERSION, sys.argv[1:])
if handed_over is not None:
    sys.exit(handed_over)
{failure}launcher.mark_started()
print("running", VERSION)
"""


def make_bundle(folder: Path, version: str, broken: bool = False) -> Path:
    """A bundle folder: the program (a Python script running the same launcher code as the
    real bundle's entry point, packaging/app/launch.py), a version file and a payload that
    changes a little from version to version (as a real bundle's files mostly stay the same)."""
    folder.mkdir(parents=True)
    program = folder / "vss-desktop"
    failure = "raise SystemExit(3)  # a broken update: fails before it starts\n" if broken else ""
    program.write_text(PROGRAM.format(python=sys.executable, version=version, failure=failure))
    program.chmod(0o755)
    (folder / "VERSION").write_text(version)
    (folder / "payload.bin").write_bytes(PAYLOAD[:-100] + version.encode() * 20)
    return folder


def init_repo(base: Path) -> Path:
    """An empty signed repository at BASE/repo, its keys at BASE/keys (the script's `init`)."""
    repo, keys = base / "repo", base / "keys"
    out = subprocess.run(
        [sys.executable, str(PUBLISH), "init", "--repo", str(repo), "--keys", str(keys)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=base,
        check=True,
    )
    assert json.loads(out.stdout)["targets"] == {}
    assert (repo / "metadata" / "root.json").is_file()
    assert not list(base.glob(".tufup*")), "tufup left its config file behind"
    return repo


def publish(repo: Path, bundle: Path, version: str, patch: bool = True) -> dict[str, int]:
    """Add BUNDLE as VERSION (the script's `add`, keys beside the repository): the
    repository's targets and their sizes."""
    add = runpy.run_path(str(PUBLISH))["add"]
    return add(bundle, version, repo, repo.parent / "keys", patch, False)["targets"]


def tamper(repo: Path, version: str) -> bytes:
    """Flip one byte in the middle of VERSION's archive (same length: its hash is no longer
    the signed one); the good bytes, to put back."""
    archive = repo / "targets" / f"vss-desktop-{version}.tar.gz"
    good = archive.read_bytes()
    middle = len(good) // 2
    archive.write_bytes(good[:middle] + bytes([good[middle] ^ 0xFF]) + good[middle + 1 :])
    return good
