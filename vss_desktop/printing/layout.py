"""A small two-pass layout engine: blocks become boxes of drawing operations, boxes fill pages.

Pass one measures text with QFontMetricsF (QtGui only, no widgets: it runs in a worker
thread and headless) and decides where every box goes, so the page count is known
before anything is painted; pass two (:mod:`render`) replays the operations on a PDF
writer, a printer or a preview. Lengths are layout units: 1/10 point (:data:`MM` per mm).

Pagination rules: a box never splits across pages; a table's header repeats at the top
of each page it continues on (with a "continued" heading when a group runs on); a box
marked ``keep_with_next`` moves to the next page with the box after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtGui import QFontMetricsF

from vss_desktop.printing.fonts import Font

MM = 720 / 25.4  # layout units per millimetre


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    font: Font


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 3.5  # 0.35 pt


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: int | None = None  # grey level 0-255
    stroke: float = 0.0  # outline width, 0 for none


Op = Text | Line | Rect


@dataclass(eq=False)
class TableHead:
    """A table's header box, repeated on every page the table continues on."""

    box: Box


@dataclass(eq=False)
class Group:
    """A run of table rows under one heading; ``continued`` heads it on later pages."""

    continued: Box


@dataclass(eq=False)
class Box:
    """An unbreakable piece of a page: drawing operations relative to its top-left corner."""

    height: float
    ops: list[Op]
    key: str | None = None  # identifies a table row (tests read pages back by key)
    keep_with_next: bool = False
    break_before: bool = False
    table: TableHead | None = None
    group: Group | None = None
    is_group_heading: bool = False


class Block(Protocol):
    def pieces(self, m: Metrics, width: float, max_height: float) -> list[Box]: ...


def words(text: str) -> list[str]:
    """Split at plain spaces only: a no-break space (U+00A0) holds two words together."""
    return [w for w in text.split(" ") if w]


class Metrics:
    """Text measurement in layout units, with per-word caching (one instance per thread)."""

    def __init__(self) -> None:
        self._fm: dict[Font, QFontMetricsF] = {}
        self._widths: dict[tuple[Font, str], float] = {}

    def _metrics(self, font: Font) -> QFontMetricsF:
        fm = self._fm.get(font)
        if fm is None:
            fm = self._fm[font] = QFontMetricsF(font.qfont())
        return fm

    def width(self, font: Font, text: str) -> float:
        key = (font, text)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self._metrics(font).horizontalAdvance(text)
        return w

    def line_height(self, font: Font) -> float:
        return self._metrics(font).lineSpacing()

    def ascent(self, font: Font) -> float:
        return self._metrics(font).ascent()

    def wrap(self, font: Font, text: str, width: float) -> list[str]:
        """Greedy word wrap; a word longer than the line is broken between characters."""
        lines: list[str] = []
        space = self.width(font, " ")
        for paragraph in text.split("\n"):
            current, used = "", 0.0
            for word in words(paragraph):
                w = self.width(font, word)
                if current and used + space + w <= width:
                    current, used = f"{current} {word}", used + space + w
                    continue
                if current:
                    lines.append(current)
                if w <= width:
                    current, used = word, w
                    continue
                *full, current = self._break_word(font, word, width)
                lines.extend(full)
                used = self.width(font, current)
            lines.append(current)
        return lines

    def _break_word(self, font: Font, word: str, width: float) -> list[str]:
        parts, current = [], ""
        for ch in word:
            if current and self.width(font, current + ch) > width:
                parts.append(current)
                current = ""
            current += ch
        return [*parts, current]

    def elide(self, font: Font, text: str, width: float) -> str:
        """``text`` cut to ``width`` with an ellipsis, for a cell's last visible line."""
        if self.width(font, text + "…") <= width:
            return text + "…"
        while text and self.width(font, text + "…") > width:
            text = text[:-1]
        return text + "…"


# --- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    y: float  # from the top of the page body
    box: Box
    kind: str  # "piece", "head" (a repeated table header) or "continued"


@dataclass
class Page:
    placements: list[Placement] = field(default_factory=list)
    used: float = 0.0

    @property
    def keys(self) -> list[str]:
        return [p.box.key for p in self.placements if p.box.key is not None]

    def add(self, box: Box, kind: str = "piece") -> None:
        self.placements.append(Placement(self.used, box, kind))
        self.used += box.height


def paginate(pieces: list[Box], body_height: float) -> list[Page]:
    """Fill pages in order; see the module docstring for the rules."""
    pages = [Page()]
    head_on_page: TableHead | None = None
    for i, piece in enumerate(pieces):
        page = pages[-1]
        if piece.break_before and page.placements:
            pages.append(page := Page())
            head_on_page = None
        need = _need(_chain(pieces, i), head_on_page)
        if page.placements and page.used + need > body_height:
            pages.append(page := Page())
            head_on_page = None
        if piece.table is not None and piece.table is not head_on_page:
            page.add(piece.table.box, "head")
            head_on_page = piece.table
            if piece.group is not None and not piece.is_group_heading:
                page.add(piece.group.continued, "continued")
        page.add(piece)
    return pages


def _chain(pieces: list[Box], i: int, limit: int = 4) -> list[Box]:
    """``pieces[i]`` and the pieces it must stay with (a heading and its first rows)."""
    chain = [pieces[i]]
    while chain[-1].keep_with_next and i + len(chain) < len(pieces) and len(chain) < limit:
        chain.append(pieces[i + len(chain)])
    return chain


def _need(chain: list[Box], head_on_page: TableHead | None) -> float:
    """Height the chain takes, with a repeated table header and heading where due."""
    total = 0.0
    for piece in chain:
        if piece.table is not None and piece.table is not head_on_page:
            total += piece.table.box.height
            if piece.group is not None and not piece.is_group_heading:
                total += piece.group.continued.height
            head_on_page = piece.table
        total += piece.height
    return total
