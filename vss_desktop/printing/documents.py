"""One entry point for the CLI and the print dialog: a request in, a document out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from vss_core import vietnam_time
from vss_desktop.printing import campaign_report, data, household_sheet, reminders, visit_list
from vss_desktop.printing.data import Order, Selection
from vss_desktop.printing.render import Document
from vss_desktop.store import Store
from vss_desktop.sync import state


class Kind(StrEnum):
    VISIT_LIST = "visit-list"
    HOUSEHOLD_SHEET = "household-sheet"
    REMINDERS = "reminders"
    CAMPAIGN = "campaign"


@dataclass(frozen=True)
class PrintRequest:
    """Which document, for which households, with which options.

    ``days`` is the "card expiring within N days" window of every document;
    reminders use ``selection.villages`` (none: all villages) and ignore the rest
    of the selection. The campaign report (one portrait page) is ``campaign_id``'s
    and ignores the rest.
    """

    kind: Kind
    selection: Selection = field(default_factory=Selection)
    order: Order = Order.VILLAGE
    days: int = 30
    landscape: bool = False
    collector: str = ""  # the name printed; empty: see printed_collector
    collector_username: str = ""  # the settings' username: the last resort for the name
    today: date | None = None  # "today" of the data and the date printed; None: the real day
    campaign_id: str = ""  # Kind.CAMPAIGN only


def printed_collector(store: Store, name: str, username: str = "") -> str:
    """The name printed as "Collector:": ``name`` (the settings' or the command's) if
    given, else the logged-in account's full name, else its username, else ``username``.
    Never blank while any of them is known (issue 11)."""
    if name.strip():
        return name.strip()
    with store.read() as session:
        account = state.get(session, state.FULL_NAME) or state.get(session, state.USERNAME)
    return account.strip() or username.strip()


def build(store: Store, request: PrintRequest) -> Document:
    """Read the data and build the document (no layout yet). Safe in a worker thread."""
    today = request.today or vietnam_time.today()
    collector = printed_collector(store, request.collector, request.collector_username)
    request = replace(request, collector=collector)
    if request.kind is Kind.CAMPAIGN:
        report = data.campaign_report(store, request.campaign_id, request.collector, today)
        return campaign_report.build(report)
    flt = replace(request.selection.filter, expiring_days=request.days, today=today)
    selection = replace(request.selection, filter=flt)
    if request.kind is Kind.VISIT_LIST:
        content = data.visit_list(store, selection, request.order, request.collector, today)
        description = visit_list.describe(selection, request.order, len(content.households))
        return visit_list.build(content, description, request.landscape)
    if request.kind is Kind.HOUSEHOLD_SHEET:
        if selection.ids is not None:
            ids, order = list(selection.ids), request.order
        else:
            with store.read() as session:
                ids = data.select_ids(session, selection)
            order = Order.VILLAGE if request.order is Order.ROUTE else request.order
        sheets = data.household_sheets(store, ids, request.collector, today, order)
        return household_sheet.build(sheets, request.landscape)
    content_r = data.reminders(
        store, request.days, request.selection.villages, request.collector, today
    )
    return reminders.build(content_r, request.landscape)
