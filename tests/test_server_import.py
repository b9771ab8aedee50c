"""`vss-server import-households` and `assign` as a supervisor runs them (issue 11 D2).

Each test runs the real command line (vss_server.cli.main, or a subprocess where the
process's own output matters) and then reads the database itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.server_cli import Run, cli_runner
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import PASSWORD, server_engine, server_rows

HEADER = "code,head_name,village,house_number,collector\n"
NAME = "Giàng A Pao"  # must never appear in an error


@pytest.fixture(params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    if request.param == "sqlite":
        yield ServerProcess(tmp_path / "server")
        return
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} not set")
    with postgres_database() as url:
        yield ServerProcess(tmp_path / "server", database_url=url)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> ServerProcess:
    return ServerProcess(tmp_path / "server")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    """`vss-server ARGS` in this process: (exit code, stdout, stderr)."""
    yield from cli_runner(capsys)


def write(tmp_path: Path, text: str, name: str = "households.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def households(server: ServerProcess) -> list[dict[str, object]]:
    return sorted(server_rows(server, "household"), key=lambda r: (r["code"], r["head_name"]))


def add_user(server: ServerProcess, name: str) -> None:
    from vss_server import admin
    from vss_server.migrate import upgrade

    engine = server_engine(server)
    try:
        upgrade(engine)
        admin.create_user(engine, name, PASSWORD)
    finally:
        engine.dispose()


def refused(result: tuple[int, str, str], *fragments: str) -> str:
    code, _out, err = result
    assert code != 0
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err and NAME not in err
    return err


# --- one household twice, unknown collectors ------------------------------------------------


def test_a_code_twice_in_a_file_is_refused_naming_the_rows(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    csv_file = write(
        tmp_path,
        HEADER + f"1500-000-001,{NAME},Bản A,1,\n1500000002,B,Bản A,2,\n1500000001,C,Bản A,3,\n",
    )
    refused(run(sqlite_server, "import-households", csv_file), "rows 2 and 4", "code")
    assert households(sqlite_server) == []


def test_an_id_twice_in_a_file_is_refused(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    same = str(uuid.uuid4())
    csv_file = write(tmp_path, f"id,head_name,village\n{same},{NAME},A\n{same.upper()},B,A\n")
    refused(run(sqlite_server, "import-households", csv_file), "rows 2 and 3", "id")
    assert households(sqlite_server) == []


def test_a_collector_without_an_account_is_refused(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    add_user(sqlite_server, "hoa")
    csv_file = write(tmp_path, HEADER + f"1,{NAME},Bản A,1,hoa\n2,B,Bản A,2,hoaa\n")
    err = refused(run(sqlite_server, "import-households", csv_file), "row 3", "no account")
    assert "row 2" not in err
    assert households(sqlite_server) == []


# --- a blank collector keeps the assignment; "-" unassigns ---------------------------------


def test_a_blank_collector_cell_keeps_the_assignment_and_a_dash_unassigns(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    add_user(sqlite_server, "hoa")
    first = write(tmp_path, HEADER + f"1,{NAME},Bản A,1,hoa\n2,B,Bản A,2,hoa\n3,C,Bản A,3,\n")
    assert run(sqlite_server, "import-households", first)[0] == 0
    assert [h["collector"] for h in households(sqlite_server)] == ["hoa", "hoa", ""]
    versions = [h["version"] for h in households(sqlite_server)]

    # The 50k list again with an empty collector column: nobody loses a household.
    blank = write(tmp_path, HEADER + f"1,{NAME},Bản A,1,\n2,B,Bản A,2,\n3,C,Bản A,3,\n", "b.csv")
    code, out, _err = run(sqlite_server, "import-households", blank)
    assert code == 0 and "0 created, 0 updated, 3 unchanged" in out
    assert [h["collector"] for h in households(sqlite_server)] == ["hoa", "hoa", ""]
    assert [h["version"] for h in households(sqlite_server)] == versions  # nothing to sync

    dash = write(tmp_path, HEADER + "2,B,Bản A,2,-\n3,C,Bản A,3,hoa\n", "c.csv")
    code, out, _err = run(sqlite_server, "import-households", dash)
    assert code == 0 and "0 created, 2 updated, 0 unchanged" in out
    assert [h["collector"] for h in households(sqlite_server)] == ["hoa", "", "hoa"]


# --- the id column and field checks; database errors ---------------------------------------


def test_a_bad_id_is_refused_before_the_database(
    run: Run, server: ServerProcess, tmp_path: Path
) -> None:
    good = str(uuid.uuid4())
    csv_file = write(
        tmp_path,
        f"id,head_name,village\n{'x' * 200},{NAME},Bản A\n{good},B,Bản A\nnot-a-uuid,C,Bản A\n",
    )
    err = refused(run(server, "import-households", csv_file), "row 2: invalid id", "row 4")
    assert "row 3" not in err and "x" * 20 not in err
    assert households(server) == []

    ok = write(tmp_path, f"id,head_name,village\n{good.upper()},{NAME},Bản A\n", "ok.csv")
    assert run(server, "import-households", ok)[0] == 0
    assert [h["id"] for h in households(server)] == [good]  # stored in the app's form


def test_field_lengths_and_formats_are_checked(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    csv_file = write(
        tmp_path,
        "code,head_name,village,phone\n"
        f"1,{'N' * 121},Bản A,\n"
        f"{'9' * 21},{NAME},Bản A,\n"
        f"3,{NAME},{'V' * 81},\n"
        f"4,{NAME},Bản A,0123\n",
    )
    refused(
        run(sqlite_server, "import-households", csv_file),
        "row 2: invalid head_name",
        "row 3: invalid code",
        "row 4: invalid village",
        "row 5: invalid phone",
    )
    assert households(sqlite_server) == []


def _refuse_inserts(server: ServerProcess) -> None:
    """A database that refuses the household insert: a trigger, as a constraint would."""
    from vss_server.migrate import upgrade

    engine = server_engine(server)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql(
                    "CREATE TRIGGER refuse BEFORE INSERT ON household"
                    " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
                return
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON household"
                " FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    finally:
        engine.dispose()


def test_a_database_error_prints_no_traceback_and_no_personal_data(
    server: ServerProcess, tmp_path: Path
) -> None:
    _refuse_inserts(server)
    csv_file = write(tmp_path, f"code,head_name,village\n1500000001,{NAME},Bản A\n")
    result = subprocess.run(
        [sys.executable, "-m", "vss_server", *server._db_args(), "import-households", csv_file],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "database" in result.stderr and "nothing written" in result.stderr
    assert "Traceback" not in output and NAME not in output and "1500000001" not in output
    assert households(server) == []


# --- separators, accents, villages ------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", "\t"], ids=["semicolon", "tab"])
def test_semicolon_and_tab_separated_files_import(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path, separator: str
) -> None:
    rows = [["code", "head_name", "village"], ["1", NAME, "Bản A, xã B"], ["2", "Lò Văn Đức", "A"]]
    csv_file = write(tmp_path, "".join(separator.join(r) + "\n" for r in rows))
    code, out, _err = run(sqlite_server, "import-households", csv_file)
    assert code == 0 and "2 created" in out
    assert [(h["head_name"], h["village"]) for h in households(sqlite_server)] == [
        (NAME, "Bản A, xã B"),
        ("Lò Văn Đức", "A"),
    ]


def test_a_file_without_the_columns_says_what_it_found(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    csv_file = write(tmp_path, f"code|head_name|village\n1|{NAME}|Bản A\n")
    refused(
        run(sqlite_server, "import-households", csv_file),
        "missing columns: head_name, village",
        "found 1 column",
    )


def test_decomposed_accents_are_stored_composed_and_assign_folds_like_search(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    add_user(sqlite_server, "hoa")
    text = HEADER + f"1,{NAME},Thôn Nậm Mòn,1,\n2,Lò Văn Đức,Bản Đồng Tâm,2,\n3,C,Bản Pha Long,3,\n"
    csv_file = write(tmp_path, unicodedata.normalize("NFD", text))
    assert run(sqlite_server, "import-households", csv_file)[0] == 0
    rows = households(sqlite_server)
    assert [r["village"] for r in rows] == ["Thôn Nậm Mòn", "Bản Đồng Tâm", "Bản Pha Long"]
    assert all(unicodedata.is_normalized("NFC", str(r["head_name"])) for r in rows)

    code, out, _err = run(sqlite_server, "assign", "hoa", "--village", "Thôn Nậm Mòn")
    assert code == 0 and "1 households assigned to hoa" in out
    # Like the app's search: no case, no diacritics, đ = d.
    code, out, _err = run(sqlite_server, "assign", "hoa", "--village", "ban dong tam")
    assert code == 0 and "1 households assigned to hoa" in out
    assert [r["collector"] for r in households(sqlite_server)] == ["hoa", "hoa", ""]

    code, _out, err = run(sqlite_server, "assign", "hoa", "--village", "Thôn Nậm")
    assert code != 0 and "no village" in err
    assert "Bản Đồng Tâm, Bản Pha Long, Thôn Nậm Mòn" in err  # what it knows


# --- importing the same file twice --------------------------------------------------------


def test_reimporting_an_unchanged_file_without_codes_changes_nothing(
    run: Run, server: ServerProcess, tmp_path: Path
) -> None:
    text = (
        "head_name,village,house_number,phone\n"
        f"{NAME},Bản Pha Long,1,0981234567\n"
        "Vàng Thị Mỷ,Bản Pha Long,2,\n"
        "Vàng Thị Mỷ,Bản Pha Long,7,\n"
    )
    csv_file = write(tmp_path, text)
    code, out, _err = run(server, "import-households", csv_file)
    assert code == 0 and "3 created, 0 updated, 0 unchanged" in out
    before = households(server)

    code, out, _err = run(server, "import-households", csv_file)
    assert code == 0 and "0 created, 0 updated, 3 unchanged" in out
    # The same file saved by another tool, with decomposed accents.
    again = write(tmp_path, unicodedata.normalize("NFD", text), "2.csv")
    code, out, _err = run(server, "import-households", again)
    assert code == 0 and "0 created, 0 updated, 3 unchanged" in out
    assert households(server) == before
    # A head's name retyped in another case and spacing is the same household, renamed.
    retyped = write(tmp_path, text.replace(NAME, " giàng a  PAO"), "3.csv")
    code, out, _err = run(server, "import-households", retyped)
    assert code == 0 and "0 created, 1 updated, 2 unchanged" in out
    assert {h["id"] for h in households(server)} == {h["id"] for h in before}


def test_two_rows_for_one_household_without_a_code_are_refused(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    csv_file = write(
        tmp_path, f"head_name,village,house_number\n{NAME},Bản A,1\nB,Bản A,1\n{NAME},Bản A,1\n"
    )
    refused(run(sqlite_server, "import-households", csv_file), "rows 2 and 4")
    assert households(sqlite_server) == []


def test_a_blank_code_cell_keeps_the_code_and_ambiguous_matches_are_refused(
    run: Run, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    first = str(uuid.uuid4())
    csv_file = write(
        tmp_path,
        f"id,code,head_name,village,house_number\n{first},1500000001,{NAME},Bản A,1\n"
        f",1500000002,{NAME},Bản A,1\n",
    )
    assert run(sqlite_server, "import-households", csv_file)[0] == 0
    by_id = write(tmp_path, f"id,code,head_name,village\n{first},,{NAME},Bản A\n", "2.csv")
    code, out, _err = run(sqlite_server, "import-households", by_id)
    assert code == 0 and "0 created, 0 updated, 1 unchanged" in out
    assert [h["code"] for h in households(sqlite_server)] == ["1500000001", "1500000002"]

    # Two households share head, village and house: a row with neither id nor code
    # cannot say which it means.
    keyless = write(tmp_path, f"head_name,village,house_number\n{NAME},Bản A,1\n", "3.csv")
    refused(run(sqlite_server, "import-households", keyless), "row 2: 2 households", "id")
    assert len(households(sqlite_server)) == 2


# --- quiet migrations --------------------------------------------------------------------------


def test_alembic_is_quiet_unless_asked(run: Run, sqlite_server: ServerProcess) -> None:
    code, _out, err = run(sqlite_server, "list-targets")
    assert code == 0 and "alembic" not in err and "INFO" not in err
    fresh = ServerProcess(sqlite_server.data_dir.parent / "other")
    code, _out, err = run(fresh, "--verbose", "list-targets")
    assert code == 0 and "Running upgrade" in err
