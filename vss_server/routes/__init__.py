"""The HTTP API's routes, one module per area, under /api/v1 (vss_server.app wires them)."""

from __future__ import annotations

from fastapi import APIRouter

from vss_server import API_VERSION
from vss_server.routes import auth, campaigns, health, pull, push, status, targets, updates

PREFIX = f"/api/{API_VERSION}"

api_router = APIRouter(prefix=PREFIX)
for _area in (health, auth, push, pull, status, targets, campaigns, updates):
    api_router.include_router(_area.router)
