"""The household sheet: one page per household for a home visit, filled in by hand."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from vss_core import contributions as calc
from vss_core.enums import BhytStatus, Outcome
from vss_core.formatting import format_date, format_money
from vss_desktop.labels import (
    bhyt_status_labels,
    label,
    outcome_labels,
    relation_labels,
    sex_labels,
)
from vss_desktop.printing import texts
from vss_desktop.printing.blocks import (
    Align,
    CheckboxGrid,
    Column,
    FieldRow,
    KeepTogether,
    NoteLines,
    PageBreak,
    Paragraph,
    Row,
    SignatureBoxes,
    Spacer,
    Table,
)
from vss_desktop.printing.data import HouseholdInfo, HouseholdSheetData, Member
from vss_desktop.printing.fonts import Font
from vss_desktop.printing.layout import MM, Block
from vss_desktop.printing.render import Document

INFO_FONT = Font(9.5)


def _columns() -> list[Column]:
    return [
        Column(QCoreApplication.translate("Printing", "No."), 6, Align.RIGHT),
        Column(QCoreApplication.translate("Printing", "Full name"), 36),
        Column(QCoreApplication.translate("Printing", "Date of birth"), 18),
        Column(QCoreApplication.translate("Printing", "Sex"), 10),
        Column(QCoreApplication.translate("Printing", "Relation"), 19),
        Column(QCoreApplication.translate("Printing", "BHXH code"), 19),
        Column(QCoreApplication.translate("Printing", "BHYT card expiry"), 18),
        Column(QCoreApplication.translate("Printing", "Insurance"), 22),
        Column(QCoreApplication.translate("Printing", "Notes"), 42),
    ]


def _household(h: HouseholdInfo, data: HouseholdSheetData) -> list[Block]:
    relations, sexes, statuses = relation_labels(), sex_labels(), bhyt_status_labels()
    code = QCoreApplication.translate("Printing", "Household code: %1").replace("%1", h.code or "—")
    phone = QCoreApplication.translate("Printing", "Phone: %1").replace("%1", h.phone or "—")
    where = QCoreApplication.translate("Printing", "Address: %1").replace(
        "%1", texts.address(h.house_number, h.street, h.village)
    )
    if h.last_visit:
        visit = (
            QCoreApplication.translate("Printing", "Last visit: %1, %2")
            .replace("%1", format_date(h.last_visit))
            .replace("%2", label(outcome_labels(), h.last_outcome))
        )
        if h.follow_up:
            visit += texts.SEPARATOR + QCoreApplication.translate(
                "Printing", "Follow-up: %1"
            ).replace("%1", format_date(h.follow_up))
    else:
        visit = QCoreApplication.translate("Printing", "Last visit: never visited")
    rows = [
        Row(
            [
                str(n),
                m.full_name,
                format_date(m.date_of_birth),
                label(sexes, m.sex),
                label(relations, m.relation),
                m.bhxh_code,
                format_date(m.bhyt_expiry),
                label(statuses, m.bhyt_status),
                "",
            ],
            key=f"{h.id}/{n}",
        )
        for n, m in enumerate(h.members, start=1)
    ]
    members_title = QCoreApplication.translate("Printing", "Members (%1)").replace(
        "%1", str(len(h.members))
    )
    return [
        Paragraph(h.head_name, Font(14, bold=True)),
        Paragraph(code + texts.SEPARATOR + phone, INFO_FONT, space_before=1 * MM),
        Paragraph(where, INFO_FONT),
        Paragraph(visit, INFO_FONT, space_after=3 * MM),
        Paragraph(members_title, Font(10.5, bold=True), space_after=1.5 * MM, keep_with_next=True),
        Table(_columns(), rows, font=Font(9), head_font=Font(8, bold=True), min_row_height=7 * MM),
        *_contribution(h.members, data.today),
        _visit_form(),
    ]


CONTRIBUTION_MONTHS = (3, 6, 12)  # household BHYT payment periods (domain.md §2)


def _contribution(members: tuple[Member, ...], on: date) -> list[Block]:
    """What the household would pay for 3/6/12 months of household BHYT if every member
    without another BHYT joins, on the day printed (the calculator's ladder)."""
    joining = [(n, m) for n, m in enumerate(members, start=1) if m.bhyt_status != BhytStatus.OTHER]
    if not joining:
        return []
    results = {}
    try:
        for months in CONTRIBUTION_MONTHS:
            results[months] = calc.bhyt_household(
                [calc.HouseholdMember(ref=str(n)) for n, _m in joining], months, on
            )
    except calc.ContributionError:
        return []  # no rule for this date: leave the section out rather than guess
    base = results[CONTRIBUTION_MONTHS[0]].rule_values.get("base_salary", 0)
    title = (
        QCoreApplication.translate(
            "Printing", "Household BHYT contribution (on %1, base salary %2)"
        )
        .replace("%1", format_date(on))
        .replace("%2", format_money(int(base)))
    )
    money = [
        Column(
            QCoreApplication.translate("Printing", "%1 months").replace("%1", str(months)),
            18,
            Align.RIGHT,
        )
        for months in CONTRIBUTION_MONTHS
    ]
    columns = [
        Column(QCoreApplication.translate("Printing", "No."), 6, Align.RIGHT),
        Column(QCoreApplication.translate("Printing", "Member"), 52),
        Column(QCoreApplication.translate("Printing", "Ladder"), 12, Align.RIGHT),
        *money,
    ]
    lines = {months: {line.ref: line for line in r.members} for months, r in results.items()}
    rows = [
        Row(
            [
                str(n),
                m.full_name,
                f"{lines[3][str(n)].ladder_percent.normalize():f}%",
                *(format_money(lines[months][str(n)].amount) for months in CONTRIBUTION_MONTHS),
            ]
        )
        for n, m in joining
    ]
    rows.append(
        Row(
            [
                "",
                QCoreApplication.translate("Printing", "Total for the household"),
                "",
                *(format_money(results[months].total) for months in CONTRIBUTION_MONTHS),
            ]
        )
    )
    return [
        Spacer(3 * MM),
        Paragraph(title, Font(10.5, bold=True), space_after=1.5 * MM, keep_with_next=True),
        Table(
            columns,
            rows,
            font=Font(9),
            head_font=Font(8, bold=True),
            keep_last_with_next=False,
        ),
        Paragraph(
            QCoreApplication.translate(
                "Printing",
                "Members with another BHYT are not counted. Amounts follow the rules in force"
                " on the day printed; the day of payment decides.",
            ),
            Font(8),
            space_before=1 * MM,
        ),
    ]


def _visit_form() -> KeepTogether:
    outcomes = outcome_labels()
    return KeepTogether(
        [
            Spacer(5 * MM),
            Paragraph(
                QCoreApplication.translate("Printing", "Outcome of this visit"),
                Font(10.5, bold=True),
                space_after=1 * MM,
            ),
            CheckboxGrid([outcomes[o] for o in Outcome]),
            Spacer(2 * MM),
            FieldRow(
                [
                    QCoreApplication.translate("Printing", "Amount collected:"),
                    QCoreApplication.translate("Printing", "Receipt number:"),
                ]
            ),
            FieldRow(
                [
                    QCoreApplication.translate("Printing", "Promised to pay on:"),
                    QCoreApplication.translate("Printing", "Visit again on:"),
                ]
            ),
            NoteLines(QCoreApplication.translate("Printing", "Notes:"), lines=3),
            Spacer(5 * MM),
            SignatureBoxes(
                [
                    QCoreApplication.translate(
                        "Printing", "Participant or household representative"
                    ),
                    QCoreApplication.translate("Printing", "Collector"),
                ],
                QCoreApplication.translate("Printing", "(signature and full name)"),
            ),
        ]
    )


def build(data: HouseholdSheetData, landscape: bool = False) -> Document:
    blocks: list[Block] = []
    for n, household in enumerate(data.households):
        if n:
            blocks.append(PageBreak())
        blocks.extend(_household(household, data))
    if not data.households:
        blocks.append(Paragraph(QCoreApplication.translate("Printing", "No households chosen.")))
    return Document(
        title=QCoreApplication.translate("Printing", "Household visit sheet"),
        header_lines=[texts.header_line(data.header)],
        blocks=blocks,
        page_format=texts.page_format(),
        landscape=landscape,
    )
