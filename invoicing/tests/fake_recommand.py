"""A local HTTP server that answers like Recommand's Peppol API (see invoicing/peppol/
recommand.py for the documented calls), recording what it was sent."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeRecommand:
    key: str = "key-1"
    secret: str = "secret-1"
    company: str = "c_1"
    registered: set[str] = field(default_factory=set)
    sent: list[dict] = field(default_factory=list)
    inbox: list[dict] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    refuse_send: str = ""
    delivered: set[str] = field(default_factory=set)
    url: str = ""

    def start(self) -> FakeRecommand:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _auth_ok(self) -> bool:
                want = base64.b64encode(f"{fake.key}:{fake.secret}".encode()).decode()
                return self.headers.get("Authorization") == f"Basic {want}"

            def _answer(self, code: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> dict:
                n = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(n) or b"{}")

            def do_POST(self):
                if not self._auth_ok():
                    return self._answer(401, {"success": False, "errors": {"auth": "bad key"}})
                body = self._body()
                if self.path == "/api/v1/verify":
                    ok = body.get("peppolAddress") in fake.registered
                    return self._answer(200, {"success": True, "isValid": ok})
                if self.path == f"/api/v1/{fake.company}/send":
                    if fake.refuse_send:
                        return self._answer(
                            400, {"success": False, "errors": {"document": fake.refuse_send}}
                        )
                    fake.sent.append(body)
                    return self._answer(200, {"success": True, "id": f"doc_{len(fake.sent)}"})
                if self.path.endswith("/mark-as-read"):
                    fake.read.append(self.path.split("/")[4])
                    return self._answer(200, {"success": True})
                return self._answer(404, {"success": False, "errors": {"path": "not found"}})

            def do_GET(self):
                if not self._auth_ok():
                    return self._answer(401, {"success": False, "errors": {"auth": "bad key"}})
                if self.path == f"/api/v1/{fake.company}/inbox":
                    docs = [d for d in fake.inbox if d["id"] not in fake.read]
                    return self._answer(200, {"success": True, "documents": docs})
                if self.path.startswith("/api/v1/documents/"):
                    doc_id = self.path.rsplit("/", 1)[1]
                    doc = {"id": doc_id, "sentOnPeppol": True}
                    if doc_id in fake.delivered:
                        doc["deliveredAt"] = "2026-03-10T10:00:00Z"
                    return self._answer(200, {"success": True, "document": doc})
                return self._answer(404, {"success": False})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
