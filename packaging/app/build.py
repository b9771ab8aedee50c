"""Build the app bundle: one folder that runs without Python (docs/packaging.md).

    python packaging/app/build.py [--dist DIR] [--work DIR] [--trusted-root ROOT_JSON]

Run it with the Python of an environment that has the app and the `bundle` extra
(`pip install -e ".[bundle]"`). It compiles the translations (.ts -> .qm, as the wheel build
does), runs PyInstaller on vss-desktop.spec, then prints the folder's size and file count
as JSON. The result is DIST/vss-desktop/ (default: dist/vss-desktop/ in the checkout).
"""

from __future__ import annotations

import argparse
import json
import runpy
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SPEC = HERE / "vss-desktop.spec"
TRUSTED_ROOT = "update-root.json"  # vss_desktop.update.home.TRUSTED_ROOT


def folder_figures(folder: Path) -> dict[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def build(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise SystemExit('PyInstaller is not installed: pip install -e ".[bundle]"') from None
    # hatch_build.compile_translations: the one place that runs lrelease.
    runpy.run_path(str(ROOT / "hatch_build.py"))["compile_translations"](ROOT)
    pyinstaller.run(
        [
            str(SPEC),
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={dist}",
            f"--workpath={work}",
        ]
    )
    return dist / "vss-desktop"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bundle")
    parser.add_argument(
        "--trusted-root",
        type=Path,
        help="the update repository's metadata/root.json, put in the bundle as"
        " update-root.json: the key the app checks updates against (docs/updates.md)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    folder = build(args.dist.resolve(), args.work.resolve())
    if args.trusted_root:
        shutil.copyfile(args.trusted_root, folder / TRUSTED_ROOT)
    report = {
        "folder": str(folder),
        "seconds": round(time.monotonic() - started, 1),
        **folder_figures(folder),
    }
    print(json.dumps(report), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
