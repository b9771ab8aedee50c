"""Administration: users, household import, assignments, device tokens, targets (no HTTP)."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pydantic
import sqlalchemy as sa
from sqlmodel import Session, select

from vss_desktop.domain import validation as checks
from vss_desktop.domain.records import HouseholdFields
from vss_server import db as server_db
from vss_server import feed
from vss_server import targets as server_targets
from vss_server.inputs import is_clean_text
from vss_server.models import AuditEntry, AuthEvent, DeviceToken, Household, Target, UserAccount
from vss_server.security import hash_password

ROLES = ("collector", "supervisor")
ADMIN_DEVICE = "admin-cli"  # the device_id of audit lines written by these commands


class AdminError(ValueError):
    pass


def create_user(
    engine: sa.Engine, username: str, password: str, role: str = "collector", full_name: str = ""
) -> int:
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise AdminError("username must be 1 to 64 characters")
    if len(password) < 8:
        raise AdminError("password must have at least 8 characters")
    with server_db.write_session(engine, feed=False) as session:
        if session.exec(select(UserAccount).where(UserAccount.username == username)).first():
            raise AdminError(f"user {username!r} already exists")
        user = UserAccount(
            username=username, role=role, full_name=full_name, password_hash=hash_password(password)
        )
        session.add(user)
        session.flush()
        session.add(
            AuthEvent(event="user_created", user_id=user.id, device_id=ADMIN_DEVICE, detail=role)
        )
        assert user.id is not None
        return user.id


def _user(session: Session, username: str) -> UserAccount:
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if user is None:
        raise AdminError(f"no user {username!r}")
    return user


def _revoke_all(session: Session, user: UserAccount, device_id: str | None = None) -> int:
    stmt = select(DeviceToken).where(
        DeviceToken.user_id == user.id, DeviceToken.revoked_at.is_(None)
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


def list_devices(
    engine: sa.Engine, username: str | None = None, include_dead: bool = False
) -> list[DeviceInfo]:
    """Device tokens, newest last: live ones, or all with ``include_dead``."""
    now = datetime.now(UTC)
    with Session(engine) as session:
        stmt = select(DeviceToken, UserAccount.username).join(
            UserAccount, UserAccount.id == DeviceToken.user_id
        )
        if username:
            stmt = stmt.where(DeviceToken.user_id == _user(session, username).id)
        rows = session.exec(stmt.order_by(UserAccount.username, DeviceToken.created_at)).all()
    out = []
    for token, name in rows:
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
                )
            )
    return out


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] | None = None


IMPORT_COLUMNS = (
    "id",
    "code",
    "head_name",
    "province",
    "commune",
    "village",
    "house_number",
    "street",
    "phone",
    "notes",
    "collector",
)


def import_households(engine: sa.Engine, path: Path) -> ImportReport:
    """Import households from CSV (UTF-8, header row; columns from IMPORT_COLUMNS).

    All rows or none: any invalid row aborts the import with row numbers listed.
    A row whose ``id`` or ``code`` matches an existing household updates it.
    """
    report = ImportReport(errors=[])
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"head_name", "village"} - set(reader.fieldnames or [])
            if missing:
                raise AdminError(f"missing columns: {', '.join(sorted(missing))}")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        # Excel's plain "CSV" is in the machine's code page, not UTF-8.
        raise AdminError(
            f"{path.name} is not UTF-8 text (at byte {exc.start}): in Excel save it as"
            " 'CSV UTF-8'; nothing written"
        ) from exc
    except csv.Error as exc:  # NUL bytes, a field past the size limit: not a CSV table
        raise AdminError(f"{path.name} is not a CSV table ({exc}); nothing written") from exc
    parsed: list[tuple[str | None, dict[str, object]]] = []
    for number, row in enumerate(rows, start=2):
        values = {k: (row.get(k) or "").strip() for k in IMPORT_COLUMNS if k != "id" and k in row}
        if unclean := sorted(k for k, v in values.items() if not is_clean_text(v)):
            # PostgreSQL refuses NUL in text; neither database stores a lone surrogate.
            report.errors.append(
                f"row {number}: text that cannot be stored in {', '.join(unclean)}"
            )
            continue
        values = checks.normalize_household(values)
        problems = checks.check_household(values)
        try:
            HouseholdFields.model_validate(values)
        except pydantic.ValidationError as exc:
            report.errors.append(
                f"row {number}: invalid {', '.join(str(e['loc'][0]) for e in exc.errors())}"
            )
            continue
        if checks.has_errors(problems):
            report.errors.append(f"row {number}: invalid {', '.join(sorted(problems))}")
            continue
        parsed.append(((row.get("id") or "").strip() or None, values))
    if report.errors:
        raise AdminError("import refused, nothing written:\n" + "\n".join(report.errors))
    with server_db.write_session(engine) as session:
        for household_id, values in parsed:
            existing = _find_household(session, household_id, str(values.get("code", "")))
            if existing is None:
                record = Household(
                    id=household_id or str(uuid.uuid4()), created_by="import", **values
                )
                session.add(record)
                session.flush()
                record.version = feed.record_change(session, "household", record.id, record.id)
                session.add(record)
                _audit(session, "create", record.id, sorted(values), "import")
                report.created += 1
            else:
                collector = values.pop("collector", existing.collector)
                changed = sorted(n for n, v in values.items() if getattr(existing, n) != v)
                for name, value in values.items():
                    setattr(existing, name, value)
                existing.version = feed.record_change(
                    session, "household", existing.id, existing.id
                )
                session.add(existing)
                if collector != existing.collector:
                    feed.reassign_household(session, existing, str(collector))
                    changed = sorted([*changed, "collector"])
                _audit(session, "update", existing.id, changed, "import")
                report.updated += 1
    return report


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


def _find_household(session: Session, household_id: str | None, code: str) -> Household | None:
    if household_id:
        return session.get(Household, household_id)
    if code:
        return session.exec(select(Household).where(Household.code == code)).first()
    return None


def assign(
    engine: sa.Engine,
    collector: str,
    villages: list[str] | None = None,
    household_ids: list[str] | None = None,
    codes: list[str] | None = None,
) -> int:
    """Assign households (by village, id or household code) to ``collector``; '' unassigns."""
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
            conditions.append(Household.village.in_(villages))
        if household_ids:
            conditions.append(Household.id.in_(household_ids))
        if codes:
            conditions.append(Household.code.in_(codes))
        if not conditions:
            raise AdminError("say which households: --village, --household or --code")
        changed = 0
        for household in session.exec(
            select(Household).where(sa.or_(*conditions), Household.deleted.is_(False))
        ):
            if feed.reassign_household(session, household, collector):
                _audit(session, "assign", household.id, ["collector"], "assign")
                changed += 1
        return changed


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
