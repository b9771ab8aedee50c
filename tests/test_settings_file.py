"""The settings file: written atomically, and a damaged or hand-edited one never stops the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vss_desktop import settings as settings_store
from vss_desktop.settings import Settings


def test_saved_settings_come_back(tmp_path: Path) -> None:
    chosen = Settings(language="en", collector="thu.lt", expiring_days=45, lock_after_minutes=5)
    settings_store.save(tmp_path, chosen)
    assert settings_store.load(tmp_path) == chosen
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        '"vi"',
        "null",
        "\x00\x01\x02",
        '{"expiring_days": "thirty", "lock_after_minutes": true}',
        '{"expiring_days": -5, "lock_after_minutes": 100000}',
        '{"language": 7, "collector": ["thu.lt"]}',
        '{"language": "fr"}',
    ],
)
def test_a_damaged_settings_file_gives_the_defaults(tmp_path: Path, content: str) -> None:
    (tmp_path / settings_store.SETTINGS_FILE).write_text(content, encoding="utf-8")
    assert settings_store.load(tmp_path) == Settings()


def test_good_values_beside_a_bad_one_are_kept(tmp_path: Path) -> None:
    raw = {"language": "en", "collector": "nam.vh", "expiring_days": 0, "unknown": 1}
    (tmp_path / settings_store.SETTINGS_FILE).write_text(json.dumps(raw), encoding="utf-8")
    assert settings_store.load(tmp_path) == Settings(language="en", collector="nam.vh")
