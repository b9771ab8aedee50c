"""Every string the console shows has its Vietnamese translation (vss_server/console/locale)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from vss_server.console import i18n

TOOL = Path(__file__).resolve().parents[1] / "tools" / "console_i18n.py"


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("console_i18n", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_console_string_is_translated() -> None:
    tool = _tool()
    strings = tool.extracted()
    assert "Overview" in strings and "Log in" in strings  # the extraction finds them
    assert tool.missing() == []


def test_the_catalog_translates_and_english_is_the_source() -> None:
    assert i18n.gettext_for("vi")("Overview") == "Tổng quan"
    assert i18n.gettext_for("en")("Overview") == "Overview"
    assert i18n.pick(None) == "vi" and i18n.pick("en") == "en" and i18n.pick("fr") == "vi"
