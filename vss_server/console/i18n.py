"""The console's languages: English source strings, Vietnamese from a .po catalog.

Templates and page code mark strings with ``_()`` (Jinja2's i18n extension, new style:
``_("%(n)s visits", n=3)``). ``locale/vi.po`` is the catalog, read with Babel when the
server starts; ``tools/console_i18n.py`` extracts the strings into it and lists the
missing ones (tests/test_console_i18n.py fails on a missing translation).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"  # the console speaks Vietnamese unless English is chosen
COOKIE = "vss_lang"


@cache
def catalog(language: str) -> dict[str, str]:
    """source -> translation for ``language`` (empty for English, the source language)."""
    path = LOCALE_DIR / f"{language}.po"
    if language == "en" or not path.exists():
        return {}
    with path.open("rb") as handle:
        messages = read_po(handle, locale=language)
    return {
        str(m.id): str(m.string)
        for m in messages
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def gettext_for(language: str) -> Callable[[str], str]:
    table = catalog(language)

    def gettext(message: str) -> str:
        return table.get(message) or message

    return gettext


def pick(cookie: str | None) -> str:
    """The cookie's choice, else Vietnamese (an intranet of Vietnamese offices; the
    browser's own language is often English on office machines, so it is not used)."""
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE
