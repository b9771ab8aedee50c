"""Why the server could not be reached, in words a person can act on, with the address.
No Qt."""

from __future__ import annotations

import errno
import socket
from typing import Any
from urllib.parse import urlsplit

import requests


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything under it: requests wraps urllib3 (as an argument or a
    ``reason``), which wraps the socket error (as the cause)."""
    found: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if any(current is seen for seen in found):
            continue
        found.append(current)
        under = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        under += list(getattr(current, "args", ()))
        todo += [e for e in under if isinstance(e, BaseException)]
    return found


def _host_port(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = parts.hostname or url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return host, f"{host}:{port}"


def describe_network_failure(exc: BaseException, url: str) -> str:
    """What failed, in words, with the address: "connection refused: nothing answers at
    127.0.0.1:8765 (is the server running, is the port right?)"."""
    host, where = _host_port(url)
    chain = _chain(exc)

    def seen(*kinds: type[BaseException]) -> bool:
        return any(isinstance(e, kinds) for e in chain)

    if seen(requests.exceptions.SSLError):
        return (
            f"the certificate of {where} could not be verified (a province's own certificate"
            " authority: `vss-desktop login --ca-bundle FILE.pem`)"
        )
    if seen(socket.gaierror) or any(type(e).__name__ == "NameResolutionError" for e in chain):
        return (
            f"the name {host} could not be found (DNS lookup failed):"
            " check the address and the internet connection"
        )
    if seen(requests.exceptions.ConnectTimeout):
        return (
            f"no answer from {where}: the connection timed out"
            " (check the address and the internet connection)"
        )
    if seen(requests.Timeout, TimeoutError):
        return f"no answer from the server at {url}: it timed out while waiting for the answer"
    if seen(ConnectionRefusedError):
        return (
            f"connection refused: nothing answers at {where}"
            " (is the server running, is the port right?)"
        )
    unreachable = (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN)
    if any(isinstance(e, OSError) and e.errno in unreachable for e in chain):
        return f"no network route to {where}: is this computer connected?"
    if seen(ConnectionResetError):
        return f"the connection to {where} was cut (reset) before the server answered"
    return f"the connection to {where} failed before the server answered"


class RecordingSession(requests.Session):
    """A requests session that remembers its last network failure, so that a command can
    say what went wrong after the sync engine has turned it into "offline"."""

    def __init__(self) -> None:
        super().__init__()
        self.failure: requests.RequestException | None = None

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            response = super().request(*args, **kwargs)
        except requests.RequestException as exc:
            self.failure = exc
            raise
        self.failure = None  # the link works: a later failure is the server's answer
        return response
