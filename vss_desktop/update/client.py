"""Check the server's signed repository, download an update, verify it, stage it.

tufup (on python-tuf) does the checking: the metadata chain from the root of trust the
bundle carries (root -> timestamp -> snapshot -> targets, each signed and unexpired), then
the archive's or patch's length and hashes. A patch (bsdiff of the uncompressed archives)
is used when the archive of the running version is at hand and the patch is small enough;
the rebuilt archive is checked against the signed hash of the new one.

Staging is ours, not tufup's ``install_update`` (which copies over the running app's
folder with a batch file on Windows, and does not run on Linux): the archive is
extracted to HOME/versions/X/ and named in the state file; the launcher tries it at the
next start (vss_desktop.update.launcher).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tuf.api import exceptions

from vss_desktop import APP_NAME
from vss_desktop.update.frozen_imports import without_setuptools

with without_setuptools():
    from tufup.client import Client

from vss_desktop.update.fetcher import ResumableFetcher
from vss_desktop.update.home import UpdateHome, newer

log = logging.getLogger(__name__)

UPDATES_PATH = "/api/v1/updates"  # vss_server.routes.updates
Status = Literal["up_to_date", "staged", "already_staged", "refused", "unreachable"]
Progress = Callable[[str, int, int], None]  # (version, bytes so far, bytes in all)


class UpdateCancelled(Exception):
    """The app is closing: the download stops where it is (its part file stays, resumed at
    the next check) and nothing is staged."""


@dataclass(frozen=True)
class Outcome:
    status: Status
    version: str = ""  # the newest version the repository offers ("" : none newer)
    received: int = 0  # body bytes downloaded (metadata and the archive or patch)
    patch: bool = False  # the update came as a patch of the running version's archive
    resumed: int = 0  # requests that continued a download cut earlier
    reason: str = ""  # why refused or unreachable (no personal data: URLs and kinds)


def check_and_stage(
    server_url: str,
    own_version: str,
    trusted_root: Path,
    home: UpdateHome | None = None,
    *,
    attempts: int = 5,
    retry_delay_s: float = 1.0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ca_bundle: str | None = None,
) -> Outcome:
    """Look for a version newer than ``own_version`` at ``server_url``; download it
    (resuming a download cut earlier), verify it and stage it for the next start.

    ``trusted_root``: the root.json the bundle carries, copied to HOME/metadata the first
    time; later roots are learned, signed by the earlier ones, through TUF.
    Blocking and slow on a slow link: run it in a background thread or a command.
    ``progress`` is called from that thread after each piece of the download; setting
    ``cancel`` makes the download raise UpdateCancelled at its next piece. ``ca_bundle``:
    the certificate authority the sync uses for this server.
    """
    home = home or UpdateHome.default()
    for folder in (home.metadata_dir, home.targets_dir, home.downloads_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if not (home.metadata_dir / "root.json").exists():
        shutil.copyfile(trusted_root, home.metadata_dir / "root.json")
    base = server_url.rstrip("/") + UPDATES_PATH
    fetcher = ResumableFetcher(
        home.downloads_dir,
        f"{base}/targets/",
        attempts=attempts,
        retry_delay_s=retry_delay_s,
        ca_bundle=ca_bundle,
    )
    client = _Client(
        app_name=APP_NAME,
        app_install_dir=home.root,  # unused: our install callback stages instead
        current_version=own_version,  # a patch applies to the running version's archive
        metadata_dir=home.metadata_dir,
        metadata_base_url=f"{base}/metadata/",
        target_dir=home.targets_dir,
        target_base_url=f"{base}/targets/",
        extract_dir=home.extract_dir,
    )
    # tufup builds its own fetcher; TUF's Updater keeps it here (tuf 4.0, pinned by tufup).
    client._fetcher = fetcher
    state = home.read_state()
    try:
        client.refresh()
    except exceptions.DownloadError as exc:
        return Outcome("unreachable", received=fetcher.received, reason=type(exc).__name__)
    except exceptions.RepositoryError as exc:  # bad signature, expired, rolled back
        log.warning("update metadata refused: %s", type(exc).__name__)
        return Outcome("refused", received=fetcher.received, reason=type(exc).__name__)
    found = client.check_for_updates()
    if found is None:
        return Outcome("up_to_date", received=fetcher.received)
    version = str(found.version)
    if version in state.failed or not newer(version, own_version):
        return Outcome("up_to_date", version, fetcher.received)
    if version == state.staged and home.executable(version).is_file():
        return Outcome("already_staged", version, fetcher.received)
    patch = not next(iter(client.new_targets)).is_archive
    staged: list[str] = []

    def stage(src_dir: Path, dst_dir: Path, **_kwargs: Any) -> None:
        _stage(home, version, Path(src_dir))
        staged.append(version)

    shutil.rmtree(home.extract_dir, ignore_errors=True)
    home.extract_dir.mkdir(parents=True)
    hook = _progress_hook(version, client.new_targets.values(), progress, cancel)
    try:
        client.download_and_apply_update(skip_confirmation=True, install=stage, progress_hook=hook)
    except exceptions.RepositoryError as exc:  # a length or hash that does not match
        log.warning("update %s refused: %s", version, type(exc).__name__)
        return Outcome(
            "refused", version, fetcher.received, patch, fetcher.resumed, type(exc).__name__
        )
    except exceptions.DownloadError as exc:  # the part file stays, to resume next time
        return Outcome(
            "unreachable", version, fetcher.received, patch, fetcher.resumed, type(exc).__name__
        )
    finally:
        shutil.rmtree(home.extract_dir, ignore_errors=True)
    if not staged:  # tufup logged why (a patch that did not rebuild the signed archive)
        return Outcome("refused", version, fetcher.received, patch, fetcher.resumed, "not applied")
    return Outcome("staged", version, fetcher.received, patch, fetcher.resumed)


def _progress_hook(
    version: str,
    targets: Any,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> Callable[..., None]:
    """tufup's hook, called per piece of each file, as the whole update's bytes: an update
    of several patches counts as one download."""
    total = sum(int(target.length) for target in targets)
    finished = 0  # bytes of the files already downloaded

    def hook(bytes_downloaded: int, bytes_expected: int) -> None:
        nonlocal finished
        if cancel is not None and cancel.is_set():
            raise UpdateCancelled
        if progress is not None:
            progress(version, min(finished + bytes_downloaded, total), total)
        if bytes_downloaded >= bytes_expected:
            finished += bytes_expected

    return hook


class _Client(Client):
    """tufup's client, whose refresh runs once: ours first, to tell a dead link and
    refused metadata apart (tufup's check_for_updates logs both and finds nothing)."""

    _refreshed = False

    def refresh(self) -> None:
        if not self._refreshed:
            super().refresh()
            self._refreshed = True


def _stage(home: UpdateHome, version: str, extracted: Path) -> None:
    target = home.version_dir(version)
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(extracted), target)
    state = home.read_state()
    if state.staged and state.staged != version:
        home.drop_version(state.staged)  # a newer one replaces a staged one never tried
    state.staged = version
    home.write_state(state)
    if os.name != "nt":  # tar keeps the mode bits; be sure the program can be started
        exe = home.executable(version)
        if exe.exists():
            exe.chmod(exe.stat().st_mode | 0o111)
