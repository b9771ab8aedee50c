"""The console's stored uploads (issue 14, the Import page): a list a supervisor sent, kept
on disk between its dry run and the confirm that imports it.

- Kept in ``DATA_DIR/console-uploads/`` (the server's data dir), copied there in 1 MiB
  chunks and refused past the size limit. Each upload is named by the SHA-256 of a random
  token that only the page carries: the token itself is never on disk, and a name taken
  from a request can never be a path.
- Beside it: a small JSON (the sender's user id, the time, the chosen collector) and the
  dry run's report .xlsx.
- One time: ``claim`` takes an upload by renaming it, which only one request can do; the
  files go once the import has run (``discard``). Another user's token, an unknown one or
  one older than ``MAX_AGE`` finds nothing.
- Swept: every upload and every claim deletes what is older than ``MAX_AGE``. The files
  hold personal data: nothing is kept longer than that hour.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

FOLDER = "console-uploads"
MAX_AGE = timedelta(hours=1)
MAX_BYTES = 20 * 1024 * 1024  # a district's list of 50,000 persons is about 7 MB
CHUNK = 1024 * 1024
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
_OURS = re.compile(r"[0-9a-f]{64}\.")  # the files this module writes


class UploadRefused(ValueError):
    """Nothing was kept; ``code`` says why: "empty" or "too_big"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Stored:
    token: str
    folder: Path
    digest: str
    user_id: int
    assign_to: str | None
    created: datetime

    @property
    def path(self) -> Path:
        # .xlsx whatever the content: the reader goes by content, openpyxl by the name
        return self.folder / f"{self.digest}.upload.xlsx"

    @property
    def claimed(self) -> Path:
        return self.folder / f"{self.digest}.claimed.xlsx"

    @property
    def report(self) -> Path:
        return self.folder / f"{self.digest}.report.xlsx"

    @property
    def meta(self) -> Path:
        return self.folder / f"{self.digest}.json"


def limit(max_body_bytes: int) -> int:
    """The largest upload: MAX_BYTES, and never more than the server takes in one body
    (``max_body_bytes``, VSS_SERVER_MAX_BODY_BYTES); 64 KiB of that is the form around it."""
    return max(0, min(MAX_BYTES, max_body_bytes - 64 * 1024))


def folder_of(data_dir: Path) -> Path:
    folder = data_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def store(
    folder: Path,
    source: BinaryIO,
    *,
    user_id: int,
    assign_to: str | None,
    now: datetime,
    max_bytes: int,
) -> Stored:
    """Copy ``source`` into ``folder`` under a new token; UploadRefused when it is empty
    or larger than ``max_bytes`` (then nothing is kept)."""
    sweep(folder, now)
    token = secrets.token_urlsafe(32)
    stored = Stored(token, folder, _digest(token), user_id, assign_to, now)
    size = 0
    try:
        with stored.path.open("xb") as out:
            stored.path.chmod(0o600)
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused("too_big")
                out.write(chunk)
        if size == 0:
            raise UploadRefused("empty")
        meta = {"user_id": user_id, "assign_to": assign_to, "created": now.isoformat()}
        stored.meta.write_text(json.dumps(meta), encoding="utf-8")
    except BaseException:
        discard(stored)
        raise
    return stored


def find(folder: Path, token: str, user_id: int, now: datetime) -> Stored | None:
    """The upload of ``token`` if ``user_id`` sent it less than MAX_AGE ago."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    digest = _digest(token)
    try:
        meta = json.loads((folder / f"{digest}.json").read_text(encoding="utf-8"))
        created = datetime.fromisoformat(meta["created"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if meta.get("user_id") != user_id or now - created > MAX_AGE:
        return None
    return Stored(token, folder, digest, user_id, meta.get("assign_to"), created)


def claim(folder: Path, token: str, user_id: int, now: datetime) -> Stored | None:
    """Take the upload of ``token`` for its one import: None when it is unknown, another
    user's, too old, or already taken (the rename succeeds once)."""
    sweep(folder, now)
    stored = find(folder, token, user_id, now)
    if stored is None:
        return None
    try:
        stored.path.rename(stored.claimed)
    except FileNotFoundError:
        return None
    return stored


def drop_file(stored: Stored) -> None:
    """Delete the uploaded list itself (a refused dry run); the report stays for its hour."""
    with contextlib.suppress(FileNotFoundError):
        stored.path.unlink()


def discard(stored: Stored) -> None:
    for path in (stored.path, stored.claimed, stored.report, stored.meta):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def sweep(folder: Path, now: datetime) -> int:
    """Delete every upload older than MAX_AGE (by the time in its JSON, else by its files'
    own time); returns how many uploads went."""
    groups: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        if _OURS.match(path.name):
            groups.setdefault(path.name.split(".", 1)[0], []).append(path)
    oldest = (now - MAX_AGE).timestamp()
    removed = 0
    for digest, paths in groups.items():
        try:
            meta = json.loads((folder / f"{digest}.json").read_text(encoding="utf-8"))
            created = datetime.fromisoformat(meta["created"]).timestamp()
        except (OSError, ValueError, KeyError, TypeError):
            try:
                created = max(p.stat().st_mtime for p in paths)
            except FileNotFoundError:
                continue  # another request is deleting it
        if created < oldest:
            for path in paths:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            removed += 1
    return removed
