"""The derived database key and the base error of the encrypted store.

Apart from :mod:`vss_desktop.store.encryption` so that the engine factory
(:mod:`vss_desktop.store.db`) can take a key without importing the encryption steps.
"""

from __future__ import annotations

from dataclasses import dataclass

SALT_BYTES = 16  # SQLCipher's salt size, stored at the start of the file
KEY_BYTES = 32  # AES-256


class EncryptionError(Exception):
    """Base of the errors of the encrypted store; messages carry no personal data."""


@dataclass(frozen=True, repr=False)
class DatabaseKey:
    """A derived SQLCipher key and the salt it was derived with. Never printed."""

    key: bytes
    salt: bytes

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES or len(self.salt) != SALT_BYTES:
            raise EncryptionError("a database key is 32 bytes and its salt 16")

    def sqlcipher_literal(self) -> str:
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:
        return "DatabaseKey(<hidden>)"
