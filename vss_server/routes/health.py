"""GET /health: the server is up, and which API it speaks."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from vss_server import API_VERSION, FEATURES
from vss_server.schemas import HealthOut, error_responses

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, responses=error_responses())
def health() -> HealthOut:
    return HealthOut(
        status="ok", api_version=API_VERSION, server_time=datetime.now(UTC), features=list(FEATURES)
    )
