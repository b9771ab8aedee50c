"""Printed documents, generated headlessly from a demo commune and read back with poppler:
the text (Vietnamese included) is what the layout drew, pages hold the rows the layout
engine put there, headers repeat, totals match the database, Noto Sans is embedded.
One test prints through a real CUPS queue (cups-pdf) and checks the file it writes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from helpers.pdf import POPPLER, needs_poppler, norm, page_count, page_texts, run  # noqa: E402
from vss_core import contributions as calc  # noqa: E402
from vss_core import vietnam_time
from vss_core.formatting import format_money  # noqa: E402
from vss_core.text import fold  # noqa: E402
from vss_desktop import paths  # noqa: E402
from vss_desktop.demo import load as demo_data  # noqa: E402
from vss_desktop.printing import data  # noqa: E402
from vss_desktop.printing.data import Order, Selection  # noqa: E402
from vss_desktop.store import Store, open_store, queries  # noqa: E402
from vss_desktop.store.queries import HouseholdFilter, StatusFilter  # noqa: E402

TODAY = date(2026, 11, 18)
HOUSEHOLDS = 60
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("print-commune"))
    demo_data.generate(store, households=HOUSEHOLDS, seed=11, today=TODAY)
    yield store
    store.close()


@pytest.fixture(scope="module")
def vietnamese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(paths.resource_dir() / "translations" / "vss_vi.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def drawn_lines(laid_out, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Every string the layout engine drew on page ``index`` (header included)."""
    from vss_desktop.printing.layout import Text

    boxes = [laid_out.heads[index], *(p.box for p in laid_out.pages[index].placements)]
    return [norm(op.text) for box in boxes for op in box.ops if isinstance(op, Text) and op.text]


@dataclass
class Printed:
    laid_out: object
    pdf: Path
    texts: list[str]


def make(store: Store, request, out: Path) -> Printed:  # type: ignore[no-untyped-def]
    from vss_desktop.printing.documents import build
    from vss_desktop.printing.render import lay_out, write_pdf

    laid_out = lay_out(build(store, request))
    assert write_pdf(laid_out, out) == laid_out.page_count
    return Printed(laid_out, out, page_texts(out))


def assert_reads_back(printed: Printed) -> None:
    """The PDF has the layout's pages, and each page shows exactly what was drawn on it."""
    lo = printed.laid_out
    assert page_count(printed.pdf) == lo.page_count == len(printed.texts)
    for n, text in enumerate(printed.texts):
        flat = norm(text)
        missing = [line for line in drawn_lines(lo, n) if line not in flat]
        assert not missing, f"page {n + 1}: not in pdftotext: {missing[:5]}"
        assert f"Trang {n + 1}/{lo.page_count}" in flat


# --- data (no Qt) -------------------------------------------------------------------------


def test_data_module_imports_without_qt() -> None:
    probe = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import vss_desktop.printing.data as d; print(d.Order.NAME)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "name"


def direct_counts(store: Store, ids: list[str], days: int) -> tuple[int, int]:
    """Persons, and cards expiring within ``days``, counted straight from the tables."""
    sql = sa.text(
        "SELECT count(*), sum(bhyt_expiry BETWEEN :today AND :until) FROM person"
        " WHERE household_id IN :ids AND deleted_at IS NULL"
    ).bindparams(sa.bindparam("ids", expanding=True))
    until = TODAY + timedelta(days=days)
    with store.engine.connect() as conn:
        persons, expiring = conn.execute(
            sql, {"ids": ids, "today": TODAY.isoformat(), "until": until.isoformat()}
        ).one()
    return persons, expiring or 0


def test_visit_list_data_follows_filter_villages_and_order(commune: Store) -> None:
    with commune.read() as s:
        names = queries.villages(s)
    villages = tuple(names[:5])
    flt = HouseholdFilter(status=StatusFilter.EXPIRING, expiring_days=45, today=TODAY)
    content = data.visit_list(commune, Selection(flt, villages=villages), Order.NAME, "thu", TODAY)
    expected: set[str] = set()
    with commune.read() as s:
        for village in villages:
            expected.update(queries.household_ids(s, replace(flt, village=village)))
    got = [h.id for h in content.households]
    assert set(got) == expected and len(got) == len(expected) >= 3
    keys = [data.name_key(h.head_name) for h in content.households]
    assert keys == sorted(keys)
    assert {h.village for h in content.households} <= set(villages)
    persons, expiring = direct_counts(commune, got, 45)
    assert (content.persons, content.expiring_cards) == (persons, expiring)
    assert content.header.commune == "Xã Mường Khương, Lào Cai"


def test_route_order_and_village_order(commune: Store) -> None:
    with commune.read() as s:
        all_ids = queries.household_ids(s, HouseholdFilter(today=TODAY))
    route = (all_ids[7], all_ids[2], all_ids[30], all_ids[2])
    content = data.visit_list(commune, Selection(ids=route), Order.ROUTE, today=TODAY)
    assert [h.id for h in content.households] == [all_ids[7], all_ids[2], all_ids[30]]
    content = data.visit_list(commune, Selection(ids=route), Order.VILLAGE, today=TODAY)
    assert [h.id for h in content.households] == [all_ids[2], all_ids[7], all_ids[30]]


def test_reminder_data_window_groups_and_phones(commune: Store) -> None:
    content = data.reminders(commune, days=30, today=TODAY)
    rows = [r for g in content.groups for r in g.rows]
    until = TODAY + timedelta(days=30)
    assert rows and all(TODAY <= r.bhyt_expiry <= until for r in rows)
    with commune.engine.connect() as conn:
        direct = conn.execute(
            sa.text(
                "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
                " WHERE p.deleted_at IS NULL AND p.bhyt_expiry BETWEEN :a AND :b"
            ),
            {"a": TODAY.isoformat(), "b": until.isoformat()},
        ).scalar_one()
    assert content.persons == len(rows) == direct
    assert [fold(g.village) for g in content.groups] == sorted(
        fold(g.village) for g in content.groups
    )
    for group in content.groups:
        expiries = [r.bhyt_expiry for r in group.rows]
        assert expiries == sorted(expiries)
    assert any(r.phone_is_household for r in rows)
    assert all(r.phone or not r.phone_is_household for r in rows)


# --- documents as PDF -------------------------------------------------------------------


@pytest.fixture(scope="module")
def visit_lists(
    commune: Store, vietnamese: None, tmp_path_factory: pytest.TempPathFactory
) -> dict[bool, Printed]:
    from vss_desktop.printing.documents import Kind, PrintRequest

    out = tmp_path_factory.mktemp("visit-lists")
    return {
        landscape: make(
            commune,
            PrintRequest(Kind.VISIT_LIST, landscape=landscape, collector="Lò Thị Thu", today=TODAY),
            out / f"visit-{landscape}.pdf",
        )
        for landscape in (False, True)
    }


@needs_poppler
@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_visit_list_reads_back_page_by_page(
    visit_lists: dict[bool, Printed], commune: Store, landscape: bool
) -> None:
    printed = visit_lists[landscape]
    lo = printed.laid_out
    assert_reads_back(printed)
    with commune.read() as s:
        ids = queries.household_ids(s, HouseholdFilter(today=TODAY))
        codes = {i: r.code for i, r in queries.household_rows(s, ids).items()}
    # Every household once, in list order; each code on the page the layout chose.
    assert [k for page in lo.pages for k in page.keys] == ids
    for page, text in zip(lo.pages, printed.texts, strict=True):
        on_page = {c for c in codes.values() if re.search(rf"\b{c}\b", text)}
        assert on_page == {codes[k] for k in page.keys}
    # The table header opens every page; pages are filled greedily, rows never split.
    head = "Chủ hộ" if landscape else "Chủ hộ, mã hộ"
    body = lo.setup.body_height
    for n, page in enumerate(lo.pages):
        assert head in norm(printed.texts[n])
        rows = [p for p in page.placements if p.box.key]
        if rows:
            assert page.placements[0].kind == "head"
        assert page.used <= body + 1e-6
        if n + 1 < len(lo.pages):
            nxt = lo.pages[n + 1].placements
            first = next(p for p in nxt if p.kind == "piece")
            need = first.box.height + (nxt[0].box.height if nxt[0].kind == "head" else 0)
            if first.box.keep_with_next:  # the last row travels with the totals
                need += nxt[-1].box.height
            assert page.used + need > body
    # What assert_reads_back found includes Vietnamese names with their diacritics.
    assert sum(not line.isascii() for line in drawn_lines(lo, 0)) > 10


@needs_poppler
def test_visit_list_totals_match_the_database(
    visit_lists: dict[bool, Printed], commune: Store
) -> None:
    with commune.read() as s:
        ids = queries.household_ids(s, HouseholdFilter(today=TODAY))
    persons, expiring = direct_counts(commune, ids, 30)
    until = (TODAY + timedelta(days=30)).strftime("%d/%m/%Y")
    total = (
        f"Tổng cộng: {len(ids)} hộ, {persons} người, {expiring} thẻ BHYT hết hạn đến ngày {until}."
    )
    for printed in visit_lists.values():
        assert total in norm(printed.texts[-1])
        assert "Người thu: Lò Thị Thu" in norm(printed.texts[0])
        assert "Ngày in: 18/11/2026" in norm(printed.texts[0])


@needs_poppler
def test_noto_sans_is_embedded(visit_lists: dict[bool, Printed]) -> None:
    lines = run("pdffonts", str(visit_lists[False].pdf)).splitlines()[2:]
    fonts = {line.split()[0].split("+")[-1]: line.split() for line in lines}
    assert set(fonts) == {"NotoSans-Regular", "NotoSans-Bold"}
    for cols in fonts.values():
        assert cols[-5] == "yes"  # emb


@needs_poppler
def test_household_sheets_one_household_per_page(
    commune: Store, vietnamese: None, tmp_path: Path
) -> None:
    from vss_desktop.printing.documents import Kind, PrintRequest

    with commune.read() as s:
        ids = queries.household_ids(s, HouseholdFilter(today=TODAY))[:4]
        details = [queries.household_detail(s, i) for i in ids]
    request = PrintRequest(
        Kind.HOUSEHOLD_SHEET, Selection(ids=tuple(reversed(ids))), Order.ROUTE, today=TODAY
    )
    printed = make(commune, request, tmp_path / "sheets.pdf")
    assert_reads_back(printed)
    assert printed.laid_out.page_count == 4
    for text, detail in zip(printed.texts, reversed(details), strict=True):
        flat = norm(text)
        assert detail.household.code in flat
        assert all(m.full_name in flat for m in detail.members)
        assert "Kết quả lần thăm này" in flat and "(Ký, ghi rõ họ tên)" in flat
        # The calculator's figures for every member without another BHYT, 3/6/12 months.
        joining = [m for m in detail.members if m.bhyt_status != "other"]
        if joining:
            for months in (3, 6, 12):
                total = calc.bhyt_household(
                    [calc.HouseholdMember(ref=m.id) for m in joining], months, TODAY
                ).total
                assert format_money(total) in flat
        else:
            assert "Số tiền đóng BHYT hộ gia đình" not in flat
    assert any(not m.full_name.isascii() for d in details for m in d.members)


@needs_poppler
def test_reminders_group_by_village_and_continue_across_pages(
    commune: Store, vietnamese: None, tmp_path: Path
) -> None:
    from vss_desktop.printing.documents import Kind, PrintRequest

    request = PrintRequest(Kind.REMINDERS, days=200, today=TODAY)
    printed = make(commune, request, tmp_path / "reminders.pdf")
    assert_reads_back(printed)
    lo = printed.laid_out
    assert lo.page_count >= 3
    content = data.reminders(commune, days=200, today=TODAY)
    assert f"Tổng cộng: {content.persons} người ở {len(content.groups)} thôn/bản." in norm(
        printed.texts[-1]
    )
    continued = 0
    for page, text in zip(lo.pages[1:], printed.texts[1:], strict=True):
        kinds = [p.kind for p in page.placements]
        assert kinds[0] == "head"
        if kinds[1] == "continued":
            continued += 1
            assert "(tiếp theo)" in norm(text)
    assert continued >= 1
    rows = [k for page in lo.pages for k in page.keys]
    assert len(rows) == content.persons


def test_cli_prints_each_document_without_a_display_or_fonts(
    commune: Store, tmp_path: Path
) -> None:
    # No display, no platform chosen, and a fontconfig that knows no fonts at all:
    # the command must pick offscreen and print with the shipped Noto Sans alone.
    no_fonts = tmp_path / "fonts.conf"
    no_fonts.write_text(
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8"
    )
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["FONTCONFIG_FILE"] = str(no_fonts)
    with commune.read() as s:
        first = queries.household_ids(s, HouseholdFilter())[0]
        code = queries.household_rows(s, [first])[first].code
    base = [sys.executable, "-m", "vss_desktop", "print"]
    common = ["--data-dir", str(commune.directory), "--today", TODAY.isoformat(), "--lang", "vi"]
    commands = {
        "visit": ["visit-list", *common, "--village", "Thôn Nà Hẩu", "--order", "name"],
        "sheet": ["household-sheet", *common, "--code", code, "--landscape"],
        "remind": ["reminders", *common, "--days", "30"],
    }
    for name, args in commands.items():
        out = tmp_path / f"{name}.pdf"
        result = subprocess.run(
            [*base, *args, "--out", str(out)], capture_output=True, text=True, env=env
        )
        assert result.returncode == 0, result.stderr
        pages = int(re.fullmatch(r"(\d+) pages written to .*", result.stdout.strip()).group(1))
        if POPPLER:
            assert page_count(out) == pages
            fonts = {line.split()[0] for line in run("pdffonts", str(out)).splitlines()[2:]}
            assert fonts == {"NotoSans-Regular", "NotoSans-Bold"}
    if POPPLER:
        assert "Danh sách hộ cần thăm" in run("pdftotext", str(tmp_path / "visit.pdf"), "-")
        assert code in run("pdftotext", str(tmp_path / "sheet.pdf"), "-")


def test_cli_refuses_what_would_print_the_wrong_thing(commune: Store, tmp_path: Path) -> None:
    """A typo in a village prints no empty list, a missing folder or a bad day count give a
    clear error, not a traceback; village names match without diacritics."""
    base = [sys.executable, "-m", "vss_desktop", "print"]
    common = ["--data-dir", str(commune.directory), "--today", TODAY.isoformat()]

    def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *args], capture_output=True, text=True)

    typo = run_cli(
        "visit-list", *common, "--village", "Thôn Nà Phìn", "--out", str(tmp_path / "a.pdf")
    )
    assert typo.returncode == 2 and "no village named Thôn Nà Phìn" in typo.stderr
    assert "Thôn Nà Hẩu" in typo.stderr  # the known ones are listed
    assert not (tmp_path / "a.pdf").exists()
    folded = run_cli(
        "visit-list", *common, "--village", "thon na hau", "--out", str(tmp_path / "b.pdf")
    )
    assert folded.returncode == 0 and (tmp_path / "b.pdf").exists()
    nowhere = run_cli("reminders", *common, "--out", str(tmp_path / "no" / "such" / "c.pdf"))
    assert nowhere.returncode == 2 and "does not exist" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr
    negative = run_cli("reminders", *common, "--days", "-3", "--out", str(tmp_path / "d.pdf"))
    assert negative.returncode == 2 and "1 to 365 days" in negative.stderr


# --- through a real CUPS queue ----------------------------------------------------------------


def cups_pdf_queue() -> str | None:
    """The first queue whose device is the cups-pdf backend, or None."""
    if not shutil.which("lpstat"):
        return None
    result = subprocess.run(["lpstat", "-v"], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        match = re.match(r"device for (\S+): cups-pdf:/", line)
        if match:
            return match.group(1)
    return None


def cups_pdf_dirs() -> list[Path]:
    """Where cups-pdf writes, from its configuration (${HOME} is the job owner's home)."""
    import pwd

    conf = {"Out": "${HOME}/PDF", "AnonDirName": "/var/spool/cups-pdf/ANONYMOUS"}
    config = Path("/etc/cups/cups-pdf.conf")
    if config.exists():
        for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] in conf:
                conf[parts[0]] = parts[1].strip()
    home = pwd.getpwuid(os.getuid()).pw_dir
    return [Path(conf["Out"].replace("${HOME}", home)), Path(conf["AnonDirName"])]


@dataclass
class CupsJob:
    queue: str
    output: Path
    printed: Printed


@pytest.fixture(scope="module")
def cups_job(visit_lists: dict[bool, Printed]) -> Iterator[CupsJob]:
    queue = cups_pdf_queue()
    if queue is None:
        pytest.skip("CUPS with a cups-pdf queue is not available (.ci/run installs and starts it)")
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from vss_desktop.printing.render import print_document

    printed = visit_lists[False]
    token = f"vsstest{uuid.uuid4().hex[:10]}"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    assert printer.isValid() and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(token)
    started = time.time()
    assert print_document(printed.laid_out, printer) == printed.laid_out.page_count
    del printer  # the job goes to CUPS when painting ends
    deadline = time.time() + 90
    while time.time() < deadline:
        found = [
            f
            for d in cups_pdf_dirs()
            if d.is_dir()
            for f in d.glob("*.pdf")
            if token in f.name.lower() and f.stat().st_mtime >= started - 1
        ]
        if found and found[0].stat().st_size > 0:
            time.sleep(0.5)  # cups-pdf renames the finished file into place; let it settle
            yield CupsJob(queue, found[0], printed)
            found[0].unlink(missing_ok=True)
            return
        time.sleep(0.3)
    pytest.fail(f"cups-pdf wrote no file for the job within 90 s (looked in {cups_pdf_dirs()})")


def grey_pixels(pdf: Path, page: int) -> tuple[int, int, bytes]:
    """Page ``page`` rendered at 20 dpi, as (width, height, 8-bit grey pixels)."""
    raw = subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, raw[match.end() :]


@needs_poppler
def test_cups_output_matches_the_document_page_for_page(cups_job: CupsJob) -> None:
    printed = cups_job.printed
    assert page_count(cups_job.output) == printed.laid_out.page_count
    assert "595 x 842 pts (A4)" in run("pdfinfo", str(cups_job.output))
    for page in (1, printed.laid_out.page_count):
        w1, h1, ours = grey_pixels(printed.pdf, page)
        w2, h2, theirs = grey_pixels(cups_job.output, page)
        assert (w1, h1) == (w2, h2)
        diff = sum(abs(a - b) for a, b in zip(ours, theirs, strict=True)) / len(ours)
        # Same page: about 2 (antialiasing); neighbouring pages differ by 20 or more.
        assert diff < 6, f"page {page} of the CUPS output differs from the PDF (mean {diff:.1f})"


@needs_poppler
def test_cups_output_text(cups_job: CupsJob) -> None:
    options = subprocess.run(
        ["lpoptions", "-p", cups_job.queue], capture_output=True, text=True
    ).stdout
    if "pdftops-renderer=pdftocairo" not in options:
        pytest.skip(
            f"queue {cups_job.queue} converts through Ghostscript's ps2write, which drops the"
            f" text layer; `lpadmin -p {cups_job.queue} -o pdftops-renderer-default=pdftocairo`"
            " keeps it (.ci/run does)"
        )
    theirs = page_texts(cups_job.output)
    lo = cups_job.printed.laid_out
    assert len(theirs) == lo.page_count
    codes = re.compile(r"\b15\d{8}\b")
    for n, (text, ours) in enumerate(zip(theirs, cups_job.printed.texts, strict=True)):
        assert f"Trang {n + 1}/{lo.page_count}" in norm(text)
        assert codes.findall(text) == codes.findall(ours)
    # pdftocairo re-encodes the fonts for PostScript: letters outside Latin-1 (ộ, ầ, ơ...)
    # still print right (see the pixel test) but lose their text layer on the way.
    assert "Danh sách" in theirs[0] and "Ngày in: 18/11/2026" in norm(theirs[0])


# --- the print dialog -------------------------------------------------------------------------


def open_dialog(qtbot, store: Store, selected: list[str]):  # type: ignore[no-untyped-def]
    from vss_desktop.settings import Settings
    from vss_desktop.ui.print_dialog import PrintDialog

    flt = HouseholdFilter(village="Thôn Nà Hẩu", today=vietnam_time.today())
    dialog = PrintDialog(store, flt, selected, Settings(language="en", collector="thu"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.options_loaded, timeout=5000):
        dialog.show()
    return dialog


@pytest.mark.gui
@needs_poppler
def test_dialog_saves_a_pdf_in_the_background(
    qtbot, commune: Store, vietnamese: None, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from vss_desktop.printing.documents import Kind

    dialog = open_dialog(qtbot, commune, [])
    assert dialog.checked_villages() == ("Thôn Nà Hẩu",)
    assert dialog.orientation_box.currentData() is True  # the visit list defaults to landscape
    target = tmp_path / "list"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.job_finished, timeout=20000) as blocker:
        dialog.pdf_button.click()
        assert not dialog.preview_button.isEnabled()  # busy while the worker writes
    assert blocker.args[0] == f"Đã lưu {page_count(tmp_path / 'list.pdf')} trang vào list.pdf."
    pdf = tmp_path / "list.pdf"
    request = dialog.request()
    assert request.kind is Kind.VISIT_LIST and request.selection.villages == ("Thôn Nà Hẩu",)
    with commune.read() as s:
        codes = {
            r.code
            for r in queries.household_rows(
                s, queries.household_ids(s, HouseholdFilter(village="Thôn Nà Hẩu"))
            ).values()
        }
    text = run("pdftotext", str(pdf), "-")
    assert codes and all(c in text for c in codes)


@pytest.mark.gui
@needs_poppler
def test_dialog_route_order_preview_and_print(
    qtbot, commune: Store, vietnamese: None, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    from vss_desktop.printing.documents import Kind

    with commune.read() as s:
        ids = queries.household_ids(s, HouseholdFilter())[:3]
        rows = queries.household_rows(s, ids)
    dialog = open_dialog(qtbot, commune, ids)
    dialog.document_box.setCurrentIndex(dialog.document_box.findData(Kind.HOUSEHOLD_SHEET))
    assert dialog.from_selection.isChecked()
    dialog.order_box.setCurrentIndex(dialog.order_box.findData(Order.ROUTE))
    assert dialog.route_list.isEnabled() and dialog.route_list.count() == 3
    moved = dialog.route_list.takeItem(2)  # what a drag to the top does
    dialog.route_list.insertItem(0, moved)
    route = (ids[2], ids[0], ids[1])
    assert dialog.request().selection.ids == route
    assert moved.data(Qt.ItemDataRole.UserRole) == ids[2]

    preview_pdf = tmp_path / "preview.pdf"

    def fake_preview(self: QPrintPreviewDialog) -> int:
        target = QPrinter(QPrinter.PrinterMode.HighResolution)
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(preview_pdf))
        self.paintRequested.emit(target)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_preview)
    with qtbot.waitSignal(dialog.job_finished, timeout=20000):
        dialog.preview_button.click()
    pages = page_texts(preview_pdf)
    assert [rows[i].code in norm(p) for i, p in zip(route, pages, strict=True)] == [True] * 3

    printed_pdf = tmp_path / "printed.pdf"
    dialog.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer.setOutputFileName(str(printed_pdf))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    progress: list[tuple[int, int]] = []
    dialog.progress.changed.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(dialog.job_finished, timeout=20000) as blocker:
        dialog.print_button.click()
    assert blocker.args[0] == "Đã gửi 3 trang tới máy in."
    assert page_count(printed_pdf) == 3
    assert progress == [(1, 3), (2, 3), (3, 3)]  # painted in the worker, shown by the bar
    assert (dialog.bar.maximum(), dialog.bar.value()) == (3, 3)
