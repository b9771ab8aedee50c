"""Import tufup in the app bundle, which leaves setuptools out.

``import tufup`` runs tufup/__init__.py, which imports its release-machine side
(tufup/repo), which imports ``setuptools.config.expand`` and forgives only an
AssertionError: tufup's own workaround for frozen apps (PyInstaller issue 6911), where
setuptools' distutils hack raised one. The bundle leaves setuptools out (it would take the
folder over its 150 MB), so while tufup is imported in a bundle, asking for setuptools
raises that AssertionError. The app never uses tufup/repo; from source nothing changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType


class _NoSetuptools(MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname == "setuptools" or fullname.startswith("setuptools."):
            raise AssertionError("setuptools is not in the app bundle")
        return None


@contextmanager
def without_setuptools(frozen: bool | None = None) -> Iterator[None]:
    """In a bundle (``frozen``: sys.frozen), setuptools cannot be imported inside."""
    if not (getattr(sys, "frozen", False) if frozen is None else frozen):
        yield
        return
    finder = _NoSetuptools()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
