"""The import's refusals in the supervisor's language, for the console's Import page.

The importer keeps each refused row's problems by code (RowOutcome.problems) beside its
English reasons, which the command line and the report .xlsx show. This module words
the codes with the console's gettext, as the app's import dialog does with Qt's
(vss_desktop/ui/import_dialog.py, vss_desktop/labels.py): the same codes, the same
Vietnamese (resources/translations/vss_vi.ts), "on the server" for "on this laptop".

Sentences name columns, rows and limits, never a cell's content (personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vss_core.formatting import format_iso_date
from vss_core.importing import ListRefused, RowProblem
from vss_core.importing.columns import COLUMNS
from vss_core.importing.matching import HELD_ELSEWHERE_CODE
from vss_server.list_import import OUTSIDE_AREA_CODE, SEVERAL_MATCH_CODE, UNKNOWN_COLLECTOR_CODE

Gettext = Callable[[str], str]

# The template's header of a field (record names too: "phone" of a household is its
# "household_phone"), for problems the file's own header is not known for.
_HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    _HEADERS.setdefault(_column.field, _column.vi)
    _HEADERS.setdefault(_column.record_field, _column.vi)
# Problems about several columns at once.
_COLUMNS_OF = {OUTSIDE_AREA_CODE: ("province", "commune")}


@dataclass(frozen=True)
class Said:
    """One problem of a row as the page shows it."""

    column: str  # the column as the file names it; "" for the whole row
    text: str


@dataclass(frozen=True)
class Refusal:
    """A refused file for the import form: its code and parameters (the template words
    the common ones itself) and, as its text, the sentence for any other code."""

    code: str
    params: dict[str, str]
    text: str

    def __str__(self) -> str:
        return self.text


class _Blank(dict[str, str]):
    """Parameters for %-formatting: a missing one reads "?" rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def column_of(problem: RowProblem) -> str:
    """The header as the file writes it, else the template's (the import template is
    Vietnamese), else "" for a problem of the whole row."""
    if problem.column:
        return problem.column
    names = _COLUMNS_OF.get(problem.code) or ((problem.field,) if problem.field else ())
    return ", ".join(_HEADERS.get(name, name) for name in names)


class Wording:
    """The sentences of one page's language (each source string looked up once)."""

    def __init__(self, _: Gettext) -> None:
        self._ = _
        self.sentences = _import_sentences(_) | _record_sentences(_) | _server_sentences(_)

    def sentence(self, problem: RowProblem) -> str:
        params = _Blank(problem.params)
        code = problem.code
        if code == "admin.old_name" and not problem.params.get("current"):
            return self._("A name from before the 2025 merger.")
        if code == "date.out_of_range":  # ISO dates in the parameters: shown dd/mm/yyyy
            for name in ("min", "max"):
                params[name] = format_iso_date(problem.params.get(name, "?"))
        template = self.sentences.get(code)
        if template is None:  # a code added since: still in the page's language
            return self._("Refused (code %(code)s).") % {"code": code}
        return template % params

    def said(self, problems: Iterable[RowProblem]) -> list[Said]:
        return [Said(column_of(p), self.sentence(p)) for p in problems]


def _import_sentences(_: Gettext) -> dict[str, str]:
    """The list's own codes (vss_core.importing: the parser, cells and places)."""
    return {
        "date.format": _("Not a date: write dd/mm/yyyy (four-digit year)."),
        "date.invalid": _("There is no such day: check the day and the month."),
        "flag.invalid": _("Write Có or Không (yes or no)."),
        "text.unstorable": _("This text holds characters that cannot be stored."),
        "number.leading_zeros": _(
            "The leading zeros Excel dropped were put back: format this column as text."
        ),
        "household.missing": _("A member's row before any household: fill in the household."),
        "household.conflicting_value": _(
            "This member's row gives another value for the household: leave it blank."
        ),
        "household.code_twice": _("One household code with two different heads (rows %(rows)s)."),
        "household.two_heads": _("A second head of household in the same household."),
        "household.code_required": _("The household code is required on this sheet."),
        "member.code_required": _("The household code is required on this sheet."),
        "member.unknown_household": _("No household on the households sheet has this code."),
        "person.twice": _("The same person is on several rows (rows %(rows)s)."),
        "admin.province_unknown": _("No province has this name."),
        "admin.commune_unknown": _("No commune has this name."),
        "admin.commune_not_in_province": _("This commune is not in the province given."),
        "admin.old_name": _("A name from before the 2025 merger: now %(current)s."),
        "row.unnamed_cell": _("A value in column %(column)s, which has no header."),
        "row.blank": _("A blank row, skipped."),
    }


def _record_sentences(_: Gettext) -> dict[str, str]:
    """The record checks' codes a list row can get (vss_core.validation, identifiers,
    plausibility), shared with the app's forms."""
    return {
        "required": _("This cell is required."),
        "choice.invalid": _("Choose a value from the list."),
        "date.future": _("This date is in the future."),
        "date.out_of_range": _("Enter a date from %(min)s to %(max)s."),
        "text.too_long": _("This text is too long: at most %(max)s characters."),
        "cccd.not_digits": _("A CCCD number has digits only."),
        "cccd.length": _("A CCCD number has 12 digits; this one has %(length)s."),
        "cccd.birth_year_mismatch": _(
            "The CCCD number says born in %(year)s, which does not match the date of birth."
        ),
        "cccd.sex_mismatch": _("The CCCD number does not match the sex given."),
        "bhxh.not_digits": _("A BHXH code has digits only."),
        "bhxh.length": _("A BHXH code has 10 digits; this one has %(length)s."),
        "card.format": _(
            "A BHYT card number is the 10-digit BHXH code or 15 characters like GD4010120152431."
        ),
        "card.old_format": _(
            "An old BHYT card number is 2 letters then 13 digits, like GD4010120152431."
        ),
        "card.code_mismatch": _("The card number does not end with this person's BHXH code."),
        "phone.not_digits": _("A phone number has digits only."),
        "phone.length": _("A mobile number has 10 digits; this one has %(length)s."),
        "phone.prefix": _("A mobile number starts with 03, 05, 07, 08 or 09."),
        "phone.unknown_carrier": _("No carrier uses this prefix; please check the number."),
        "status.none_but_valid": _("The card is still valid: is the status right?"),
        "flags.poor_and_near_poor": _("A person cannot be both poor and near-poor."),
    }


def _server_sentences(_: Gettext) -> dict[str, str]:
    """The refusals of matching the list against the server (vss_server.list_import)."""
    return {
        HELD_ELSEWHERE_CODE: _(
            "Already a member of another household on the server: move the person in the"
            " app, or correct the file."
        ),
        SEVERAL_MATCH_CODE: _("Several households on the server match this row."),
        OUTSIDE_AREA_CODE: _(
            "This row cannot be imported because the household lies outside your area"
            " (as stored on the server, or as this row places it)."
        ),
        UNKNOWN_COLLECTOR_CODE: _(
            "No active account has this username: create it first, leave the cell blank,"
            " or write %(unassign)s to take the household from its collector."
        ),
    }


def refusal(exc: ListRefused, _: Gettext) -> Refusal:
    """A refused file in the page's language, by its code (vss_core.importing.MESSAGES).
    The strings the import form already words are the same source strings here."""
    sentences = {
        "file.empty": _("The file is empty."),
        "file.binary": _("The file is not a spreadsheet or a CSV text file."),
        "file.old_xls": _("This is an old Excel .xls file: open it in Excel and save it as .xlsx."),
        "file.password_protected": _(
            "The workbook is password-protected: remove the password in Excel"
            " (File > Info > Protect Workbook) and save it again."
        ),
        "file.not_xlsx": _("The file is not a readable .xlsx workbook."),
        "file.encoding": _("The text is neither UTF-8 nor Windows-1258."),
        "file.not_csv": _("The file is not a CSV table."),
        "file.too_many_rows": _(
            "More than %(limit)s data rows: split the list into several files."
        ),
        "sheet.no_header": _("Sheet %(sheet)s has no header row naming the columns."),
        "sheet.merged_header": _("Merged header cells %(cells)s in sheet %(sheet)s: unmerge them."),
        "sheet.merged_cells": _("Merged cells %(cells)s in sheet %(sheet)s: unmerge them."),
        "sheet.formula_without_value": _(
            "Cell %(cell)s of sheet %(sheet)s holds a formula without a computed value: open"
            " the file in Excel and save it, or paste values only."
        ),
        "sheet.missing": _("The workbook has no sheet %(sheet)s."),
        "columns.unknown": _(
            "Unknown columns %(columns)s in sheet %(sheet)s: rename them as in the template."
        ),
        "columns.missing": _("Missing columns %(columns)s in sheet %(sheet)s."),
        "columns.twice": _("Columns named twice in sheet %(sheet)s: %(columns)s."),
        "columns.wrong_sheet": _("Columns %(columns)s do not belong in sheet %(sheet)s."),
    }
    params = {str(k): str(v) for k, v in exc.params.items()}
    template = sentences.get(exc.code)
    if template is None:
        text = _("Refused (code %(code)s).") % {"code": exc.code}
    else:
        text = template % _Blank(params)
    return Refusal(exc.code, params, text)


__all__ = ["Refusal", "Said", "Wording", "column_of", "refusal"]
