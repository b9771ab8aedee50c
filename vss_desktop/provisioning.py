"""A province file sets a laptop up (issue 16 §2; format in docs/provisioning.md). Qt-free.

The file (JSON) names the province's server, its certificate authority, the language, the
idle-lock minutes and the collector's organisation. :func:`read_province_file` checks all
of it before anything is written: a bad or partial file is refused with one sentence that
names the key (and never quotes the certificate). :func:`apply` then writes the settings
file atomically (and, on a laptop that already has a database, the server it logs in to).
:func:`seed_store` gives the provisioned server to a database that has none yet, so the
server dialog shows it filled in.

The rules are the app's own, reused: the server address as the login checks it
(``check_server_url``: https, or plain http to this computer only), the languages and the
idle-lock range of the settings dialog, the organisations the server knows.
"""

from __future__ import annotations

import json
import os
import ssl
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session

from vss_desktop import settings as settings_store
from vss_desktop.settings import LANGUAGES, ORGANISATIONS, RANGES, Settings
from vss_desktop.store import Store
from vss_desktop.store.outbox import pending_count
from vss_desktop.sync import state
from vss_desktop.sync.transport import InsecureServerUrl, check_server_url

FORMAT = 1  # the format version this app reads
MAX_BYTES = 1 << 20  # a province file with its CA bundle is a few kB
CA_FILE = "province-ca.pem"  # where the CA bundle is kept, in the data directory
KEYS = (
    "format",
    "server",
    "ca_bundle",
    "ca_bundle_file",
    "language",
    "idle_lock_minutes",
    "organisation",
)
REQUIRED = ("format", "server")


class ProvisioningError(Exception):
    """The file is refused, or cannot be applied to this laptop: one sentence, no secret."""


@dataclass(frozen=True)
class Province:
    """A checked province file. None: the key was not given (the setting stays as it is)."""

    server_url: str
    ca_pem: str | None = field(default=None, repr=False)
    ca_certificates: int = 0
    language: str | None = None
    idle_lock_minutes: int | None = None
    organisation: str | None = None


@dataclass
class Applied:
    """What :func:`apply` set: ``lines`` (key, what) to print; ``ended_login``: the server
    whose login was ended because the laptop now belongs to another one ("" if none)."""

    settings: Settings
    lines: list[tuple[str, str]]
    ended_login: str = ""


# --- reading and checking ---------------------------------------------------------------


def read_province_file(path: Path) -> Province:
    """The checked contents of ``path``, or ProvisioningError saying what is wrong."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ProvisioningError("the file does not exist") from None
    except OSError as exc:
        raise ProvisioningError(f"the file cannot be read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise ProvisioningError(f"the file is larger than {MAX_BYTES // 1024} KiB")
    if not data.strip():
        raise ProvisioningError("the file is empty")
    try:
        text = data.decode("utf-8-sig")  # Notepad writes a BOM
    except UnicodeDecodeError:
        raise ProvisioningError("the file is not UTF-8 text") from None
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as dup:
        raise ProvisioningError(f"key {_name(dup.key)} is given twice") from None
    except ValueError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ProvisioningError(f"the file is not JSON{where}") from None
    return check_province(raw, path.parent)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice would silently keep the last value: refused instead."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _name(key: str) -> str:
    """A key as a message shows it: quoted, cut short (it comes from the file)."""
    return repr(key if len(key) <= 40 else key[:40] + "…")


def check_province(raw: object, base_dir: Path) -> Province:
    """Every key checked; ``base_dir``: where ``ca_bundle_file`` is looked up."""
    if not isinstance(raw, dict):
        raise ProvisioningError("the file must hold one JSON object ({...})")
    unknown = [key for key in raw if key not in KEYS]
    if unknown:  # a typo must not be silently ignored
        raise ProvisioningError(
            f"unknown key {_name(unknown[0])} (the keys are: {', '.join(KEYS)})"
        )
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise ProvisioningError(f"key {_name(missing[0])} is missing")
    version = raw["format"]
    if type(version) is not int:
        raise ProvisioningError(f"key 'format' must be a number ({FORMAT})")
    if version != FORMAT:
        raise ProvisioningError(
            f"key 'format': version {version} is not one this app reads ({FORMAT});"
            " a newer file needs a newer app"
        )
    server = _server(raw["server"])
    if "ca_bundle" in raw and "ca_bundle_file" in raw:
        raise ProvisioningError("give either key 'ca_bundle' or key 'ca_bundle_file', not both")
    ca_pem: str | None = None
    if "ca_bundle" in raw:
        ca_pem = _text(raw, "ca_bundle")
    elif "ca_bundle_file" in raw:
        ca_pem = _ca_from_file(_text(raw, "ca_bundle_file"), base_dir)
    key = "ca_bundle" if "ca_bundle" in raw else "ca_bundle_file"
    certificates = _count_certificates(ca_pem, key) if ca_pem is not None else 0
    language = None
    if "language" in raw:
        language = _text(raw, "language")
        if language not in LANGUAGES:
            raise ProvisioningError(f"key 'language' must be one of: {', '.join(LANGUAGES)}")
    minutes = None
    if "idle_lock_minutes" in raw:
        low, high = RANGES["lock_after_minutes"]  # the settings dialog's bounds
        minutes = raw["idle_lock_minutes"]
        if type(minutes) is not int or not low <= minutes <= high:
            raise ProvisioningError(
                f"key 'idle_lock_minutes' must be a whole number from {low} to {high}"
            )
    organisation = None
    if "organisation" in raw:
        organisation = _text(raw, "organisation")
        if organisation not in ORGANISATIONS:
            raise ProvisioningError(
                f"key 'organisation' must be one of: {', '.join(ORGANISATIONS)}"
            )
    return Province(server, ca_pem, certificates, language, minutes, organisation)


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise ProvisioningError(f"key {_name(key)} must be a non-empty text")
    return value.strip()


def _server(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProvisioningError("key 'server' must be the server's address, like https://...")
    if urlsplit(value.strip()).username is not None:  # a password in a URL is a leak
        raise ProvisioningError("key 'server' must not hold a user name or password")
    try:
        check_server_url(value, allow_insecure=True)
    except InsecureServerUrl:
        raise ProvisioningError(
            "key 'server' is not a server address; write it like https://bhxh.example.vn"
        ) from None
    try:
        return check_server_url(value)  # the rule the login applies
    except InsecureServerUrl:
        raise ProvisioningError(
            "key 'server': plain http:// is only allowed to this computer; use https://"
        ) from None


def _ca_from_file(name: str, base_dir: Path) -> str:
    """A PEM file named relative to the province file (an installer copies one folder)."""
    path = base_dir / name
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ProvisioningError(
            f"key 'ca_bundle_file': {name} cannot be read ({exc.strerror})"
        ) from None
    if len(data) > MAX_BYTES:
        raise ProvisioningError(f"key 'ca_bundle_file': {name} is larger than 1024 KiB")
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        raise ProvisioningError(f"key 'ca_bundle_file': {name} is not a PEM file") from None


def _count_certificates(pem: str, key: str) -> int:
    """How many certificates the PEM holds, as Python's TLS loads them (at least one)."""
    if "PRIVATE KEY" in pem:  # the server's key has no place on a few hundred laptops
        raise ProvisioningError(
            f"key {_name(key)} holds a private key: give only the certificate authority's"
            " certificate, and treat that key as leaked"
        )
    try:
        context = ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError):
        raise ProvisioningError(
            f"key {_name(key)} is not a PEM certificate (-----BEGIN CERTIFICATE-----...)"
        ) from None
    count = context.cert_store_stats()["x509"]
    if count < 1:
        raise ProvisioningError(f"key {_name(key)} holds no certificate")
    return count


# --- applying ------------------------------------------------------------------------------


def apply(data_dir: Path, province: Province, store: Store | None = None) -> Applied:
    """Write ``province`` into the settings of ``data_dir`` (all or nothing), and into the
    database's login settings when there is a database (``store``).

    The database keeps the server the app syncs with: a database without one gets the
    provisioned server; a database logged in to the same server gets the new CA bundle; one
    logged in to another server is refused while it holds unsent changes (they would be
    lost or sent to the wrong server), else its login is ended, so the collector logs in
    to the new server. The database is written before the settings file: a refusal or a
    failure there leaves both as they were.
    """
    ca_path = data_dir / CA_FILE
    current = settings_store.load(data_dir)
    new = replace(
        current,
        server_url=province.server_url,
        ca_bundle=str(ca_path.resolve()) if province.ca_pem is not None else "",
    )
    if province.language is not None:
        new.language = province.language
    if province.idle_lock_minutes is not None:
        new.lock_after_minutes = province.idle_lock_minutes
    if province.organisation is not None:
        new.organisation = province.organisation
    lines = [("server", province.server_url)]
    if province.ca_pem is not None:
        many = "s" if province.ca_certificates > 1 else ""
        lines.append(("ca_bundle", f"{province.ca_certificates} certificate{many}, in {ca_path}"))
    else:
        lines.append(("ca_bundle", "none: the system's trust store"))
    for key, value in (
        ("language", province.language),
        ("idle_lock_minutes", province.idle_lock_minutes),
        ("organisation", province.organisation),
    ):
        if value is not None:
            lines.append((key, str(value)))

    tmp = ca_path.with_name(CA_FILE + ".tmp")
    try:
        if province.ca_pem is not None:
            _write_synced(tmp, province.ca_pem)
        ended = _provision_store(store, new) if store is not None else ""
        if province.ca_pem is not None:
            os.replace(tmp, ca_path)
        settings_store.save(data_dir, new)
    except OSError as exc:
        raise ProvisioningError(f"the settings could not be written ({exc.strerror})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return Applied(new, lines, ended)


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="ascii", newline="\n") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _provision_store(store: Store, new: Settings) -> str:
    """The database's side of :func:`apply`, in one transaction; the server whose login
    was ended, or ""."""
    with store.write() as session:
        server = state.get(session, state.SERVER_URL)
        if not server:
            _put_server(session, new)
            return ""
        if server == new.server_url:
            if new.ca_bundle:  # a province that renews its certificate authority
                state.put(session, state.CA_BUNDLE, new.ca_bundle)
            return ""
        waiting = pending_count(session)
        if waiting:
            raise ProvisioningError(
                f"this laptop has {waiting} change(s) not yet sent to {server}, and the"
                " province file names another server: they would be lost or sent to the"
                " wrong server. Sync first (vss-desktop sync), then provision again"
            )
        _put_server(session, new)
        # The old server's login and pull position mean nothing to the new one: the
        # collector logs in again, and the first sync pulls their households from scratch.
        state.delete(session, state.TOKEN)
        state.delete(session, state.CURSOR)
        return server


def _put_server(session: Session, new: Settings) -> None:
    state.put(session, state.SERVER_URL, new.server_url)
    state.put(session, state.CA_BUNDLE, new.ca_bundle)
    state.put(session, state.ALLOW_INSECURE, "0")


def seed_store(store: Store, settings: Settings) -> str:
    """A provisioned laptop's database without a server yet gets the provisioned one (and
    its CA bundle), so the server dialog shows them filled in. The server the database
    holds now ("" for none, or when the laptop was not provisioned)."""
    if not settings.server_url:
        return ""
    with store.write() as session:
        server = state.get(session, state.SERVER_URL)
        if server:
            return server  # a login, or an earlier seed: the database's own choice stands
        _put_server(session, settings)
    return settings.server_url
