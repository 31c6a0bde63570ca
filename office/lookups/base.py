"""The lookup Protocol and what it answers (one module per adapter beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class VatInfo:
    country: str
    number: str
    valid: bool
    name: str = ""
    address: str = ""

    @property
    def vat(self) -> str:
        return f"{self.country}{self.number}"


class LookupFailed(Exception):
    """The service gave no definite answer (timeout, unavailable); `message` says so."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VatLookup(Protocol):
    def lookup(self, country: str, number: str) -> VatInfo: ...
