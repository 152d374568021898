"""Sign-in: flask-login over the store's users, a rate-limited login form, and the gate on every request.

Outside the loopback demo nothing answers without a signed-in user: pages redirect to ``/login``, Dash's
endpoints (layout, dependencies, callbacks) answer 401. Passwords are checked by the store (hashed there).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

import flask
import flask_login
from markupsafe import escape

from .server import csrf_token
from .text import STATEMENT_OF_USE

__all__ = ["SessionUser", "LoginLimiter", "install_auth", "DEMO_USER_ID"]

DEMO_USER_ID = "demo"
_OPEN_PATHS = ("/login", "/logout", "/assets/", "/_favicon.ico")


@dataclass(frozen=True)
class SessionUser(flask_login.UserMixin):
    """The signed-in person as the dashboard needs them: who, and what they may see."""

    id: str
    email: str
    role: str                 # admin | district | school | researcher
    district: str | None = None
    school: str | None = None

    @classmethod
    def from_store(cls, user) -> "SessionUser":
        return cls(str(user.id), getattr(user, "email", "") or "", getattr(user, "role", "school"),
                   getattr(user, "district", None), getattr(user, "school", None))

    def get_id(self) -> str:
        return self.id


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per ``window`` seconds for one key (an email), and
    ``per_address`` for one client address (higher: a school's staff may share one address)."""

    def __init__(self, attempts: int = 5, window: float = 300.0, *, per_address: int = 30):
        self.attempts, self.window, self.per_address = attempts, window, per_address
        self._failures: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(key, now)) >= (self.per_address if key.startswith("ip:") else self.attempts)
                       for key in keys)

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def clear(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


def install_auth(server: flask.Flask, store, *, login_required: bool, demo_user: SessionUser | None) -> None:
    """Set up flask-login, ``/login`` and ``/logout``, and (when required) the gate on every request."""
    manager = flask_login.LoginManager()
    manager.session_protection = "strong" if login_required else None
    manager.init_app(server)
    limiter = LoginLimiter()
    server.extensions["plnetwork_login_limiter"] = limiter

    @manager.user_loader
    def _load(user_id):
        if demo_user is not None and user_id == demo_user.id:
            return demo_user
        user = store.users.get_user(user_id) if store is not None else None
        return SessionUser.from_store(user) if user is not None else None

    if demo_user is not None and not login_required:
        @manager.request_loader
        def _demo(_request):
            return demo_user

    @server.route("/login", methods=["GET", "POST"])
    def login():
        message, email, status = "", "", 200
        if flask.request.method == "POST":
            email = (flask.request.form.get("email") or "").strip().lower()
            keys = (f"ip:{flask.request.remote_addr}", f"email:{email}")
            if flask.request.form.get("csrf") != flask.session.get("csrf"):
                message, status = "The form expired; please try again.", 400
            elif limiter.blocked(*keys):
                message, status = "Too many attempts. Wait a few minutes and try again.", 429
            else:
                user = store.users.authenticate(email, flask.request.form.get("password") or "")
                if user is None:
                    limiter.fail(*keys)
                    message, status = "That email and password do not match.", 401
                else:
                    limiter.clear(*keys)
                    flask.session.clear()        # no session fixation: a new session on sign-in
                    flask_login.login_user(SessionUser.from_store(user))
                    flask.session.permanent = True
                    return flask.redirect(_safe_next(flask.request.args.get("next")))
        return flask.Response(login_page(message, email, csrf_token()), status=status, mimetype="text/html")

    @server.route("/logout", methods=["GET", "POST"])
    def logout():
        flask_login.logout_user()
        flask.session.clear()
        return flask.redirect("/login" if login_required else "/")

    if login_required:
        @server.before_request
        def _gate():
            path = flask.request.path
            if path.startswith(_OPEN_PATHS) or flask_login.current_user.is_authenticated:
                return None
            if path.startswith("/_dash") or flask.request.method != "GET":
                return flask.Response("sign in first\n", status=401, mimetype="text/plain")
            return flask.redirect(f"/login?next={flask.request.full_path.rstrip('?')}")


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//evil.example`` or ``https://...``)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def login_page(message: str, email: str, token: str) -> str:
    """The sign-in form (server-rendered; every value escaped)."""
    alert = f'<p class="login-error" role="alert">{escape(message)}</p>' if message else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · plnetwork</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/dashboard.css"></head>
<body class="login-body"><main class="login-card">
<h1>plnetwork</h1><p class="lede">Shared leadership of professional learning</p>
{alert}
<form method="post" autocomplete="on">
<input type="hidden" name="csrf" value="{escape(token)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" required autofocus value="{escape(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<p class="statement">{escape(STATEMENT_OF_USE)}</p>
</main></body></html>"""
