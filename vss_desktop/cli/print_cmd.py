"""`vss-desktop print visit-list|household-sheet|reminders|campaign ... --out FILE.pdf` for scripts.

Runs without a display: with no DISPLAY/WAYLAND_DISPLAY and no QT_QPA_PLATFORM chosen,
Qt is started on the offscreen platform. Prints the page count, never personal data.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vss_core import vietnam_time
from vss_desktop import paths
from vss_desktop import settings as settings_store
from vss_desktop.cli.store_access import CommandFailed, command_store

if TYPE_CHECKING:
    from vss_desktop.printing.documents import PrintRequest
    from vss_desktop.store import Store


def day_count(text: str) -> int:
    """--days: a whole number of days, 1 to 365 (as in the settings)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 1 <= value <= 365:
        raise argparse.ArgumentTypeError("give 1 to 365 days")
    return value


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The `print` subcommand and its documents."""
    printing = sub.add_parser(
        "print", parents=[common], help="print a document to a PDF file (no window)"
    )
    docs = printing.add_subparsers(dest="document", required=True)
    shared = argparse.ArgumentParser(add_help=False, parents=[common])
    shared.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    shared.add_argument("--landscape", action="store_true", help="A4 landscape (default portrait)")
    shared.add_argument("--days", type=day_count, default=None, help="cards expiring within N days")
    shared.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    shared.add_argument(
        "--collector",
        help="name in the page header (default: the name in the settings, else the account's)",
    )
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

    campaign = docs.add_parser("campaign", parents=[shared], help="a campaign's tally, one page")
    campaign.add_argument("--campaign", required=True, help="the campaign's name or id")
    printing.set_defaults(handler=run)


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


def run(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data_dir)
    settings = settings_store.load(data_dir)
    app = ensure_gui_application()
    translator = install_translator(app, getattr(args, "lang", None) or settings.language)
    if not args.out.parent.is_dir():
        print(f"error: the folder {args.out.parent} does not exist", file=sys.stderr)
        return 2
    existed = args.out.exists()
    try:
        with command_store(data_dir, "printed") as store:
            pages = _print(args, store, settings)
    except CommandFailed as failed:
        if not existed:
            args.out.unlink(missing_ok=True)  # never half a document from a damaged file
        return failed.report()
    del translator
    if pages is None:
        return 2
    print(f"{pages} pages written to {args.out}")
    return 0


def _print(args: argparse.Namespace, store: Store, settings: settings_store.Settings) -> int | None:
    """Write the document; its page count, or None after printing why not (exit code 2)."""
    from vss_desktop.printing.documents import build
    from vss_desktop.printing.render import write_pdf

    request = _request(args, store, settings)
    if request is None:
        return None
    try:
        return write_pdf(build(store, request), args.out)
    except (OSError, RuntimeError) as exc:  # RuntimeError: Qt could not open the file
        print(f"error: cannot write {args.out}: {exc}", file=sys.stderr)
        return None


def _request(
    args: argparse.Namespace, store: Store, settings: settings_store.Settings
) -> PrintRequest | None:
    """What to print, from the arguments; None after printing why it cannot be."""
    from vss_desktop.printing import data
    from vss_desktop.printing.documents import Kind, PrintRequest
    from vss_desktop.store.queries import HouseholdFilter, StatusFilter

    today = args.today or vietnam_time.today()
    days = args.days if args.days is not None else settings.expiring_days
    kind = Kind(args.document)
    selection = data.Selection()
    order = data.Order.VILLAGE
    campaign_id = ""
    asked = getattr(args, "village", [])
    known = known_villages(store) if asked else []
    villages, unknown = resolve_villages(known, asked)
    if unknown:
        names = ", ".join(known)
        print(f"error: no village named {', '.join(unknown)} (known: {names})", file=sys.stderr)
        return None
    if kind is Kind.CAMPAIGN:
        campaign_id, problem = find_campaign(store, args.campaign)
        if not campaign_id:
            print(f"error: {problem}", file=sys.stderr)
            return None
    elif kind is Kind.VISIT_LIST:
        flt = HouseholdFilter(text=args.search, status=StatusFilter(args.status))
        selection = data.Selection(filter=flt, villages=tuple(villages))
        order = data.Order(args.order)
    elif kind is Kind.HOUSEHOLD_SHEET:
        by_code = data.household_ids_by_code(store, args.code)
        if len(by_code) < len(args.code):
            print(f"warning: {len(args.code) - len(by_code)} codes not found", file=sys.stderr)
        ids = list(args.household) + by_code
        if not ids:
            print("error: give --household ID or --code CODE (known ones)", file=sys.stderr)
            return None
        selection = data.Selection(ids=tuple(ids))
        order = data.Order.ROUTE
    else:
        selection = data.Selection(villages=tuple(villages))
    return PrintRequest(
        kind,
        selection,
        order,
        days=days,
        landscape=args.landscape,
        collector=args.collector if args.collector is not None else settings.collector_name,
        collector_username=settings.collector,
        today=today,
        campaign_id=campaign_id,
    )


def known_villages(store: Store) -> list[str]:
    from vss_desktop.store import queries

    with store.read() as session:
        return queries.villages(session)


def resolve_villages(known: list[str], asked: list[str]) -> tuple[list[str], list[str]]:
    """(the villages asked for, as ``known`` names them; those asked for that no household
    has). Case and diacritics are ignored ("ban pha long" is Bản Pha Long); a typo must
    not print an empty list without a word."""
    from vss_core.text import fold

    by_fold = {fold(name): name for name in known}
    found = [by_fold[fold(v)] for v in asked if fold(v) in by_fold]
    return found, [v for v in asked if fold(v) not in by_fold]


def find_campaign(store: Store, name_or_id: str) -> tuple[str, str]:
    """(id, "") of the live campaign with this id or exact name, else ("", why not)."""
    from vss_desktop.store import targets

    with store.read() as session:
        campaigns = targets.list_campaigns(session)
    by_id = [c.id for c in campaigns if c.id == name_or_id]
    by_name = [c.id for c in campaigns if c.name == name_or_id.strip()]
    found = by_id or by_name
    if len(found) == 1:
        return found[0], ""
    if found:
        return "", f"{len(found)} campaigns have this name: give the id"
    return "", "no campaign with this name or id"
