"""Recommand, an open-source Belgian Peppol access point with a REST API.

Documentation: https://recommand.eu/docs (API reference, "Peppol API") and the source at
https://github.com/recommand-be/peppol. As documented there, and as this adapter uses it:
- authentication: HTTP Basic, the API key as user name and the API secret as password;
- `POST /api/v1/verify` `{"peppolAddress": "0208:0123456749"}` -> `{"success": true,
  "isValid": true|false}`: is the participant registered in the Peppol SML/SMP;
- `POST /api/v1/{companyId}/send` `{"recipient": "0208:...", "documentType": "xml",
  "document": "<Invoice ...>"}` -> `{"success": true, "id": "<document id>"}`; an error
  answers `{"success": false, "errors": {...}}` with a 4xx status;
- `GET /api/v1/documents/{documentId}` -> `{"success": true, "document": {"id": ...,
  "sentOnPeppol": bool, "deliveredAt": ..., "error": ...}}`;
- `GET /api/v1/{companyId}/inbox` -> `{"success": true, "documents": [{"id": ...,
  "senderId": ..., "xml": "..."}]}` (unread incoming documents), and
  `POST /api/v1/documents/{documentId}/mark-as-read` `{"read": true}`.
Every call has a timeout; the base URL passes the SSRF guard of `base.checked_url`.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib import error, request

from django.utils.translation import gettext as _

from invoicing.peppol.base import AccessPointError, Received, SendResult, checked_url

TIMEOUT = 20


class RecommandAccessPoint:
    def __init__(self, *, base_url: str, company_id: str, key: str, secret: str):
        self.base_url = base_url
        self.company_id = company_id
        token = base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Accept": "application/json"}

    def _call(self, method: str, path: str, body: dict | None = None) -> dict[str, Any]:
        url = checked_url(self.base_url) + path
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        req = request.Request(url, data=data, headers=headers, method=method)
        try:
            with request.urlopen(req, timeout=TIMEOUT) as resp:
                payload = json.loads(resp.read(2_000_000) or b"{}")
        except error.HTTPError as exc:
            try:
                payload = json.loads(exc.read(100_000) or b"{}")
            except ValueError:
                payload = {}
            reason = _errors_text(payload) or f"HTTP {exc.code}"
            raise AccessPointError(
                _("The access point refused the call: %(reason)s") % {"reason": reason}
            ) from None
        except (error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise AccessPointError(
                _("The access point cannot be reached: %(reason)s")
                % {"reason": getattr(exc, "reason", exc)}
            ) from None
        if not isinstance(payload, dict):
            raise AccessPointError(_("The access point answered something unexpected."))
        return payload

    def lookup(self, participant_id: str) -> bool:
        payload = self._call("POST", "/api/v1/verify", {"peppolAddress": participant_id})
        return bool(payload.get("success") and payload.get("isValid"))

    def send(self, *, recipient: str, xml: bytes) -> SendResult:
        payload = self._call(
            "POST",
            f"/api/v1/{self.company_id}/send",
            {"recipient": recipient, "documentType": "xml", "document": xml.decode("utf-8")},
        )
        if not payload.get("success"):
            return SendResult("", "failed", _errors_text(payload) or "refused")
        return SendResult(str(payload.get("id") or ""), "sent")

    def status(self, external_id: str) -> SendResult:
        payload = self._call("GET", f"/api/v1/documents/{external_id}")
        doc = payload.get("document") or {}
        if doc.get("error"):
            return SendResult(external_id, "failed", str(doc["error"])[:500])
        if doc.get("deliveredAt"):
            return SendResult(external_id, "delivered")
        return SendResult(external_id, "sent")

    def receive(self) -> list[Received]:
        payload = self._call("GET", f"/api/v1/{self.company_id}/inbox")
        out = []
        for doc in payload.get("documents") or []:
            xml = doc.get("xml") or ""
            if doc.get("id") and xml:
                out.append(Received(str(doc["id"]), str(doc.get("senderId") or ""), xml.encode()))
        return out

    def acknowledge(self, external_id: str) -> None:
        self._call("POST", f"/api/v1/documents/{external_id}/mark-as-read", {"read": True})


def _errors_text(payload: dict) -> str:
    errors = payload.get("errors") or payload.get("error") or ""
    if isinstance(errors, dict):
        return "; ".join(f"{k}: {v}" for k, v in errors.items())[:500]
    if isinstance(errors, list):
        return "; ".join(str(e) for e in errors)[:500]
    return str(errors)[:500]
