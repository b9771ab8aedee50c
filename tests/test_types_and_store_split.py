"""Issue 12.3: types are checked (strictly for the core, the store and sync) and CI runs
the checker (`.venv/bin/mypy` over every package with this configuration, the last step of
.ci/run: not run a second time here); issue 12.4: backup naming and rekeying live apart from the key and file
operations of vss_desktop.store.encryption."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

from vss_desktop.store import backups, encryption

ROOT = Path(__file__).resolve().parent.parent


def mypy_config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["tool"]["mypy"]


# What `mypy --strict` turns on, per module (warn_unused_ignores and warn_redundant_casts
# are set for everything).
STRICT_FLAGS = {
    "disallow_any_generics": True,
    "disallow_subclassing_any": True,
    "disallow_untyped_calls": True,
    "disallow_untyped_defs": True,
    "disallow_incomplete_defs": True,
    "check_untyped_defs": True,
    "disallow_untyped_decorators": True,
    "warn_return_any": True,
    "implicit_reexport": False,
    "strict_equality": True,
    "extra_checks": True,
}


def test_core_store_and_sync_are_checked_strictly() -> None:
    config = mypy_config()
    strict = [o for o in config["overrides"] if o.get("disallow_untyped_defs")]
    assert len(strict) == 1, "one strict override"
    assert {"vss_core.*", "vss_desktop.store.*", "vss_desktop.sync.*"} <= set(strict[0]["module"])
    assert STRICT_FLAGS.items() <= strict[0].items()
    assert set(config["files"]) == {"vss_core", "vss_desktop", "vss_server"}
    assert config.get("warn_unused_ignores") is True and config.get("warn_redundant_casts")
    # `strict = true` in an override section would make every module strict: mypy applies
    # it to the global options.
    assert "strict" not in config and not any("strict" in o for o in config["overrides"])


def test_ci_runs_mypy_after_the_linters() -> None:
    lines = [ln.strip() for ln in (ROOT / ".ci/run").read_text().splitlines() if ln.strip()]
    assert lines[-1] == ".venv/bin/mypy"
    assert ".venv/bin/ruff format --check ." in lines[:-1]


def test_backup_naming_lives_in_backups() -> None:
    name = backups.backup_name("daily-20260701")
    assert name.startswith("vss-") and name.endswith("-daily-20260701.sqlite3")
    assert backups.file_stamp() <= name[4:20]
    for moved in ("backup_name", "backup_files", "file_stamp"):
        assert not hasattr(encryption, moved), f"encryption.{moved} left behind"


def test_rekeying_lives_in_rekey() -> None:
    rekey = importlib.import_module("vss_desktop.store.rekey")
    for moved in ("rekey_file", "rekey_backups", "encrypt_plain_database", "encrypt_plain_backups"):
        assert callable(getattr(rekey, moved))
        assert not hasattr(encryption, moved), f"encryption.{moved} left behind"


def test_backups_folder_lists_only_complete_copies(tmp_path: Path) -> None:
    assert backups.backup_files(tmp_path) == []
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [backups.backup_name("a"), "vss-x.sqlite3.partial", "other.sqlite3"]
    for name in names:
        (folder / name).write_bytes(b"")
    assert backups.backup_files(tmp_path) == [folder / names[0]]
