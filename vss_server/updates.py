"""The app's update repository as files (issue 16 §3, docs/updates.md).

The repository is a TUF repository made by packaging/app/publish_update.py (tufup): signed
metadata under ``metadata/`` and the archives and patches under ``targets/``. The server only
hands out its files: every check that matters (signatures, lengths, hashes) is the app's,
against the root of trust its bundle carries, so the server needs no keys and no tufup.
"""

from __future__ import annotations

from pathlib import Path

# The two folders a TUF client reads; nothing else under the directory is served (the
# publisher's keys must never be there, but a stray file is not handed out either).
SERVED = ("metadata", "targets")


def served_file(updates_dir: Path, relative: str) -> Path | None:
    """The file at ``relative`` ("metadata/timestamp.json", "targets/x.tar.gz") if it is a
    regular file inside one of the served folders; None for anything else (a folder, a
    name that climbs out with "..", a link that points elsewhere)."""
    parts = relative.split("/")
    if len(parts) != 2 or parts[0] not in SERVED or parts[1] in ("", ".", ".."):
        return None
    if parts[1].startswith("."):  # partial uploads, editor files
        return None
    folder = (updates_dir / parts[0]).resolve()
    path = (folder / parts[1]).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def cache_control(relative: str) -> str:
    """Archives and patches never change under their versioned names; the top metadata
    (timestamp.json, root.json ...) changes at each release, so it is always revalidated."""
    return "public, max-age=31536000, immutable" if relative.startswith("targets/") else "no-cache"
