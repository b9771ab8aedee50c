"""POST /sync/push: a device's batch of changes, applied whole or refused whole.
See docs/sync-protocol.md."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from vss_server import compact_answers, metrics
from vss_server import db as server_db
from vss_server.deps import Auth, EngineDep, SettingsDep
from vss_server.errors import ApiError
from vss_server.push import BatchRefused, Op, check_all_fields, push_batch
from vss_server.routes.body import read_json_body, validated
from vss_server.schemas import OpResult, PushIn, PushOut, error_responses

router = APIRouter(tags=["sync"])


@router.post(
    "/sync/push",
    response_model=PushOut,
    response_model_exclude_none=True,
    responses=error_responses(400, 401, 403, 409, 422),
)
async def push(request: Request, auth: Auth, engine: EngineDep, settings: SettingsDep) -> PushOut:
    user, token = auth
    # Read here, not declared: gzip, 400 for bad JSON, and the device checked first.
    parsed = validated(PushIn, await read_json_body(request, settings.max_body_bytes))
    if parsed.device_id != token.device_id:
        raise ApiError(403, "wrong_device", "this token belongs to another device")
    if len(parsed.ops) > settings.max_batch_ops:
        raise ApiError(
            413, "batch_too_large", f"send at most {settings.max_batch_ops} ops per batch"
        )
    ops = [
        Op(o.op_id, o.seq, o.entity, o.entity_id, o.kind, o.base_version, o.fields)
        for o in parsed.ops
    ]

    def work() -> PushOut:
        # What needs no database is checked before the session takes the feed lock.
        checked = check_all_fields(user, ops)
        try:
            with server_db.write_session(engine) as session:
                outcome = push_batch(session, user, token.device_id, ops, checked)
        except BatchRefused as refused:
            metrics.count_push(None)
            raise ApiError(
                refused.status, refused.code, refused.message, **refused.extra
            ) from refused
        results = outcome.results
        metrics.count_push(r["status"] for r in results)  # committed: counted once
        runs: dict[str, list[tuple[int, int]]] | None = None
        if parsed.answers == "compact":
            results, built = compact_answers.compact(results, [op.seq for op in ops])
            # Built as growing [first, last] lists; the answer's runs are (first, last) pairs.
            runs = {
                status: [(first, last) for first, last in pairs] for status, pairs in built.items()
            }
        return PushOut(
            results=[OpResult(**r) for r in results],
            applied_through_seq=outcome.applied_through_seq,
            seq_runs=runs,
        )

    answer = await run_in_threadpool(work)
    request.app.state.kept_tables.kick()  # the console's figures and search, off this request
    return answer
