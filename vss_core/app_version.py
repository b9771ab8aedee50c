"""App versions as the server and the app compare them (issue 16 §3): plain numeric
release numbers ("0.1.0", "1.2"), compared number by number, missing numbers as 0
("1.2" == "1.2.0"). A version with anything else (a pre-release or local tag) is not one
the server's settings accept, and an app reporting one is not judged.

A tiny comparison rather than ``packaging.version``: nothing the app or the server
requires brings ``packaging`` (only pytest does)."""

from __future__ import annotations

import re
from typing import Literal

_VERSION = re.compile(r"\d{1,9}(\.\d{1,9}){0,3}")

Standing = Literal["required", "available", ""]  # update required | a newer one | neither


def parse(text: str) -> tuple[int, ...] | None:
    """The version's numbers without trailing zeros, or None when it is not one."""
    text = text.strip()
    if not _VERSION.fullmatch(text):
        return None
    numbers = [int(part) for part in text.split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def is_valid(text: str) -> bool:
    return parse(text) is not None


def is_below(version: str, other: str) -> bool | None:
    """Whether ``version`` comes before ``other``; None when either is not a version."""
    mine, theirs = parse(version), parse(other)
    if mine is None or theirs is None:
        return None
    return mine < theirs


def standing(version: str, current: str = "", minimum: str = "") -> Standing:
    """What an app at ``version`` must do: "required" below ``minimum``, "available" below
    ``current`` only, "" otherwise (or when it cannot be told: an empty or bad version)."""
    if minimum and is_below(version, minimum):
        return "required"
    if current and is_below(version, current):
        return "available"
    return ""
