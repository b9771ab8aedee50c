"""Issue 12 item 4: one command-line package, one way to open the store for a command.

The commands' own behaviour (messages, exit codes) is checked end to end by
test_cli_messages, test_cli_encryption, test_backups, test_printing, test_calculator...;
this file checks the package's shape and its single store access.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from vss_desktop.store import services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.db import open_store_on
from vss_desktop.store.encryption import KdfParams

FAST = KdfParams(n=2**12)
PASSPHRASE = "núi cao bản xa 2026"
PACKAGE = Path(__file__).resolve().parent.parent / "vss_desktop"
COMMANDS = ("calc", "backup", "sync", "print_cmd")
EVERY_COMMAND = [
    ["calc", "bhyt-household", "--members", "1", "--months", "12"],
    ["calc", "voluntary-si", "--income", "1500000", "--months", "12"],
    ["login", "--server", "https://example.org", "--username", "thu"],
    ["sync", "--json"],
    ["print", "visit-list", "--out", "list.pdf"],
    ["print", "campaign", "--campaign", "Tết", "--out", "tally.pdf"],
    ["backups"],
    ["restore-backup", "vss-copy.sqlite3"],
]


def test_the_old_modules_are_gone_and_the_new_ones_there() -> None:
    gone = [
        "vss_desktop.calc_cli",
        "vss_desktop.cli_backup",
        "vss_desktop.cli_sync",
        "vss_desktop.cli_common",
        "vss_desktop.printing.cli",
        "vss_desktop.demo_data",
        "vss_desktop.sync.service",
    ]
    assert [name for name in gone if importlib.util.find_spec(name) is not None] == []
    there = [f"vss_desktop.cli.{name}" for name in (*COMMANDS, "parser", "store_access")]
    there += ["vss_desktop.demo.load", "vss_desktop.sync.overview"]
    assert [name for name in there if importlib.util.find_spec(name) is None] == []


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=lambda argv: " ".join(argv[:2]))
def test_one_parser_knows_every_command_and_who_runs_it(argv: list[str]) -> None:
    from vss_desktop.cli.parser import build_parser

    args = build_parser().parse_args([*argv, "--data-dir", "/nowhere"])
    assert callable(args.handler)
    assert args.handler.__module__.startswith("vss_desktop.cli.")


def test_no_command_means_the_window() -> None:
    from vss_desktop.cli.parser import build_parser

    args = build_parser().parse_args(["--demo", "--lang", "en"])
    assert getattr(args, "handler", None) is None and args.demo and args.lang == "en"


def test_main_is_short_and_builds_no_parser_of_its_own() -> None:
    source = (PACKAGE / "__main__.py").read_text(encoding="utf-8")
    assert "add_argument" not in source and "add_subparsers" not in source
    assert len(source.splitlines()) <= 40


def test_only_store_access_opens_the_store_or_reads_the_passphrase() -> None:
    """Opening (passphrase, damage check, database errors, closing) is written once."""
    opening = re.compile(
        r"open_for_cli|open_checked|open_store|unlock\(|PASSPHRASE_ENV|VSS_PASSPHRASE"
        r"|DAMAGED_MESSAGE|database_errors\(|\.close\(\)"
    )
    offenders = {
        name: opening.findall((PACKAGE / "cli" / f"{name}.py").read_text(encoding="utf-8"))
        for name in COMMANDS
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_an_encrypted_store_without_its_passphrase_is_refused_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vss_desktop.cli import store_access

    store = unlocking.unlock(tmp_path, PASSPHRASE, kdf=FAST)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    store.close()
    monkeypatch.delenv(unlocking.PASSPHRASE_ENV, raising=False)
    with (
        pytest.raises(store_access.CommandFailed) as refused,
        store_access.command_store(tmp_path, "synced"),
    ):
        pass
    assert refused.value.code == store_access.EXIT_DATABASE == 6
    assert "encrypted" in refused.value.message and "VSS_PASSPHRASE" in refused.value.message

    monkeypatch.setenv(unlocking.PASSPHRASE_ENV, "not the passphrase")
    with (
        pytest.raises(store_access.CommandFailed) as wrong,
        store_access.command_store(tmp_path, "synced"),
    ):
        pass
    assert wrong.value.code == 6 and "passphrase" in wrong.value.message
    assert "Lò Thị Hoa" not in wrong.value.message

    monkeypatch.setenv(unlocking.PASSPHRASE_ENV, PASSPHRASE)
    with store_access.command_store(tmp_path, "synced") as opened, opened.read() as session:
        assert session.connection() is not None
    assert open_store_on(opened.path) is None  # closed on the way out


def test_a_database_failure_inside_a_command_becomes_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from vss_desktop.cli import store_access

    monkeypatch.delenv(unlocking.PASSPHRASE_ENV, raising=False)
    with (
        pytest.raises(store_access.CommandFailed) as failed,
        store_access.command_store(tmp_path, "printed"),
    ):
        raise sqlite3.OperationalError("disk I/O error")
    assert failed.value.code == 6
    assert failed.value.message == (
        "error: the database could not be used (OperationalError); nothing was printed"
    )
    # Not the database's: left alone.
    with pytest.raises(KeyError), store_access.command_store(tmp_path, "printed"):
        raise KeyError("x")
