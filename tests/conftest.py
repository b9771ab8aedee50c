"""Shared fixtures. Qt runs offscreen; no test touches the real user data directory."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The GUI tests run on the screen most district offices have: a 1366x768 laptop (issue 11).
LAPTOP_SCREEN = Path(__file__).resolve().parent / "laptop-screen.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={LAPTOP_SCREEN}")

import pytest  # noqa: E402

from vss_desktop.store import Store, open_store  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VSS_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))


@pytest.fixture(scope="session")
def qapp(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's application with the app's own font: layout never depends on the
    fonts installed on the machine. Garbage is collected in the UI thread only, as in the
    app (vss_desktop/ui/ui_thread_gc.py)."""
    from vss_desktop.ui import ui_thread_gc
    from vss_desktop.ui.app import use_bundled_font

    use_bundled_font(qapp)
    ui_thread_gc.install(qapp)
    return qapp


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item):  # type: ignore[no-untyped-def]
    """Between tests no event loop runs the UI collector's timer: collect what is due here,
    in the main thread, once a Qt application exists (automatic collection is off then)."""
    result = yield
    if "PySide6.QtWidgets" in sys.modules:
        from vss_desktop.ui import ui_thread_gc

        ui_thread_gc.collect_due()
    return result


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that drives widgets through qtbot carries the gui marker, or errs: the fast
    ``-m "not gui"`` run must leave it out (tests/test_tests_as_code.py)."""
    if "qtbot" in getattr(item, "fixturenames", ()) and item.get_closest_marker("gui") is None:
        pytest.fail(
            f"{item.name} uses qtbot without @pytest.mark.gui (or a module pytestmark)",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _nothing_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """A GUI test fails when it leaves pool jobs, QThreads, timers or threads running.

    Checked after pytest-qt has closed and deleted the test's widgets (issue 11, F2).
    """
    if "qtbot" not in request.fixturenames and request.node.get_closest_marker("gui") is None:
        yield
        return
    from helpers import leak_check

    before = leak_check.snapshot()
    yield
    found = leak_check.leaks(before)
    if found:
        pytest.fail("left running after the test: " + "; ".join(found), pytrace=False)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path)
    yield s
    s.close()


# --- the central server ------------------------------------------------------------

from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database  # noqa: E402


def _serve(request: pytest.FixtureRequest, tmp_path: Path, clock: bool) -> Iterator[ServerProcess]:
    if request.param == "postgres":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} not set")
        with postgres_database() as url:
            proc = ServerProcess(tmp_path / "server", database_url=url, clock=clock).start()
            yield proc
            proc.stop()
    else:
        proc = ServerProcess(tmp_path / "server", clock=clock).start()
        yield proc
        proc.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    """The real server on loopback, on SQLite and on PostgreSQL."""
    yield from _serve(request, tmp_path, clock=False)


@pytest.fixture(params=["sqlite", "postgres"])
def clocked_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    """The same, on a clock the test moves with ``advance_clock`` instead of sleeping."""
    yield from _serve(request, tmp_path, clock=True)


@pytest.fixture(params=["sqlite", "postgres"])
def server_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """The server's database at head, without the server: SQLite, then PostgreSQL."""
    from vss_server.db import create_server_engine
    from vss_server.migrate import upgrade

    if request.param == "postgres":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} not set")
        with postgres_database() as url:
            engine = create_server_engine(url)
            upgrade(engine)
            yield engine
            engine.dispose()
    else:
        engine = create_server_engine(f"sqlite:///{tmp_path / 'server.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()


# --- trial counts of the fault tests, shown at the end of every run -----------------------


@pytest.fixture
def trial_report(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``trial_report(text)`` adds a line to the run's "fault trials" summary.

    Kept in the test's report (user_properties), so it also reaches the summary when the
    tests run in xdist workers.
    """

    def add(text: str) -> None:
        request.node.user_properties.append(("fault_trials", text))

    return add


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    lines = [
        f"{report.nodeid.split('::')[-1]}: {value}"
        for key in ("passed", "failed")
        for report in terminalreporter.stats.get(key, [])
        if getattr(report, "when", "") == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "fault_trials"
    ]
    if lines:
        terminalreporter.section("fault trials")
        for line in lines:
            terminalreporter.write_line(line)
