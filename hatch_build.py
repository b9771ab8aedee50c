"""Build hook: compile Qt translation sources (.ts) into binary catalogs (.qm).

The .qm files are build products (git-ignored); they are written next to their
sources so that both a wheel (via force-include) and an editable install find them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script (`python hatch_build.py`) outside a build
    BuildHookInterface = object  # type: ignore[assignment,misc]


def find_lrelease() -> Path:
    import PySide6

    base = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe"):
        if (base / name).exists():
            return base / name
    raise RuntimeError("PySide6 lrelease not found; cannot compile translations")


def compile_translations(root: Path) -> list[Path]:
    lrelease = find_lrelease()
    outputs = []
    for ts in sorted((root / "resources" / "translations").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
        outputs.append(qm)
    return outputs


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        compile_translations(Path(self.root))


if __name__ == "__main__":  # allow `python hatch_build.py` during development
    for path in compile_translations(Path(__file__).parent):
        print(path, file=sys.stderr)
