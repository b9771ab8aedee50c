"""A real browser for the console's tests: Debian's Chromium driven by Playwright.

Nothing downloads a browser: /usr/bin/chromium (`.ci/run` installs the Debian package).
Screenshots go to ``shots(tmp_path)``: the test's own folder, or $VSS_SCREENSHOTS when
set (`VSS_SCREENSHOTS=docs/screenshots pytest tests/test_console_flow.py` refreshes
the README's pictures).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"


def chromium_page() -> Iterator[Any]:
    """A 1366x768 page; the test fails on any failed request or console error."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        yield tab
        browser.close()
        assert errors == [], errors  # no blocked asset, no script error


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VSS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in_by_keyboard(page: Any, username: str, password: str) -> None:
    """Type into the login form as a person does: the page's autofocus puts the cursor in
    the username field (waited for: keys typed before that are lost), Tab, Enter."""
    from playwright.sync_api import expect

    expect(page.locator("#username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
