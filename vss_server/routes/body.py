"""Bodies the routes read themselves (push, PUT targets): gzip and the size cap are
already handled by the middleware; here a bad JSON body is a 400, a wrong one a 422."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import pydantic
from fastapi import Request
from pydantic import BaseModel

from vss_server.errors import ApiError

ModelT = TypeVar("ModelT", bound=BaseModel)


def validated(model: type[ModelT], body: Any) -> ModelT:
    """``body`` as ``model``, or 422 naming where it is wrong (never the values)."""
    try:
        return model.model_validate(body)
    except pydantic.ValidationError as exc:
        where = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ApiError(
            422, "invalid_request", "invalid input at: " + ", ".join(where)[:500]
        ) from exc


async def read_json_body(request: Request, limit: int) -> Any:
    """Read a JSON body (already capped and un-gzipped by the middleware)."""
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
    try:
        return json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", "the body is not valid JSON") from exc
    except RecursionError as exc:
        raise ApiError(400, "malformed_json", "the body nests too deeply") from exc
