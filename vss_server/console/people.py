"""The console's people: the accounts a supervisor may see and manage, and what they may
do to them (issue 14, page 4). No HTTP here: vss_server.console.people_pages serves it.

Who sees whom (one question, :func:`may_manage`, asked by every page and action):

- An everywhere-supervisor sees and manages every account, supervisors too.
- Any other supervisor sees collectors only: those of vss_server.areas.collectors_in_scope
  (an area of theirs within the supervisor's areas, or a household of the scope). A
  collector with neither (made on the command line, not yet given work) is left to the
  everywhere-supervisors: it may be another commune's, and a password reset or a disable
  would lock that commune's collector out. A commune supervisor brings such a collector
  in by giving them households (Households page).

Actions are audited as auth events with ``device_id`` "console" and the acting
supervisor as ``actor_id``. Passwords are hashed at once and never stored or logged in
clear: a new one exists only in the answer to the request that made it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from vss_core.importing.errors import ListRefused
from vss_core.importing.reading import OLE2, ZIP, decode, detect_separator
from vss_core.text import fold
from vss_server.areas import Area, Organisation, Scope, area_within, collectors_in_scope
from vss_server.console import sessions as console_sessions
from vss_server.inputs import is_clean_text
from vss_server.models import AuthEvent, Device, DeviceToken, UserAccount, UserArea
from vss_server.security import hash_password

CONSOLE_DEVICE = "console"  # the device_id of the audit lines of console actions
MIN_PASSWORD = 8  # as vss_server.admin
MAX_PASSWORD = 256
MAX_FULL_NAME = 120  # UserAccount.full_name
MAX_BULK_ROWS = 300  # collectors per sheet: a district's staff, and a page under 200 KB
# New usernames are typed on laptops by people who may not type diacritics: plain
# lower-case letters, digits, dot, dash and underscore ("thu.lt", "xa-banho").
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
# Generated passwords: no 0/O, 1/l/I to misread on a printed slip; 10 of 31 signs
# (about 50 bits) behind the login limiter.
PASSWORD_SIGNS = "abcdefghjkmnpqrstuvwxyz23456789"


class Refused(ValueError):
    """Nothing was changed; ``code`` says why (the templates word it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- who may see whom -----------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """The supervisor at the console and what they may reach."""

    user: UserAccount
    scope: Scope
    collectors: frozenset[str] | None  # usernames in scope; None: every one

    @property
    def everywhere(self) -> bool:
        return self.scope.everything


def viewer_of(session: Session, user: UserAccount, scope: Scope) -> Viewer:
    names = collectors_in_scope(session, scope)
    return Viewer(user, scope, None if names is None else frozenset(names))


def may_manage(viewer: Viewer, account: UserAccount) -> bool:
    """Whether the supervisor may see and act on ``account``."""
    if viewer.everywhere:
        return True
    if account.role != "collector":
        return False
    return viewer.collectors is not None and account.username in viewer.collectors


# --- listing -------------------------------------------------------------------------------


@dataclass
class DeviceLine:
    device_id: str
    device_name: str
    last_used_at: datetime | None
    created_at: datetime
    app_version: str = ""  # said at the laptop's last sync (POST /sync/status); "" before


@dataclass
class Person:
    account: UserAccount
    areas: list[Area] = field(default_factory=list)
    devices: list[DeviceLine] = field(default_factory=list)  # live device tokens

    @property
    def last_sync(self) -> datetime | None:
        used = [d.last_used_at for d in self.devices if d.last_used_at is not None]
        return max(used) if used else None


def people(
    session: Session,
    viewer: Viewer,
    now: datetime,
    organisation: str = "",
    role: str = "",
) -> list[Person]:
    """The accounts the supervisor may see, by role then username, with areas and live
    devices; ``organisation``/``role`` filter when given."""
    stmt = select(UserAccount)
    if not viewer.everywhere:
        names = sorted(viewer.collectors or ())
        if not names:
            return []
        stmt = stmt.where(UserAccount.role == "collector", col(UserAccount.username).in_(names))
    if organisation:
        stmt = stmt.where(UserAccount.organisation == organisation)
    if role:
        stmt = stmt.where(UserAccount.role == role)
    accounts = list(session.exec(stmt.order_by(col(UserAccount.role), col(UserAccount.username))))
    found = {a.id: Person(a) for a in accounts if a.id is not None}
    if not found:
        return []
    ids = list(found)
    for area in session.exec(select(UserArea).where(col(UserArea.user_id).in_(ids))):
        found[area.user_id].areas.append(Area(area.province, area.commune))
    for user_id, line in _live_devices(session, ids, now):
        found[user_id].devices.append(line)
    return list(found.values())


def person(session: Session, viewer: Viewer, user_id: int, now: datetime) -> Person | None:
    """One account the supervisor may see; None when missing or out of reach (the same
    answer: a supervisor learns nothing of other communes' accounts)."""
    account = session.get(UserAccount, user_id)
    if account is None or not may_manage(viewer, account):
        return None
    found = Person(account)
    found.areas = [
        Area(a.province, a.commune)
        for a in session.exec(select(UserArea).where(UserArea.user_id == user_id))
    ]
    found.devices = [line for _uid, line in _live_devices(session, [user_id], now)]
    return found


def _live_devices(
    session: Session, user_ids: list[int], now: datetime
) -> list[tuple[int, DeviceLine]]:
    """One line per device with a live token (its newest token's name and last use)."""
    rows = session.exec(
        select(DeviceToken)
        .where(
            col(DeviceToken.user_id).in_(user_ids),
            col(DeviceToken.revoked_at).is_(None),
            col(DeviceToken.expires_at) > now,
        )
        .order_by(col(DeviceToken.created_at))
    )
    lines: dict[tuple[int, str], DeviceLine] = {}
    for token in rows:  # oldest first: the newest token names the device
        seen = lines.get((token.user_id, token.device_id))
        uses = [t for t in (seen and seen.last_used_at, token.last_used_at) if t]
        lines[(token.user_id, token.device_id)] = DeviceLine(
            token.device_id,
            token.device_name,
            max(uses) if uses else None,
            seen.created_at if seen else token.created_at,
        )
    # The app version each laptop told at its last sync: its `device` row, as the
    # console's laptops page reads it (console/laptops.py).
    told = session.exec(
        select(Device.user_id, Device.device_id, Device.app_version).where(
            col(Device.user_id).in_(user_ids)
        )
    )
    for user_id, device_id, version in told:
        line = lines.get((user_id, device_id))
        if line is not None:
            line.app_version = version or ""
    return [(uid, line) for (uid, _d), line in sorted(lines.items())]


# --- new accounts ----------------------------------------------------------------------------


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_SIGNS) for _ in range(10))


def organisation_of(text: str) -> str | None:
    """An organisation from its code or its Vietnamese or English label; "" when blank;
    None when unknown."""
    key = fold(unicodedata.normalize("NFC", text).strip())
    if not key:
        return ""
    return _ORGANISATION_NAMES.get(key)


_ORGANISATION_NAMES = {
    fold(name): o.value
    for o, names in {
        Organisation.VSS: ("vss", "bhxh", "bhxh/vss", "bảo hiểm xã hội", "cơ quan bhxh"),
        Organisation.POST_OFFICE: ("post_office", "bưu điện", "post office"),
        Organisation.COMMUNE: ("commune", "cán bộ xã", "ubnd xã", "commune official"),
        Organisation.WOMENS_UNION: ("womens_union", "hội phụ nữ", "women's union"),
        Organisation.FARMERS_UNION: ("farmers_union", "hội nông dân", "farmers' union"),
        Organisation.OTHER: ("other", "khác"),
    }.items()
    for name in names
}


def area_for(viewer: Viewer, text: str) -> list[Area]:
    """The areas a new collector gets from an area cell ("Tỉnh/Xã" or "Tỉnh"): within the
    supervisor's areas; blank: the supervisor's own areas (none when everywhere)."""
    cleaned = unicodedata.normalize("NFC", text).strip()
    if not cleaned:
        return [] if viewer.everywhere else list(viewer.scope.areas)
    province, _, commune = (part.strip() for part in cleaned.partition("/"))
    if cleaned == "*" or not province or len(province) > 80 or len(commune) > 80:
        raise Refused("bad_area")
    area = Area(province, commune)
    if not viewer.everywhere and not any(area_within(area, a) for a in viewer.scope.areas):
        raise Refused("area_outside")
    return [area]


def supervisor_areas(text: str) -> list[Area]:
    """A new supervisor's areas: "*" (everywhere), or "Tỉnh" / "Tỉnh/Xã" separated by ";"."""
    found: list[Area] = []
    for part in unicodedata.normalize("NFC", text).split(";"):
        cleaned = part.strip()
        if not cleaned:
            continue
        if cleaned == "*":
            found.append(Area())
            continue
        province, _, commune = (p.strip() for p in cleaned.partition("/"))
        if not province or len(province) > 80 or len(commune) > 80:
            raise Refused("bad_area")
        found.append(Area(province, commune))
    if not found:
        raise Refused("bad_area")
    return list(dict.fromkeys(found))


@dataclass
class NewAccount:
    username: str
    full_name: str
    organisation: str
    areas: list[Area]
    role: str = "collector"


def check_username(session: Session, username: str, taken: set[str] | None = None) -> None:
    if not USERNAME.fullmatch(username):
        raise Refused("bad_username")
    if taken is not None and username in taken:
        raise Refused("duplicate_username")
    if session.exec(select(UserAccount.id).where(UserAccount.username == username)).first():
        raise Refused("username_taken")


def check_full_name(full_name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", full_name).split())
    if not name or len(name) > MAX_FULL_NAME or not is_clean_text(name):
        raise Refused("bad_full_name")
    return name


def check_password(password: str, again: str) -> None:
    if password != again:
        raise Refused("passwords_differ")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD or not is_clean_text(password):
        raise Refused("short_password")


def new_collector(
    session: Session, viewer: Viewer, username: str, full_name: str, organisation: str, area: str
) -> NewAccount:
    """A collector's account as the supervisor asked for it, checked; or Refused."""
    username = username.strip()
    check_username(session, username)
    name = check_full_name(full_name)
    org = organisation_of(organisation)
    if org is None:
        raise Refused("bad_organisation")
    return NewAccount(username, name, org, area_for(viewer, area))


def new_supervisor(
    session: Session, viewer: Viewer, username: str, full_name: str, organisation: str, areas: str
) -> NewAccount:
    if not viewer.everywhere:
        raise Refused("not_everywhere")
    account = new_collector(session, viewer, username, full_name, organisation, "")
    account.role, account.areas = "supervisor", supervisor_areas(areas)
    return account


def hash_all(passwords: Sequence[str], slots: threading.BoundedSemaphore | None) -> list[str]:
    """Hashes, one at a time through the server's password slots (each check or hash
    takes 16 MiB): done before the write transaction, which then stays short."""
    hashes = []
    for password in passwords:
        with slots if slots is not None else nullcontext():
            hashes.append(hash_password(password))
    return hashes


def create(
    session: Session, actor: UserAccount, accounts: Sequence[NewAccount], hashes: Sequence[str]
) -> list[UserAccount]:
    """Write the accounts, all or none (a username taken meanwhile refuses them all)."""
    made = []
    names = [a.username for a in accounts]
    if session.exec(select(UserAccount.id).where(col(UserAccount.username).in_(names))).first():
        raise Refused("username_taken")
    for account, password_hash in zip(accounts, hashes, strict=True):
        user = UserAccount(
            username=account.username,
            full_name=account.full_name,
            role=account.role,
            organisation=account.organisation,
            password_hash=password_hash,
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        for area in account.areas:
            session.add(UserArea(user_id=user.id, province=area.province, commune=area.commune))
        _event(session, "user_created", user, actor, account.role)
        made.append(user)
    return made


# --- changes to an account -------------------------------------------------------------------


def _event(
    session: Session, event: str, user: UserAccount, actor: UserAccount, detail: str = ""
) -> None:
    session.add(
        AuthEvent(
            event=event,
            user_id=user.id,
            device_id=CONSOLE_DEVICE,
            actor_id=actor.id,
            detail=detail,
        )
    )


def managed(session: Session, viewer: Viewer, user_id: int) -> UserAccount:
    """The account to act on, in the supervisor's reach and not their own; or Refused."""
    account = session.get(UserAccount, user_id)
    if account is None or not may_manage(viewer, account):
        raise Refused("out_of_area")
    if account.id == viewer.user.id:
        raise Refused("self")
    return account


def _revoke(session: Session, user: UserAccount, now: datetime, device_id: str = "") -> int:
    stmt = (
        sa.update(DeviceToken)
        .where(col(DeviceToken.user_id) == user.id, col(DeviceToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    if device_id:
        stmt = stmt.where(col(DeviceToken.device_id) == device_id)
    return int(session.connection().execute(stmt).rowcount or 0)


def set_active(session: Session, viewer: Viewer, user_id: int, active: bool) -> UserAccount:
    """Enable, or disable (every device and console session of the account ends)."""
    account = managed(session, viewer, user_id)
    account.active = active
    session.add(account)
    if not active:
        now = datetime.now(UTC)
        _revoke(session, account, now)
        assert account.id is not None
        console_sessions.end_all_of(session, account.id, now)
    _event(session, "user_enabled" if active else "user_disabled", account, viewer.user)
    return account


def reset_password(
    session: Session, viewer: Viewer, user_id: int, password_hash: str
) -> UserAccount:
    """A new password (hashed by the caller); every device and console session ends."""
    account = managed(session, viewer, user_id)
    account.password_hash = password_hash
    session.add(account)
    now = datetime.now(UTC)
    _revoke(session, account, now)
    assert account.id is not None
    console_sessions.end_all_of(session, account.id, now)
    _event(session, "password_set", account, viewer.user)
    return account


def revoke_device(session: Session, viewer: Viewer, user_id: int, device_id: str) -> int:
    """End one device's tokens: it must log in again. Returns the tokens ended."""
    account = session.get(UserAccount, user_id)
    if account is None or not may_manage(viewer, account):
        raise Refused("out_of_area")
    count = _revoke(session, account, datetime.now(UTC), device_id[:64])
    if not count:
        raise Refused("no_device")
    _event(session, "revoke_device", account, viewer.user, json.dumps({"device": device_id}))
    return count


# --- collectors from a sheet -----------------------------------------------------------------

# Header names (folded) of the sheet's columns, Vietnamese or English.
SHEET_COLUMNS = {
    "username": ("username", "ten dang nhap", "tai khoan"),
    "full_name": ("full name", "ho va ten", "ho ten"),
    "organisation": ("organisation", "organization", "to chuc", "don vi"),
    "area": ("area", "dia ban", "tinh/xa", "tinh / xa"),
}
REQUIRED = ("username", "full_name")


@dataclass
class SheetRow:
    number: int  # as the spreadsheet numbers it
    username: str
    full_name: str
    organisation: str
    area: str
    refusals: list[str] = field(default_factory=list)  # codes; empty: the row is good
    account: NewAccount | None = None

    def cells(self) -> dict[str, Any]:
        return {
            "n": self.number,
            "u": self.username,
            "f": self.full_name,
            "o": self.organisation,
            "a": self.area,
        }


@dataclass
class SheetCheck:
    rows: list[SheetRow]

    @property
    def good(self) -> bool:
        return bool(self.rows) and not any(r.refusals for r in self.rows)

    def carried(self) -> str:
        """The rows as the confirm form carries them back (checked again on confirm)."""
        return json.dumps([r.cells() for r in self.rows], ensure_ascii=False)


def _sheet_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """The non-blank rows of the first sheet of an .xlsx, or of a CSV (UTF-8 or
    Windows-1258, separator found as the list importer finds it), numbered as shown.

    Not vss_core.importing.reading.read_source: it looks for the household list's
    column names and keeps no rows under a header it does not know.
    """
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP):
        try:
            book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
        except Exception:  # zipfile.BadZipFile, KeyError, InvalidFileException...
            raise Refused("unreadable") from None
        try:
            sheet = book.worksheets[0]
            lines = enumerate(sheet.iter_rows(values_only=True, max_col=20), start=1)
            rows = _kept(((n, list(cells)) for n, cells in lines))
        finally:
            book.close()
        return rows
    if head.startswith(OLE2) or not head:
        raise Refused("unreadable")
    try:
        text, _encoding = decode(path.read_bytes())
        table = csv.reader(io.StringIO(text, newline=""), delimiter=detect_separator(text))
        return _kept(((n, list(cells)) for n, cells in enumerate(table, start=1)))
    except (ListRefused, csv.Error):
        raise Refused("unreadable") from None


def _kept(rows: Iterable[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    kept = []
    for number, cells in rows:
        if all(c is None or not str(c).strip() for c in cells):
            continue
        kept.append((number, cells))
        if len(kept) > MAX_BULK_ROWS + 1:  # the header and the rows allowed
            raise Refused("too_many_rows")
    return kept


def read_sheet(path: Path) -> list[SheetRow]:
    """The rows of an uploaded .xlsx or .csv under its header row; Refused when it is
    not such a sheet or lacks the username and full name columns."""
    rows = _sheet_rows(path)
    if not rows:
        raise Refused("no_rows")
    (_number, header), body = rows[0], rows[1:]
    where: dict[str, int] = {}
    for index, heading in enumerate(header):
        key = fold(" ".join(str(heading or "").split()))
        for name, aliases in SHEET_COLUMNS.items():
            if key in aliases and name not in where:
                where[name] = index
    if any(name not in where for name in REQUIRED):
        raise Refused("missing_columns")

    def cell(cells: Sequence[Any], name: str) -> str:
        index = where.get(name)
        if index is None or index >= len(cells) or cells[index] is None:
            return ""
        return unicodedata.normalize("NFC", str(cells[index])).strip()

    return [
        SheetRow(
            number,
            cell(cells, "username"),
            cell(cells, "full_name"),
            cell(cells, "organisation"),
            cell(cells, "area"),
        )
        for number, cells in body
    ]


def rows_from_form(text: str) -> list[SheetRow]:
    """The rows a confirm form carried back; Refused when it is not what a preview sent."""
    try:
        raw = json.loads(text)
        rows = [
            SheetRow(int(r["n"]), str(r["u"]), str(r["f"]), str(r["o"]), str(r["a"])) for r in raw
        ]
    except (ValueError, TypeError, KeyError):
        raise Refused("unreadable") from None
    if not rows or len(rows) > MAX_BULK_ROWS:
        raise Refused("unreadable")
    return rows


def check_sheet(session: Session, viewer: Viewer, rows: list[SheetRow]) -> SheetCheck:
    """Each row's refusals: bad, repeated or taken username, bad full name, unknown
    organisation, area not the supervisor's."""
    seen: set[str] = set()
    for row in rows:
        row.refusals, row.account = [], None
        username = row.username.strip()
        try:
            check_username(session, username, seen)
        except Refused as exc:
            row.refusals.append(exc.code)
        seen.add(username)
        try:
            name = check_full_name(row.full_name)
        except Refused as exc:
            row.refusals.append(exc.code)
        org = organisation_of(row.organisation)
        if org is None:
            row.refusals.append("bad_organisation")
        try:
            areas = area_for(viewer, row.area)
        except Refused as exc:
            row.refusals.append(exc.code)
        if not row.refusals:
            assert org is not None
            row.account = NewAccount(username, name, org, areas)
    return SheetCheck(rows)
