"""One sync: push the outbox in batches, then pull the collector's scope page by page.

Nothing is lost or applied twice, whatever happens to the link or the process:
- an op leaves the pending state only when the server's answer is stored locally,
  and the server remembers every op id it processed (a resend is a duplicate);
- the pull cursor is saved in the same transaction as the page it covers;
- a server restored from a backup forgot the ops pushed after it: a 409 ``seq_gap`` below
  what it had answered, or a 410 on pull, puts them back to pending and sends them again
  before the full pull (docs/sync-protocol.md, "Server restored from a backup").
"""

from __future__ import annotations

import json
import logging
import math
import platform
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import sqlalchemy as sa

from vss_core import app_version, wire
from vss_core.clock import utcnow
from vss_core.enums import OpState
from vss_core.records import EVENT_FIELDS
from vss_desktop import __version__
from vss_desktop.store import Store, outbox
from vss_desktop.store.models import OutboxOp, SyncRun
from vss_desktop.sync import apply, state
from vss_desktop.sync.retry import Backoff
from vss_desktop.sync.transport import (
    ServerRefused,
    SyncError,
    Transient,
    Transport,
    Unauthorized,
    check_ca_bundle,
)

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (phase, done, total)
RESET_CODES = ("device_reset", "seq_gap")
RESENDS = 3  # times one sync puts ops the server lost back to pending (a restored server)
EVENTS = "events"  # the server feature that accepts events and their fields (issue 15)


def for_server(op: dict[str, Any], features: frozenset[str]) -> dict[str, Any] | None:
    """A wire op as a server with ``features`` accepts it, or None: it must wait.

    A server without "events" refuses any field name it does not know, even a null one,
    and knows no entity "event". So, against such a server: an op of entity "event", or
    one setting a field of ``vss_core.records.EVENT_FIELDS`` to a value (not None, not
    ""), waits (None); an op whose event fields are all None or "" goes without them
    (a door visit, a household from a list); any other op goes as it is. A server with
    "events" takes every op unchanged.
    """
    if EVENTS in features:
        return op
    if op["entity"] == "event":
        return None
    names = [name for name in EVENT_FIELDS.get(op["entity"], ()) if name in op["fields"]]
    if not names:
        return op
    if any(op["fields"][name] not in (None, "") for name in names):
        return None
    return op | {"fields": {k: v for k, v in op["fields"].items() if k not in names}}


class NotConfigured(Exception):
    """No server address or no login yet."""


class BadAnswer(SyncError):
    """The server answered something the app cannot use (a malformed pull page). The page
    and its cursor were not applied; the next sync asks for the same page again."""


@dataclass
class SyncReport:
    status: str = "ok"  # ok | offline | login | error
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    rejected: int = 0
    message: str = ""
    statuses: dict[str, int] = field(default_factory=dict)
    # Changes kept back until the server has a feature (``waiting_for``): the first op
    # needing it and every op after it (seq stays gap-free). Not an error: status stays ok.
    waiting: int = 0
    waiting_for: str = ""


class SyncEngine:
    def __init__(
        self,
        store: Store,
        *,
        backoff: Backoff | None = None,
        batch_size: int = 500,  # the server's largest push batch (max_batch_ops)
        page_size: int = 1000,  # the server's largest pull page (max_pull_limit)
        transport_factory: Callable[..., Transport] = Transport,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.clock = clock
        # A sync that ended on a Retry-After (a busy server) sets when the next may call.
        self._not_before = 0.0
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.page_size = page_size
        self.transport_factory = transport_factory
        self.features: frozenset[str] = frozenset()  # the server's, told by /sync/status

    # --- configuration -------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        with self.store.read() as session:
            return {
                key: state.get(session, key)
                for key in (
                    state.SERVER_URL,
                    state.USERNAME,
                    state.TOKEN,
                    state.DEVICE_ID,
                    state.ALLOW_INSECURE,
                    state.CA_BUNDLE,
                )
            }

    def configured(self) -> bool:
        s = self.settings()
        return bool(s[state.SERVER_URL] and s[state.TOKEN])

    def transport(self) -> Transport:
        s = self.settings()
        if not s[state.SERVER_URL]:
            raise NotConfigured("no server address")
        return self.transport_factory(
            s[state.SERVER_URL],
            s[state.TOKEN] or None,
            allow_insecure=s[state.ALLOW_INSECURE] == "1",
            ca_bundle=s[state.CA_BUNDLE] or None,
        )

    def login(
        self,
        server_url: str,
        username: str,
        password: str,
        *,
        allow_insecure: bool = False,
        ca_bundle: str | None = None,
    ) -> dict[str, Any]:
        """Log in and keep the token (never the password); ``ca_bundle``: a PEM file of
        the certificate authority that signed the server's certificate, if not public."""
        ca_bundle = check_ca_bundle(ca_bundle)
        transport = self.transport_factory(
            server_url, None, allow_insecure=allow_insecure, ca_bundle=ca_bundle
        )
        try:
            with self.store.read() as session:
                device_id = state.get(session, state.DEVICE_ID) or str(uuid.uuid4())
            answer = transport.login(username, password, device_id, platform.node()[:120])
        finally:
            transport.close()
        with self.store.write() as session:
            state.put(session, state.SERVER_URL, transport.base_url)
            state.put(session, state.USERNAME, username)
            state.put(
                session, state.FULL_NAME, (answer.get("collector") or {}).get("full_name") or ""
            )
            state.put(session, state.TOKEN, answer["token"])
            state.put(session, state.ALLOW_INSECURE, "1" if allow_insecure else "0")
            state.put(session, state.CA_BUNDLE, ca_bundle or "")
            if not state.get(session, state.DEVICE_ID):
                state.put(session, state.DEVICE_ID, device_id)
                state.put(session, state.SEQ_BASE, "0")
        return answer

    # --- one sync ------------------------------------------------------------------------

    def sync(self, progress: Progress | None = None) -> SyncReport:
        report = SyncReport()
        run_id = self._start_run()
        transport = None
        try:
            self._honour_retry_after()
            transport = self.transport()
            self._status(transport)
            self._push(transport, report, progress)
            self._pull(transport, report, progress)
            self._targets(transport)
            self._campaigns(transport)
            with self.store.write() as session:
                state.put(session, state.LAST_SYNC_AT, datetime.now(UTC).isoformat())
        except NotConfigured as exc:
            report.status, report.message = "login", str(exc)
        except Unauthorized as exc:
            report.status, report.message = "login", str(exc) or "log in again"
        except Transient as exc:
            report.status, report.message = "offline", str(exc)
            if exc.retry_after:
                self._not_before = max(self._not_before, self.clock() + exc.retry_after)
        except ServerRefused as exc:
            report.status, report.message = "error", f"{exc.code}: {exc.message}"
        except BadAnswer as exc:
            report.status, report.message = "error", str(exc)
        finally:
            if transport is not None:
                transport.close()
            self._finish_run(run_id, report)
        log.info(
            "sync %s: sent %d, received %d, conflicts %d, rejected %d",
            report.status,
            report.sent,
            report.received,
            report.conflicts,
            report.rejected,
        )
        return report

    def _honour_retry_after(self) -> None:
        """The last sync ended on a server's Retry-After: no call before it has passed."""
        wait = self._not_before - self.clock()
        if wait > 0:
            raise Transient(
                f"the server asked to wait: next attempt in {math.ceil(wait)} s", retry_after=wait
            )

    def _status(self, transport: Transport) -> None:
        """Tell the server this laptop's app version and unsent changes, before pushing
        them: a laptop whose pushes keep failing is still seen (the console flags it).
        A server without the endpoint (older) is no reason to fail the sync. The answer's
        ``features`` say what the server accepts (none: an older server)."""
        self.features = frozenset()
        with self.store.read() as session:
            device_id = state.get(session, state.DEVICE_ID)
            pending = outbox.pending_count(session)
            oldest = outbox.oldest_pending_at(session)
        if not device_id:
            return
        try:
            answer = self.backoff.run(partial(transport.status, device_id, pending, oldest))
        except ServerRefused as exc:
            if exc.status not in (404, 405):
                raise
            answer = {}  # an older server: it knows no features and no app versions
        if not isinstance(answer, dict):
            answer = {}
        features = answer.get("features")
        if isinstance(features, list):
            self.features = frozenset(f for f in features if isinstance(f, str))
        self._remember_versions(answer.get("app"))

    def _remember_versions(self, told: object) -> None:
        """Keep the server's current and minimum app versions (docs/sync-protocol.md,
        Status) for the window's update notice. An app below the minimum syncs on as
        ever: nothing it holds is kept back; it is only told to update."""
        told = told if isinstance(told, dict) else {}
        current, minimum = (told.get(key) for key in ("current", "minimum"))
        versions = state.AppVersions(
            current if isinstance(current, str) and app_version.is_valid(current) else "",
            minimum if isinstance(minimum, str) and app_version.is_valid(minimum) else "",
        )
        with self.store.read() as session:
            changed = state.app_versions(session) != versions
        if changed:  # no write transaction when the answer is the same as last time
            with self.store.write() as session:
                state.put_app_versions(session, versions)
        if versions.standing(__version__) == "required":
            log.warning(
                "this app (%s) is below the server's minimum version %s: update it",
                __version__,
                versions.minimum,
            )

    def _targets(self, transport: Transport) -> None:
        """Replace the supervisor's targets on this laptop (after a complete pull).

        Targets are a few rows, not household-scoped, so they are not in the feed: the
        whole set comes each time. A server without the endpoint (older) or a malformed
        answer leaves the targets already here; neither fails the sync.
        """
        from vss_desktop.store import targets as target_store
        from vss_desktop.store.services import ValidationFailed

        try:
            answer = self.backoff.run(transport.targets)
        except ServerRefused as exc:
            if exc.status == 404:
                return
            raise
        with self.store.read() as session:
            username = state.get(session, state.USERNAME) or None
        try:
            result = target_store.replace_server_targets(
                self.store, answer.get("targets", []), username
            )
        except ValidationFailed as exc:
            log.warning("targets from the server refused: %s", sorted(exc.problems)[:5])
            return
        log.info("targets from the server: %d stored, %d removed", result.stored, result.removed)

    def _campaigns(self, transport: Transport) -> None:
        """Replace the district's campaigns on this laptop, right after the targets.

        Sent whole each time like targets. A server without the endpoint (older) or a
        malformed answer leaves the campaigns already here; neither fails the sync.
        """
        from vss_desktop.store import campaigns_sync
        from vss_desktop.store.services import ValidationFailed

        try:
            answer = self.backoff.run(transport.campaigns)
        except ServerRefused as exc:
            if exc.status == 404:
                return
            raise
        try:
            rows = answer.get("campaigns") if isinstance(answer, dict) else None
            result = campaigns_sync.replace_server_campaigns(self.store, rows)
        except ValidationFailed as exc:
            log.warning("campaigns from the server refused: %s", sorted(exc.problems)[:5])
            return
        log.info("campaigns from the server: %d stored, %d removed", result.stored, result.removed)

    def _push(self, transport: Transport, report: SyncReport, progress: Progress | None) -> None:
        batch_size = self.batch_size
        rotations = failures = resends = 0
        with self.store.read() as session:
            total = outbox.pending_count(session)
        while True:
            with self.store.read() as session:
                batch = outbox.pending_ops(session, limit=batch_size)
                device_id = state.get(session, state.DEVICE_ID)
                seq_base = int(state.get(session, state.SEQ_BASE, "0") or 0)
            if not batch:
                return
            wire: list[dict[str, Any]] = []
            for op in batch:  # in seq order, up to the first op that must wait
                fit = for_server(self._wire_op(op, seq_base), self.features)
                if fit is None:
                    break
                wire.append(fit)
            if not wire:  # the first pending op waits: so does everything after it
                self._hold_back(report, batch[0].entity)
                return
            batch = batch[: len(wire)]
            try:
                answer = transport.push(device_id, wire)
            except Transient as exc:
                failures += 1
                if not self.backoff.retries(exc, failures - 1):
                    raise
                if exc.timeout:
                    batch_size = max(1, batch_size // 2)  # a slow link: smaller batches
                self.backoff.sleep(self.backoff.delay(failures - 1, exc.retry_after))
                continue
            except ServerRefused as exc:
                if exc.status == 409 and exc.code == "seq_gap" and resends < RESENDS:
                    resends += 1
                    if self._resend_lost(exc.body.get("expected_seq"), seq_base, batch[0].seq):
                        continue
                if exc.status == 409 and exc.code in RESET_CODES and rotations < 2:
                    rotations += 1
                    self._new_device(transport, batch[0].seq)
                    continue
                raise
            failures = 0
            with self.store.write() as session:
                fresh = [session.get(OutboxOp, op.seq) for op in batch]
                answers = apply.push_answers(answer, {w["seq"]: w["op_id"] for w in wire})
                counts = apply.store_push_results(session, [op for op in fresh if op], answers)
            report.sent += sum(counts.values())
            report.conflicts += counts[OpState.CONFLICT]
            report.rejected += counts[OpState.REJECTED]
            for key, value in counts.items():
                report.statuses[key] = report.statuses.get(key, 0) + value
            if progress:
                progress("push", min(report.sent, total), total)
            if not counts:
                raise ServerRefused(500, "no_answers", "the server answered none of the operations")

    def _hold_back(self, report: SyncReport, entity: str) -> None:
        """Report the changes that wait for a newer server (all pending from the first)."""
        with self.store.read() as session:
            report.waiting = outbox.pending_count(session)
        report.waiting_for = EVENTS
        report.message = (
            f"{report.waiting} changes wait until the server is updated ({report.waiting_for})"
        )
        log.info("%d changes held back from %s on: the server lacks events", report.waiting, entity)

    @staticmethod
    def _wire_op(op: OutboxOp, seq_base: int) -> dict[str, Any]:
        assert op.seq is not None
        return {
            "op_id": op.op_id,
            "seq": op.seq - seq_base,
            "entity": op.entity,
            "entity_id": op.entity_id,
            "kind": op.kind,
            "base_version": op.base_version,
            "fields": json.loads(op.fields),
            "recorded_at": wire.encode_moment(op.recorded_at),
        }

    def _new_device(self, transport: Transport, first_pending_seq: int | None) -> None:
        """The server no longer recognises this device's history (a restored backup):
        continue as a new device whose seq 1 is the first op still waiting."""
        device_id = str(uuid.uuid4())
        answer = transport.rotate_device(device_id, platform.node()[:120])
        with self.store.write() as session:
            state.put(session, state.DEVICE_ID, device_id)
            state.put(session, state.SEQ_BASE, str((first_pending_seq or 1) - 1))
            state.put(session, state.TOKEN, answer["token"])
        log.warning("device history reset by the server; continuing as a new device")

    def _resend_lost(self, expected: Any, seq_base: int, first_pending: int | None) -> bool:
        """A 409 ``seq_gap`` whose ``expected_seq`` is below what this device already had
        answered: the server was restored from a backup and lost the ops from there on.
        Put them back to pending (the outbox keeps every answered op) and go on under the
        same device id; True if that was the case. Any other gap is left to the reset."""
        if not isinstance(expected, int) or isinstance(expected, bool) or expected < 1:
            return False
        first = seq_base + expected  # the local seq of the op the server asks for
        if first_pending is None or first >= first_pending:
            return False
        with self.store.write() as session:
            count = outbox.resend(session, first, first_pending - 1)
        if count:
            log.warning("the server lost %d changes (restored from a backup): resending", count)
        return count > 0

    def _check_pushed(
        self, transport: Transport, report: SyncReport, progress: Progress | None
    ) -> None:
        """After a 410 (the server's database may have been restored from a backup, which
        also forgets ops pushed after it): send the newest answered op of this device
        again. Still there: the server answers ``duplicate`` and, seq being gap-free, it
        has every op before it. Lost: the server answers ``seq_gap`` with the seq it
        expects, and :meth:`_resend_lost` puts every op from there on back to pending.
        Before the full pull, so the server has this laptop's changes again when it
        sends the scope whole (a pulled value never overwrites an unsent one either)."""
        with self.store.write() as session:
            seq_base = int(state.get(session, state.SEQ_BASE, "0") or 0)
            newest = outbox.last_answered_seq(session, above=seq_base)
            if newest is None:
                return
            outbox.resend(session, newest, newest)
        self._push(transport, report, progress)
        with self.store.read() as session:
            probe = session.get(OutboxOp, newest)
            answer = json.loads(probe.result or "{}") if probe is not None else {}
        if probe is not None and answer.get("status") == OpState.DUPLICATE:
            self._uncount(report, OpState(probe.state))  # a check, not a change sent

    @staticmethod
    def _uncount(report: SyncReport, state: OpState) -> None:
        report.sent -= 1
        report.statuses[state] -= 1
        if not report.statuses[state]:
            del report.statuses[state]
        if state == OpState.CONFLICT:
            report.conflicts -= 1
        elif state == OpState.REJECTED:
            report.rejected -= 1

    def _pull(self, transport: Transport, report: SyncReport, progress: Progress | None) -> None:
        restarted = False
        while True:
            with self.store.read() as session:
                cursor = state.get(session, state.CURSOR) or None
                resync = state.get(session, state.RESYNC) == "1"
            try:
                page = self.backoff.run(partial(transport.pull, cursor, self.page_size))
            except ServerRefused as exc:
                if exc.status == 410 and not restarted:
                    restarted = True  # full resync of the scope; unsent changes stay queued
                    with self.store.write() as session:
                        state.delete(session, state.CURSOR)
                        state.put(session, state.RESYNC, "1")
                    self._check_pushed(transport, report, progress)
                    continue
                raise
            changes, next_cursor = page.get("changes"), page.get("cursor")
            if not isinstance(changes, list) or not isinstance(next_cursor, str):
                raise BadAnswer("the server sent a pull page without its changes or cursor")
            if page.get("has_more") and next_cursor == cursor:
                raise BadAnswer("the server sent a cursor that does not move: it would loop")
            try:
                with self.store.write() as session:  # all of the page and its cursor, or none
                    report.received += apply.apply_changes(session, changes, resync=resync)
                    state.put(session, state.CURSOR, next_cursor)
                    if resync and not page.get("has_more"):
                        state.delete(session, state.RESYNC)  # the scope is whole again
            except (
                ValueError,
                LookupError,
                TypeError,
                AttributeError,
                sa.exc.IntegrityError,
            ) as exc:
                # The kind only: a database error's text carries the row's values.
                kind = type(exc).__name__
                log.error("pull page refused: %s", kind)
                raise BadAnswer(f"the server sent a change the app cannot use ({kind})") from exc
            if progress:
                progress(
                    "pull", report.received, report.received + (1 if page.get("has_more") else 0)
                )
            if not page.get("has_more"):
                return

    # --- the sync log -------------------------------------------------------------------

    def _start_run(self) -> int:
        with self.store.write() as session:
            run = SyncRun()
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    def _finish_run(self, run_id: int, report: SyncReport) -> None:
        with self.store.write() as session:
            run = session.get(SyncRun, run_id)
            if run is None:
                return
            run.finished_at = utcnow()
            run.status = report.status
            run.sent, run.received = report.sent, report.received
            run.conflicts, run.rejected = report.conflicts, report.rejected
            run.message = report.message[:500]
            session.add(run)
