"""A refused request (403) is logged as one line, without a traceback (issue 11)."""

from __future__ import annotations

import io
import logging

from core.log_filters import RefusalOnOneLine


def _console():
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RefusalOnOneLine) for f in handler.filters):
            return handler
    raise AssertionError("no console handler with the RefusalOnOneLine filter (settings.LOGGING)")


def test_a_403_is_logged_on_one_line(world):
    handler = _console()
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        r = world.client_for(world.clients["doc_delivery"]).get(f"/d/{world.dossier.pk}/settings/")
    finally:
        handler.setStream(old)
    assert r.status_code == 403
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, stream.getvalue()
    assert "Forbidden" in lines[0] and f"/d/{world.dossier.pk}/settings/" in lines[0]
    assert f"user {world.clients['doc_delivery'].pk}" in lines[0]
    assert "Traceback" not in stream.getvalue()


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert RefusalOnOneLine().filter(record)
    assert record.exc_info is not None
