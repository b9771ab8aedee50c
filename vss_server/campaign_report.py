"""A district campaign's report (issue 15): the seven-day campaign report a district sends
up, per commune and in all, as the console shows it, as .xlsx and as a one-page A4 PDF.

The figures are vss_server.campaigns.tally's, within the supervisor's scope, followed by
the campaign's outreach (vss_server.outreach: events, attendees, walk-ins per commune,
referrals per collector). A campaign
names its communes with the administrative units' spelling; households carry theirs as
typed, so each stored (province, commune) is put under the campaign commune it matches
by ``place_key`` and the figures of spelling variants are added up (a household has one
commune, so the people, households and visits of two variants never overlap).

Qt-free: the server never imports the app. The PDF embeds the shipped Noto Sans fonts,
so Vietnamese diacritics render on any machine. Texts come translated by the caller
(:class:`Words`): the console's catalog holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from vss_core.enums import Metric
from vss_core.formatting import format_date, format_money
from vss_core.resources import resource_dir
from vss_core.spreadsheet import append_row, save_workbook
from vss_server import campaigns, figures
from vss_server.areas import Scope, place_key
from vss_server.outreach import EventFigures, Outreach, campaign_outreach

MONEY, DAY = "#,##0", "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    """One column of the report: a figure, or (``parts``) the sum of several."""

    key: str  # a Metric value, or "bhyt_total"
    parts: tuple[Metric, ...]
    money: bool = False

    def value(self, f: figures.Figures) -> int:
        return sum(f.value(m) for m in self.parts)

    def target(self, targets: dict[str, int]) -> int | None:
        """The campaign's target for this column: a sum only when every part has one
        (half a target would read as a whole one)."""
        found = [targets.get(m.value) for m in self.parts]
        if any(t is None for t in found):
            return None
        return sum(t for t in found if t is not None)


BHYT_TOTAL = "bhyt_total"
COLUMNS: tuple[Column, ...] = (
    Column(Metric.VOLUNTARY_SI_ENROLLED.value, (Metric.VOLUNTARY_SI_ENROLLED,)),
    Column(BHYT_TOTAL, (Metric.BHYT_HOUSEHOLD_ENROLLED, Metric.BHYT_RENEWED)),
    Column(Metric.BHYT_HOUSEHOLD_ENROLLED.value, (Metric.BHYT_HOUSEHOLD_ENROLLED,)),
    Column(Metric.BHYT_RENEWED.value, (Metric.BHYT_RENEWED,)),
    Column(Metric.VSSID_INSTALLED.value, (Metric.VSSID_INSTALLED,)),
    Column(Metric.CASHLESS_REGISTERED.value, (Metric.CASHLESS_REGISTERED,)),
    Column(Metric.AMOUNT_COLLECTED.value, (Metric.AMOUNT_COLLECTED,), money=True),
)


def _add(into: figures.Figures, more: figures.Figures) -> None:
    into.visits += more.visits
    into.households += more.households
    into.amount += more.amount
    for metric, count in more.counts.items():
        into.counts[metric] += count


def percent(actual: int, target: int | None) -> int | None:
    """Whole percent of the target reached (past 100 when exceeded); None without one."""
    if not target:
        return None
    return actual * 100 // target


@dataclass
class Report:
    campaign: campaigns.CampaignView
    area: str  # the supervisor's area, as a line of the title
    printed_on: date
    per_commune: list[tuple[tuple[str, str], figures.Figures]]  # the campaign's spelling
    total: figures.Figures
    per_collector: dict[str, figures.Figures]
    full_names: dict[str, str] = field(default_factory=dict)
    outreach: Outreach = field(default_factory=Outreach)

    def target(self, column: Column) -> int | None:
        return column.target(self.campaign.targets)

    def percent(self, column: Column) -> int | None:
        return percent(column.value(self.total), self.target(column))

    @property
    def has_targets(self) -> bool:
        return any(self.target(c) is not None for c in COLUMNS)


communes_in_scope = campaigns.communes_in_scope  # the console's pages use it from here


def build(
    session: Session,
    campaign: campaigns.CampaignView,
    scope: Scope,
    area: str,
    printed_on: date,
) -> Report:
    """The campaign's tally within ``scope``, one row per campaign commune in scope
    (zeros included: a commune with no visit yet is a row the district reads)."""
    tally = campaigns.tally(session, campaign, scope)
    rows = {(place_key(p), place_key(c)): ((p, c), figures.Figures()) for p, c in
            communes_in_scope(campaign, scope)}  # fmt: skip
    for (province, commune), found in tally.per_commune.items():
        row = rows.get((place_key(province), place_key(commune)))
        if row is not None:
            _add(row[1], found)
    return Report(
        campaign=campaign,
        area=area,
        printed_on=printed_on,
        per_commune=list(rows.values()),
        total=tally.total,
        per_collector=tally.per_collector,
        outreach=campaign_outreach(session, campaign, scope),
    )


# --- the texts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """The report's texts in the reader's language (the console translates them)."""

    title: str  # "Campaign report: %(name)s"
    dates: str  # "From %(start)s to %(end)s"
    area: str  # "Area: %(area)s"
    printed: str  # "Printed on %(day)s"
    commune: str
    province: str
    total: str
    target: str
    percent: str  # "% of target"
    collector: str
    full_name: str
    per_commune: str
    per_collector: str
    headers: dict[str, str]  # column key -> header
    outreach: str  # the block of events and referrals, and its sheet
    events: str
    attendees: str
    walk_ins: str  # households met at the events
    referrals: str  # households referred
    walk_ins_counted: str  # their results are in the figures already

    def fill(self, pattern: str, **values: str) -> str:
        return pattern % values


def _title_lines(report: Report, words: Words) -> list[str]:
    c = report.campaign
    return [
        words.fill(words.title, name=c.name),
        words.fill(words.dates, start=format_date(c.start_date), end=format_date(c.end_date)),
        words.fill(words.area, area=report.area),
        words.fill(words.printed, day=format_date(report.printed_on)),
    ]


# --- .xlsx --------------------------------------------------------------------------------


def write_xlsx(report: Report, words: Words, path: Path) -> None:
    """Two sheets, per commune (with the total, target and percent rows) and per
    collector; numbers as numbers, money '#,##0', the campaign's days as dates."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_name(words.per_commune)
    _xlsx_title(sheet, report, words)
    header = [words.commune, words.province, *(words.headers[c.key] for c in COLUMNS)]
    _xlsx_header(sheet, header)
    for (province, commune), f in report.per_commune:
        _xlsx_figures(sheet, [commune, province], f)
    _xlsx_figures(sheet, [words.total, ""], report.total, bold=True)
    if report.has_targets:
        targets = [report.target(c) for c in COLUMNS]
        _xlsx_values(sheet, [words.target, ""], targets)
        _xlsx_values(sheet, [words.percent, ""], [report.percent(c) for c in COLUMNS], money=False)
    sheet = book.create_sheet(_sheet_name(words.per_collector))
    _xlsx_title(sheet, report, words)
    _xlsx_header(
        sheet, [words.collector, words.full_name, *(words.headers[c.key] for c in COLUMNS)]
    )
    for username, f in report.per_collector.items():
        _xlsx_figures(sheet, [username, report.full_names.get(username, "")], f)
    _xlsx_outreach(book.create_sheet(_sheet_name(words.outreach)), report, words)
    save_workbook(book, path)


def _xlsx_outreach(sheet: Worksheet, report: Report, words: Words) -> None:
    """Per commune the events, attendees and walk-ins; below, the referrals per collector."""
    o = report.outreach
    _xlsx_title(sheet, report, words)
    _xlsx_header(sheet, [words.commune, words.province, words.events, words.attendees,
                         words.walk_ins])  # fmt: skip
    for (province, commune), f in o.per_commune.items():
        append_row(sheet, [commune, province, f.events, f.attendees, f.walk_ins])
    t = o.total
    _bold(sheet, append_row(sheet, [words.total, "", t.events, t.attendees, t.walk_ins]))
    append_row(sheet, [words.walk_ins_counted])
    append_row(sheet, [])
    _bold(sheet, append_row(sheet, [words.collector, words.full_name, words.referrals]))
    for username, count in o.referrals.items():
        append_row(sheet, [username, report.full_names.get(username, ""), count])
    _bold(sheet, append_row(sheet, [words.total, "", o.referrals_total]))


def _bold(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _sheet_name(text: str) -> str:
    """A title Excel takes: none of []:*?/\\ and at most 31 characters."""
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in text)[:31]


def _xlsx_title(sheet: Worksheet, report: Report, words: Words) -> None:
    lines = _title_lines(report, words)
    append_row(sheet, [lines[0]])
    sheet["A1"].font = Font(bold=True, size=13)
    c = report.campaign
    row = append_row(sheet, [lines[1], c.start_date, c.end_date])
    for column in (2, 3):
        sheet.cell(row, column).number_format = DAY
    append_row(sheet, [lines[2]])
    append_row(sheet, [lines[3]])
    append_row(sheet, [])


def _xlsx_header(sheet: Worksheet, header: list[str]) -> None:
    row = append_row(sheet, header)
    for index, text in enumerate(header, start=1):
        cell = sheet.cell(row, index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = max(12, min(24, len(text) + 2))
    sheet.freeze_panes = sheet.cell(row + 1, 1)


def _xlsx_figures(
    sheet: Worksheet, keys: list[str], f: figures.Figures, bold: bool = False
) -> None:
    _xlsx_values(sheet, keys, [c.value(f) for c in COLUMNS], bold=bold)


def _xlsx_values(
    sheet: Worksheet,
    keys: list[str],
    values: Sequence[int | None],
    money: bool = True,
    bold: bool = False,
) -> None:
    row = append_row(sheet, [*keys, *values])
    for index, column in enumerate(COLUMNS, start=len(keys) + 1):
        cell = sheet.cell(row, index)
        if column.money and money:
            cell.number_format = MONEY
        if bold:
            cell.font = Font(bold=True)
    if bold:
        sheet.cell(row, 1).font = Font(bold=True)


# --- PDF ----------------------------------------------------------------------------------

FONT = "NotoSans"
PAGE_ROWS = 40  # communes that fit one A4 page at the normal size; more are set smaller


def font_paths() -> tuple[Path, Path]:
    folder = resource_dir() / "fonts"
    return folder / "NotoSans-Regular.ttf", folder / "NotoSans-Bold.ttf"


def _shown(column: Column, value: int | None) -> str:
    if value is None:
        return ""
    return format_money(value) if column.money else f"{value:,}".replace(",", ".")


def write_pdf(report: Report, words: Words, path: Path) -> None:
    """One A4 page (portrait): the title, the campaign's dates and area, the per-commune
    table with its total (and the targets, when set), the outreach, the day it was printed.

    The outreach lists the communes where something happened (an event or a walk-in) and
    the referrals per collector; when that would not fit on the page (a campaign of many
    communes), only its totals, in one line: the console and the .xlsx have every row."""
    pdf = _pdf(report, words, detailed=True)
    if pdf.page_no() > 1:
        _close_fonts(pdf)
        pdf = _pdf(report, words, detailed=False)
    try:
        pdf.output(str(path))
    finally:
        _close_fonts(pdf)


def _close_fonts(pdf: Any) -> None:
    """fpdf2 reads its fonts lazily and leaves the files open until collected."""
    for font in pdf.fonts.values():
        close = getattr(font, "close", None)
        if close is not None:
            close()


def _pdf(report: Report, words: Words, detailed: bool) -> Any:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    regular, bold = font_paths()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_title(_title_lines(report, words)[0])
    pdf.set_creator("vss-server")
    pdf.add_page()
    title, dates, area, printed = _title_lines(report, words)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for line in (dates, area):
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    o = report.outreach
    active = [(place, f) for place, f in o.per_commune.items() if f.events or f.walk_ins]
    # The figures' size as without the outreach: the outreach's rows take what is left.
    rows = len(report.per_commune) + 3
    size = 8.5 if rows <= PAGE_ROWS else max(5.5, 8.5 * PAGE_ROWS / rows)
    pdf.set_font(FONT, "", size)
    widths = (44, 18, 20, 18, 18, 18, 20, 30)  # 186 mm: the page less its margins
    header = [words.commune, *(words.headers[c.key] for c in COLUMNS)]
    emphasis = FontFace(emphasis="BOLD", fill_color=(230, 236, 244))
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", *("RIGHT",) * len(COLUMNS)),
        line_height=size * 0.55,
        headings_style=emphasis,
        first_row_as_headings=True,
    ) as table:
        table.row(header)
        for (_province, commune), f in report.per_commune:
            table.row([commune, *(_shown(c, c.value(f)) for c in COLUMNS)])
        total = [words.total, *(_shown(c, c.value(report.total)) for c in COLUMNS)]
        table.row(total, style=FontFace(emphasis="BOLD"))
        if report.has_targets:
            table.row([words.target, *(_shown(c, report.target(c)) for c in COLUMNS)])
            table.row(
                [
                    words.percent,
                    *("" if (p := report.percent(c)) is None else f"{p}%" for c in COLUMNS),
                ]
            )
    pdf.ln(4)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, words.outreach, new_x="LMARGIN", new_y="NEXT")
    if detailed:
        _pdf_outreach(pdf, report, words, size, active)
    else:
        t = o.total
        pdf.set_font(FONT, "", 9)
        line = " · ".join(
            f"{label}: {_count(n)}"
            for label, n in (
                (words.events, t.events),
                (words.attendees, t.attendees),
                (words.walk_ins, t.walk_ins),
                (words.referrals, o.referrals_total),
            )
        )
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(FONT, "", 7.5)
    pdf.multi_cell(0, 4, words.walk_ins_counted, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, printed, new_x="LMARGIN", new_y="NEXT")
    return pdf


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _pdf_outreach(
    pdf: Any,
    report: Report,
    words: Words,
    size: float,
    active: list[tuple[tuple[str, str], EventFigures]],
) -> None:
    """The campaign's outreach after its figures: per commune where something happened
    the events, attendees and walk-ins, with the total (left); the referrals per
    collector (right)."""
    from fpdf.fonts import FontFace

    o = report.outreach
    emphasis = FontFace(emphasis="BOLD", fill_color=(230, 236, 244))
    bold = FontFace(emphasis="BOLD")
    pdf.set_font(FONT, "", size)
    top, left_width, gap = pdf.y, 116, 6  # the commune column as wide as the figures' (44)
    common = {"align": "LEFT", "line_height": size * 0.55, "headings_style": emphasis}
    with pdf.table(
        width=left_width, col_widths=(44, 24, 24, 24), text_align=("LEFT", *("RIGHT",) * 3),
        **common,
    ) as table:  # fmt: skip
        table.row([words.commune, words.events, words.attendees, words.walk_ins])
        for (_province, commune), f in active:
            table.row([commune, _count(f.events), _count(f.attendees), _count(f.walk_ins)])
        t = o.total
        table.row(
            [words.total, _count(t.events), _count(t.attendees), _count(t.walk_ins)], style=bold
        )
    left_end = pdf.y
    pdf.set_xy(pdf.l_margin + left_width + gap, top)
    right_width = pdf.w - pdf.r_margin - pdf.x
    with pdf.table(
        width=right_width, col_widths=(right_width - 24, 24), text_align=("LEFT", "RIGHT"),
        **common,
    ) as table:  # fmt: skip
        table.row([words.collector, words.referrals])
        for username, count in o.referrals.items():
            table.row([report.full_names.get(username) or username, _count(count)])
        table.row([words.total, _count(o.referrals_total)], style=bold)
    pdf.set_xy(pdf.l_margin, max(left_end, pdf.y))


Writer = Callable[[Report, Words, Path], None]
