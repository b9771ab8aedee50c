"""Input hygiene shared by the wire models and push: text the databases can store.

PostgreSQL refuses NUL in text and neither database can encode a lone UTF-16
surrogate (JSON allows "\\ud800"); both would surface as a server error deep in a
write. They are refused at the edge instead, with a clear 4xx or a per-op rejection.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_DEPTH = 32  # nesting of JSON values inside an op's fields


def is_clean_text(value: str) -> bool:
    return _UNSTORABLE.search(value) is None


def _clean(value: str) -> str:
    if not is_clean_text(value):
        raise ValueError("text with NUL or an unpaired surrogate")
    return value


# The document states the NUL rule as a pattern, so clients and fuzzers know it; lone
# surrogates cannot be written as a JSON Schema pattern, the validator refuses them too.
CleanStr = Annotated[
    str, AfterValidator(_clean), Field(json_schema_extra={"pattern": "^[^\\u0000]*$"})
]


def unstorable_paths(value: Any, path: str = "", depth: int = 0) -> list[str]:
    """Where a JSON value holds text (keys included) no database can store, or nests too deep."""
    if depth > MAX_DEPTH:
        return [path or "."]
    if isinstance(value, str):
        return [] if is_clean_text(value) else [path or "."]
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = safe_name(key)
            if isinstance(key, str) and not is_clean_text(key):
                found.append(f"{path}.{name}" if path else name)
            found += unstorable_paths(item, f"{path}.{name}" if path else name, depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += unstorable_paths(item, f"{path}[{i}]", depth + 1)
    return found


def safe_name(name: object, limit: int = 64) -> str:
    """A client-given name, fit to echo in a message: printable ASCII escapes, cut short."""
    text = ascii(str(name))[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"
