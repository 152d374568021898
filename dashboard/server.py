"""The Flask server's production defaults: limits, cookies, security headers, Origin and CSRF checks.

Dash callbacks are plain HTTP endpoints (``POST /_dash-update-component``), so everything here is
enforced on the server for every request, whatever the browser shows:

- ``MAX_CONTENT_LENGTH`` caps a request body (an upload arrives base64-encoded inside a callback POST);
- the session cookie is ``HttpOnly``, ``SameSite=Lax`` and ``Secure`` (outside the loopback demo);
- a state-changing request must come from this origin (``Origin``, else ``Referer``) and, for callbacks,
  carry the CSRF token the Dash renderer copies from the ``_csrf_token`` cookie into ``X-CSRFToken``;
- responses carry a Content-Security-Policy and the usual hardening headers; no page or callback answer
  is cached, while scripts and styles (named by version or file time) are cached for a year;
- without login (the demo) only loopback clients are answered, and never through a proxy (a proxy on
  this machine would make every client look local).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

import flask

__all__ = ["configure_server", "is_loopback", "CSRF_COOKIE", "CSRF_HEADER", "SECURITY_HEADERS"]

CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host")

# Dash's index page runs one small inline script (the renderer's start) and plotly styles inline.
_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; frame-src 'self'; worker-src 'self' blob:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")

SECURITY_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` (an IP, or a host name) is this machine."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def configure_server(server: flask.Flask, *, secret_key: str, login_required: bool, secure_cookies: bool,
                     max_content_length: int) -> None:
    """Apply the production defaults to the Dash app's Flask ``server``."""
    server.config.update(
        SECRET_KEY=secret_key,
        MAX_CONTENT_LENGTH=max_content_length,
        SESSION_COOKIE_NAME="plnetwork_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        REMEMBER_COOKIE_SECURE=secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    server.debug = False

    @server.before_request
    def _guard():
        if not login_required and (not is_loopback(flask.request.remote_addr) or any(
                h in flask.request.headers for h in _PROXY_HEADERS)):
            return _refuse(403, "this demo answers only on this computer; sign-in is required elsewhere")
        if flask.request.method in _UNSAFE_METHODS:
            if not _same_origin():
                return _refuse(403, "cross-site request refused")
            if flask.request.path.startswith("/_dash") and not _csrf_ok():
                return _refuse(403, "missing or wrong CSRF token; reload the page")
        return None

    @server.after_request
    def _harden(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        path = flask.request.path
        if path.startswith("/assets/") and flask.request.args.get("m") and response.status_code == 200:
            # Dash names an asset by its file's time (?m=...): a changed file gets a new address
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif not path.startswith(("/assets/", "/_dash-component-suites/")):
            response.headers["Cache-Control"] = "no-store"
        _set_csrf_cookie(response, secure_cookies)
        return response


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    token = flask.session.get("csrf")
    if not token:
        token = flask.session["csrf"] = secrets.token_urlsafe(32)
    return token


def _set_csrf_cookie(response, secure: bool) -> None:
    token = csrf_token()
    if flask.request.cookies.get(CSRF_COOKIE) != token:
        # readable by the page's script (that is the point: it echoes it in a header), same-site only
        response.set_cookie(CSRF_COOKIE, token, secure=secure, httponly=False, samesite="Lax")


def _csrf_ok() -> bool:
    sent = flask.request.headers.get(CSRF_HEADER, "")
    expected = flask.session.get("csrf", "")
    return bool(sent and expected) and hmac.compare_digest(sent, expected)


def _same_origin() -> bool:
    origin = flask.request.headers.get("Origin") or flask.request.headers.get("Referer")
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == flask.request.host_url.rstrip("/")


def _refuse(status: int, message: str):
    return flask.Response(message + "\n", status=status, mimetype="text/plain")
