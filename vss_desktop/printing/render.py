"""Documents on A4 pages: lay them out once, then paint them on any QPagedPaintDevice.

The same :func:`paint` serves the PDF writer, a printer and the print preview, so what the
collector previews is what comes out. :func:`write_pdf` and :func:`print_document` may run
in a worker thread (QPainter on QPdfWriter/QPrinter is allowed off the GUI thread).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from vss_desktop.printing.blocks import RULE, Paragraph
from vss_desktop.printing.fonts import UNITS_PER_PT, Font
from vss_desktop.printing.layout import (
    MM,
    Block,
    Box,
    Line,
    Metrics,
    Op,
    Page,
    Rect,
    Text,
    paginate,
)

Progress = Callable[[int, int], None]

A4_MM = (210.0, 297.0)
MARGIN_MM = 10.0
PDF_DPI = 600
TITLE_FONT = Font(12, bold=True)
PAGE_FONT = Font(9.5, bold=True)
HEADER_FONT = Font(8.5)


@dataclass
class Document:
    """What to print: a title and lines repeated at the top of every page, then the blocks."""

    title: str
    header_lines: Sequence[str]
    blocks: Sequence[Block]
    page_format: str  # "Page %1/%2", translated
    landscape: bool = False


@dataclass(frozen=True)
class PageSetup:
    width: float  # the area inside the margins, in layout units
    height: float
    header_height: float

    @property
    def body_height(self) -> float:
        return self.height - self.header_height


@dataclass
class LaidOut:
    """A document cut into pages: ``pages[n]`` holds what goes under page header ``heads[n]``."""

    document: Document
    landscape: bool
    setup: PageSetup
    pages: list[Page]
    heads: list[Box]

    @property
    def page_count(self) -> int:
        return len(self.pages)


def lay_out(document: Document, landscape: bool | None = None) -> LaidOut:
    """Pass one: measure every block and fill the pages (no painting)."""
    landscape = document.landscape if landscape is None else landscape
    short, long = A4_MM
    page_w, page_h = (long, short) if landscape else (short, long)
    width, height = (page_w - 2 * MARGIN_MM) * MM, (page_h - 2 * MARGIN_MM) * MM
    guard = _NoneRefGuard()  # QFont setters are void calls too
    m = Metrics()
    head_height = _page_head(m, document, width, 8888, 8888).height  # the same on every page
    setup = PageSetup(width, height, head_height)
    pieces = [p for block in document.blocks for p in block.pieces(m, width, setup.body_height)]
    pages = paginate(pieces, setup.body_height)
    heads = [_page_head(m, document, width, n + 1, len(pages)) for n in range(len(pages))]
    guard.settle()
    return LaidOut(document, landscape, setup, pages, heads)


def _page_head(m: Metrics, document: Document, width: float, page: int, pages: int) -> Box:
    label = document.page_format.replace("%1", str(page)).replace("%2", str(pages))
    label_w = m.width(PAGE_FONT, label)
    title = Paragraph(document.title, TITLE_FONT).box(m, width - label_w - 6 * MM)
    ops: list[Op] = list(title.ops)
    ops.append(Text(width - label_w, m.ascent(TITLE_FONT), label, PAGE_FONT))
    y = title.height + 0.5 * MM
    for line in document.header_lines:
        box = Paragraph(line, HEADER_FONT).box(m, width)
        ops.extend(Text(op.x, op.y + y, op.text, op.font) for op in box.ops if isinstance(op, Text))
        y += box.height
    y += 1.2 * MM
    ops.append(Line(0, y, width, y, RULE))
    return Box(y + 3 * MM, ops)


# --- pass two: painting -------------------------------------------------------------------


def set_page_layout(device: QPagedPaintDevice, landscape: bool) -> None:
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    if isinstance(device, QPrinter):
        # Keep the paper the collector chose in the print dialog; paint() scales to fit it.
        device.setPageOrientation(orientation)
        device.setPageMargins(margins, QPageLayout.Unit.Millimeter)
        return
    size = QPageSize(QPageSize.PageSizeId.A4)
    device.setPageLayout(QPageLayout(size, orientation, margins, QPageLayout.Unit.Millimeter))


class _NoneRefGuard:
    """Works around PySide6 6.12.0 on CPython 3.11: each call of a Qt method returning void
    drops a reference to None that it never took, and the interpreter aborts ("deallocating
    None") after about 5,000 such calls; painting a long list makes tens of thousands.
    After each page we give None back the references it lost. A no-op where the bug is
    absent (PySide6 6.11, or CPython 3.12+ where None is immortal). Remove once the
    dependency excludes the broken release."""

    def __init__(self) -> None:
        self._mark = sys.getrefcount(None)

    def settle(self) -> None:
        lost = self._mark - sys.getrefcount(None)
        for _ in range(max(0, lost)):
            _incref(None)
        self._mark = sys.getrefcount(None)


_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Painter:
    """Replays drawing operations with few Qt calls: fonts and pens change only when
    needed, and the lines of a box go out in one drawLines call per width."""

    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        self._fonts: dict[Font, QFont] = {}
        self._pens: dict[float, QPen] = {}
        self.reset()

    def reset(self) -> None:
        """Forget the current font and pen (painter.restore() drops them)."""
        self._font: Font | None = None
        self._pen: float | None = None

    def _set_pen(self, width: float) -> None:
        if width != self._pen:
            pen = self._pens.get(width)
            if pen is None:
                pen = self._pens[width] = QPen(QColor(0, 0, 0), width)
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            self.p.setPen(pen)
            self._pen = width

    def box(self, box: Box, dx: float, dy: float) -> None:
        p = self.p
        lines: dict[float, list[QLineF]] = {}
        for op in box.ops:
            if isinstance(op, Text):
                if op.font != self._font:
                    qfont = self._fonts.get(op.font)
                    if qfont is None:
                        qfont = self._fonts[op.font] = op.font.qfont()
                    p.setFont(qfont)
                    self._font = op.font
                p.drawText(QPointF(op.x + dx, op.y + dy), op.text)
            elif isinstance(op, Line):
                line = QLineF(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy)
                lines.setdefault(op.width, []).append(line)
            elif isinstance(op, Rect):
                rect = QRectF(op.x + dx, op.y + dy, op.w, op.h)
                if op.fill is not None:
                    p.fillRect(rect, QColor(op.fill, op.fill, op.fill))
                if op.stroke:
                    self._set_pen(op.stroke)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(rect)
        for width, batch in lines.items():
            self._set_pen(width)
            p.drawLines(batch)


def paint(
    laid_out: LaidOut,
    device: QPagedPaintDevice,
    pages: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Pass two: paint ``pages`` (0-based; all by default) on ``device``; returns how many."""
    set_page_layout(device, laid_out.landscape)
    indices = list(range(laid_out.page_count)) if pages is None else list(pages)
    dpi = device.logicalDpiX()
    area = device.pageLayout().paintRectPixels(dpi)
    scale = dpi / (72 * UNITS_PER_PT)
    setup = laid_out.setup
    # Shrink to fit when the paper is smaller than A4 or the printer forces wider margins.
    fit = min(1.0, area.width() / (setup.width * scale), area.height() / (setup.height * scale))
    guard = _NoneRefGuard()
    painter = QPainter()
    if not painter.begin(device):
        raise RuntimeError("cannot start painting on the output device")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        replay = _Painter(painter)
        for n, index in enumerate(indices):
            if n:
                device.newPage()
            painter.save()
            painter.scale(scale * fit, scale * fit)
            replay.reset()  # restore() below drops the page's pen and font
            replay.box(laid_out.heads[index], 0, 0)
            top = setup.header_height
            for placement in laid_out.pages[index].placements:
                replay.box(placement.box, 0, top + placement.y)
            painter.restore()
            guard.settle()
            if progress:
                progress(n + 1, len(indices))
    finally:
        painter.end()
        guard.settle()
    return len(indices)


def write_pdf(
    document: Document | LaidOut, path: str | os.PathLike[str], progress: Progress | None = None
) -> int:
    """Write ``document`` as a PDF at ``path`` (atomically); returns the page count."""
    laid_out = document if isinstance(document, LaidOut) else lay_out(document)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(PDF_DPI)
    writer.setTitle(laid_out.document.title)
    writer.setCreator("VSS Desktop")
    try:
        count = paint(laid_out, writer, progress=progress)
        del writer  # closes the file
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def print_document(
    document: Document | LaidOut, printer: QPrinter, progress: Progress | None = None
) -> int:
    """Paint ``document`` on ``printer`` (the page range chosen in its dialog, if any)."""
    laid_out = document if isinstance(document, LaidOut) else lay_out(document)
    if not printer.docName():
        printer.setDocName(laid_out.document.title)
    pages = None
    first, last = printer.fromPage(), printer.toPage()
    if first > 0 and last >= first:
        pages = range(first - 1, min(last, laid_out.page_count))
    return paint(laid_out, printer, pages, progress)
