"""TUF's fetcher with downloads that resume (Range requests into a ``.part`` file).

TUF's ``RequestsFetcher`` downloads each file whole into a temporary file: a link cut at
99 % starts again from zero, which on a 64 kbit/s mountain link may never finish. Here
the targets (archives, patches) go into ``DIR/NAME.part``, which survives a cut and the
app's restart; the next attempt asks for the rest with ``Range: bytes=N-``. TUF still
checks the whole file's length and hashes against the signed metadata afterwards, and a
file that fails the check is deleted, so a resumed download is never trusted more than a
fresh one. Metadata (a few KB, fetched whole) goes through TUF's own code.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import requests
import urllib3
from tuf.api import exceptions
from tuf.ngclient import RequestsFetcher

log = logging.getLogger(__name__)

CHUNK = 16 * 1024
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
ProgressHook = Callable[..., object]


class ResumableFetcher(RequestsFetcher):
    def __init__(
        self,
        parts_dir: Path,
        targets_base_url: str,
        *,
        attempts: int = 5,
        retry_delay_s: float = 1.0,
        socket_timeout: int = 30,
        ca_bundle: str | None = None,
    ) -> None:
        """``attempts``: failures in a row without a byte of progress before giving up
        (a cut that brought bytes does not count against it). ``ca_bundle``: the
        certificate authority the sync trusts (a province's own, docs/provisioning.md),
        else the system's."""
        super().__init__(socket_timeout=socket_timeout, chunk_size=CHUNK)
        self.ca_bundle = ca_bundle
        self.parts_dir = parts_dir
        self.targets_base_url = targets_base_url
        self.attempts, self.retry_delay_s = attempts, retry_delay_s
        self.received = 0  # body bytes received, metadata and targets (for the figures)
        self.resumed = 0  # requests that continued a part file
        self._progress: ProgressHook | None = None
        self._expected = 0

    def attach_progress_hook(self, hook: ProgressHook, bytes_expected: int) -> None:
        """tufup's hook: called as hook(bytes_downloaded=..., bytes_expected=...)."""
        self._progress, self._expected = hook, bytes_expected

    def _get_session(self, url: str) -> requests.Session:
        session = super()._get_session(url)
        if self.ca_bundle:
            session.verify = self.ca_bundle
        return session

    def _chunks(self, response: requests.Response) -> Iterator[bytes]:
        for data in super()._chunks(response):
            self.received += len(data)
            yield data

    @contextmanager
    def download_file(self, url: str, max_length: int) -> Iterator[IO[bytes]]:
        if not url.startswith(self.targets_base_url):
            with super().download_file(url, max_length) as whole:
                yield whole
            return
        part = self.parts_dir / (url.rsplit("/", 1)[-1] + ".part")
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        self._fill(url, part, max_length)
        try:
            with open(part, "rb") as done:
                yield done
        finally:
            # Verified and copied by TUF, or refused by it: either way never resumed again.
            part.unlink(missing_ok=True)

    def _fill(self, url: str, part: Path, max_length: int) -> None:
        failures = 0
        while True:
            have = part.stat().st_size if part.exists() else 0
            if have > max_length:  # longer than the signed length: start again
                part.unlink()
                have = 0
            if have == max_length:
                return
            try:
                complete = self._request(url, part, have, max_length)
            except exceptions.DownloadError:
                raise
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                now = part.stat().st_size if part.exists() else 0
                failures = 0 if now > have else failures + 1
                log.info("download cut at %d of %d bytes (%s)", now, max_length, type(exc).__name__)
                if failures >= self.attempts:
                    raise exceptions.DownloadError(f"download of {url} kept failing") from exc
                time.sleep(self.retry_delay_s * failures)
                continue
            if complete:
                return

    def _request(self, url: str, part: Path, have: int, max_length: int) -> bool:
        """One request for the bytes from ``have`` on; True when the answer ended normally
        (the file is whole, or shorter than signed: TUF's check will say so)."""
        # identity: a compressed answer cannot be resumed by byte offsets (and archives
        # do not compress further).
        headers = {"Accept-Encoding": "identity"}
        if have:
            headers["Range"] = f"bytes={have}-"
        session = self._get_session(url)
        with session.get(url, headers=headers, stream=True, timeout=self.socket_timeout) as resp:
            if resp.status_code == 416:  # the file on the server is shorter than our part
                part.unlink(missing_ok=True)
                return False
            if resp.status_code not in (200, 206):
                raise exceptions.DownloadHTTPError(
                    f"{resp.status_code} for {url}", resp.status_code
                )
            mode = "wb"
            if resp.status_code == 206:
                found = _CONTENT_RANGE.fullmatch(resp.headers.get("Content-Range", ""))
                if found is None or int(found.group(1)) != have:
                    part.unlink(missing_ok=True)  # not the range asked for: start over
                    return False
                mode = "ab"
                self.resumed += 1
            with open(part, mode) as out:
                # read1: each piece as it arrives. iter_content fills a whole chunk first,
                # and a cut loses the piece it was filling.
                for data in iter(lambda: resp.raw.read1(CHUNK), b""):
                    out.write(data)
                    self.received += len(data)
                    if out.tell() > max_length:
                        raise exceptions.DownloadLengthMismatchError(
                            f"{url} is longer than the signed {max_length} bytes"
                        )
                    if self._progress is not None:
                        self._progress(bytes_downloaded=out.tell(), bytes_expected=self._expected)
        return True
