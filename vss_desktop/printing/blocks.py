"""The building blocks of printed documents: paragraphs, tables and fields to fill by hand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from vss_desktop.printing.fonts import Font
from vss_desktop.printing.layout import (
    MM,
    Box,
    Group,
    Line,
    Metrics,
    Op,
    Rect,
    TableHead,
    Text,
    words,
)

THIN = 3.5  # 0.35 pt: inner grid lines
RULE = 6.0  # 0.6 pt: outer lines and rules
HEAD_FILL = 225  # grey of table headers
GROUP_FILL = 240  # grey of group headings


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


def _x(m: Metrics, font: Font, text: str, left: float, width: float, align: Align) -> float:
    if align is Align.LEFT:
        return left
    free = width - m.width(font, text)
    return left + (free if align is Align.RIGHT else free / 2)


@dataclass(frozen=True)
class Paragraph:
    text: str
    font: Font = Font(9)
    align: Align = Align.LEFT
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False

    def box(self, m: Metrics, width: float) -> Box:
        line_h, ascent = m.line_height(self.font), m.ascent(self.font)
        ops: list[Op] = []
        y = self.space_before
        for text in m.wrap(self.font, self.text, width):
            ops.append(
                Text(_x(m, self.font, text, 0, width, self.align), y + ascent, text, self.font)
            )
            y += line_h
        return Box(y + self.space_after, ops, keep_with_next=self.keep_with_next)

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        return [self.box(m, width)]


@dataclass(frozen=True)
class Spacer:
    height: float

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        return [Box(self.height, [])]


@dataclass(frozen=True)
class PageBreak:
    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        return [Box(0.0, [], break_before=True)]


@dataclass(frozen=True)
class KeepTogether:
    """Blocks stacked into one unbreakable box (totals, a form section)."""

    blocks: Sequence[Paragraph | Spacer | CheckboxGrid | FieldRow | NoteLines | SignatureBoxes]

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        ops: list[Op] = []
        y = 0.0
        for block in self.blocks:
            for piece in block.pieces(m, width, max_height):
                ops.extend(_shift(op, 0, y) for op in piece.ops)
                y += piece.height
        return [Box(y, ops)]


def _shift(op: Op, dx: float, dy: float) -> Op:
    if isinstance(op, Text):
        return Text(op.x + dx, op.y + dy, op.text, op.font)
    if isinstance(op, Line):
        return Line(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy, op.width)
    return Rect(op.x + dx, op.y + dy, op.w, op.h, op.fill, op.stroke)


# --- tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One paragraph of a table cell; cells with several paragraphs put each on its own line."""

    text: str
    bold: bool = False


Cell = str | Sequence[Para]


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # relative: columns share the table width in proportion
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Row:
    cells: Sequence[Cell]
    key: str | None = None


@dataclass(frozen=True)
class GroupHeading:
    text: str
    continued: str  # the heading on the pages the group runs on to


@dataclass
class Table:
    columns: Sequence[Column]
    items: Sequence[Row | GroupHeading]
    font: Font = Font(8)
    head_font: Font = Font(7.5, bold=True)
    min_row_height: float = 0.0  # room to write by hand
    pad_x: float = 1.2 * MM
    pad_y: float = 0.9 * MM
    keep_last_with_next: bool = False  # totals never stand alone on a page

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        widths = self._widths(m, width)
        grid = ([sum(widths[:i]) for i in range(len(widths))], widths)
        head_cells: list[Cell] = [c.title for c in self.columns]
        head = self._row(m, grid, head_cells, self.head_font, 0.0, max_height, head=True)
        table = TableHead(head)
        # A row may take what is left of a page after the header and a group heading.
        room = max_height - head.height - 2 * m.line_height(self.head_font) - 2 * self.pad_y
        out: list[Box] = []
        group: Group | None = None
        for item in self.items:
            if isinstance(item, GroupHeading):
                group = Group(self._heading(m, item.continued, width))
                box = self._heading(m, item.text, width)
                box.keep_with_next, box.is_group_heading = True, True
            else:
                box = self._row(m, grid, item.cells, self.font, self.min_row_height, room)
                box.key = item.key
            box.table, box.group = table, group
            out.append(box)
        if out and self.keep_last_with_next:
            out[-1].keep_with_next = True
        return out

    def _widths(self, m: Metrics, width: float) -> list[float]:
        """Share ``width`` by the columns' weights, but make each column at least as wide
        as its longest word (header or content) so that words only break when they must."""
        longest = [self._longest_word(m, c.title, self.head_font) for c in self.columns]
        for item in self.items:
            if isinstance(item, Row):
                for n, cell in enumerate(item.cells):
                    longest[n] = max(longest[n], self._longest_word(m, cell, self.font))
        mins = [w + 2 * self.pad_x for w in longest]
        weights = [c.width for c in self.columns]
        pinned: set[int] = set()
        while True:
            free = width - sum(mins[i] for i in pinned)
            share = sum(w for i, w in enumerate(weights) if i not in pinned)
            widths = [mins[i] if i in pinned else w / share * free for i, w in enumerate(weights)]
            short = {i for i, w in enumerate(widths) if i not in pinned and w < mins[i]}
            if not short:
                return widths
            pinned |= short
            if len(pinned) == len(weights) or sum(mins[i] for i in pinned) >= width:
                total = sum(weights)  # cannot honour every minimum: plain proportions
                return [w / total * width for w in weights]

    @staticmethod
    def _longest_word(m: Metrics, cell: Cell, font: Font) -> float:
        paras = [Para(cell)] if isinstance(cell, str) else cell
        best = 0.0
        for para in paras:
            f = Font(font.size, bold=True) if para.bold else font
            for word in words(para.text):
                best = max(best, m.width(f, word))
        return best

    def _cell_lines(
        self, m: Metrics, cell: Cell, font: Font, width: float
    ) -> list[tuple[str, Font]]:
        paras = [Para(cell)] if isinstance(cell, str) else cell
        lines: list[tuple[str, Font]] = []
        for para in paras:
            f = Font(font.size, bold=True) if para.bold else font
            lines.extend((text, f) for text in m.wrap(f, para.text, width))
        return lines

    def _row(
        self,
        m: Metrics,
        grid: tuple[list[float], list[float]],
        cells: Sequence[Cell],
        font: Font,
        min_h: float,
        max_h: float,
        head: bool = False,
    ) -> Box:
        lefts, widths = grid
        line_h = m.line_height(font)
        inner = [w - 2 * self.pad_x for w in widths]
        lines = [self._cell_lines(m, c, font, w) for c, w in zip(cells, inner, strict=True)]
        fit = max(1, math.floor((max_h - 2 * self.pad_y) / line_h))
        height = max(min_h, max(len(ls) for ls in lines) * line_h + 2 * self.pad_y)
        height = min(height, fit * line_h + 2 * self.pad_y) if height > max_h else height
        ops: list[Op] = []
        total = lefts[-1] + widths[-1]
        if head:
            ops.append(Rect(0, 0, total, height, fill=HEAD_FILL))
            ops.append(Line(0, 0, total, 0, RULE))
        for column, left, w, cell in zip(self.columns, lefts, inner, lines, strict=True):
            if len(cell) > fit:  # too tall for a page: never split, cut with an ellipsis
                text, f = cell[fit - 1]
                cell = [*cell[: fit - 1], (m.elide(f, text, w), f)]
            for n, (text, f) in enumerate(cell):
                x = _x(m, f, text, left + self.pad_x, w, Align.LEFT if head else column.align)
                ops.append(Text(x, self.pad_y + n * line_h + m.ascent(f), text, f))
        ops.extend(
            Line(x, 0, x, height, RULE if x in (0, total) else THIN) for x in (*lefts, total)
        )
        ops.append(Line(0, height, total, height, RULE if head else THIN))
        return Box(height, ops)

    def _heading(self, m: Metrics, text: str, width: float) -> Box:
        font = Font(self.font.size + 0.5, bold=True)
        height = m.line_height(font) + 2 * self.pad_y
        return Box(
            height,
            [
                Rect(0, 0, width, height, fill=GROUP_FILL),
                Text(self.pad_x, self.pad_y + m.ascent(font), text, font),
                Line(0, 0, 0, height, RULE),
                Line(width, 0, width, height, RULE),
                Line(0, height, width, height, THIN),
            ],
        )


# --- fields filled in by hand -------------------------------------------------------------


BOX_SIDE = 3.6 * MM


@dataclass(frozen=True)
class CheckboxGrid:
    """Options with a square to tick, in columns."""

    options: Sequence[str]
    columns: int = 2
    font: Font = Font(9.5)
    row_height: float = 7 * MM

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        rows = math.ceil(len(self.options) / self.columns)
        col_w = width / self.columns
        ops: list[Op] = []
        for n, option in enumerate(self.options):
            col, row = divmod(n, rows)  # fill down the first column, then the next
            x, y = col * col_w, row * self.row_height
            top = y + (self.row_height - BOX_SIDE) / 2
            ops.append(Rect(x, top, BOX_SIDE, BOX_SIDE, stroke=RULE))
            room = col_w - BOX_SIDE - 3 * MM
            text = (
                option if m.width(self.font, option) <= room else m.elide(self.font, option, room)
            )
            baseline = top + BOX_SIDE / 2 + m.ascent(self.font) * 0.35
            ops.append(Text(x + BOX_SIDE + 2 * MM, baseline, text, self.font))
        return [Box(rows * self.row_height, ops)]


@dataclass(frozen=True)
class FieldRow:
    """Labels followed by a line to write on, side by side."""

    labels: Sequence[str]
    font: Font = Font(9.5)
    height: float = 10 * MM

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        slot = width / len(self.labels)
        gap = 4 * MM
        ops: list[Op] = []
        baseline = self.height - 2 * MM
        for n, label in enumerate(self.labels):
            x = n * slot
            ops.append(Text(x, baseline, label, self.font))
            start = x + m.width(self.font, label) + 1.5 * MM
            ops.append(Line(start, baseline + 0.6 * MM, x + slot - gap, baseline + 0.6 * MM, THIN))
        return [Box(self.height, ops)]


@dataclass(frozen=True)
class NoteLines:
    """A label and full-width lines to write on."""

    label: str
    lines: int = 3
    font: Font = Font(9.5)
    spacing: float = 9 * MM

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        first = self.spacing - 2 * MM
        ops: list[Op] = [Text(0, first, self.label, self.font)]
        start = m.width(self.font, self.label) + 1.5 * MM
        for n in range(self.lines):
            y = first + 0.6 * MM + n * self.spacing
            ops.append(Line(start if n == 0 else 0, y, width, y, THIN))
        return [Box(self.lines * self.spacing + 1 * MM, ops)]


@dataclass(frozen=True)
class SignatureBoxes:
    """Framed boxes to sign in, side by side, each with a title and a hint under it."""

    titles: Sequence[str]
    hint: str
    height: float = 32 * MM
    font: Font = Font(9.5, bold=True)
    hint_font: Font = Font(8)

    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]:
        gap = 6 * MM
        w = (width - gap * (len(self.titles) - 1)) / len(self.titles)
        ops: list[Op] = []
        for n, title in enumerate(self.titles):
            x = n * (w + gap)
            ops.append(Rect(x, 0, w, self.height, stroke=RULE))
            y = 2 * MM + m.ascent(self.font)
            for text in m.wrap(self.font, title, w - 4 * MM):
                ops.append(Text(_x(m, self.font, text, x, w, Align.CENTER), y, text, self.font))
                y += m.line_height(self.font)
            hint_x = _x(m, self.hint_font, self.hint, x, w, Align.CENTER)
            ops.append(Text(hint_x, y, self.hint, self.hint_font))
        return [Box(self.height, ops)]
