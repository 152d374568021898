"""The dashboard's callbacks, called directly as Python functions (inside a request as a given user)."""

from __future__ import annotations

import base64
import contextlib
import sys

import flask_login
import pytest

pytest.importorskip("dash")

from dashboard import create_app  # noqa: E402
from dashboard.auth import SessionUser  # noqa: E402
from plnetwork.demo import write_demo  # noqa: E402

DISTRICT = "Demo District"


@pytest.fixture(scope="module")
def app(demo_store, tmp_path_factory):
    return create_app(store=demo_store, data_dir=tmp_path_factory.mktemp("data"), login_required=True,
                      config={"SECRET_KEY": "test-secret", "BACKGROUND_CALLBACKS": False})


@pytest.fixture(scope="module")
def waves(demo_store):
    from plnetwork.store import Scope

    return [w.id for w in demo_store.waves(Scope("district", district=DISTRICT))]


@pytest.fixture(scope="module")
def schools(demo_store, waves):
    from plnetwork.store import Scope

    roster = demo_store.load_wave(waves[-1], Scope("admin")).roster
    return sorted(s for s in roster["school"].unique() if s != "District Office")


@pytest.fixture(scope="module")
def accounts(demo_store, schools):
    """Real accounts in the store: a district leader, a school data lead per school, a researcher."""
    add = demo_store.users.add_user
    made = {"district": add("lead@example.org", "long enough pw", "district", DISTRICT),
            "researcher": add("r@example.org", "long enough pw", "researcher", DISTRICT)}
    for i, school in enumerate(schools):
        made[school] = add(f"school{i}@example.org", "long enough pw", "school", DISTRICT, school)
    return {key: SessionUser.from_store(user) for key, user in made.items()}


def page(name):
    return sys.modules[f"dashboard.pages.{name}"]


@contextlib.contextmanager
def signed_in(app, user):
    with app.server.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        flask_login.login_user(user)
        yield


def ready(wave, relation="all", hide=False):
    return {"wave": str(wave), "relation": relation, "hide": hide}


def text(component) -> str:
    return str(component)


def people_page(ready_, search=None, *, level=None, page_=0, sort_by=None):
    """The People table's callback: ``(rows of the page, page count, page, "n of N people")``."""
    return page("people").table(ready_, search, None, level, None, None, None, page_, sort_by or [])


def test_overview_follows_the_wave_and_relation(app, accounts, waves):
    with signed_in(app, accounts["district"]):
        both = page("overview").render(ready(waves[-1]))
        advice = page("overview").render(ready(waves[-1], "advice"))
        earlier = page("overview").render(ready(waves[0]))
    flows = lambda body: next(c for c in body if "overview-flows-figure" in text(c))  # noqa: E731
    assert text(flows(both)) != text(flows(advice))
    assert text(both) != text(earlier)
    assert "120" in text(both[0])                             # staff headline
    assert "Survey waves" in text(both)


def test_overview_of_a_wave_out_of_scope_shows_nothing(app, accounts, waves):
    with signed_in(app, accounts["district"]):
        body = page("overview").render(ready(9999))
    assert "Choose a survey wave" in text(body)


def test_school_view_figure_card_and_tables(app, accounts, waves, schools):
    school = schools[0]
    with signed_in(app, accounts["district"]):
        options, value = page("school").choose(ready(waves[-1]), None)
        assert school in [o["value"] for o in options] and value is not None
        figure, tables, reading, _ = page("school").render(ready(waves[-1]), school, "team", None)
        ids = [i for trace in figure["data"] if trace.get("customdata") for i in trace["customdata"]]
        assert ids and "Leaders" in text(tables) and "Response rate" in text(reading)
        card, selected = page("school").card({"points": [{"customdata": ids[0]}]}, school, ready(waves[-1]))
    assert selected == ids[0] and "Why flagged" in text(card) and "Named by" in text(card)


def test_a_school_user_gets_nothing_of_another_school(app, accounts, waves, schools):
    mine, other = schools[0], schools[1]
    with signed_in(app, accounts["district"]):
        figure, _, _, _ = page("school").render(ready(waves[-1]), other, "level", None)
        other_id = next(i for t in figure["data"] if t.get("customdata") for i in t["customdata"])
    with signed_in(app, accounts[mine]):
        options, _ = page("school").choose(ready(waves[-1]), None)
        assert [o["value"] for o in options] == [mine]
        figure, tables, _, _ = page("school").render(ready(waves[-1]), other, "level", None)
        assert not [t for t in figure["data"] if t.get("customdata")]
        card, selected = page("school").card({"points": [{"customdata": other_id}]}, mine, ready(waves[-1]))
        assert selected is None and "not available" in text(card)
        rows, _, _, count = people_page(ready(waves[-1]))
    assert rows and {r["school"] for r in rows} == {mine}


def test_people_search_and_filters(app, accounts, waves):
    with signed_in(app, accounts["district"]):
        options = page("people").filter_options(ready(waves[-1]))
        levels = [o["value"] for o in options[1]]
        assert set(levels) == {"classroom", "school", "district"}
        columns, hidden = options[-2], options[-1]
        assert "staff_id" not in [c["id"] for c in columns] and "pagerank" in hidden and "name" not in hidden
        rows, _, _, count = people_page(ready(waves[-1]), level=["district"])
        assert rows and {r["level"] for r in rows} == {"district"}
        name = rows[0]["name"]
        rows, _, _, _ = people_page(ready(waves[-1]), name.split()[0].lower())
    assert name in [r["name"] for r in rows]


def test_people_table_is_paged_and_sorted_on_the_server(app, accounts, waves):
    with signed_in(app, accounts["district"]):
        first, pages, at, count = people_page(ready(waves[-1]))
        second, _, at2, _ = people_page(ready(waves[-1]), page_=1)
        last, _, at_last, _ = people_page(ready(waves[-1]), page_=999)
        by_degree, _, _, _ = people_page(ready(waves[-1]), sort_by=[{"column_id": "in_degree", "direction": "desc"}])
        forged, _, _, _ = people_page(ready(waves[-1]), sort_by=[{"column_id": "__class__", "direction": "asc"},
                                                                 {"column_id": {"x": 1}}, "junk"])
        csv = page("people").download(1, ready(waves[-1]), None, None, ["district"], None, None, None, [])
    assert len(first) == 25 and count == "120 of 120 people" and pages == 5 and at == 0
    assert at2 == 1 and not {r["name"] for r in first} & {r["name"] for r in second}
    assert at_last == 4 and len(last) == 120 - 4 * 25
    degrees = [r["in_degree"] for r in by_degree]
    assert degrees == sorted(degrees, reverse=True) and len(forged) == 25
    lines = csv["content"].splitlines()
    assert lines[0].startswith("Name,School") and "Staff id" not in lines[0] and len(lines) > 2


def test_hide_names_and_researchers_see_pseudonyms(app, accounts, waves):
    with signed_in(app, accounts["district"]):
        named = people_page(ready(waves[-1]))[0]
        hidden = people_page(ready(waves[-1], hide=True))[0]
    with signed_in(app, accounts["researcher"]):
        forged = people_page(ready(waves[-1], hide=False))[0]
    names = {r["name"] for r in named}
    for rows in (hidden, forged):
        shown = {r["name"] for r in rows}
        assert shown and not (shown & names)


def test_teams_change_and_questions(app, accounts, waves):
    with signed_in(app, accounts["district"]):
        teams = page("teams").render(ready(waves[-1]), None)
        options, earlier = page("change").earlier(ready(waves[-1]), None)
        change = page("change").render(ready(waves[-1]), earlier)
        links, report = page("questions").render(ready(waves[-1]))
    assert "Teams with no tie out" in text(teams)
    assert earlier == str(waves[0]) and "ties gained" in text(change) and "Emerging informal leaders" in text(change)
    assert f"/report/{waves[-1]}.html" in text(links) and "Iframe" in text(report)


def test_analysis_job_is_signed_and_forgeries_are_ignored(app, accounts, waves):
    from dashboard import shell

    with signed_in(app, accounts["district"]):
        token, ready_now, reading, _ = shell.shell_job(str(waves[0]), "learning", [])
        assert token and "Response rate" in text(reading)
        done = shell.shell_warm(token)
        assert done == {"wave": str(waves[0]), "relation": "learning", "hide": False}
        assert shell.shell_warm(token + "x") is shell.no_update
        token2, ready2, _, _ = shell.shell_job(str(waves[0]), "learning", [])
    assert ready2["wave"] == str(waves[0]) and token2 is shell.no_update     # cached now: no job


def _data_url(path) -> str:
    return "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode()


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("exports"), staff=60, schools=1, seed=5, waves=1,
                      formats=("google_forms",))


def test_upload_shows_issues_and_saves_a_wave_that_appears_in_the_overview(app, accounts, demo_store, exports,
                                                                           schools):
    export, roster = exports["wave1_google_forms"], exports["roster"]
    upload = page("upload")
    args = ([_data_url(export)], [export.name], _data_url(roster), roster.name)
    with signed_in(app, accounts["district"]):
        found = upload.inspect(1, 0, *args, None, None)
        hidden, summary, mapping, uses, unresolved, dropdowns, preview, issues, _, _, message = found
        assert "relation: advice" in [o["value"] for o in uses["use"]["options"]]
        assert hidden is False and "google_forms" in text(summary) and message == ""
        assert any(row["use"].startswith("relation: ") for row in mapping)
        assert "name_" in text(issues) or len(unresolved) == 0
        saved, options, value = upload.save(1, *args, mapping, unresolved, "", "Test upload")
        assert "Saved" in text(saved) and value in [o["value"] for o in options]
        body = page("overview").render(ready(value))
    assert "Test upload" in text(body)


def test_upload_of_a_malformed_or_oversized_file_is_a_message(app, accounts, exports):
    upload = page("upload")
    roster = exports["roster"]
    junk = "data:text/csv;base64," + base64.b64encode(b"\x00\x01 not a survey").decode()
    with signed_in(app, accounts["district"]):
        out = upload.inspect(1, 0, [junk], ["junk.csv"], _data_url(roster), roster.name, None, None)
        assert out[0] is True and "error-box" in text(out[-1])
        big = "data:text/csv;base64," + base64.b64encode(b"x" * (11 * 1024 * 1024)).decode()
        out = upload.inspect(1, 0, [big], ["big.csv"], _data_url(roster), roster.name, None, None)
        assert "larger than the 10 MB limit" in text(out[-1])
    with signed_in(app, accounts["researcher"]):
        out = upload.inspect(1, 0, [_data_url(roster)], ["x.csv"], _data_url(roster), roster.name, None, None)
    assert "researcher" in text(out[-1])


def test_csv_download_escapes_what_the_user_sees(app):
    from dashboard.components.tables import table_csv

    csv = table_csv([{"name": "@SUM(1)"}], [{"id": "name", "name": "Name"}])
    assert csv.splitlines()[1] == "'@SUM(1)"
