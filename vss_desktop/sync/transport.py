"""HTTP transport to the central server: a requests.Session with timeouts, gzip, errors.

requests neither compresses request bodies nor retries POSTs, so this module
gzips bodies itself and the engine owns its retry loop (docs/sync-protocol.md).
"""

from __future__ import annotations

import email.utils
import gzip
import ipaddress
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from vss_desktop import __version__

API = "/api/v1"


class SyncError(Exception):
    """Base of everything the transport raises."""


class InsecureServerUrl(SyncError):
    """Plain HTTP to a host other than this computer, not explicitly allowed."""


class Transient(SyncError):
    """Worth retrying: network failure, timeout, 5xx, 408, 429."""

    def __init__(self, message: str, retry_after: float | None = None, timeout: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.timeout = timeout


class Unauthorized(SyncError):
    """401: the token is missing, expired or revoked; the collector must log in."""


class ServerRefused(SyncError):
    """A 4xx that retrying will not fix; ``code`` is the server's error code."""

    def __init__(self, status: int, code: str, message: str, body: dict[str, Any] | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.body = status, code, message, body or {}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, allow_insecure: bool = False) -> str:
    """Normalise a server URL; refuse plain HTTP beyond loopback unless allowed."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServerUrl(f"not a server address: {url!r}")
    if parts.scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        raise InsecureServerUrl("plain HTTP is only allowed to this computer; use https://")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


@dataclass
class Timeouts:
    connect: float = 10.0
    read: float = 60.0


class BadCaBundle(SyncError):
    """The configured certificate-authority file is missing or not PEM."""


def check_ca_bundle(path: str | None) -> str | None:
    """An absolute path to a readable PEM bundle, or None for the system's trust store."""
    if not path or not path.strip():
        return None
    bundle = Path(path.strip()).expanduser()
    try:
        text = bundle.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise BadCaBundle(f"cannot read the certificate file: {exc.strerror}") from exc
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise BadCaBundle("the certificate file is not a PEM certificate")
    return str(bundle.resolve())


class Transport:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        allow_insecure: bool = False,
        ca_bundle: str | None = None,
        timeouts: Timeouts | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = check_server_url(base_url, allow_insecure)
        self.token = token
        self.timeouts = timeouts or Timeouts()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = f"vss-desktop/{__version__}"
        self.session.headers["Accept-Encoding"] = "gzip"
        # Certificates are always verified: with the system store or a province's own CA.
        self.session.verify = ca_bundle or True
        self.session.trust_env = False  # no surprise proxies from the environment

    def close(self) -> None:
        self.session.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        read_timeout: float | None = None,
    ) -> dict[str, Any]:
        headers = {}
        data = None
        if body is not None:
            data = gzip.compress(json.dumps(body, ensure_ascii=False).encode("utf-8"), mtime=0)
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
        if auth:
            if not self.token:
                raise Unauthorized("not logged in")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self.session.request(
                method,
                self.base_url + API + path,
                data=data,
                params=params,
                headers=headers,
                timeout=(self.timeouts.connect, read_timeout or self.timeouts.read),
            )
            content = response.content  # read fully here so a cut body is a transport error
        except requests.Timeout as exc:
            raise Transient(f"timed out: {type(exc).__name__}", timeout=True) from exc
        except requests.exceptions.SSLError:
            raise  # a certificate problem is not a flaky link: never retried silently
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise Transient(f"connection failed: {type(exc).__name__}") from exc
        return self._decode(response, content)

    @staticmethod
    def _decode(response: requests.Response, content: bytes) -> dict[str, Any]:
        """The JSON object of a 2xx answer; any other answer raises."""
        status = response.status_code
        try:
            payload = json.loads(content) if content else None
        except ValueError as exc:
            if status < 400:
                # A 2xx with a broken body: the response was cut or garbled in transit.
                raise Transient("unreadable response body") from exc
            payload = None
        if status < 300:
            if not isinstance(payload, dict):
                # Every call answers a JSON object. A link cut inside the response head
                # reaches here as a 200 with no body (http.client ends the head at EOF).
                raise Transient("empty response body")
            return payload
        error = (payload or {}).get("error", {}) if isinstance(payload, dict) else {}
        code, message = error.get("code", "http_error"), error.get("message", response.reason or "")
        retry_after = _retry_after(response.headers.get("Retry-After"))
        if status in (408, 429) or status >= 500:
            raise Transient(f"{status} {code}", retry_after=retry_after)
        if status == 401:
            raise Unauthorized(message)
        raise ServerRefused(status, code, message, error)

    # --- the protocol's calls ------------------------------------------------------

    def health(self, timeout: float = 5.0) -> dict[str, Any]:
        return self._request("GET", "/health", auth=False, read_timeout=timeout)

    def login(
        self, username: str, password: str, device_id: str, device_name: str
    ) -> dict[str, Any]:
        answer = self._request(
            "POST",
            "/auth/login",
            auth=False,
            body={
                "username": username,
                "password": password,
                "device_id": device_id,
                "device_name": device_name,
            },
        )
        self.token = answer["token"]
        return answer

    def rotate_device(self, device_id: str, device_name: str) -> dict[str, Any]:
        answer = self._request(
            "POST", "/auth/rotate-device", body={"device_id": device_id, "device_name": device_name}
        )
        self.token = answer["token"]
        return answer

    def push(
        self, device_id: str, ops: list[dict[str, Any]], read_timeout: float | None = None
    ) -> dict[str, Any]:
        return self._request(
            "POST",
            "/sync/push",
            # Compact answers: plain ones come back as runs of seqs, not one op id each.
            body={"device_id": device_id, "ops": ops, "answers": "compact"},
            read_timeout=read_timeout,
        )

    def status(
        self, device_id: str, pending: int, oldest_pending_at: datetime | None
    ) -> dict[str, Any]:
        """What this laptop says of itself (docs/sync-protocol.md, Status)."""
        return self._request(
            "POST",
            "/sync/status",
            body={
                "device_id": device_id,
                "app_version": __version__,
                "pending": pending,
                "oldest_pending_at": oldest_pending_at.isoformat() if oldest_pending_at else None,
            },
        )

    def targets(self) -> dict[str, Any]:
        """The supervisor's targets for this collector (docs/sync-protocol.md, Targets)."""
        return self._request("GET", "/targets")

    def campaigns(self) -> dict[str, Any]:
        """The district's campaigns for this account (docs/sync-protocol.md, Campaigns)."""
        return self._request("GET", "/campaigns")

    def pull(self, cursor: str | None, limit: int) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._request("GET", "/sync/pull", params=params)


def _retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # HTTP dates are GMT
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None
