"""Start the GUI: translations, the store, the first-run screen, the main window.

Start-up order (issue 17): Qt and the passphrase first, with nothing of the store loaded;
the key derivation then runs in a thread (store.early_unlock) while SQLAlchemy loads, so
the KDF's time overlaps the longest import and its 128 MiB come on top of a small process.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from vss_desktop import paths
from vss_desktop import settings as settings_store
from vss_desktop.ui import platform_check, ui_thread_gc
from vss_desktop.update import launcher

if TYPE_CHECKING:  # imported while the key is derived: startup stays light
    from vss_desktop.store import Store
    from vss_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TRANSLATION_FILES = ("vss_{lang}.qm", "qtbase_{lang}.qm")
# Set by bench/: print when the window shows its first rows, then quit.
STARTUP_PROBE_ENV = "VSS_STARTUP_PROBE"
_startup_marks: dict[str, float] = {}  # when the passphrase came, when the store opened


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install our catalogs for ``language``; English needs none (it is the source)."""
    installed: list[QTranslator] = []
    if language == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return installed
    folder = paths.resource_dir() / "translations"
    for pattern in TRANSLATION_FILES:
        path = folder / pattern.format(lang=language)
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation catalog missing: %s", path.name)
    return installed


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is already running")
    app.setApplicationName("VSS Desktop")
    app.setOrganizationName("vss-desktop")
    use_bundled_font(app)
    ui_thread_gc.install(app)
    return app


def use_bundled_font(app: QApplication) -> str:
    """Make the shipped Noto Sans the application font; return its family.

    Layout then never depends on the fonts installed on the laptop (issue 11): every
    Vietnamese letter is covered and widths are the same on every machine. The size stays
    the platform's.
    """
    from vss_desktop.printing.fonts import ensure_fonts

    family = ensure_fonts()
    font = QFont(app.font())
    font.setFamilies([family])
    app.setFont(font)
    return family


def load_while_deriving() -> None:
    """What loads while the passphrase's key is derived: SQLAlchemy's core, the longest
    import the store needs. Only that: scrypt holds its 128 MiB until it ends, and each
    module loaded before then adds to the start's peak memory (issue 17: 250 MiB); the
    window's modules load once the key is there.

    Runs in the passphrase dialog's worker thread too (it creates no Qt object).
    """
    import sqlalchemy  # noqa: F401


def load_window_modules() -> None:
    """The window's modules, loaded once the store is open (in the passphrase dialog's
    worker: its busy bar stays up meanwhile). They create no Qt object when imported."""
    import vss_desktop.demo.load  # noqa: F401 - is_empty() right after the unlock
    import vss_desktop.ui.main_window  # noqa: F401


def run(data_dir: Path, demo: bool = False, language: str | None = None) -> int:
    if QApplication.instance() is None:
        problem = platform_check.check_platform()
        if problem is not None:  # Qt's own hint names the wrong library (issue 11)
            print(problem, file=sys.stderr)
            return 1
    app = create_application()
    settings = settings_store.load(data_dir)
    install_translators(app, language or settings.language)
    # Started, for a launcher trying an update (docs/updates.md), once the first window's
    # event loop runs: the passphrase dialog is up, so Qt's plugins, fonts and the app's
    # code all work. A version that cannot get that far is rolled back.
    QTimer.singleShot(0, launcher.mark_started)
    store = open_unlocked(data_dir)
    if store is None:
        return 0
    from vss_desktop.demo import load as demo_data
    from vss_desktop.ui.main_window import MainWindow

    # What is loaded by now lives as long as the process: the UI thread's collections
    # (ui_thread_gc) need not walk its ~90,000 objects again, 35-50 ms each time.
    gc.freeze()
    empty = demo_data.is_empty(store)
    if empty:
        from vss_desktop.ui.first_run import FirstRunDialog

        first_run = FirstRunDialog(store, start_demo=demo)
        if first_run.exec() != FirstRunDialog.DialogCode.Accepted:
            store.close()
            return 0
    window = MainWindow(store, settings, data_dir)
    if demo and not empty:  # issue 11: never silently
        from vss_desktop.ui.first_run import report_demo_ignored

        report_demo_ignored(window, data_dir)
    if os.environ.get(STARTUP_PROBE_ENV):
        _report_when_ready(window)
    window.show()
    code = app.exec()
    store.close()
    return code


def open_unlocked(data_dir: Path) -> Store | None:
    """The encrypted store, after the passphrase dialog; None when the collector quits.

    ``VSS_PASSPHRASE`` skips the dialog (scripts and benchmarks; less safe, see
    docs/security.md). A plain database from an earlier version is encrypted on the way.
    """
    from vss_desktop.store import early_unlock

    passphrase = early_unlock.passphrase_from_env()
    if passphrase is not None:
        _startup_marks["passphrase"] = time.time()
        early = early_unlock.EarlyKey(data_dir, passphrase)  # the KDF starts now
        load_while_deriving()
        early.wait()
        from vss_desktop.store import unlock as unlocking

        store = unlocking.unlock(data_dir, passphrase, early=early)
        _startup_marks["unlocked"] = time.time()
        return store
    from vss_desktop.ui.unlock_dialog import Mode, PassphraseDialog

    mode = Mode.SETUP if early_unlock.needs_passphrase_setup(data_dir) else Mode.UNLOCK
    dialog = PassphraseDialog(
        mode, data_dir, preload=load_while_deriving, prepare=load_window_modules
    )
    if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
        return None
    return dialog.store


def _report_when_ready(window: MainWindow) -> None:
    """Print when the first screen (Today) and the household list show their rows and
    Today's counts are in (the start has settled), with the peak memory until then."""
    marks: dict[str, float] = {}
    rows: list[int] = []

    def done() -> None:
        if len(marks) < 3:
            return
        try:
            import resource  # POSIX only; the probe is a benchmark aid

            rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        except ImportError:
            rss_kib = None
        report = {
            "passphrase_at": _startup_marks.get("passphrase"),
            "unlocked_at": _startup_marks.get("unlocked"),
            "ready_at": marks["today"],
            "list_ready_at": marks["list"],
            "counts_at": marks["counts"],
            "rows": rows[0],
            "max_rss_kib": rss_kib,
        }
        print(json.dumps(report), flush=True)
        QApplication.quit()

    def today_ready(_which: str) -> None:
        if "today" not in marks:
            window.today_view.table.viewport().repaint()  # the first screen, painted
            marks["today"] = time.time()
            done()

    def list_ready(count: int) -> None:
        if "list" not in marks:
            window.list_view.viewport().repaint()
            marks["list"], rows[:] = time.time(), [count]
            done()

    def counts_ready() -> None:
        if "counts" not in marks:
            marks["counts"] = time.time()
            done()

    window.today_view.loaded.connect(today_ready)
    window.list_loaded.connect(list_ready)
    window.today_view.counts_loaded.connect(counts_ready)
