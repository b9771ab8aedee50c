"""The core (store, sync, domain) never imports Qt: checked with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys

CORE_PACKAGES = ["vss_desktop.store", "vss_core", "vss_desktop.sync"]
CORE_MODULES = [
    "vss_core.text",
    "vss_core.formatting",
    "vss_desktop.settings",
    "vss_desktop.paths",
    "vss_desktop.demo.load",
]

PROBE = """
import importlib, importlib.util, pkgutil, sys
sys.modules["PySide6"] = None  # any Qt import now raises ImportError
packages, modules = {packages!r}, {modules!r}
names = list(modules)
for package in packages:
    if importlib.util.find_spec(package) is None:
        continue
    pkg = importlib.import_module(package)
    names += [m.name for m in pkgutil.walk_packages(pkg.__path__, package + ".")
              if ".migrations" not in m.name]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_core_imports_without_qt() -> None:
    code = PROBE.format(packages=CORE_PACKAGES, modules=CORE_MODULES)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10  # the probe really imported the modules
