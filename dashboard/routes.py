"""Plain Flask routes beside the Dash pages: the guiding-questions report of a wave."""

from __future__ import annotations

import re

import flask

from .data import ALL_RELATIONS, AccessDenied, current_scope, service

__all__ = ["install_routes"]

_RELATION = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def install_routes(server: flask.Flask) -> None:
    @server.route("/report/<wave_id>.html")
    def report(wave_id):
        relation = flask.request.args.get("relation", ALL_RELATIONS)
        if not _RELATION.match(relation):
            relation = ALL_RELATIONS
        hide = flask.request.args.get("hide") == "1"
        try:
            html = service().report_html(current_scope(), wave_id, relation, hide_names=hide)
        except AccessDenied:
            flask.abort(404)          # out of scope and missing look the same
        response = flask.Response(html, mimetype="text/html")
        if flask.request.args.get("download") == "1":
            response.headers["Content-Disposition"] = f'attachment; filename="report-wave-{int(wave_id)}.html"' \
                if wave_id.isdigit() else 'attachment; filename="report.html"'
        return response
