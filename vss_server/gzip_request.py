"""ASGI middleware: accept gzip request bodies (the app compresses everything it sends),
with a cap on every body, before and after decompression, so neither a large body nor
a small gzip bomb can fill the memory, whatever route it is sent to."""

from __future__ import annotations

import html
import json
import zlib
from typing import Any

Scope = dict[str, Any]


class GzipRequestMiddleware:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        encoding = headers.get(b"content-encoding", b"identity").decode("latin-1").lower()
        if encoding not in ("identity", "gzip"):
            await _error(scope, send, 415, "unsupported_encoding", "send the body plain or gzip")
            return
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _error(
                scope,
                send,
                413,
                "body_too_large",
                f"the body is larger than {self.max_bytes} bytes",
            )
            return
        raw = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            raw += message.get("body", b"")
            more = message.get("more_body", False)
            if len(raw) > self.max_bytes:
                await _error(
                    scope,
                    send,
                    413,
                    "body_too_large",
                    f"the body is larger than {self.max_bytes} bytes",
                )
                return
        if encoding == "identity":
            await self.app(scope, _replay(bytes(raw), receive), send)
            return
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(bytes(raw), self.max_bytes + 1)
        except zlib.error:
            await _error(scope, send, 400, "bad_gzip", "the gzip body is corrupt")
            return
        if len(body) > self.max_bytes or inflater.unconsumed_tail:
            await _error(
                scope,
                send,
                413,
                "body_too_large",
                f"the body is larger than {self.max_bytes} bytes once unpacked",
            )
            return
        if not inflater.eof:
            await _error(scope, send, 400, "bad_gzip", "the gzip body is truncated")
            return
        new_headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ]
        new_headers.append((b"content-length", str(len(body)).encode()))
        # The same scope, not a copy: the router writes the route into it, and the metrics
        # middleware outside reads it there (a copy counted every gzip push as "unmatched").
        scope["headers"] = new_headers
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Any) -> Any:
    """A receive() that hands the app the whole body once, then waits for the disconnect."""
    delivered = False

    async def replay() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


# A browser on the console gets a page it can show (the API's clients keep the JSON).
_CONSOLE_PAGE = (
    '<!doctype html><html lang="vi"><meta charset="utf-8"><title>{status}</title>'
    '<link rel="stylesheet" href="/console/static/console.css">'
    '<main><h1>{status}</h1><p class="error">{vi}</p><p lang="en">{en}</p>'
    '<p><a href="/console/import">←</a></p></main></html>'
)


async def _error(scope: Scope, send: Any, status: int, code: str, message: str) -> None:
    content_type = b"application/json"
    payload = json.dumps({"error": {"code": code, "message": message}}).encode()
    if str(scope.get("path", "")).startswith("/console/"):
        content_type = b"text/html; charset=utf-8"
        vi = "Tệp gửi lên quá lớn hoặc không đọc được; chưa có gì thay đổi."
        payload = _CONSOLE_PAGE.format(status=status, vi=vi, en=html.escape(message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
