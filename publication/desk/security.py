"""What keeps the desk safe to run: headers on every response, a CSRF token on every
form, and the clerk's sign-in that the full pack needs.

The content security policy allows only the desk's own stylesheet and script, so
nothing injected into a page could run. A form is accepted only with the token
that the session it was shown in holds. The full pack (with exempt reports) is
served only to a session signed in with the clerk password; without a password
configured, it is not served at all.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders", "check_password", "csrf_ok", "csrf_token", "is_clerk"]

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the policy and the other protective headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in HEADERS if name not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_token(request: Request) -> str:
    """The token this session's forms carry, made the first time it is needed."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def csrf_ok(request: Request, form) -> bool:
    expected = request.session.get("csrf", "")
    given = str(form.get("csrf", ""))
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def check_password(configured: str | None, given: str) -> bool:
    """Whether ``given`` is the clerk password; never, if none is configured."""
    return bool(configured) and hmac.compare_digest(configured.encode(), given.encode())


def is_clerk(request: Request) -> bool:
    return request.session.get("clerk") is True and bool(request.app.state.desk.clerk_password)
