"""The tests' own rules (issue 12 item 7): shared code lives in tests/helpers, a test that
drives widgets says so with the gui marker, and nothing waits out real time for a clock."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
HELPERS = TESTS / "helpers"

pytest_plugins = ["pytester"]


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module the file imports, at any depth of the code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_test_module_imports_another() -> None:
    local = {p.stem for p in TESTS.glob("*.py")}  # conftest and the test modules
    found = {
        f"{path.name} imports {name}"
        for path in [*TESTS.glob("*.py"), *HELPERS.glob("*.py")]
        for name in imported_modules(path) & local
    }
    assert not found, "share it through tests/helpers instead: " + "; ".join(sorted(found))


def test_shared_code_lives_in_the_helpers_package() -> None:
    loose = sorted(p.name for p in TESTS.glob("*.py") if not p.name.startswith("test_"))
    assert loose == ["conftest.py"], f"move {loose} into tests/helpers/"
    assert (HELPERS / "__init__.py").is_file()


GUI_PROBE = """
import pytest


def test_unmarked_driver(qtbot):
    pass


@pytest.mark.gui
def test_marked_driver(qtbot):
    pass


def test_no_widgets():
    pass
"""


@pytest.mark.parametrize("selection", [[], ["-m", "not gui"]], ids=["all", "not-gui"])
def test_a_qtbot_test_without_the_gui_marker_errs(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, selection: list[str]
) -> None:
    """Run with the suite's own conftest: the unmarked test errs (the fast `-m "not gui"` run
    would otherwise open its windows, and the leak check would not know it for a GUI test)."""
    shutil.copy(TESTS / "conftest.py", pytester.path / "conftest.py")
    shutil.copy(TESTS / "laptop-screen.json", pytester.path / "laptop-screen.json")
    pytester.makepyfile(test_probe=GUI_PROBE)
    pytester.makeini("[pytest]\nmarkers =\n    gui: drives real Qt widgets\nqt_api = pyside6\n")
    monkeypatch.setenv("PYTHONPATH", str(TESTS))  # the helpers package, as pyproject puts it
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:xdist", *selection)
    outcomes = result.parseoutcomes()
    if selection:
        assert outcomes == {"passed": 1, "deselected": 1, "errors": 1}, result.stdout.str()
    else:
        assert outcomes == {"passed": 2, "errors": 1}, result.stdout.str()
    result.stdout.fnmatch_lines(
        ["*ERROR at setup of test_unmarked_driver*", "*uses qtbot without @pytest.mark.gui*"]
    )
