"""Where updates live on the laptop, and which version runs (docs/updates.md).

    HOME/state.json      {"current", "previous", "staged", "failed"}
    HOME/versions/X/     an extracted bundle, one folder per version
    HOME/metadata/       the TUF metadata the app trusts (root.json from its bundle first)
    HOME/targets/        downloaded archives (kept: the next update may be a patch of one)
    HOME/downloads/      ``.part`` files of downloads cut midway, resumed from their end

HOME is the app's data folder's ``updates/`` (``VSS_UPDATE_HOME`` overrides it): per user
and writable, where the installed bundle (Program Files) may not be. Stdlib only apart from
the version compare: the launcher reads it before the app's heavy modules load.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vss_core import app_version

HOME_ENV = "VSS_UPDATE_HOME"
EXECUTABLE = "vss-desktop.exe" if sys.platform == "win32" else "vss-desktop"
TRUSTED_ROOT = "update-root.json"  # beside the bundle's program (packaging/app/build.py)


@dataclass
class UpdateState:
    current: str = ""  # a downloaded version that started once: runs instead of the bundle
    previous: str = ""  # the one before it, kept to go back to ("" : the installed bundle)
    staged: str = ""  # verified and extracted, not yet started: tried at the next start
    failed: list[str] = field(default_factory=list)  # failed to start: never tried again


class UpdateHome:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def default(cls) -> UpdateHome:
        override = os.environ.get(HOME_ENV)
        if override:
            return cls(Path(override))
        # The app's data folder (vss_desktop.paths.data_dir), read without creating it: the
        # launcher runs before the app's options (--data-dir) are parsed.
        import platformdirs

        from vss_desktop import APP_NAME
        from vss_desktop.paths import DATA_DIR_ENV

        data = os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
        return cls(Path(data).expanduser() / "updates")

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def metadata_dir(self) -> Path:
        return self.root / "metadata"

    @property
    def targets_dir(self) -> Path:
        return self.root / "targets"

    @property
    def downloads_dir(self) -> Path:
        return self.root / "downloads"

    @property
    def extract_dir(self) -> Path:
        return self.root / "extract"

    def version_dir(self, version: str) -> Path:
        return self.root / "versions" / version

    def executable(self, version: str) -> Path:
        return self.version_dir(version) / EXECUTABLE

    def read_state(self) -> UpdateState:
        try:
            raw = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return UpdateState()
        if not isinstance(raw, dict):
            return UpdateState()
        failed = raw.get("failed", [])
        return UpdateState(
            current=str(raw.get("current", "")),
            previous=str(raw.get("previous", "")),
            staged=str(raw.get("staged", "")),
            failed=[str(v) for v in failed] if isinstance(failed, list) else [],
        )

    def write_state(self, state: UpdateState) -> None:
        """Written whole then renamed: a crash leaves the old state or the new, never half."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(state), indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state_file)

    def drop_version(self, version: str) -> None:
        shutil.rmtree(self.version_dir(version), ignore_errors=True)

    def prune(self, state: UpdateState) -> None:
        """Remove version folders no longer current, previous or staged."""
        keep = {state.current, state.previous, state.staged} - {""}
        versions = self.root / "versions"
        if versions.is_dir():
            for folder in versions.iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)


def bundled_root() -> Path | None:
    """The update repository's root of trust in a bundle built with one; None when
    running from source or from a bundle built without (no updates then)."""
    if not getattr(sys, "frozen", False):
        return None
    path = Path(sys.executable).resolve().parent / TRUSTED_ROOT
    return path if path.is_file() else None


def newer(version: str, than: str) -> bool:
    """Whether ``version`` is a version above ``than`` (False if either is not one)."""
    return bool(version) and app_version.is_below(than, version) is True
