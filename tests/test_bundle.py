"""The PyInstaller bundle runs without Python (issue 16 §1, docs/packaging.md).

Built once per session with packaging/app/build.py (about a minute on two cores), then
copied to a fresh folder and run with a bare environment: no Python or venv on PATH (PATH is
an empty folder), no PYTHONPATH or VIRTUAL_ENV, the working directory outside the checkout.
Skipped when PyInstaller (the `bundle` extra) is not installed. ``VSS_BUNDLE_DIR`` names an
already built folder to test instead of building one; ``VSS_BUNDLE_SCREENSHOT`` a PNG path
to keep the window's screenshot (docs/screenshots/bundle-window.png is made so).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.pdf import needs_poppler, page_texts
from helpers.xscreen import XVFB, lit, type_keys, xtest_available, xvfb

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "packaging" / "app" / "build.py"
PASSPHRASE = "rice-terrace-2026"  # letters, digits and '-': typed through XTEST below
LIMIT_BYTES = 150_000_000  # issue 16: at most 150 MB
NOT_INSIDE = ("vss_server", "fastapi", "starlette", "uvicorn", "psycopg", "pytest", "tkinter")
NOT_INSIDE_QT = ("QtNetwork", "QtQml", "QtQuick", "QtOpenGL", "QtSvg", "WaylandClient")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="the bundle test runs on Linux"
    ),
]


@pytest.fixture(scope="session")
def built_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("VSS_BUNDLE_DIR")
    if given:
        return Path(given)
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed (pip install -e ".[bundle]")')
    out = tmp_path_factory.mktemp("bundle-build")
    subprocess.run(
        [sys.executable, str(BUILD), "--dist", str(out / "dist"), "--work", str(out / "work")],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return out / "dist" / "vss-desktop"


@pytest.fixture(scope="module")
def bundle(built_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder as a user gets it: copied somewhere else, nothing of the build around."""
    fresh = tmp_path_factory.mktemp("installed") / "VSS Desktop"
    shutil.copytree(built_bundle, fresh, symlinks=True)
    return fresh


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment with no Python: PATH is an empty folder, nothing of the venv."""
    base = tmp_path_factory.mktemp("bare")
    (base / "bin").mkdir()
    (base / "home").mkdir()
    env = {"HOME": str(base / "home"), "PATH": str(base / "bin"), "LANG": "C.UTF-8"}
    assert shutil.which("python3", path=env["PATH"]) is None
    assert shutil.which("python", path=env["PATH"]) is None
    return env


def run_bundle(
    bundle: Path, env: dict[str, str], *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "vss-desktop"), *args],
        env=env,
        cwd=env["HOME"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def demo_dir(bundle: Path, bare: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder the bundle itself set up: an encrypted database with the demo commune,
    through the window's first start (offscreen, the passphrase from VSS_PASSPHRASE, and
    the app's startup probe that quits once the lists show their rows)."""
    data = tmp_path_factory.mktemp("data")
    env = bare | {
        "QT_QPA_PLATFORM": "offscreen",
        "VSS_PASSPHRASE": PASSPHRASE,
        "VSS_STARTUP_PROBE": "1",
    }
    done = run_bundle(bundle, env, "--data-dir", str(data), "--demo", timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["rows"] > 100  # the demo commune's households, listed
    assert "new encrypted database" in done.stderr
    return data


def test_the_folder_is_small_and_holds_the_app_but_not_the_server(bundle: Path) -> None:
    readers = pytest.importorskip("PyInstaller.archive.readers")
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    assert size <= LIMIT_BYTES, f"{size / 1e6:.1f} MB"
    inside = bundle / "_internal" / "vss_desktop" / "resources"
    for resource in (
        "translations/vss_vi.qm",
        "translations/qtbase_vi.qm",
        "fonts/NotoSans-Regular.ttf",
        "rules/contribution_rules.json",
        "admin_units/communes.json.gz",
    ):
        assert (inside / resource).is_file(), resource
    names = {p.name for p in files}
    assert not [n for n in names if any(part in n for part in NOT_INSIDE_QT)]
    modules = set(
        readers.CArchiveReader(str(bundle / "vss-desktop")).open_embedded_archive("PYZ.pyz").toc
    )
    tops = {name.split(".")[0] for name in modules}
    assert {"vss_core", "vss_desktop", "PySide6", "sqlcipher3", "alembic"} <= tops
    assert not tops & set(NOT_INSIDE), tops & set(NOT_INSIDE)


def test_calc_gives_the_figures_of_the_source_app(bundle: Path, bare: dict[str, str]) -> None:
    args = ["calc", "bhyt-household", "--members", "3", "--months", "12", "--json"]
    frozen = run_bundle(bundle, bare, *args)
    assert frozen.returncode == 0, frozen.stderr
    source = subprocess.run(
        [sys.executable, "-m", "vss_desktop", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(frozen.stdout) == json.loads(source.stdout)
    assert json.loads(frozen.stdout)["total"] > 0


@needs_poppler
def test_unlocks_loads_the_demo_and_prints_a_visit_list(
    bundle: Path, bare: dict[str, str], demo_dir: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "thăm hộ.pdf"
    env = bare | {"QT_QPA_PLATFORM": "offscreen", "VSS_PASSPHRASE": PASSPHRASE}
    done = run_bundle(
        bundle, env, "print", "visit-list", "--data-dir", str(demo_dir), "--out", str(pdf)
    )
    assert done.returncode == 0, done.stderr
    first = page_texts(pdf)[0]
    assert "Danh sách hộ cần thăm" in first  # Vietnamese, diacritics and all
    assert "Mường Khương" in first
    wrong = run_bundle(
        bundle,
        env | {"VSS_PASSPHRASE": "not-the-passphrase"},
        "print", "visit-list", "--data-dir", str(demo_dir), "--out", str(tmp_path / "no.pdf"),
    )  # fmt: skip
    assert wrong.returncode != 0 and "wrong passphrase" in wrong.stderr
    assert not (tmp_path / "no.pdf").exists()


@pytest.mark.skipif(not XVFB, reason="Xvfb is not installed")
@pytest.mark.skipif(not xtest_available(), reason="libXtst (XTEST) is not installed")
def test_the_window_opens_on_a_real_x_screen_after_typing_the_passphrase(
    bundle: Path, bare: dict[str, str], demo_dir: Path, tmp_path: Path
) -> None:
    with xvfb(tmp_path) as screen:
        app = subprocess.Popen(
            [str(bundle / "vss-desktop"), "--data-dir", str(demo_dir)],
            env=bare | {"DISPLAY": screen.display},  # xcb, no passphrase in the environment
            cwd=bare["HOME"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            # The process is the bundle's own binary: no Python interpreter anywhere.
            assert Path(f"/proc/{app.pid}/exe").resolve() == (bundle / "vss-desktop").resolve()
            dialog = screen.wait_until_still()  # the unlock dialog, alone on a black screen
            assert lit(dialog) < 0.5
            kept = os.environ.get("VSS_BUNDLE_SCREENSHOT")
            if kept:
                screen.save_png(Path(kept).with_name("bundle-unlock.png"))
            type_keys(screen.display, PASSPHRASE, then="Return")
            window = screen.wait_until_still(unlike=dialog, quiet=2.0, timeout=60)
            assert lit(window) > 0.8  # the main window, opened at (nearly) the screen's size
            assert app.poll() is None, "the app quit"
            if kept:
                screen.save_png(Path(kept))
        finally:
            app.terminate()
            output = app.communicate(timeout=20)[0].decode(errors="replace")
    assert "wrong passphrase" not in output
