"""User settings, kept as a small JSON file in the data directory (Qt-free)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from vss_core.enums import Organisation

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LANGUAGES = ("vi", "en")
ORGANISATIONS = tuple(o.value for o in Organisation)
RANGES: dict[str, tuple[int, int]] = {
    "expiring_days": (1, 365),
    "lock_after_minutes": (1, 120),
}  # as the settings dialog


@dataclass
class Settings:
    language: str = "vi"  # the UI speaks Vietnamese unless English is chosen
    collector: str = ""  # the collector's username, written on every visit
    # The name printed as "Collector:" on lists; empty: the logged-in account's full name
    # (printing.data.printed_collector).
    collector_name: str = ""
    expiring_days: int = 30  # "card expiring soon" window for filters and reminders
    lock_after_minutes: int = 10  # idle time before the app locks (issue 6)
    # Written by a province file (vss_desktop.provisioning, issue 16): the server the
    # first-run screen logs in to, the path of its certificate authority's PEM file ("": the
    # system's trust store), and who employs the collector (vss_core.enums.Organisation).
    server_url: str = ""
    ca_bundle: str = ""
    organisation: str = ""


def load(directory: Path) -> Settings:
    path = directory / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        log.warning("settings file unreadable, using defaults")
        return Settings()
    if not isinstance(raw, dict):
        log.warning("settings file is not an object, using defaults")
        return Settings()
    defaults = Settings()
    kept: dict[str, Any] = {}  # each value has its field's type: checked below
    for field in fields(Settings):
        value = raw.get(field.name)
        default = getattr(defaults, field.name)
        # A hand-edited or damaged file: a value of the wrong kind, or out of its range,
        # falls back to its default (type() rather than isinstance: True is not a count).
        bounds = RANGES.get(field.name)
        in_range = bounds is None or (isinstance(value, int) and bounds[0] <= value <= bounds[1])
        if type(value) is type(default) and in_range:
            kept[field.name] = value
        elif field.name in raw:
            log.warning("setting %s unreadable, using its default", field.name)
    settings = Settings(**kept)
    if settings.language not in LANGUAGES:
        settings.language = "vi"
    if settings.organisation not in ORGANISATIONS:
        settings.organisation = ""
    return settings


def save(directory: Path, settings: Settings) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    path = directory / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(asdict(settings), fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
