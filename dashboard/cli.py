"""``plnetwork dashboard``: check the settings, load the demo if asked, and serve the app."""

from __future__ import annotations

import os
import threading

import click

from . import SECRET_ENV, create_app
from .server import is_loopback

__all__ = ["run"]


def run(*, demo: bool, host: str, port: int, data_dir, echo=print) -> None:
    """Serve the dashboard on ``host:port`` (threaded). Outside loopback, sign-in and a secret are required."""
    loopback = is_loopback(host)
    if not loopback and not os.environ.get(SECRET_ENV):
        raise click.UsageError(f"{SECRET_ENV} must be set to serve on {host}: every non-loopback run "
                               "requires sign-in and a secret key (a long random string).")
    from plnetwork.store import Store

    store = Store.from_env(data_dir)
    app = create_app(store=store, data_dir=data_dir, demo=demo and loopback, login_required=not (demo and loopback))
    if demo:
        from .demo import load_demo

        echo("Loading the demo district (first start only)…")
        load_demo(store, district=app.server.config["PLNETWORK"]["DEMO_DISTRICT"])
        _warm(app)
    if not loopback or not demo:
        echo("Sign-in required. Create the first administrator with: plnetwork users add EMAIL --admin")
    echo(f"plnetwork dashboard on http://{host}:{port}/  (Ctrl+C to stop)")
    from werkzeug.serving import run_simple

    run_simple(host, port, app.server, threaded=True, use_reloader=False, use_debugger=False)


def _warm(app) -> None:
    """Analyse the demo waves in the background so the first page is quick."""
    from plnetwork.store import Scope

    from .data import SERVICE_KEY

    data = app.server.extensions[SERVICE_KEY]
    scope = Scope("district", district=app.server.config["PLNETWORK"]["DEMO_DISTRICT"])

    def work():
        for wave in data.waves(scope):
            data.view(scope, wave.id)

    threading.Thread(target=work, name="plnetwork-warm", daemon=True).start()
