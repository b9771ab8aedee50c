"""Password hashing (scrypt, standard library) and device tokens. See docs/security.md."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

# scrypt cost: OWASP's minimum for scrypt (N=2^14, r=8, p=5 is its equivalent of N=2^17, p=1)
# at 16 MiB per check, so a few checks at once stay cheap in memory. Hashes made with
# weaker parameters still verify and are upgraded at the next successful login.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 5
MAXMEM = 64 << 20


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=MAXMEM
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=MAXMEM,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def needs_rehash(stored: str) -> bool:
    """True for a hash made with other (older, weaker) parameters than today's."""
    return not stored.startswith(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


@functools.cache
def dummy_hash() -> str:
    """Checked against when the user does not exist, so timing does not reveal usernames."""
    return hash_password(secrets.token_hex(8))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
