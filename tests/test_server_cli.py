"""`vss-server` admin commands, run as a collector's supervisor would run them."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine, server_rows
from vss_server.migrate import upgrade
from vss_server.models import server_registry


def test_admin_commands(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server")
    out = server.cli(
        "create-user",
        "thu.lt",
        "--full-name",
        "Lê Thị Thu",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert "created user thu.lt" in out
    with pytest.raises(RuntimeError, match="already exists"):
        server.cli("create-user", "thu.lt", "--password-stdin", stdin=PASSWORD + "\n")
    with pytest.raises(RuntimeError, match="at least 8"):
        server.cli("create-user", "short", "--password-stdin", stdin="abc\n")

    csv_file = tmp_path / "households.csv"
    csv_file.write_text(
        "code,head_name,village,house_number,phone\n"
        "1500000001,Giàng A Pao,Bản Pha Long,1,0981234567\n"
        "1500000002,Vàng Thị Mỷ,Bản Pha Long,2,\n"
        "1500000003,Lò Văn Đức,Thôn Nà Hẩu,5,\n",
        encoding="utf-8",
    )
    assert "households: 3 created" in server.cli("import-households", str(csv_file))
    # Importing again matches by household code: nothing is duplicated, nothing changes.
    assert "0 updated, 3 unchanged" in server.cli("import-households", str(csv_file))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,head_name,village,phone\n1,Ok Name,Bản A,\n2,,Bản A,\n3,Name,Bản A,12345\n",
        encoding="utf-8",
    )
    with pytest.raises(RuntimeError, match=r"row 3.*head_name[\s\S]*row 4.*phone"):
        server.cli("import-households", str(bad))
    assert len(server_rows(server, "household")) == 3  # all or nothing

    assert "2 households assigned to thu.lt" in server.cli(
        "assign", "thu.lt", "--village", "Bản Pha Long"
    )
    assert "1 households assigned" in server.cli("assign", "thu.lt", "--code", "1500000003")
    with pytest.raises(RuntimeError, match="no user"):
        server.cli("assign", "nobody", "--village", "Bản Pha Long")
    assert {r["collector"] for r in server_rows(server, "household")} == {"thu.lt"}
    assert "0 tokens revoked" in server.cli("revoke-device", "thu.lt")
    # The server log files hold no names, codes or phone numbers.
    audit = " ".join(str(r["detail"]) for r in server_rows(server, "audit_entry"))
    assert "Giàng" not in audit and "0981234567" not in audit


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Excel's plain "CSV" on a Vietnamese Windows: code page 1258, not UTF-8.
        (
            "code,head_name,village\n1,Lò Văn Đức,Thôn Nà Hẩu\n".encode("cp1258", "replace"),
            "not UTF-8 text",
        ),
        (bytes(range(256)) * 8, "not UTF-8 text"),  # an .xlsx or any binary file
        (
            "code,head_name,village\n1,A\x00B,B\u1ea3n A\n".encode(),
            "text that cannot be stored in head_name",
        ),
        # ";" and tabs are recognised (tests/test_server_import.py); other separators are not.
        ("code|head_name|village\n1|Lò Văn Đức|Bản A\n".encode(), "missing columns"),
        (b"", "missing columns"),
    ],
    ids=["cp1258", "binary", "nul", "pipes", "empty"],
)
def test_malformed_import_files_are_refused_clearly(
    tmp_path: Path, content: bytes, message: str
) -> None:
    server = ServerProcess(tmp_path / "server")
    bad = tmp_path / "households.csv"
    bad.write_bytes(content)
    with pytest.raises(RuntimeError, match=message) as refused:
        server.cli("import-households", str(bad))
    assert "Traceback" not in str(refused.value)
    assert server_rows(server, "household") == []


def test_server_migrations_match_the_models(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server")
    engine = server_engine(server)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), server_registry.metadata)
    finally:
        engine.dispose()
    assert diff == []
