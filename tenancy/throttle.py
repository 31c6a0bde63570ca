"""Counting attempts per key in a sliding window, in the database so that every web
process and machine shares the counts (login failures per address, password-reset
requests per address and per e-mail)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from tenancy.models import RateEvent


def _key(key: str) -> str:
    # E-mail addresses are not kept in a throttle table; their hash counts as well.
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()


def count(scope: str, key: str, *, window: timedelta) -> int:
    since = timezone.now() - window
    return RateEvent.objects.filter(scope=scope, key=_key(key), at__gte=since).count()


def over(scope: str, key: str, *, limit: int, window: timedelta) -> bool:
    return count(scope, key, window=window) >= limit


def hit(scope: str, key: str, *, window: timedelta) -> None:
    """Count one attempt, and forget the scope's attempts older than the window."""
    now = timezone.now()
    RateEvent.objects.filter(scope=scope, at__lt=now - window).delete()
    RateEvent.objects.create(scope=scope, key=_key(key), at=now)


def clear(scope: str, key: str) -> None:
    RateEvent.objects.filter(scope=scope, key=_key(key)).delete()
