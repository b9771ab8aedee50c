"""Vietnamese-aware text folding for search and sorting.

SQLite's unicode61 tokenizer removes most diacritics but does not map đ/Đ to d
(đ is a distinct letter, not d plus a combining mark), so we fold text
ourselves before it reaches the search index.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics, map đ to d, collapse non-alphanumerics to spaces.

    >>> fold("Nguyễn Thị Hồng")
    'nguyen thi hong'
    >>> fold("ĐỨC")
    'duc'
    """
    if not text:
        return ""
    text = text.translate(_D_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def tokens(text: str | None) -> list[str]:
    return fold(text).split()
