from __future__ import annotations

from ninja.security import HttpBearer

from tenancy.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer fidu_...` with a personal API token (A5, B6)."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user
