"""The dashboard over HTTP (Flask's test client): sign-in, scope on forged callback requests, limits, headers."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("dash")

from plnetwork.store import Scope  # noqa: E402

from dashboard import create_app  # noqa: E402

DISTRICT = "Demo District"
PASSWORD = "correct horse battery"
HTTPS = {"base_url": "https://dash.example.org"}
ORIGIN = "https://dash.example.org"


@pytest.fixture(scope="module")
def wave(demo_store):
    return demo_store.waves(Scope("district", district=DISTRICT))[-1].id


@pytest.fixture(scope="module")
def roster(demo_store, wave):
    return demo_store.load_wave(wave, Scope("admin")).roster


@pytest.fixture(scope="module")
def schools(roster):
    return sorted(s for s in roster["school"].unique() if s != "District Office")


@pytest.fixture(scope="module")
def users(demo_store, schools):
    add = demo_store.users.add_user
    add("lead@example.org", PASSWORD, "district", DISTRICT)
    add("school@example.org", PASSWORD, "school", DISTRICT, schools[0])
    add("research@example.org", PASSWORD, "researcher", DISTRICT)
    add("victim@example.org", PASSWORD, "school", DISTRICT, schools[1])
    return {"district": "lead@example.org", "school": "school@example.org", "researcher": "research@example.org",
            "victim": "victim@example.org"}


@pytest.fixture(scope="module")
def app(demo_store, users, tmp_path_factory):
    return create_app(store=demo_store, data_dir=tmp_path_factory.mktemp("data"), login_required=True,
                      config={"SECRET_KEY": "test-secret-key", "BACKGROUND_CALLBACKS": False,
                              "MAX_CONTENT_LENGTH": 1024 * 1024})


@pytest.fixture
def client(app):
    return app.server.test_client()


def login(client, email, password=PASSWORD, *, address="127.0.0.1"):
    environ = {"REMOTE_ADDR": address}
    page = client.get("/login", environ_base=environ, **HTTPS)
    token = re.search(r'name="csrf" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post("/login", data={"email": email, "password": password, "csrf": token},
                       headers={"Origin": ORIGIN}, environ_base=environ, **HTTPS)


def call(client, outputs, inputs, state=(), *, origin=ORIGIN, csrf=True):
    """POST one callback as the Dash renderer would (or as a forger would)."""
    cookie = client.get_cookie("_csrf_token", domain="dash.example.org")
    headers = {"Origin": origin} if origin else {}
    if csrf and cookie is not None:
        headers["X-CSRFToken"] = cookie.value
    key = outputs[0][0] + "." + outputs[0][1] if len(outputs) == 1 else \
        ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
    body = {"output": key,
            "outputs": {"id": outputs[0][0], "property": outputs[0][1]} if len(outputs) == 1
            else [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state]}
    return client.post("/_dash-update-component", json=body, headers=headers, **HTTPS)


def ready(wave, hide=False):
    return {"wave": str(wave), "relation": "all", "hide": hide}


PEOPLE_TABLE = [("people-table", "data"), ("people-table", "page_count"), ("people-table", "page_current"),
                ("people-count", "children")]
PEOPLE_INPUTS = [("people-search", "value", None)] + [(f"people-{k}", "value", None) for k in (
    "school", "level", "role", "team", "status")] + [("people-table", "page_current", 0),
                                                     ("people-table", "sort_by", [])]


def people_request(client, wave, hide=False):
    return call(client, PEOPLE_TABLE, [("app-ready", "data", ready(wave, hide))] + PEOPLE_INPUTS)


def test_a_secret_key_is_required_outside_the_demo(demo_store, tmp_path, monkeypatch):
    monkeypatch.delenv("PLNETWORK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="PLNETWORK_SECRET_KEY"):
        create_app(store=demo_store, data_dir=tmp_path, login_required=True)


@pytest.mark.parametrize("path", ["/", "/people", "/school/choose", "/upload", "/report/1.html"])
def test_no_page_answers_without_sign_in(client, path):
    response = client.get(path, **HTTPS)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies"])
def test_no_dash_endpoint_answers_without_sign_in(client, path):
    assert client.get(path, **HTTPS).status_code == 401


def test_no_callback_answers_without_sign_in(client, wave):
    client.get("/login", **HTTPS)                     # a session and its CSRF token, but nobody signed in
    response = people_request(client, wave)
    assert response.status_code == 401 and b"staff" not in response.data


def test_sign_in_sets_hardened_cookies_and_opens_the_pages(client, users):
    response = login(client, users["district"])
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    session = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("plnetwork_session="))
    assert "HttpOnly" in session and "Secure" in session and "SameSite=Lax" in session
    assert "_csrf_token=" in cookies
    assert client.get("/", **HTTPS).status_code == 200
    assert client.get("/_dash-layout", **HTTPS).status_code == 200


def test_wrong_passwords_are_rate_limited(app, users):
    client = app.server.test_client()
    codes = [login(client, users["victim"], "wrong password!", address="10.9.9.9").status_code for _ in range(7)]
    assert codes[0] == 401 and codes[-1] == 429
    assert login(client, users["victim"], address="10.9.9.9").status_code == 429   # even the right one


def test_login_redirects_only_within_the_site(client, users):
    page = client.get("/login?next=//evil.example/x", **HTTPS)
    token = re.search(r'name="csrf" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/login?next=//evil.example/x", data={"email": users["district"], "password": PASSWORD,
                                                                  "csrf": token}, headers={"Origin": ORIGIN}, **HTTPS)
    assert response.headers["Location"] == "/"


def test_security_headers_and_no_caching(client, users):
    login(client, users["district"])
    response = client.get("/", **HTTPS)
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                   "Strict-Transport-Security"):
        assert header in response.headers
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    script = re.search(r'src="(/assets/plotly-dashboard\.min\.js\?m=[^"]+)"', response.get_data(as_text=True))
    assert script, "the dashboard's own plotly.js bundle is on the page"
    cached = client.get(script.group(1), **HTTPS)
    assert cached.status_code == 200 and "max-age=31536000" in cached.headers["Cache-Control"]


def test_cross_site_and_token_less_callbacks_are_refused(client, users, wave):
    login(client, users["district"])
    assert people_request(client, wave).status_code == 200
    forged = call(client, PEOPLE_TABLE, [("app-ready", "data", ready(wave))] + PEOPLE_INPUTS,
                  origin="https://evil.example")
    assert forged.status_code == 403
    no_token = call(client, PEOPLE_TABLE, [("app-ready", "data", ready(wave))] + PEOPLE_INPUTS, csrf=False)
    assert no_token.status_code == 403


def test_requests_over_the_size_limit_are_refused(client, users):
    login(client, users["district"])
    cookie = client.get_cookie("_csrf_token", domain="dash.example.org").value
    response = client.post("/_dash-update-component", data=b"x" * (2 * 1024 * 1024),
                           headers={"Origin": ORIGIN, "X-CSRFToken": cookie, "Content-Type": "application/json"},
                           **HTTPS)
    assert response.status_code == 413


def test_a_school_user_forging_a_request_for_another_school_gets_nothing(client, users, wave, roster, schools):
    login(client, users["school"])
    other = schools[1]
    others = set(roster.loc[roster["school"] == other, "name"]) - set(roster.loc[roster["school"] != other, "name"])
    figure = call(client, [("school-network", "figure"), ("school-tables", "children"),
                           ("school-reading", "children"), ("school-reading", "className")],
                  [("app-ready", "data", ready(wave)), ("school-choice", "value", other),
                   ("school-colour", "value", "level"), ("school-selected", "data", None)])
    assert figure.status_code == 200
    text = figure.get_data(as_text=True)
    assert not any(name in text for name in others)
    people = people_request(client, wave).get_data(as_text=True)
    assert not any(name in people for name in others)
    mine = set(roster.loc[roster["school"] == schools[0], "name"])
    assert any(name in people for name in mine)
    report = client.get(f"/report/{wave}.html", **HTTPS).get_data(as_text=True)
    assert not any(name in report for name in others)


def test_a_researcher_never_sees_a_name(client, users, wave, roster):
    login(client, users["researcher"])
    names = [n for n in roster["name"] if len(n) > 5]
    for hide in (False, True):              # the switch is forced on for researchers, whatever is sent
        text = people_request(client, wave, hide).get_data(as_text=True)
        assert "P-" in text and not any(name in text for name in names)
    overview = call(client, [("overview-body", "children")], [("app-ready", "data", ready(wave))])
    layout = client.get("/_dash-layout", **HTTPS).get_data(as_text=True)
    report = client.get(f"/report/{wave}.html?hide=0", **HTTPS).get_data(as_text=True)
    for text in (overview.get_data(as_text=True), layout, report):
        assert not any(name in text for name in names)
    upload = client.get("/_dash-layout", **HTTPS)
    assert json.loads(upload.data)       # the frame loads, without an upload link for researchers


def test_the_demo_answers_loopback_only_and_debug_is_off(demo_store, tmp_path):
    app = create_app(store=demo_store, data_dir=tmp_path, demo=True, config={"BACKGROUND_CALLBACKS": False})
    client = app.server.test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 403
    proxied = client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 403          # a proxy on this machine does not make the world local
    assert app.server.debug is False and app.server.config["DEBUG"] is False
    assert app.server.config["MAX_CONTENT_LENGTH"] <= 64 * 1024 * 1024


def test_errors_do_not_leak_internals(client, users):
    login(client, users["district"])
    cookie = client.get_cookie("_csrf_token", domain="dash.example.org").value
    response = client.post("/_dash-update-component", data=b"{not json", headers={
        "Origin": ORIGIN, "X-CSRFToken": cookie, "Content-Type": "application/json"}, **HTTPS)
    assert response.status_code >= 400 and b"Traceback" not in response.data
