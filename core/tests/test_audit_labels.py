"""Every audit action written by the code has a label in the four languages (SPEC A8)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from core.audit_labels import action_label, known_actions

ROOT = Path(settings.BASE_DIR)
# action="x.y", action=f"booking.proposal_{action}" with its values, "a" if c else "b"
LITERAL = re.compile(r'"([a-z_]+\.[a-z_]+)"')


def actions_in_code() -> set[str]:
    found = set()
    for app in settings.FIDU_APPS:
        for py in (ROOT / app).rglob("*.py"):
            if "tests" in py.parts or "migrations" in py.parts:
                continue
            text = py.read_text(encoding="utf-8")
            for call in re.finditer(r"audit_log\((.{0,400}?)\)\n", text, re.S):
                m = re.search(r"action=([^\n]*)", call.group(1))
                if m:
                    found.update(LITERAL.findall(m.group(1)))
            for m in re.finditer(r'action\s*=\s*"([a-z_]+\.[a-z_]+)"', text):
                found.add(m.group(1))
    return found


def test_every_action_the_code_writes_has_a_label():
    found = actions_in_code()
    assert "booking.proposal_sent" in found and "document.booked" in found
    assert found - known_actions() == set()


def test_labels_are_shown_in_the_readers_language():
    with translation.override("fr"):
        assert action_label("booking.proposal_sent") == "Envoyé en comptabilité"
    with translation.override("nl"):
        assert action_label("booking.proposal_sent") == "Naar de boekhouding gestuurd"
    with translation.override("de"):
        assert action_label("document.downloaded") == "Heruntergeladen"
    with translation.override("en"):
        assert action_label("documents.sent") == "Sent to the accountant"
        assert action_label("some.unknown_action") == "Other change"
