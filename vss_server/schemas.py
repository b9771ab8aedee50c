"""The wire schemas of the HTTP API: request and response bodies, and the documented
error answers. See docs/sync-protocol.md."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from vss_core.enums import Metric, PeriodKind
from vss_server.inputs import CleanStr
from vss_server.targets import MAX_CHANGES, VALUE_MAX


class LoginIn(BaseModel):
    username: CleanStr = Field(min_length=1, max_length=64)
    password: CleanStr = Field(min_length=1, max_length=256)
    device_id: CleanStr = Field(min_length=8, max_length=64)
    device_name: CleanStr = Field(default="", max_length=120)


class RotateIn(BaseModel):
    device_id: CleanStr = Field(min_length=8, max_length=64)
    device_name: CleanStr = Field(default="", max_length=120)


class CollectorOut(BaseModel):
    username: str
    full_name: str
    role: str


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    collector: CollectorOut


class HealthOut(BaseModel):
    status: str
    api_version: str
    server_time: datetime
    features: list[str]


class OpIn(BaseModel):
    op_id: CleanStr = Field(min_length=1, max_length=36)
    seq: int = Field(ge=1, le=2**62)
    entity: CleanStr = Field(max_length=16)
    entity_id: CleanStr = Field(min_length=1, max_length=36)
    kind: CleanStr = Field(max_length=8)
    base_version: int | None = Field(default=None, ge=0, le=2**62)
    fields: dict[str, Any] = Field(default_factory=dict)
    recorded_at: str | None = Field(default=None, max_length=40)


class PushIn(BaseModel):
    device_id: CleanStr = Field(min_length=8, max_length=64)
    ops: list[OpIn] = Field(max_length=1000)
    # "compact": plain answers come as runs of seqs in PushOut.seq_runs (compact_answers).
    answers: Literal["full", "compact"] = "full"


class StatusIn(BaseModel):
    """What a laptop says of itself at the start of a sync (docs/sync-protocol.md, Status)."""

    device_id: CleanStr = Field(min_length=8, max_length=64)
    app_version: CleanStr = Field(default="", max_length=32)
    pending: int = Field(default=0, ge=0, le=10_000_000)
    oldest_pending_at: datetime | None = None


class OpResult(BaseModel):
    op_id: str
    status: str
    version: int | None = None
    conflict: dict[str, Any] | None = None
    applied_fields: list[str] | None = None
    error: dict[str, str] | None = None


class PushOut(BaseModel):
    results: list[OpResult]
    applied_through_seq: int
    # Only with answers="compact": {status: [[first_seq, last_seq], ...]}.
    seq_runs: dict[str, list[tuple[int, int]]] | None = None


class ChangeOut(BaseModel):
    entity: str
    id: str
    version: int
    deleted: bool = False
    removed: bool = False
    fields: dict[str, Any] | None = None


class PullOut(BaseModel):
    changes: list[ChangeOut]
    cursor: str
    has_more: bool


class DeviceOut(BaseModel):
    device_id: str
    device_name: str
    username: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    current: bool  # the token of this very request


class DevicesOut(BaseModel):
    devices: list[DeviceOut]


class RevokeOut(BaseModel):
    revoked: int


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: Any) -> Any:
    # JSON has no dates: only "YYYY-MM-DD" is one (pydantic alone takes 0 for 1970-01-01).
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]
TargetValue = Annotated[int, Field(ge=0, le=VALUE_MAX, strict=True)]


class TargetIn(BaseModel):
    collector: Annotated[CleanStr, Field(min_length=1, max_length=64)] | None = Field(
        default=None, description="a collector's username; null: every collector"
    )
    metric: Metric
    period_kind: PeriodKind
    period_start: IsoDate = Field(description="any day of the period; stored as its first day")
    value: TargetValue | None = Field(
        description="people, or whole đồng for amount_collected; null removes the target"
    )


class TargetsPutIn(BaseModel):
    targets: list[TargetIn] = Field(max_length=MAX_CHANGES)


class TargetOut(BaseModel):
    id: str
    collector: str | None = Field(description="null: a target for every collector")
    metric: Metric
    period_kind: PeriodKind
    period_start: date = Field(description="the first day of the period")
    value: int
    version: int = Field(description="the targets counter at this row's last change")
    updated_at: datetime


class TargetsOut(BaseModel):
    version: int = Field(description="the targets counter: moves on with every change anywhere")
    targets: list[TargetOut]


class TargetsPutOut(BaseModel):
    set: int
    cleared: int
    unchanged: int
    version: int


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")  # e.g. last_seq, expected_seq on a 409
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


ERROR_TEXT = {
    400: "malformed input (bad JSON or gzip; a push batch repeating an op_id: duplicate_op_id)",
    401: "missing, malformed, expired or revoked token (or wrong credentials at login)",
    403: "the token belongs to another device, or the caller's role may not do this",
    404: "no such device among those the caller may see",
    409: "device_reset / seq_gap / bad_order: nothing in the batch was applied",
    410: "unknown cursor: resync from the start",
    413: "body too large",
    415: "unsupported content encoding",
    422: "invalid input",
    429: "too many failed logins: wait Retry-After seconds",
    503: "database_busy: nothing was applied; try again after Retry-After seconds",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of a route; every route may meet the body cap (413, 415)
    and a busy database (503)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted({*codes, 413, 415, 503}):
        out[code] = {"model": ErrorOut, "description": ERROR_TEXT[code]}
    if 401 in codes:
        out[401]["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
        }
    retry_after = {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 1},
            "description": "seconds before another attempt is allowed",
        }
    }
    for code in (429, 503):
        if code in out:
            out[code]["headers"] = retry_after
    return out


class CampaignCommuneOut(BaseModel):
    province: str
    commune: str


class CampaignOut(BaseModel):
    id: str
    name: str
    start_date: date = Field(description="the first local calendar day of the campaign")
    end_date: date = Field(description="its last local calendar day (inclusive)")
    status: Literal["open", "closed"]
    communes: list[CampaignCommuneOut]
    targets: dict[str, int] = Field(
        description="metric -> people, or whole đồng for amount_collected; only those set"
    )
    version: int = Field(description="the campaigns counter at this campaign's last change")
    updated_at: datetime


class CampaignsOut(BaseModel):
    version: int = Field(description="the campaigns counter: moves on with every change")
    campaigns: list[CampaignOut]
