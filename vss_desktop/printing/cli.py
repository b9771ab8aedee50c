"""`vss-desktop print visit-list|household-sheet|reminders ... --out FILE.pdf` for scripts.

Runs without a display: with no DISPLAY/WAYLAND_DISPLAY and no QT_QPA_PLATFORM chosen,
Qt is started on the offscreen platform. Prints the page count, never personal data.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from vss_desktop import paths
from vss_desktop import settings as settings_store


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The `print` subcommand and its three documents."""
    printing = sub.add_parser(
        "print", parents=[common], help="print a document to a PDF file (no window)"
    )
    docs = printing.add_subparsers(dest="document", required=True)
    shared = argparse.ArgumentParser(add_help=False, parents=[common])
    shared.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    shared.add_argument("--landscape", action="store_true", help="A4 landscape (default portrait)")
    shared.add_argument("--days", type=int, default=None, help="cards expiring within N days")
    shared.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    shared.add_argument("--collector", help="name in the page header (default: from settings)")
    shared.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)

    visit = docs.add_parser("visit-list", parents=[shared], help="the household visit list")
    visit.add_argument("--village", action="append", default=[], help="repeat for several")
    visit.add_argument(
        "--status",
        choices=["all", "uninsured", "expiring", "follow_up_due", "not_visited_this_month"],
        default="all",
    )
    visit.add_argument("--search", default="", help="the list's search text")
    visit.add_argument("--order", choices=["village", "name"], default="village")

    sheet = docs.add_parser("household-sheet", parents=[shared], help="one page per household")
    sheet.add_argument("--household", action="append", default=[], help="household id")
    sheet.add_argument("--code", action="append", default=[], help="household code")

    remind = docs.add_parser("reminders", parents=[shared], help="cards expiring soon, by village")
    remind.add_argument("--village", action="append", default=[], help="repeat for several")


def ensure_gui_application() -> object:
    """A QGuiApplication for fonts and painting; offscreen when there is no display."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    return app if app is not None else QGuiApplication([sys.argv[0]])


def install_translator(app: object, language: str) -> object | None:
    """Our Vietnamese catalog; English needs none (it is the source language)."""
    if language != "vi":
        return None
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    if translator.load(str(paths.resource_dir() / "translations" / "vss_vi.qm")):
        QCoreApplication.installTranslator(translator)
        return translator
    print("warning: Vietnamese catalog missing, printing in English", file=sys.stderr)
    return None


def run(args: argparse.Namespace, data_dir: Path) -> int:
    settings = settings_store.load(data_dir)
    app = ensure_gui_application()
    translator = install_translator(app, getattr(args, "lang", None) or settings.language)

    from vss_desktop.printing import data
    from vss_desktop.printing.documents import Kind, PrintRequest, build
    from vss_desktop.printing.render import write_pdf
    from vss_desktop.store import open_store
    from vss_desktop.store.queries import HouseholdFilter, StatusFilter

    today = args.today or date.today()
    days = args.days if args.days is not None else settings.expiring_days
    store = open_store(data_dir)
    try:
        kind = Kind(args.document)
        selection = data.Selection()
        order = data.Order.VILLAGE
        if kind is Kind.VISIT_LIST:
            flt = HouseholdFilter(text=args.search, status=StatusFilter(args.status))
            selection = data.Selection(filter=flt, villages=tuple(args.village))
            order = data.Order(args.order)
        elif kind is Kind.HOUSEHOLD_SHEET:
            by_code = data.household_ids_by_code(store, args.code)
            if len(by_code) < len(args.code):
                print(f"warning: {len(args.code) - len(by_code)} codes not found", file=sys.stderr)
            ids = list(args.household) + by_code
            if not ids:
                print("error: give --household ID or --code CODE (known ones)", file=sys.stderr)
                return 2
            selection = data.Selection(ids=tuple(ids))
            order = data.Order.ROUTE
        else:
            selection = data.Selection(villages=tuple(args.village))
        request = PrintRequest(
            kind,
            selection,
            order,
            days=days,
            landscape=args.landscape,
            collector=args.collector if args.collector is not None else settings.collector,
            today=today,
        )
        pages = write_pdf(build(store, request), args.out)
    finally:
        store.close()
    del translator
    print(f"{pages} pages written to {args.out}")
    return 0
