"""WSGI entry for a production server, e.g. ``gunicorn -w 2 'dashboard.wsgi:server'``.

Sign-in is required and ``PLNETWORK_SECRET_KEY`` must be set; ``PLNETWORK_DATA_DIR`` (default ``data``)
holds the SQLite database and caches unless ``PLNETWORK_DATABASE_URL`` names PostgreSQL. Put it behind a
TLS-terminating proxy (the session cookie is ``Secure``).
"""

import os

from . import create_app

server = create_app(data_dir=os.environ.get("PLNETWORK_DATA_DIR", "data"), login_required=True).server
