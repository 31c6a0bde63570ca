"""No English left on a French, Dutch or German page: every catalogue entry is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _entries(po: Path):
    """(msgid, msgstr or plural msgstrs joined, flags) for each entry of a .po file."""
    text = po.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if block.lstrip().startswith("#~"):
            continue  # obsolete
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        parts: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                parts[key] = m.group(2)
            elif line.startswith('"') and key:
                parts[key] += line.strip()[1:-1]
        if parts.get("msgid"):
            strs = [v for k, v in parts.items() if k.startswith("msgstr")]
            yield parts["msgid"], strs, flags


CATALOGUES = sorted(
    p for app in settings.FIDU_APPS for p in (ROOT / app / "locale").glob("*/LC_MESSAGES/django.po")
)


def test_every_app_with_strings_has_the_three_catalogues():
    for app in settings.FIDU_APPS:
        if not (ROOT / app / "locale").exists():
            continue
        for lang in ("fr", "nl", "de"):
            assert (ROOT / app / "locale" / lang / "LC_MESSAGES" / "django.po").exists(), (
                f"{app} {lang}"
            )


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-4]}-{p.parts[-3]}")
def test_every_string_is_translated(po):
    missing = [msgid for msgid, strs, flags in _entries(po) if not all(strs) or "fuzzy" in flags]
    assert missing == [], f"{len(missing)} untranslated in {po}: {missing[:5]}"
