"""Issue 11, first start and the window: the passphrase dialog's default button, the
system libraries Qt needs, the bundled application font, and the window on a small screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from helpers.keyboard import press, type_text
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import KdfParams
from vss_desktop.ui.unlock_dialog import Mode, PassphraseDialog

CHEAP = KdfParams(n=2**10)  # tests only: the real cost is about a second per try
GOOD = "bản Pha Long 2026"


def _unlock_dialog(qtbot, tmp_path: Path) -> PassphraseDialog:
    unlocking.unlock(tmp_path, GOOD, kdf=CHEAP).close()
    dialog = PassphraseDialog(Mode.UNLOCK, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type_wrong_then_enter(qtbot, dialog: PassphraseDialog) -> None:
    type_text(qtbot, "sai mật khẩu")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() == "That is not the passphrase.", timeout=10_000)


# --- A1: a wrong passphrase, then Enter, unlocks (it used to quit) -------------------------


@pytest.mark.gui
def test_enter_after_a_wrong_passphrase_unlocks_instead_of_quitting(qtbot, tmp_path) -> None:
    dialog = _unlock_dialog(qtbot, tmp_path)
    _type_wrong_then_enter(qtbot, dialog)
    assert dialog.ok.isDefault() and not dialog.cancel.isDefault()
    assert dialog.passphrase.hasFocus() and dialog.passphrase.selectedText()
    type_text(qtbot, GOOD)  # replaces the selected wrong one
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.store is not None
    dialog.store.close()


@pytest.mark.gui
def test_quit_is_never_the_default_button(qtbot, tmp_path) -> None:
    dialog = _unlock_dialog(qtbot, tmp_path)
    assert dialog.ok.isDefault()
    assert not dialog.cancel.autoDefault()  # focus on it never makes Enter quit
    for _attempt in range(2):
        _type_wrong_then_enter(qtbot, dialog)
        assert dialog.ok.isDefault() and not dialog.cancel.isDefault()


@pytest.mark.gui
def test_a_wrong_passphrase_logs_one_line_without_a_traceback(qtbot, tmp_path, caplog) -> None:
    dialog = _unlock_dialog(qtbot, tmp_path)
    caplog.set_level(logging.DEBUG, logger="vss_desktop")
    _type_wrong_then_enter(qtbot, dialog)
    records = [r for r in caplog.records if r.name == "vss_desktop.ui.tasks"]
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    assert record.levelno <= logging.INFO and record.exc_info is None
    text = record.getMessage()
    assert "\n" not in text and "Traceback" not in text and "WrongPassphrase" in text
    assert "sai" not in text  # never the typed passphrase


@pytest.mark.gui
def test_an_unexpected_failure_still_logs_its_traceback(qtbot, caplog) -> None:
    from vss_desktop.ui.tasks import TaskRunner

    runner = TaskRunner()
    caplog.set_level(logging.DEBUG, logger="vss_desktop")
    failures: list[Exception] = []

    def boom() -> None:
        raise ZeroDivisionError("boom")

    runner.submit(boom, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    runner.wait()
    (record,) = [r for r in caplog.records if r.name == "vss_desktop.ui.tasks"]
    assert record.levelno == logging.ERROR and "Traceback" in record.getMessage()
    runner.deleteLater()


# --- A2: one list of system packages, and a clear message when one is missing --------------

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LIST = "tools/system-packages.txt"
NO_SUCH_LIBRARY = "libvss-no-such-library.so.7"


def _listed_packages() -> list[str]:
    return (ROOT / PACKAGE_LIST).read_text(encoding="utf-8").split()


def test_readme_and_ci_install_the_same_package_list() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert f"sudo apt-get install $(cat {PACKAGE_LIST})" in readme
    assert "libxcb-cursor0" not in readme  # no second, inline list to drift
    install_lines = [line for line in ci.splitlines() if f"$(cat {PACKAGE_LIST})" in line]
    assert install_lines and "libxcb-" not in ci  # CI installs the same list, not its own


def test_the_package_list_has_what_the_xcb_plugin_needs() -> None:
    from vss_desktop.ui.platform_check import XCB_LIBRARIES

    listed = set(_listed_packages())
    needed = {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"}
    assert needed <= listed
    assert set(XCB_LIBRARIES.values()) <= listed  # every library the check knows of


def test_the_readme_still_opens_with_its_two_commands() -> None:
    import subprocess
    import sys

    script = str(ROOT / ".ci/readme_commands.py")
    launch = subprocess.run([sys.executable, script, "launch"], capture_output=True, text=True)
    test = subprocess.run([sys.executable, script, "test"], capture_output=True, text=True)
    assert launch.stdout.strip().endswith(".venv/bin/vss-desktop --demo")
    assert test.stdout.strip().endswith(".venv/bin/python -m pytest")


def test_a_library_that_cannot_be_loaded_is_found_missing() -> None:
    from vss_desktop.ui.platform_check import XCB_LIBRARIES, missing_libraries, missing_xcb_message

    assert missing_libraries(["libc.so.6", NO_SUCH_LIBRARY, "libxcb.so.1"]) == [NO_SUCH_LIBRARY]
    message = missing_xcb_message([*XCB_LIBRARIES, NO_SUCH_LIBRARY])
    assert message is not None and NO_SUCH_LIBRARY in message
    assert f"sudo apt-get install {NO_SUCH_LIBRARY}" in message
    assert missing_xcb_message(list(XCB_LIBRARIES)) is None  # this machine has them all


def test_missing_libraries_are_named_as_debian_packages() -> None:
    from vss_desktop.ui.platform_check import packages_for

    assert packages_for(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libglib-2.0.so.0"]) == [
        "libglib2.0-0",
        "libxcb-icccm4",
        "libxcb-keysyms1",
    ]


def test_the_check_runs_only_for_the_xcb_platform() -> None:
    from vss_desktop.ui.platform_check import uses_xcb

    assert uses_xcb({}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux")
    assert not uses_xcb({"XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not uses_xcb({}, "win32")


def test_the_app_names_missing_packages_instead_of_starting(tmp_path: Path) -> None:
    """The real command, with one more (missing) library on the check's list."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from vss_desktop.ui import platform_check\n"
        f"platform_check.XCB_LIBRARIES[{NO_SUCH_LIBRARY!r}] = 'libvss-missing7'\n"
        "from vss_desktop.__main__ import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":4242"}  # no such display
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "sudo apt-get install libvss-missing7" in done.stderr
    assert "could not connect to display" not in done.stderr  # Qt was never started
    assert not (tmp_path / "vss.sqlite3").exists()


# --- A3: the shipped Noto Sans is the application font ----------------------------------------


def _bundled_families() -> set[str]:
    from PySide6.QtGui import QFontDatabase

    from vss_desktop import paths

    families: set[str] = set()
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(paths.resource_dir() / "fonts" / name))
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return families


@pytest.mark.gui
def test_the_tests_run_with_the_bundled_font(qapp) -> None:
    from PySide6.QtGui import QFontInfo

    family = qapp.font().family()
    assert family in _bundled_families() and family == "Noto Sans"
    assert QFontInfo(qapp.font()).family() == family


@pytest.mark.gui
def test_the_app_sets_the_bundled_font(qapp) -> None:
    from PySide6.QtGui import QFont, QFontInfo
    from PySide6.QtWidgets import QApplication, QLabel

    from vss_desktop.ui.app import create_application

    original = QFont(qapp.font())
    platform_font = QFont(original)
    platform_font.setFamilies(["Sans Serif"])  # as the platform left it
    qapp.setFont(platform_font)
    names = qapp.applicationName(), qapp.organizationName()
    try:
        app = create_application()
        assert app is QApplication.instance()
        assert app.font().family() in _bundled_families()
        label = QLabel("Lò Thị Hoa")
        assert QFontInfo(label.font()).family() == app.font().family()
        label.deleteLater()
    finally:
        qapp.setFont(original)
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])


# --- A4: the window on a 1366x768 laptop screen ------------------------------------------------

LONG_CODE = "150791340012345"  # 15 characters, as the field codes are


def _window(qtbot, tmp_path: Path, language: str = "en"):  # type: ignore[no-untyped-def]
    from vss_desktop.settings import Settings
    from vss_desktop.store import open_store, services
    from vss_desktop.ui.main_window import MainWindow

    store = open_store(tmp_path)
    if not services.pending_changes(store):
        services.create_household(
            store,
            {"code": LONG_CODE, "head_name": "Lò Thị Hoa", "village": "Bản Pha Long"},
            head={},
        )
    window = MainWindow(store, Settings(language=language), tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)  # the first-show placement runs from the event loop
    return window, store


def _close(window, store) -> None:  # type: ignore[no-untyped-def]
    window.close()
    store.close()


def _inside(inner, outer) -> bool:  # type: ignore[no-untyped-def]
    return outer.contains(inner)


@pytest.mark.gui
def test_the_tests_run_on_a_1366x768_screen(qapp) -> None:
    screen = qapp.primaryScreen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)


@pytest.mark.gui
def test_the_window_opens_within_a_1366x768_screen(qtbot, tmp_path) -> None:
    window, store = _window(qtbot, tmp_path)
    screen = window.screen().availableGeometry()
    assert _inside(window.frameGeometry(), screen), (window.frameGeometry(), screen)
    assert window.minimumSizeHint().width() <= screen.width()
    assert window.minimumSizeHint().height() <= screen.height() - 60  # a title bar too
    _close(window, store)


def _visible_whole(widget, window) -> bool:  # type: ignore[no-untyped-def]
    """Shown, not squeezed below its size hint, inside the window and on the screen."""
    from PySide6.QtCore import QRect

    top_left = widget.mapTo(window, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    on_screen = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    return (
        widget.isVisible()
        and widget.width() >= widget.sizeHint().width()
        and window.rect().contains(rect)
        and window.screen().availableGeometry().contains(on_screen)
    )


@pytest.mark.gui
@pytest.mark.parametrize("language", ["vi", "en"])
def test_nothing_essential_is_cut_at_1366x768(qtbot, tmp_path, language) -> None:
    from PySide6.QtWidgets import QApplication

    from vss_desktop.ui.app import install_translators

    translators = install_translators(QApplication.instance(), language)
    try:
        window, store = _window(qtbot, tmp_path, language)
        qtbot.waitUntil(lambda: window.pending_label.text() != "", timeout=5000)
        for widget in (window.statusBar(), window.pending_label, window.sync_indicator):
            assert _visible_whole(widget, window), widget.objectName()
        assert _visible_whole(window.detail, window)  # its right edge too
        assert _visible_whole(window.days_box, window)  # the end of the filter bar
        assert window.menuBar().sizeHint().width() <= window.menuBar().width()
        _close(window, store)
    finally:
        for translator in translators:
            QApplication.instance().removeTranslator(translator)
        install_translators(QApplication.instance(), "en")


@pytest.mark.gui
def test_size_and_place_are_remembered(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QRect, Qt

    window, store = _window(qtbot, tmp_path)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(QRect(40, 60, 1280, 600))
    qtbot.waitUntil(lambda: window.geometry() == QRect(40, 60, 1280, 600), timeout=2000)
    _close(window, store)
    again, store = _window(qtbot, tmp_path)
    assert again.geometry() == QRect(40, 60, 1280, 600)
    assert not again.isMaximized()
    _close(again, store)


@pytest.mark.gui
@pytest.mark.parametrize(
    "saved",
    [(200, 100, 2500, 1600), (3000, 2000, 900, 600), (-900, -700, 1000, 650)],
    ids=["larger-than-screen", "outside-screen", "above-left"],
)
def test_a_restored_geometry_is_clamped_into_the_screen(qtbot, tmp_path, saved) -> None:
    from PySide6.QtCore import QRect, QSettings
    from PySide6.QtWidgets import QMainWindow

    from vss_desktop.ui import main_window

    # The bytes another, bigger screen left behind.
    other = QMainWindow()
    other.setGeometry(QRect(*saved))
    ini = QSettings(str(tmp_path / main_window.WINDOW_FILE), QSettings.Format.IniFormat)
    ini.setValue("geometry", other.saveGeometry())
    ini.sync()
    other.deleteLater()
    window, store = _window(qtbot, tmp_path)
    screen = window.screen().availableGeometry()
    assert _inside(window.frameGeometry(), screen), (window.frameGeometry(), screen)
    _close(window, store)


def test_fit_rect_shrinks_and_moves_inside() -> None:
    from PySide6.QtCore import QRect

    from vss_desktop.ui.main_window import fit_rect

    screen = QRect(0, 0, 1366, 728)
    assert fit_rect(QRect(100, 50, 1400, 850), screen) == QRect(0, 0, 1366, 728)
    assert fit_rect(QRect(1300, 700, 400, 300), screen) == QRect(966, 428, 400, 300)
    assert fit_rect(QRect(-50, -20, 400, 300), screen) == QRect(0, 0, 400, 300)
    assert fit_rect(QRect(10, 10, 400, 300), screen) == QRect(10, 10, 400, 300)


@pytest.mark.gui
def test_the_code_column_shows_a_whole_code(qtbot, tmp_path) -> None:
    window, store = _window(qtbot, tmp_path, "vi")
    view = window.list_view
    assert window.model.data(window.model.index(0, 0)) == LONG_CODE
    metrics = view.fontMetrics()
    assert view.columnWidth(0) >= metrics.horizontalAdvance(LONG_CODE) + 8
    assert view.columnWidth(0) >= view.sizeHintForColumn(0)  # what the delegate needs
    header = view.horizontalHeader()
    assert view.columnWidth(0) >= header.sectionSizeHint(0)  # "Mã hộ" / "Code" too
    _close(window, store)


# --- F2: the check that fails a GUI test leaving work running --------------------------------


@pytest.mark.gui
def test_the_leak_check_finds_what_a_test_leaves_running(qapp) -> None:
    import threading

    from PySide6.QtCore import QThread, QTimer

    from helpers import leak_check
    from vss_desktop.ui.tasks import TaskRunner

    before = leak_check.snapshot()
    release = threading.Event()
    thread = threading.Thread(target=release.wait, name="left-behind")
    thread.start()
    runner = TaskRunner()
    runner.submit(lambda: release.wait(10), lambda _r: None)
    qthread = QThread()
    qthread.start()
    timer = QTimer()
    timer.setObjectName("forgotten")
    timer.start(60_000)
    try:
        found = leak_check.leaks(before, grace_s=0.2)
        text = "; ".join(found)
        assert "Python thread still running (left-behind)" in text
        assert "thread pool (TaskRunner) still runs 1 job" in text
        assert "a QThread still running" in text
        assert "an active QTimer (forgotten, 60000 ms)" in text
    finally:
        release.set()
        thread.join()
        runner.wait()
        qthread.quit()
        qthread.wait()
        timer.stop()
    assert leak_check.leaks(before, grace_s=2) == []
    runner.deleteLater()


@pytest.mark.gui
def test_a_result_never_reaches_a_deleted_owner(qtbot) -> None:
    """A job still running when its window is deleted: its result is dropped, not delivered
    to deleted widgets (seen at teardown of test_sync_ui once widgets were really deleted)."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLabel

    from vss_desktop.ui.tasks import TaskRunner

    owner = QLabel()
    runner = TaskRunner(owner)
    started, release = threading.Event(), threading.Event()
    delivered: list[object] = []

    def work() -> str:
        started.set()
        release.wait(5)
        return "done"

    def show(result: str) -> None:
        delivered.append(result)
        owner.setText(result)  # a deleted label would raise here

    runner.submit(work, show)
    assert started.wait(5)
    owner.deleteLater()
    threading.Timer(0.1, release.set).start()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # waits for the job
    qtbot.wait(50)  # the queued result would arrive now
    assert delivered == []


# PySide6 6.12.0 on Python 3.11 dropped a reference to None on each call of a method that
# returns nothing: after a few thousand calls the process aborted. pyproject.toml excludes it;
# this test catches such a release before it reaches a laptop.
def test_many_calls_of_qt_methods_do_not_abort_the_process() -> None:
    import os
    import subprocess
    import sys

    code = (
        "from PySide6.QtWidgets import QApplication, QLineEdit\n"
        "app = QApplication([])\n"
        "field = QLineEdit()\n"
        "for _ in range(50_000):\n"
        "    field.setText('x')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()[-300:]
