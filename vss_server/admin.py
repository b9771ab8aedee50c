"""Administration: users, household import, assignments, device tokens, targets (no HTTP)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core import validation as checks
from vss_core.text import fold
from vss_server import db as server_db
from vss_server import feed, household_import
from vss_server import targets as server_targets
from vss_server.areas import Area, Organisation, parse_area
from vss_server.console import sessions as console_sessions
from vss_server.models import (
    AuditEntry,
    AuthEvent,
    Device,
    DeviceToken,
    Household,
    Target,
    UserAccount,
    UserArea,
)
from vss_server.security import hash_password

ROLES = ("collector", "supervisor")
ADMIN_DEVICE = "admin-cli"  # the device_id of audit lines written by these commands


class AdminError(ValueError):
    pass


def create_user(
    engine: sa.Engine,
    username: str,
    password: str,
    role: str = "collector",
    full_name: str = "",
    *,
    organisation: str = "",
    areas: Sequence[str] = (),
) -> int:
    """A new account. A supervisor given no area sees everywhere (``*``)."""
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if organisation and organisation not in Organisation._value2member_map_:
        raise AdminError(f"organisation must be one of {', '.join(o.value for o in Organisation)}")
    parsed = _parse_areas(areas)
    if role == "supervisor" and not parsed:
        parsed = [Area()]
    if not username or len(username) > 64:
        raise AdminError("username must be 1 to 64 characters")
    if len(password) < 8:
        raise AdminError("password must have at least 8 characters")
    with server_db.write_session(engine, feed=False) as session:
        if session.exec(select(UserAccount).where(UserAccount.username == username)).first():
            raise AdminError(f"user {username!r} already exists")
        user = UserAccount(
            username=username,
            role=role,
            full_name=full_name,
            organisation=organisation,
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        for area in parsed:
            session.add(UserArea(user_id=user.id, province=area.province, commune=area.commune))
        session.add(
            AuthEvent(event="user_created", user_id=user.id, device_id=ADMIN_DEVICE, detail=role)
        )
        return user.id


def _parse_areas(texts: Sequence[str]) -> list[Area]:
    try:
        found = [parse_area(t) for t in texts]
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return list(dict.fromkeys(found))


def set_areas(engine: sa.Engine, username: str, areas: Sequence[str]) -> list[Area]:
    """Replace the account's areas (``*`` everywhere; none: sees nothing)."""
    parsed = _parse_areas(areas)
    with server_db.write_session(engine, feed=False) as session:
        user = _user(session, username)
        session.execute(sa.delete(UserArea).where(col(UserArea.user_id) == user.id))
        assert user.id is not None
        for area in parsed:
            session.add(UserArea(user_id=user.id, province=area.province, commune=area.commune))
        session.add(
            AuthEvent(
                event="areas_set",
                user_id=user.id,
                device_id=ADMIN_DEVICE,
                detail=json.dumps([a.label() for a in parsed], ensure_ascii=False),
            )
        )
    return parsed


def _user(session: Session, username: str) -> UserAccount:
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if user is None:
        raise AdminError(f"no user {username!r}")
    return user


def _revoke_all(session: Session, user: UserAccount, device_id: str | None = None) -> int:
    stmt = select(DeviceToken).where(
        DeviceToken.user_id == user.id, col(DeviceToken.revoked_at).is_(None)
    )
    if device_id:
        stmt = stmt.where(DeviceToken.device_id == device_id)
    count = 0
    for token in session.exec(stmt):
        token.revoked_at = datetime.now(UTC)
        session.add(token)
        count += 1
    return count


def set_active(engine: sa.Engine, username: str, active: bool) -> int:
    """Disable an account (its tokens are revoked: every device must log in again) or enable it."""
    with server_db.write_session(engine, feed=False) as session:
        user = _user(session, username)
        user.active = active
        session.add(user)
        revoked = 0 if active else _revoke_all(session, user)
        if not active and user.id is not None:
            console_sessions.end_all_of(session, user.id, datetime.now(UTC))
        event = "user_enabled" if active else "user_disabled"
        session.add(AuthEvent(event=event, user_id=user.id, device_id=ADMIN_DEVICE))
        return revoked


def set_password(engine: sa.Engine, username: str, password: str) -> int:
    """A new password; every device of the account must log in again. Returns tokens revoked."""
    if len(password) < 8:
        raise AdminError("password must have at least 8 characters")
    with server_db.write_session(engine, feed=False) as session:
        user = _user(session, username)
        user.password_hash = hash_password(password)
        session.add(user)
        revoked = _revoke_all(session, user)
        if user.id is not None:
            console_sessions.end_all_of(session, user.id, datetime.now(UTC))
        session.add(AuthEvent(event="password_set", user_id=user.id, device_id=ADMIN_DEVICE))
        return revoked


@dataclass
class DeviceInfo:
    username: str
    device_id: str
    device_name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    state: str  # live | expired | revoked
    # What the laptop said at its last sync (POST /sync/status); "" and None before that.
    app_version: str = ""
    status_at: datetime | None = None


def list_devices(
    engine: sa.Engine, username: str | None = None, include_dead: bool = False
) -> list[DeviceInfo]:
    """Device tokens, newest last: live ones, or all with ``include_dead``."""
    now = datetime.now(UTC)
    with Session(engine) as session:
        stmt = (
            select(DeviceToken, UserAccount.username, Device.app_version, Device.status_at)
            .join(UserAccount, col(UserAccount.id) == DeviceToken.user_id)
            .outerjoin(Device, col(Device.device_id) == DeviceToken.device_id)
        )
        if username:
            stmt = stmt.where(DeviceToken.user_id == _user(session, username).id)
        rows = session.exec(
            stmt.order_by(col(UserAccount.username), col(DeviceToken.created_at))
        ).all()
    out = []
    for token, name, version, status_at in rows:
        state = (
            "revoked"
            if token.revoked_at is not None
            else "expired"
            if token.expires_at <= now
            else "live"
        )
        if state == "live" or include_dead:
            out.append(
                DeviceInfo(
                    name,
                    token.device_id,
                    token.device_name,
                    token.created_at,
                    token.expires_at,
                    token.last_used_at,
                    state,
                    version or "",
                    status_at,
                )
            )
    return out


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] | None = None


IMPORT_COLUMNS = household_import.IMPORT_COLUMNS


def import_households(engine: sa.Engine, path: Path) -> ImportReport:
    """Import households from CSV (UTF-8, header row; columns from IMPORT_COLUMNS).

    All rows or none: any invalid row aborts the import with row numbers listed. A row
    updates the household with its ``id``, else its ``code``, else (neither given) the one
    with its head of household, village and house number; an unchanged household is left
    alone. A blank collector cell keeps the assignment; "-" unassigns.
    """
    try:
        header, table = household_import.read_table(path)
        household_import.check_header(header)
    except household_import.ImportRefused as exc:
        raise AdminError(f"{exc}; nothing written") from exc
    rows, errors = household_import.parse_rows(header, table)
    errors += household_import.duplicate_errors(rows)
    with Session(engine) as session:
        usernames = set(session.exec(select(UserAccount.username)).all())
    errors += household_import.unknown_collector_errors(rows, usernames)
    _refuse(errors)
    report = ImportReport(errors=[])
    with server_db.write_session(engine) as session:
        matches = _match_households(session, rows)
        _refuse([m for m in matches if isinstance(m, str)])
        for row, existing in zip(rows, matches, strict=True):
            assert not isinstance(existing, str)
            if existing is None:
                _create_imported(session, row)
                report.created += 1
            elif _update_imported(session, existing, row):
                report.updated += 1
            else:
                report.unchanged += 1
    return report


def _refuse(errors: list[str]) -> None:
    if errors:
        errors = sorted(errors, key=household_import.error_order)
        raise AdminError("import refused, nothing written:\n" + "\n".join(errors))


def _create_imported(session: Session, row: household_import.HouseholdRow) -> None:
    fields: dict[str, Any] = {"id": row.household_id or str(uuid.uuid4()), "created_by": "import"}
    record = Household(**(fields | row.values))
    session.add(record)
    session.flush()
    record.version = feed.record_change(session, "household", record.id, record.id)
    session.add(record)
    _audit(session, "create", record.id, sorted(row.values), "import")


def _update_imported(
    session: Session, existing: Household, row: household_import.HouseholdRow
) -> bool:
    """Apply a row to its household; False when the row changes nothing (no new version)."""
    values = dict(row.values)
    collector = values.pop("collector", None)
    if not values.get("code"):
        values.pop("code", None)  # a blank code cell never erases a household's code
    changed = sorted(n for n, v in values.items() if getattr(existing, n) != v)
    if changed:
        for name in changed:
            setattr(existing, name, values[name])
        existing.version = feed.record_change(session, "household", existing.id, existing.id)
        existing.field_versions = feed.marked_field_versions(
            existing.field_versions, dict.fromkeys(changed, existing.version), ADMIN_DEVICE
        )
        session.add(existing)
    if collector is not None and feed.reassign_household(session, existing, collector):
        changed = sorted([*changed, "collector"])
    if changed:
        _audit(session, "update", existing.id, changed, "import")
    return bool(changed)


def _match_households(
    session: Session, rows: list[household_import.HouseholdRow]
) -> list[Household | None | str]:
    """Each row's existing household (None: a new one), or an error when it is ambiguous."""
    by_id = _load(session, "id", {r.household_id for r in rows if r.household_id})
    by_code = _load(session, "code", {r.code for r in rows if r.code and not r.household_id})
    keyless = [r for r in rows if not r.household_id and not r.code]
    by_key = _households_by_key(session, {r.key for r in keyless}) if keyless else {}
    out: list[Household | None | str] = []
    for row in rows:
        if row.household_id:
            found = by_id.get(row.household_id, [])
            what = "id"
        elif row.code:
            found, what = by_code.get(row.code, []), "household code"
        else:
            found = by_key.get(row.key, [])
            what = "head of household, village and house number"
        live = [h for h in found if not h.deleted] or found
        if len(live) > 1:
            out.append(
                f"row {row.number}: {len(live)} households have this {what};"
                " give the household's id in an id column"
            )
        else:
            out.append(live[0] if live else None)
    return out


def _load(session: Session, name: str, values: set[str]) -> dict[str, list[Household]]:
    """Households whose column ``name`` is one of ``values``, by that value."""
    column = col(getattr(Household, name))
    found: dict[str, list[Household]] = {}
    wanted = sorted(values)
    for start in range(0, len(wanted), 500):  # keep under the databases' parameter limits
        chunk = wanted[start : start + 500]
        for household in session.exec(select(Household).where(column.in_(chunk))):
            found.setdefault(getattr(household, name), []).append(household)
    return found


def _households_by_key(
    session: Session, keys: set[tuple[str, str, str]]
) -> dict[tuple[str, str, str], list[Household]]:
    """Households by identity key, for the ``keys`` wanted (read as columns, then loaded)."""
    ids: dict[str, tuple[str, str, str]] = {}
    columns = select(Household.id, Household.head_name, Household.village, Household.house_number)
    for household_id, head_name, village, house_number in session.exec(columns):
        key = household_import.identity_key(head_name, village, house_number)
        if key in keys:
            ids[household_id] = key
    found: dict[tuple[str, str, str], list[Household]] = {}
    for household_id, households in _load(session, "id", set(ids)).items():
        found.setdefault(ids[household_id], []).extend(households)
    return found


def _audit(session: Session, action: str, household_id: str, names: list[str], why: str) -> None:
    """An admin command's change to one household, with field names only."""
    session.add(
        AuditEntry(
            device_id=ADMIN_DEVICE,
            action=action,
            entity="household",
            entity_id=household_id,
            field_names=",".join(names),
            detail=why,
        )
    )


def assign(
    engine: sa.Engine,
    collector: str,
    villages: list[str] | None = None,
    household_ids: list[str] | None = None,
    codes: list[str] | None = None,
) -> int:
    """Assign households (by village, id or household code) to ``collector``; '' unassigns.

    Villages match as the app's search does (no case, no diacritics, đ = d); a village
    that matches nothing refuses the whole command, listing the villages known.
    """
    with server_db.write_session(engine) as session:
        if (
            collector
            and not session.exec(
                select(UserAccount).where(UserAccount.username == collector)
            ).first()
        ):
            raise AdminError(f"no user {collector!r}")
        conditions = []
        if villages:
            conditions.append(col(Household.village).in_(_matching_villages(session, villages)))
        if household_ids:
            conditions.append(col(Household.id).in_(household_ids))
        if codes:
            codes = [checks.normalize_household({"code": c})["code"] for c in codes]
            conditions.append(col(Household.code).in_(codes))
        if not conditions:
            raise AdminError("say which households: --village, --household or --code")
        changed = 0
        for household in session.exec(
            select(Household).where(sa.or_(*conditions), col(Household.deleted).is_(False))
        ):
            if feed.reassign_household(session, household, collector):
                _audit(session, "assign", household.id, ["collector"], "assign")
                changed += 1
        return changed


MAX_VILLAGES_LISTED = 60


def _matching_villages(session: Session, wanted: list[str]) -> list[str]:
    """The stored village names that fold like ``wanted`` (vss_core.text.fold)."""
    known: dict[str, list[str]] = {}
    stored = select(Household.village).where(col(Household.deleted).is_(False)).distinct()
    for village in session.exec(stored):
        known.setdefault(fold(village), []).append(village)
    missing = [name for name in wanted if fold(name) not in known]
    if missing:
        names = sorted({v for vs in known.values() for v in vs}, key=lambda v: (fold(v), v))
        listed = ", ".join(names[:MAX_VILLAGES_LISTED])
        if len(names) > MAX_VILLAGES_LISTED:
            listed += f" and {len(names) - MAX_VILLAGES_LISTED} more"
        raise AdminError(
            f"no village {', '.join(map(repr, missing))}; nothing assigned."
            f" Villages known: {listed or '(none: import households first)'}"
        )
    return [village for name in wanted for village in known[fold(name)]]


def revoke_devices(engine: sa.Engine, username: str, device_id: str | None = None) -> int:
    """Revoke a user's tokens: those of one device, or all. Returns how many were live."""
    with server_db.write_session(engine, feed=False) as session:
        user = _user(session, username)
        count = _revoke_all(session, user, device_id)
        session.add(
            AuthEvent(
                event="revoke_device",
                user_id=user.id,
                device_id=device_id or "",
                detail=f"{count} tokens, by {ADMIN_DEVICE}",
            )
        )
        return count


def set_target(
    engine: sa.Engine,
    metric: str,
    period_kind: str,
    day: date,
    value: int | None,
    collector: str | None = None,
) -> server_targets.TargetOutcome:
    """Set (``value`` None: remove) the target of the period holding ``day``, for one
    collector or, ``collector`` None, for every collector."""
    change = server_targets.TargetChange(metric, period_kind, day, value, collector)
    try:
        return server_targets.apply_changes(
            engine, [change], actor=ADMIN_DEVICE, user_id=None, device_id=ADMIN_DEVICE
        )
    except server_targets.TargetRefused as exc:
        raise AdminError(exc.message.removeprefix("targets[0].")) from exc


def list_targets(engine: sa.Engine, collector: str | None = None) -> list[Target]:
    """Every target, or those one collector reads (their own, and those for everyone)."""
    with Session(engine) as session:
        if collector is not None:
            _user(session, collector)
        return server_targets.targets_for(session, collector)
