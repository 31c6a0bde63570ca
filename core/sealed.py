"""Secrets kept at rest (IMAP passwords, later bank and Peppol credentials), sealed with Fernet.

The key is `FIDU_SECRETS_KEY` (a Fernet key, or any string, stretched with HKDF);
without it, a key derived from SECRET_KEY with HKDF-SHA256. Values sealed under the
derived key still open once FIDU_SECRETS_KEY is set, so the key can be introduced
later; re-saving an account seals it under the new key. A stolen database copy
alone reveals no password.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "fernet:"


class SecretUnreadable(Exception):
    """The sealed value does not open with the configured keys (the key was changed)."""


def _stretch(material: str, info: bytes) -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"fidu-sealed-v1", info=info).derive(
        material.encode("utf-8")
    )
    return base64.urlsafe_b64encode(key)


def _as_fernet(value: str) -> Fernet:
    try:
        return Fernet(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError):  # not a Fernet key: stretch the phrase into one
        return Fernet(_stretch(value, b"FIDU_SECRETS_KEY"))


def _keys() -> MultiFernet:
    derived = Fernet(_stretch(settings.SECRET_KEY, b"SECRET_KEY"))
    configured = getattr(settings, "FIDU_SECRETS_KEY", "") or ""
    return MultiFernet([_as_fernet(configured), derived] if configured else [derived])


def seal(plain: str) -> str:
    if not plain:
        return ""
    return PREFIX + _keys().encrypt(plain.encode("utf-8")).decode("ascii")


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def unseal(value: str) -> str:
    if not value:
        return ""
    if not is_sealed(value):
        raise SecretUnreadable("not a sealed value")
    try:
        return _keys().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise SecretUnreadable("the secrets key changed") from exc
