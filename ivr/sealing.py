"""Sealing what a store keeps of a live call, so a PIN, an account number or a caller's number never
reaches the disk in clear: not SQLite's file or its write-ahead log, not Redis's append-only file,
snapshots or replicas, not a backup of any of them.

A live call's state and its last TwiML are sealed with AES-256-GCM (an AEAD: a changed byte is refused,
not decrypted to garbage) under a key derived with HKDF-SHA256 from a secret the server already holds:
``IVR_STORE_KEY`` if set, else the Twilio auth token. The CallSid is authenticated with each value, so
one call's sealed state can't be passed off as another's. Masking keeps secrets out of records and
screens; sealing is for the minutes a call is live, when the engine still needs the real values.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Any

from ivr.errors import IvrError, UsageError

PREFIX = "ivr-sealed-1:"  # what a sealed value starts with; anything else was stored before sealing
_NONCE = 12


class SealError(IvrError):
    """A sealed call cannot be opened: the key changed, or the stored value was altered."""


class Sealer:
    """Seals and opens values with one key; ``Sealer(None)`` keeps values as they are."""

    def __init__(self, secret: str | None) -> None:
        self.secret = secret or None
        self._aead: Any = None

    @property
    def keyed(self) -> bool:
        return self.secret is not None

    def _cipher(self) -> Any:
        """The AEAD, made on first use: commands that only read call records never need it."""
        if self._aead is None:
            assert self.secret is not None
            try:
                from cryptography.hazmat.primitives import hashes
                from cryptography.hazmat.primitives.ciphers.aead import AESGCM
                from cryptography.hazmat.primitives.kdf.hkdf import HKDF
            except ImportError:
                raise UsageError('sealing live calls needs the cryptography package: pip install "ivr[twilio]"') from None
            key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ivr call store v1").derive(self.secret.encode())
            self._aead = AESGCM(key)
        return self._aead

    def seal(self, text: str, sid: str) -> str:
        if self.secret is None:
            return text
        nonce = os.urandom(_NONCE)
        sealed = self._cipher().encrypt(nonce, text.encode(), sid.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, text: str, sid: str) -> str:
        if not text.startswith(PREFIX):
            return text
        if self.secret is None:
            raise SealError(f"call {sid!r} is sealed: set IVR_STORE_KEY (or TWILIO_AUTH_TOKEN) as when it was stored")
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.b64decode(text[len(PREFIX):])
            return str(self._cipher().decrypt(raw[:_NONCE], raw[_NONCE:], sid.encode()).decode())
        except (InvalidTag, ValueError):
            raise SealError(f"call {sid!r} cannot be opened: IVR_STORE_KEY or TWILIO_AUTH_TOKEN changed since it was "
                            "stored, or the stored value was altered") from None


def from_env(environ: Mapping[str, str] = os.environ) -> Sealer:
    """The sealer for a store: ``IVR_STORE_KEY``, else ``TWILIO_AUTH_TOKEN``; none of them: values kept as they are."""
    return Sealer(environ.get("IVR_STORE_KEY") or environ.get("TWILIO_AUTH_TOKEN"))
