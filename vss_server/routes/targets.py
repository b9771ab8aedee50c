"""GET and PUT /targets: the collectors' targets; supervisors set them.
See docs/sync-protocol.md."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from vss_server.deps import Auth, EngineDep, SessionDep, SettingsDep
from vss_server.errors import ApiError
from vss_server.routes.body import read_json_body, validated
from vss_server.schemas import TargetOut, TargetsOut, TargetsPutIn, TargetsPutOut, error_responses
from vss_server.targets import (
    TargetChange,
    TargetRefused,
    apply_changes,
    current_version,
    targets_for,
)

router = APIRouter(tags=["targets"])


@router.get("/targets", response_model=TargetsOut, responses=error_responses(401))
def list_targets(auth: Auth, session: SessionDep) -> TargetsOut:
    """A collector's targets: their own and those for every collector (their own wins
    for the same metric and period). A supervisor gets every row."""
    user, _token = auth
    rows = targets_for(session, None if user.role == "supervisor" else user.username)
    return TargetsOut(
        version=current_version(session),
        targets=[TargetOut.model_validate(t, from_attributes=True) for t in rows],
    )


@router.put("/targets", response_model=TargetsPutOut, responses=error_responses(400, 401, 403, 422))
async def put_targets(
    request: Request, auth: Auth, engine: EngineDep, settings: SettingsDep
) -> TargetsPutOut:
    """Set targets (supervisors only): all of the list or, refused, none of it."""
    user, token = auth
    # Before the body is read: a collector learns nothing from the validation.
    if user.role != "supervisor":
        raise ApiError(403, "forbidden", "only a supervisor sets targets")
    parsed = validated(TargetsPutIn, await read_json_body(request, settings.max_body_bytes))
    changes = [
        TargetChange(t.metric, t.period_kind, t.period_start, t.value, t.collector)
        for t in parsed.targets
    ]

    def work() -> TargetsPutOut:
        try:
            outcome = apply_changes(
                engine,
                changes,
                actor=user.username,
                user_id=user.id,
                device_id=token.device_id,
            )
        except TargetRefused as refused:
            raise ApiError(422, refused.code, refused.message) from refused
        return TargetsPutOut(**asdict(outcome))

    return await run_in_threadpool(work)
