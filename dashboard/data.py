"""The one narrow service every page and callback goes through: scope, stored waves, cached analyses.

Access is decided here, from the signed-in user, never from what a request says about itself: a school
user asking for another school's wave or people gets :class:`AccessDenied` (and an empty answer on the
page), a researcher only ever gets the store's pseudonymized data. Results are cached on the server, and a
cache hit is still checked against the user's scope first:

- analyses by ``(wave, version, relation, what the scope sees of it)``: a bounded in-memory LRU, over a
  diskcache in the data directory shared with background jobs and other worker processes (entries
  expire after a day: individual-level results are personnel data);
- views (the analysis restricted to a scope, with its ties) and what pages derive from them (tables,
  figures) in bounded LRUs keyed by the same, so a repeated callback is a dictionary look-up;
- network layouts once per ``(wave, school)``, on the union of the relations, so positions stay put.

Nothing a person's erasure, a retention purge or a wave's deletion removed from the store may stay in
these caches: every access first reads the newest entry of the store's audit log (a fraction of a
millisecond), and when an erasure, a purge or a deletion was recorded since the last look, every cache
is dropped — memory here, and the shared disk tier (its own marker says which entry it was last
checked against, so another worker, or this one after a restart, clears it too). A result computed while
such a change happened is not stored. The cache keys carry the wave's counts and version as well, so a
changed wave is never served from an older key.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from dataclasses import dataclass

import dash
import diskcache
import flask
import flask_login
import pandas as pd

from plnetwork.store import AccessDenied, AuditRecord, Scope, WavePurged
from plnetwork.store.access import read_view

from .components.network import school_layout
from .components.summaries import edge_frame

__all__ = ["DataService", "service", "current_scope", "ready_view", "AccessDenied", "ALL_RELATIONS", "SERVICE_KEY"]

SERVICE_KEY = "plnetwork"
ALL_RELATIONS = "all"          # the union of the name-generator relations (the library's default network)

#: Audit-log actions after which cached results may hold data the store no longer has.
REMOVALS = frozenset({"person_erased", "retention_purge", "wave_deleted"})
_AUDITOR = Scope("admin")      # reads only the audit log's newest entries (what happened, never whom)
_AUDIT_WINDOW = 100
_DISK_MARKER = "plnetwork:audit-marker"


class _LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __contains__(self, key):
        with self._lock:
            return key in self._items

    def clear(self):
        with self._lock:
            self._items.clear()


class _KeyedLocks:
    """One lock per key, so 25 users asking for the same uncached analysis wait for one computation."""

    def __init__(self):
        self._locks: dict = {}
        self._guard = threading.Lock()

    def __call__(self, key) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())


@dataclass(frozen=True)
class View:
    """What one analysis looks like to one user: people and ties restricted to their scope."""

    wave: object                   # WaveInfo
    relation: str
    people: pd.DataFrame
    edges: list                    # (source_id, target_id) in the chosen relation, both ends visible
    summary: dict
    graph: object
    names_hidden: bool
    key: tuple = ()                # what the view depends on (wave, version, relation, scope's view)
    ties: pd.DataFrame | None = None   # the edges with both ends' school, level, team (edge_frame)


def current_scope() -> Scope:
    """The signed-in user's scope (the demo's user when sign-in is not required)."""
    user = flask_login.current_user
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied("sign in first")
    user_id = int(user.id) if str(user.id).isdigit() else None
    return Scope(role=user.role, district=user.district, school=user.school, user_id=user_id)


def ready_view(ready, *, school: str | None = None):
    """The view ``app-ready`` names (``{"wave", "relation", "hide"}``), for the signed-in user — whatever
    the browser sent, access is checked again here; None when there is nothing (allowed) to show."""
    if not isinstance(ready, dict) or not ready.get("wave"):
        return None
    try:
        return service().view(current_scope(), ready["wave"], str(ready.get("relation") or ALL_RELATIONS),
                              hide_names=bool(ready.get("hide")), school=school)
    except AccessDenied:
        return None


def service() -> "DataService":
    """The data service of the app answering this request (or running this background job)."""
    if flask.has_app_context():
        return flask.current_app.extensions[SERVICE_KEY]
    return dash.get_app().server.extensions[SERVICE_KEY]   # a background job: no request, same app


class DataService:
    """Stored waves and their cached analyses, as one user may see them."""

    def __init__(self, store, *, secret_key: str, cache_dir=None, cache_size: int = 24,
                 layout_cache_size: int = 512, cache_expire: float = 24 * 3600):
        self.store = store
        self.job_key = hmac.new(secret_key.encode(), b"plnetwork jobs", hashlib.sha256).hexdigest()
        self._analyses = _LRU(cache_size)
        # the second tier, shared with background jobs and other workers; personnel data, so it expires
        self._disk = diskcache.Cache(str(cache_dir), size_limit=2**30) if cache_dir is not None else None
        self._expire = cache_expire
        self._layouts = _LRU(layout_cache_size)
        self._reports = _LRU(8)
        self._views = _LRU(32)
        self._derived = _LRU(256)
        self._locks = _KeyedLocks()
        self._seen = None            # the newest audit entry when the caches were last checked
        self._generation = 0         # bumped whenever the caches are dropped
        self._check_lock = threading.Lock()

    # --- keeping the caches true to the store ------------------------------------------------------------
    def check_removals(self) -> int:
        """Drop every cached result if the store recorded an erasure, a purge or a deletion since the last
        look (see the module's docstring); returns the cache generation in force."""
        newest = self.store.audit_log(_AUDITOR, limit=1)
        marker = _marker(newest[0]) if newest else None
        if marker == self._seen:
            return self._generation
        with self._check_lock:
            if marker != self._seen:
                entries = self.store.audit_log(_AUDITOR, limit=_AUDIT_WINDOW)
                if _removed_since(entries, self._seen):
                    for cache in (self._analyses, self._views, self._derived, self._layouts, self._reports):
                        cache.clear()
                    self._generation += 1
                if self._disk is not None:
                    if _removed_since(entries, self._disk.get(_DISK_MARKER)):
                        self._disk.clear()
                    self._disk.set(_DISK_MARKER, marker)
                self._seen = marker
        return self._generation

    def _put(self, cache: _LRU, key, value, generation: int):
        """Store ``value`` unless the caches were dropped since ``generation`` (it may be stale)."""
        if generation == self._generation:
            cache.put(key, value)
        return value

    # --- waves -------------------------------------------------------------------------------------------
    def waves(self, scope: Scope) -> list:
        """Every wave the scope may see, oldest first."""
        self.check_removals()
        return sorted(self.store.waves(scope), key=lambda w: (w.created_at, w.id))

    def wave(self, scope: Scope, wave_id) -> object:
        """The wave's info, or :class:`AccessDenied` when it is not the scope's (or does not exist)."""
        if not str(wave_id).isdigit():
            raise AccessDenied("no such wave")
        self.check_removals()
        return self.store.wave_info(int(wave_id), scope)

    def latest_wave(self, scope: Scope):
        waves = self.waves(scope)
        return waves[-1] if waves else None

    # --- analyses ----------------------------------------------------------------------------------------
    def _key(self, scope: Scope, info, relation: str):
        # what the store shows this scope of the wave (its school only? pseudonymized?) is in the key, and
        # so is the wave's size: an erasure or a re-import changes it, so no stale result is served
        seen = read_view(scope, info.district, info.school or "")
        return (str(info.id), str(info.created_at), info.version, info.staff, info.respondents,
                info.nominations, info.purged, relation or ALL_RELATIONS, seen.school, seen.pseudonymous)

    def is_cached(self, scope: Scope, wave_id, relation: str) -> bool:
        """Whether the analysis can be served without computing (memory, or the shared disk tier)."""
        key = self._key(scope, self.wave(scope, wave_id), relation)
        return key in self._analyses or (self._disk is not None and repr(key) in self._disk)

    def analysis(self, scope: Scope, wave_id, relation: str = ALL_RELATIONS):
        """The wave's analysis in ``relation`` (computed once, then served from the cache)."""
        info = self.wave(scope, wave_id)                  # the access check, also on a cache hit
        generation = self._generation
        key = self._key(scope, info, relation)
        cached = self._analyses.get(key)
        if cached is not None:
            return cached
        with self._locks(key):
            cached = self._analyses.get(key)
            if cached is None and self._disk is not None:
                cached = self._disk.get(repr(key))
            if cached is None:
                try:
                    data = self.store.load_wave(info.id, scope)
                except WavePurged as exc:      # past the retention period: only aggregates remain
                    raise AccessDenied(str(exc)) from exc
                cached = data.analyze(relation=_relation_arg(relation))
                # an erasure while this ran: answer this request, keep nothing
                if self.check_removals() != generation:
                    return cached
                if self._disk is not None:
                    self._disk.set(repr(key), cached, expire=self._expire)
            return self._put(self._analyses, key, cached, generation)

    def relations(self, scope: Scope, wave_id) -> list[str]:
        """The relations of the wave, after :data:`ALL_RELATIONS`."""
        graph = self.analysis(scope, wave_id).graph
        return [ALL_RELATIONS] + list(graph.graph.get("relations") or [])

    def view(self, scope: Scope, wave_id, relation: str = ALL_RELATIONS, *, hide_names: bool = False,
             school: str | None = None) -> View:
        """The analysis as this user may see it, optionally of one ``school`` only.

        A school user sees only their own school (asking for another raises :class:`AccessDenied`);
        names are the store's pseudonyms when ``hide_names`` is on, and always for researchers.
        """
        school = self._allowed_school(scope, school)
        scope = scope.with_hidden_names(hide_names or scope.hide_names)
        info = self.wave(scope, wave_id)
        generation = self._generation
        key = ("view", self._key(scope, info, relation), school)
        found = self._views.get(key)
        if found is not None:
            return found
        analysis = self.analysis(scope, info.id, relation)
        people = analysis.people.copy()
        people["staff_id"] = people["staff_id"].astype(str)
        if school is not None:
            people = people[people["school"].astype(str) == school]
        people = people.reset_index(drop=True)
        visible = set(people["staff_id"])
        edges = [(str(u), str(v)) for u, v in _edges(analysis.graph, relation)
                 if str(u) in visible and str(v) in visible]
        return self._put(self._views, key, View(info, relation, people, edges, analysis.summary, analysis.graph,
                                                scope.pseudonymous, key, edge_frame(people, edges)), generation)

    def memo(self, key, compute):
        """``compute()`` once per ``key`` (a view's ``key`` plus what the page adds), then from memory.

        Pages use it for what they derive from a view (tables, figures): a repeated request is then as
        fast as a dictionary look-up. ``key`` must start with a view's key, which embeds the access scope.
        """
        found = self._derived.get(key)
        if found is not None:
            return found
        generation = self._generation
        return self._put(self._derived, key, compute(), generation)

    def _allowed_school(self, scope: Scope, school: str | None) -> str | None:
        if scope.role == "school":
            if school is not None and school != scope.school:
                raise AccessDenied("a school account sees only its own school")
            return scope.school
        return school

    # --- the school view ---------------------------------------------------------------------------------
    def school_view(self, scope: Scope, wave_id, school: str, relation: str = ALL_RELATIONS, *,
                    hide_names: bool = False):
        """``(view, positions)``: the school's staff plus district staff tied to them, and their layout.

        The layout is computed once per (wave, school) on the union of all relations, so positions stay
        put when the relation changes.
        """
        self._allowed_school(scope, school)
        full = self.view(scope, wave_id, relation, hide_names=hide_names)
        return self.memo(full.key + ("school", school, scope.role == "school"),
                         lambda: self._school_view(scope, full, school))

    def _school_view(self, scope: Scope, full: View, school: str):
        relation = full.relation
        people = full.people
        in_school = people["school"].astype(str) == school
        ids = set(people.loc[in_school, "staff_id"])
        union = [(str(u), str(v)) for u, v in _edges(full.graph, ALL_RELATIONS)]
        tied = {v for u, v in union if u in ids} | {u for u, v in union if v in ids}
        district = people["level"].eq("district") & people["staff_id"].isin({str(t) for t in tied}) & ~in_school
        if scope.role == "school":
            district &= False            # a school account sees its own school's people only
        shown = people[in_school | district].reset_index(drop=True)
        keep = set(shown["staff_id"])
        edges = [(u, v) for u, v in full.edges if u in keep and v in keep]
        key = (str(full.wave.id), str(full.wave.created_at), school, full.names_hidden, scope.role == "school")
        positions = self._layouts.get(key)
        if positions is None:
            generation = self._generation
            all_edges = [(u, v) for u, v in union if u in keep and v in keep]
            positions = self._put(self._layouts, key, school_layout(shown, all_edges, home=school), generation)
        view = View(full.wave, relation, shown, edges, full.summary, full.graph, full.names_hidden,
                    full.key + ("school", school), edge_frame(shown, edges))
        return view, positions

    def person(self, scope: Scope, wave_id, relation: str, staff_id: str, *, hide_names: bool = False):
        """``(person, ties_in, ties_out, school_staff)`` for one visible person, or None.

        Ties are in every relation (``relations`` says which), with colleagues this user may see.
        """
        view = self.view(scope, wave_id, relation, hide_names=hide_names)
        people = view.people.set_index("staff_id", drop=False)
        staff_id = str(staff_id)
        if staff_id not in people.index:
            return None
        names = people["name"].astype(str)
        G = view.graph
        rows_in = [(names[str(u)], _relation_text(d)) for u, _, d in G.in_edges(staff_id, data=True)
                   if str(u) in people.index] if staff_id in G else []
        rows_out = [(names[str(v)], _relation_text(d)) for _, v, d in G.out_edges(staff_id, data=True)
                    if str(v) in people.index] if staff_id in G else []
        person = people.loc[staff_id].to_dict()
        school_staff = int((people["school"] == person.get("school")).sum())
        frame = lambda rows: pd.DataFrame(sorted(rows), columns=["name", "relations"])  # noqa: E731
        return person, frame(rows_in), frame(rows_out), school_staff

    def report_html(self, scope: Scope, wave_id, relation: str = ALL_RELATIONS, *,
                    hide_names: bool = False) -> str:
        """The guiding-questions report of the wave as this user may see it (rendered once, then cached)."""
        from plnetwork.report import render_report

        generation = self._generation
        view = self.view(scope, wave_id, relation, hide_names=hide_names)
        key = ("report",) + view.key + (scope.role, scope.school)
        html = self._reports.get(key)
        if html is None:
            html = self._put(self._reports, key, render_report(
                view.people, view.graph, view.summary,
                title=f"{view.wave.label}: shared leadership of professional learning"), generation)
        return html

    def schools(self, scope: Scope, wave_id) -> list[str]:
        """The schools of the wave this user may open."""
        people = self.analysis(scope, wave_id).people
        people = people[people["school"].notna() & (people["school"].astype(str).str.strip() != "")]
        office = people.groupby("school")["level"].agg(lambda s: bool((s == "district").all()))
        # schools first, the district office (everyone at the district level) last
        schools = sorted({str(s) for s in people["school"]}, key=lambda s: (bool(office.get(s, False)), s))
        if scope.role == "school":
            return [s for s in schools if s == scope.school]
        return schools


def _marker(entry: AuditRecord) -> tuple:
    return (entry.at, entry.action, entry.detail)


def _removed_since(entries: list, seen) -> bool:
    """Whether ``entries`` (newest first) record a removal after the entry ``seen`` — or ``seen`` is
    unknown, or too far back to tell: then the caches are dropped to be safe."""
    for entry in entries:
        if _marker(entry) == seen:
            return False
        if entry.action in REMOVALS:
            return True
    return True


def _relation_text(data: dict) -> str:
    relations = data.get("relations") or ()
    return ", ".join(relations) if isinstance(relations, (tuple, list)) else str(relations)


def _relation_arg(relation: str | None):
    return None if not relation or relation == ALL_RELATIONS else relation


def _edges(G, relation: str | None):
    """Edges of ``G`` in ``relation`` (every edge for :data:`ALL_RELATIONS`)."""
    relation = _relation_arg(relation)
    if relation is None:
        generators = set(G.graph.get("name_generators") or [])
        return [(u, v) for u, v, d in G.edges(data=True)
                if not generators or generators & set(d.get("relations") or ())]
    return [(u, v) for u, v, d in G.edges(data=True) if relation in (d.get("relations") or ())]
