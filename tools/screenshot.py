"""Screenshots of the real app for people to look at (and for the README).

Run it under a virtual screen so Qt uses its normal (xcb) platform:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot.py --out docs/screenshots

It fills a scratch data directory with the demo commune (unless --data-dir is given),
opens the main window on Today (``today.png``), then the household list with a household
selected (``main-window.png``); with
``--dialogs`` it also saves the visit form, the calculator, the print dialog, the progress
view, the campaigns and the member form after a CCCD QR scan. With ``--as-opened`` the
window keeps the size and place the app gives it on that screen, and the shots are of the
whole screen (what a collector sees, e.g. ``-screen 0 1366x768x24``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from vss_desktop import settings as settings_store
from vss_desktop.demo import load as demo_data
from vss_desktop.store import open_store
from vss_desktop.ui.app import create_application, install_translators

SETTLE_MS = 600  # let queued loads land and paint before grabbing
SAMPLE_QR = (  # CCCD QR layout of domain.md §4; a made-up person
    "014195001234|073456789|Lò Thị Xuân|12031995|Nữ|"
    "Bản Pha Long, Xã Mường Khương, Tỉnh Lào Cai|05092021"
)


WHOLE_SCREEN: list[bool] = []  # set by --as-opened


def grab(widget: QWidget, path: Path) -> None:
    widget.raise_()
    widget.activateWindow()
    QApplication.processEvents()
    if any(WHOLE_SCREEN) and widget.isWindow() and not widget.parent():
        widget.screen().grabWindow(0).save(str(path))
    else:
        widget.grab().save(str(path))
    print(path, file=sys.stderr)


def later(ms: int, step: Callable[[], None]) -> None:
    QTimer.singleShot(ms, step)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument(
        "--dialogs",
        action="store_true",
        help="also the dialogs (visit, calculator, print, progress, campaigns, member form)",
    )
    parser.add_argument(
        "--as-opened",
        action="store_true",
        help="keep the window as the app places it and shoot the whole screen",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    WHOLE_SCREEN[:] = [args.as_opened]
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="vss-shot-"))

    app = create_application([sys.argv[0]])
    install_translators(app, args.lang)
    store = open_store(data_dir)
    if demo_data.is_empty(store):
        demo_data.generate(store, work_plan=True)
    settings = settings_store.load(data_dir)
    settings.language = args.lang

    from vss_desktop.ui.main_window import MainWindow

    window = MainWindow(store, settings, data_dir)
    if not args.as_opened:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1400, 860)
    steps: list[Callable[[], None]] = []

    def next_step() -> None:
        if steps:
            later(SETTLE_MS, steps.pop(0))
        else:
            window.close()
            app.quit()

    started: list[bool] = []

    def select_a_household() -> None:
        if started:  # list_loaded fires on every reload; start the script once
            return
        started.append(True)
        grab(window, args.out / "today.png")  # the screen the app opens on
        window.show_households()
        window.detail_loaded.connect(lambda _id: next_step() if len(started) == 1 else None)
        window.list_view.selectRow(2)

    def shoot_main() -> None:
        started.append(True)  # later detail loads do not restart the script
        grab(window, args.out / "main-window.png")
        next_step()

    def open_modal(
        open_it: Callable[[], None],
        name: str,
        prepare: Callable[[QWidget], None] | None = None,
    ) -> Callable[[], None]:
        def step() -> None:
            def shoot() -> None:
                dialog = QApplication.activeModalWidget()
                if dialog is not None:
                    grab(dialog, args.out / name)
                    dialog.reject()
                next_step()

            def ready() -> None:
                dialog = QApplication.activeModalWidget()
                if prepare is not None and dialog is not None:
                    prepare(dialog)
                later(SETTLE_MS, shoot)

            later(SETTLE_MS, ready)
            open_it()  # exec() blocks until shoot() closes the dialog

        return step

    def scan_cccd(dialog: QWidget) -> None:
        """What a barcode scanner types into the member form's QR field (a made-up card)."""
        field = dialog.findChild(QWidget, "cccdQr")
        if field is not None:
            field.setFocus()
            field.setText(SAMPLE_QR)
            field.submitted.emit(SAMPLE_QR)  # the scanner's closing Enter

    steps.append(shoot_main)
    if args.dialogs:
        steps.append(open_modal(window.record_visit, "visit-dialog.png"))
        steps.append(open_modal(window.open_calculator, "calculator-dialog.png"))
        steps.append(open_modal(window.open_print_dialog, "print-dialog.png"))
        steps.append(open_modal(window.open_progress, "progress-dialog.png"))
        steps.append(open_modal(window.open_campaigns, "campaign-dialog.png"))
        steps.append(
            open_modal(window._add_member_current, "member-dialog-qr.png", prepare=scan_cccd)
        )
    window.today_view.loaded.connect(lambda _n: later(SETTLE_MS, select_a_household))
    window.show()
    code = app.exec()
    store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
