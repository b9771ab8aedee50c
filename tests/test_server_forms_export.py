"""`vss-server export d03-ts|d05-ts`: the forms from the visits a real app pushed through
the real sync, on SQLite and PostgreSQL; the same rows as the app's own export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from helpers.forms_month import END, START, record_month
from helpers.server_cli import Run, add_users, cli_runner
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import app
from vss_core.forms.participants import FormKind
from vss_core.forms.workbook import write_form
from vss_desktop.store import forms_query


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    yield from cli_runner(capsys)


def table(path: Path) -> list[list[Any]]:
    """The header and every row below it (the scope line above differs by design)."""
    ws = load_workbook(path).active
    return [[cell.value for cell in row] for row in ws.iter_rows(min_row=7)]


def test_server_forms_equal_the_apps(server: ServerProcess, tmp_path: Path, run: Run) -> None:
    add_users(server, "thu.lt", "nam.vh")
    store, engine = app(tmp_path, "laptop", server)
    try:
        record_month(store)
        report = engine.sync()
        assert report.status == "ok", report
        for kind in FormKind:
            ours = tmp_path / f"app-{kind.value}.xlsx"
            with store.read() as session:
                write_form(forms_query.build(session, kind, START, END, "app"), ours)
            theirs = tmp_path / f"server-{kind.value}.xlsx"
            code, out, err = run(
                server, "export", kind.value, "--commune", "xa pha long",
                "--from", START.isoformat(), "--to", END.isoformat(), "--out", str(theirs),
            )  # fmt: skip
            assert code == 0, err
            assert out.strip() == f"4 participants written to {theirs}"
            assert table(theirs) == table(ours)
            assert load_workbook(theirs).active["A5"].value == "Địa bàn: Xã Pha Long"

        # One collector: the visits they recorded, as the app's tally counts them.
        ours = tmp_path / "app-nam.xlsx"
        with store.read() as session:
            write_form(forms_query.build(session, "d03-ts", START, END, "", "nam.vh"), ours)
        theirs = tmp_path / "server-nam.xlsx"
        code, out, err = run(
            server, "export", "d03-ts", "--collector", "nam.vh",
            "--from", START.isoformat(), "--to", END.isoformat(), "--out", str(theirs),
        )  # fmt: skip
        assert code == 0, err
        assert out.startswith("1 participants written")
        assert table(theirs) == table(ours)
    finally:
        store.close()


def test_server_refuses_unknown_scopes(server: ServerProcess, tmp_path: Path, run: Run) -> None:
    add_users(server, "thu.lt")
    store, engine = app(tmp_path, "laptop", server)
    try:
        record_month(store)
        assert engine.sync().status == "ok"
    finally:
        store.close()
    out = tmp_path / "d05.xlsx"
    period = ["--from", START.isoformat(), "--to", END.isoformat(), "--out", str(out)]

    code, _, err = run(server, "export", "d05-ts", "--collector", "ghost", *period)
    assert code == 2 and "no account 'ghost'" in err and not out.exists()

    code, _, err = run(server, "export", "d05-ts", "--commune", "Xã Nowhere", *period)
    assert code == 2 and "Communes known: Xã Pha Long" in err and not out.exists()
    assert "Giàng" not in err  # names of people never appear

    backwards = ["--from", END.isoformat(), "--to", START.isoformat(), "--out", str(out)]
    code, _, err = run(server, "export", "d05-ts", "--commune", "Pha Long", *backwards)
    assert code == 2 and "before" in err

    # A known collector with nothing in the period: an empty list, and a note saying so.
    code, stdout, err = run(
        server, "export", "d05-ts", "--collector", "thu.lt",
        "--from", "2026-01-01", "--to", "2026-01-31", "--out", str(out),
    )  # fmt: skip
    assert code == 0 and "no participant" in err
    assert stdout.startswith("0 participants written")
    rows = table(out)
    assert rows[-1][:2] == [0, "Tổng cộng"]
