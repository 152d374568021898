"""The plnetwork dashboard: a multi-page Dash app over the store, for district leaders and schools.

``create_app()`` builds a fresh app (and its Flask server) each time: nothing is shared between apps or
kept in module state. Outside the loopback demo it requires sign-in and ``PLNETWORK_SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["create_app", "DEFAULTS", "SECRET_ENV"]

SECRET_ENV = "PLNETWORK_SECRET_KEY"
_HERE = Path(__file__).resolve().parent

#: Settings ``create_app(config=...)`` may override.
DEFAULTS = {
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,       # one uploaded file, as the page says
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,     # one request: base64 (4/3) of export + roster, and JSON
    "SESSION_COOKIE_SECURE": None,              # None: secure whenever sign-in is required
    "DEMO_DISTRICT": "Demo District",
    "BACKGROUND_CALLBACKS": True,
    "CACHE_EXPIRE_SECONDS": 24 * 3600,
}


#: Dash's page, in English; the lazily loaded chunks every page needs are fetched at once, in parallel with
#: the renderer (``preload``), and run only when a page needs them.
_PRELOAD = ("dash/dcc/async-graph.js", "dash/dcc/async-dropdown.js", "dash/dash_table/async-table.js",
            "dash/dash_table/async-highlight.js")
INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
""" + "".join(f'        <link rel="preload" as="script" href="/_dash-component-suites/{path}">\n'
            for path in _PRELOAD) + """    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def create_app(*, store=None, data_dir=None, demo: bool = False, login_required: bool | None = None,
               config: dict | None = None):
    """A new Dash app over ``store`` (default: ``Store.from_env(data_dir)``).

    ``login_required`` defaults to ``not demo``; without sign-in the app answers loopback clients only,
    as the demo user (a district leader of ``DEMO_DISTRICT``). With sign-in a secret key is required
    (``config["SECRET_KEY"]`` or ``$PLNETWORK_SECRET_KEY``).
    """
    import dash
    import diskcache
    from dash import DiskcacheManager

    from plnetwork.store import Store

    from . import shell
    from .auth import SessionUser, install_auth
    from .components.tables import register_download
    from .data import SERVICE_KEY, DataService
    from .routes import install_routes
    from .server import configure_server

    settings = {**DEFAULTS, **(config or {})}
    login_required = (not demo) if login_required is None else bool(login_required)
    secret = settings.get("SECRET_KEY") or os.environ.get(SECRET_ENV, "")
    if not secret:
        if login_required:
            raise RuntimeError(f"{SECRET_ENV} must be set (a long random string) when sign-in is required; "
                               "only the loopback demo runs without it")
        secret = secrets.token_hex(32)
    data_dir = Path(data_dir or settings.get("DATA_DIR") or "data")
    data_dir.mkdir(parents=True, exist_ok=True)
    # cached analyses are personnel data (who is isolated): the cache folder is the server account's only
    (data_dir / "cache").mkdir(mode=0o700, exist_ok=True)
    os.chmod(data_dir / "cache", 0o700)
    store = store if store is not None else Store.from_env(data_dir)
    secure = settings["SESSION_COOKIE_SECURE"]

    jobs = DiskcacheManager(diskcache.Cache(str(data_dir / "cache" / "jobs")), expire=3600) \
        if settings["BACKGROUND_CALLBACKS"] else None
    # Not eager: Dash would run every component's code up front (MathJax, Markdown, date pickers: 3 MB the
    # pages never use). plotly.js is assets/plotly-dashboard.min.js, a bundle of the three trace types drawn
    # (see dashboard/plotly_bundle/): 0.1 s to run instead of 0.9 s, the largest part of a first visit.
    # Not compressed here: the reverse proxy in front (TLS) compresses, and responses are small.
    app = dash.Dash(
        "dashboard", use_pages=True, pages_folder=str(_HERE / "pages"), assets_folder=str(_HERE / "assets"),
        title="plnetwork", update_title=None, suppress_callback_exceptions=True, serve_locally=True,
        background_callback_manager=jobs, enable_mcp=False, compress=False, eager_loading=False,
        index_string=INDEX, meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}])
    server = app.server
    configure_server(server, secret_key=secret, login_required=login_required,
                     secure_cookies=login_required if secure is None else bool(secure),
                     max_content_length=int(settings["MAX_CONTENT_LENGTH"]))
    server.config["PLNETWORK"] = {k: settings[k] for k in ("UPLOAD_MAX_BYTES", "DEMO_DISTRICT")}
    server.extensions[SERVICE_KEY] = DataService(store, secret_key=secret, cache_dir=data_dir / "cache" / "analyses",
                                                 cache_expire=settings["CACHE_EXPIRE_SECONDS"])
    demo_user = None if login_required else SessionUser("demo", "", "district", settings["DEMO_DISTRICT"], None)
    install_auth(server, store, login_required=login_required, demo_user=demo_user)
    install_routes(server)

    app.layout = shell.layout
    shell.register(app)
    register_download(app)
    # Take the pages' @callback registrations now: a second create_app re-imports the pages and must not
    # hand its callbacks to this app (Dash would otherwise move them on this app's first request).
    with server.app_context():
        app._setup_server()
    return app
