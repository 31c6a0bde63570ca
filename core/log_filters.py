"""Logging filters (settings.LOGGING)."""

from __future__ import annotations

import logging


class RefusalOnOneLine(logging.Filter):
    """A refused request (403) is an expected outcome, not a crash: Django logs it with the
    PermissionDenied traceback, which buries real errors. Keep the one line (method, path,
    status, user) and drop the traceback; 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and not hasattr(record, "fidu_one_line"):
            record.fidu_one_line = True
            record.exc_info = None
            record.exc_text = None
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            who = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
            record.msg = f"{record.msg} (user {who or 'anonymous'})"
        return True
