"""A realistic synthetic school district — roster, survey ties over waves, planted truth — and its exports.

>>> d = make_district(staff=300, schools=3, seed=1, waves=2)
>>> sorted(d.planted[0]) == sorted(PLANTED_KEYS)
True
>>> d.roster["staff_id"].iloc[:3].tolist()
['000077', '000611', '000245']
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from . import model

__all__ = ["DemoDistrict", "make_district", "write_demo", "RELATION_LIMITS", "PLANTED_KEYS",
           "DEMO_ROSTER_COLUMNS"]

_FEMALE = ("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra "
           "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon "
           "Cynthia Katherine Amy Angela Anna Brenda Nicole Samantha Christine Rachel Catherine Maria Heather "
           "Diane Julie Olivia Emma Victoria Lauren Megan Hannah Grace Sophia Chloé Zoë Renée Inés Sofía "
           "Lucía Camila Valentina Guadalupe Ximena Aaliyah Imani Keisha Latoya Ebony Mei Yuki Priya Ananya "
           "Aisha Fatima Leila Noor Svetlana Katarzyna Ingrid Siobhan Maeve Aoife Thuy Ngozi Amara Esperanza "
           "Dolores Beatriz Ayesha Marisol Paloma").split()
_MALE = ("James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew "
         "Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Jason "
         "Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Justin Scott Brandon Benjamin Samuel "
         "Gregory Alexander Patrick Raymond Dennis Tyler Aaron José Joaquín Ramón Andrés Luis Carlos Miguel "
         "Juan Diego Alejandro Javier Rafael Darnell Malik Jamal Terrence DeShawn Hiroshi Kenji Wei Minh Raj "
         "Arjun Vikram Omar Ahmed Tariq Yusuf Dmitri Piotr Lars Seamus Declan Kwame Chidi Tomás Noé Mateo "
         "Santiago Emeka Farid").split()
_NEUTRAL = ("Jordan Taylor Morgan Casey Riley Avery Quinn Rowan Kai Skyler Dakota Emerson Reese Hayden "
            "Parker").split()
_SURNAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez "
    "Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker "
    "Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards "
    "Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey "
    "Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza "
    "Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry "
    "Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez Simmons Romero Patterson Hamilton "
    "Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar "
    "Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells "
    "Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez "
    "Silva Shaw Snyder Mason Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone "
    "Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan "
    "Gardner Payne Grant Dunn Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight Elliott "
    "Cunningham Duncan Armstrong Hudson Carroll Lane Andrews Alvarado Delgado Berry Perkins Hoffman Johnston "
    "Matthews Peña Richards Contreras Willis Carpenter Lawrence Sandoval O'Brien O'Connor O'Neill O'Malley "
    "D'Angelo D'Souza McCarthy MacLeod Núñez Ibáñez Márquez Müller Nowak Kowalski Ivanov Petrov Popescu "
    "Yilmaz Haddad Khan Ali Hassan Rahman Okafor Okonkwo Mensah Asante Diallo Ndiaye Wang Li Zhang Liu Huang "
    "Zhao Wu Zhou Park Choi Jung Kang Cho Yoon Pham Le Vo Dang Hoang Bui Tanaka Suzuki Watanabe Yamamoto "
    "Nakamura Sato Shah Singh Kumar Gupta Sharma Reddy Iyer Mehta Joshi Nair Rossi Russo Esposito Romano "
    "Ricci Bianchi Costa Ferrari Dubois Lefèvre Moreau Bélanger Côté Gagnon Tremblay Bouchard Fitzgerald "
    "Gallagher Brennan Doyle Kavanagh Byrne Lindqvist Johansson Eriksson Larsen Nielsen Jensen Kaur Begum "
    "Abara Osei Boateng Acheampong Tesfaye Haile Girma Mbeki Achebe Castañeda Echeverría Villanueva Cervantes "
    "Zamora Quiñones Fuentes Ochoa Benítez Sepúlveda").split()
_NICKNAMES = {"Elizabeth": "Liz", "Robert": "Bob", "William": "Bill", "Daniel": "Dan", "Katherine": "Kate",
              "Michael": "Mike", "James": "Jim", "Jennifer": "Jen", "Christopher": "Chris", "Thomas": "Tom"}
_PLACES = ("Lincoln Washington Jefferson Roosevelt Kennedy Franklin Madison Adams Monroe Jackson Garfield "
           "Wilson Hamilton Douglass Tubman Chavez Parks Carver Edison Whitman Emerson Thoreau Hawthorne "
           "Longfellow Twain Frost Hughes Angelou Earhart Keller Anthony Stanton Mann Dewey Marshall Truman "
           "Grant McKinley Clemente Sotomayor Ochoa Riverside Hillcrest Lakeview Meadowbrook Westwood "
           "Northside Brookside Fairview Highland Glenwood Parkview Greenfield Springdale Ridgeview Bayside "
           "Lakeside Stonebridge Eastgate Oakwood Pinecrest Maplewood Cedarbrook Willowbrook Sunnyside "
           "Woodland Clearwater Briarwood Foxhill Silverlake").split()
_SUFFIXES = ("", " Park", " Heights", " Hills", " Valley", " Ridge", " Grove", " Creek")
_DEPARTMENTS = ("Mathematics", "English", "Science", "Social Studies", "World Languages", "Arts", "PE/Health",
                "Special Education")
_GRADES = ("Kindergarten", "Grade 1", "Grade 2", "Grade 3", "Grade 4", "Grade 5")
_TEAMS = {"Elementary": _GRADES + ("Special Education", "Specials"), "Middle": _DEPARTMENTS, "High": _DEPARTMENTS}
_TEAM_WEIGHT = {"Mathematics": 1.3, "English": 1.3, "Science": 1.1, "World Languages": 0.7, "Arts": 0.6,
                "PE/Health": 0.6, "Special Education": 0.7, "Specials": 0.6}
_GRADE = {"Kindergarten": "K", **{f"Grade {g}": str(g) for g in range(1, 6)}}
_SIZE = {"Elementary": 1.0, "Middle": 1.4, "High": 2.2}
_DIRECTORS = ("Director of Curriculum and Instruction", "Director of Professional Learning",
              "Director of Special Education", "Director of Assessment")
_COORDINATORS = tuple(f"District {s} Coordinator" for s in
                      ("Math", "Literacy", "Science", "ELL", "Instructional Technology", "Professional Learning"))
_SCHOOL_LEADERS = ("Principal", "Assistant Principal", "Literacy Coach", "Math Coach", "Instructional Coach",
                   "Technology Coach")
_TEAM_LEADS = ("Grade Level Lead", "Team Lead", "Department Head", "PLC Lead")
_APPEAL = {"Principal": 3.0, "Assistant Principal": 2.0, "School Counselor": 1.0, "Paraprofessional": 0.4,
           "Superintendent": 3.0, **{r: 4.0 for r in _SCHOOL_LEADERS[2:]}, **{r: 1.6 for r in _TEAM_LEADS}}
_LEADER_APPEAL = 6.0  # a planted informal leader is sought about six times as often as a typical colleague

#: The survey's cap on names per relation (the wide layout has this many columns per relation).
RELATION_LIMITS = {"advice": 6, "learning": 5, "leadership": 3}
_RELATIONS = tuple(RELATION_LIMITS)
_K_RANGE = np.array([[3, 6], [2, 5], [1, 3]])
#: Keys of each wave's planted truth; waves after the first add ``new_informal_leaders``,
#: ``became_connected``, ``left`` and ``joined``.
PLANTED_KEYS = ("informal_leaders", "isolated", "not_sought", "unknown", "non_respondents", "brokers")
#: The canonical roster columns, then the attributes a district keeps for disaggregation.
DEMO_ROSTER_COLUMNS = [*model.ROSTER_COLUMNS, "grade", "subject", "years_experience"]

# Whom a respondent names: pools (team, school, school formal leaders, cluster hub = district coordinators and
# network coaches, cluster school leaders, district office) by respondent kind (staff, school leader, district)
# and relation (advice, learning, leadership). Most ties stay in team and school; schools meet through the hub.
_MIX = np.array([
    [[.58, .23, .12, .05, .02, 0], [.58, .23, .12, .05, .02, 0], [.10, .35, .40, .10, 0, .05]],
    [[.15, .30, .20, .15, .17, .03], [.15, .30, .20, .15, .17, .03], [0, .20, .30, .20, .10, .20]],
    [[.30, 0, 0, .20, .40, .10], [.30, 0, 0, .20, .40, .10], [.10, 0, 0, .20, .20, .50]]]).cumsum(axis=2)
_MIX[..., -1] = 1.0


@dataclass
class DemoDistrict:
    """A synthetic district: ``roster`` (wave 1), per wave ``rosters``, true ``waves`` of nominations
    (``respondent_id, nominee_id, relation, weight``), ``respondents`` and the ``planted`` truth (sets of
    staff ids, :data:`PLANTED_KEYS`), each computed from the ties so it holds exactly for that wave."""

    roster: pd.DataFrame
    waves: list
    respondents: list
    planted: list
    rosters: list


def make_district(staff=600, schools=6, seed=7, waves=2, *, turnover=0.03, domain="district.org"):
    """Generate a district of ``staff`` people in ``schools`` schools plus a district office (same seed, same
    district). Between waves about ``turnover`` of teachers leave and are replaced, about 20% of ties change,
    one or two new informal leaders emerge and about half the isolated staff become connected.

    Informal leaders are planted so that the rule of DESIGN.md holds exactly on the union of the advice,
    learning and leadership relations: the planted leaders are exactly the non-formal staff with in-degree >= 3
    and fewer than ceil(10% of the school's staff) colleagues of higher in-degree.
    """
    if waves < 1:
        raise ValueError(f"a district needs at least one wave, not {waves}")
    rng = np.random.default_rng(seed)
    people = _roster(staff, schools, rng, domain)
    st = _wave_state(*_plant_first(people, rng))
    ties = _repair(st, _draw_ties(st, rng), rng)
    out = [(st, ties, _with_frequency(st, ties, rng, None))]
    for _ in range(1, waves):
        prev_st, prev_ties, prev_frame = out[-1]
        st = _wave_state(*_next_wave(prev_st, rng, turnover, domain))
        old = prev_ties.assign(r=st.pos_of(prev_st.ids[prev_ties.r]), n=st.pos_of(prev_st.ids[prev_ties.n]))
        ties = _repair(st, _carry_over(old[(old.r >= 0) & (old.n >= 0)], _draw_ties(st, rng), st, rng), rng)
        out.append((st, ties, _with_frequency(st, ties, rng, prev_frame)))
    planted = [_truth(st, ties) for st, ties, _ in out]
    for (prev, _, _), (st, _, _), before, now in zip(out, out[1:], planted, planted[1:]):
        now["new_informal_leaders"] = now["informal_leaders"] - before["informal_leaders"]
        now["became_connected"] = (before["isolated"] & set(st.ids) - now["isolated"]
                                  - now["not_sought"] - now["unknown"])
        now["left"], now["joined"] = set(prev.ids) - set(st.ids), set(st.ids) - set(prev.ids)
    rosters = [st.people[DEMO_ROSTER_COLUMNS].reset_index(drop=True) for st, _, _ in out]
    return DemoDistrict(rosters[0], [frame for *_, frame in out],
                        [set(st.ids[st.responds]) for st, _, _ in out], planted, rosters)


# --- the roster ------------------------------------------------------------------------------------------------

def _allocate(total, weights, minimum=0):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), each >= ``minimum``."""
    weights = np.asarray(weights, float)
    share = (total - minimum * len(weights)) * weights / weights.sum()
    parts = np.floor(share).astype(int)
    parts[np.argsort(parts - share, kind="stable")[: int(round(share.sum() - parts.sum()))]] += 1
    return parts + minimum


def _roster(staff, schools, rng, domain):
    kinds = ["Elementary"] * schools
    n_high = round(schools * .2) if schools >= 3 else 0
    n_middle = max(1, round(schools * .25)) if schools > 1 else 0
    kinds[schools - n_high - n_middle:] = ["Middle"] * n_middle + ["High"] * n_high
    n_clusters = -(-schools // 4)
    n_district = max(round(0.04 * staff), n_clusters + 7)
    if staff - n_district < 10 * schools:
        raise ValueError(f"{staff} staff is too few for {schools} schools (at least {10 * schools + n_district})")
    sizes = _allocate(staff - n_district, [_SIZE[k] for k in kinds] * rng.lognormal(0, .15, schools), minimum=10)
    cluster = np.empty(schools, int)
    cluster[np.argsort([list(_SIZE).index(k) for k in kinds], kind="stable")] = np.arange(schools) % n_clusters
    rows = _district_rows(n_district, n_clusters)
    for name, kind, size, cl in zip(_school_names(kinds, rng), kinds, sizes, cluster):
        rows += [(name, kind, role, team, cl, False) for role, team in _school_rows(size, kind, rng)]
    p = pd.DataFrame(rows, columns=["school", "_kind", "role", "team", "_cluster", "_hub"])
    coaches = np.flatnonzero(p.role.str.contains("Coach").to_numpy())
    for members in pd.Series(coaches).groupby(p._cluster.to_numpy()[coaches]).indices.values():
        p.loc[rng.choice(coaches[members]), "_hub"] = True  # a network coach, who meets the cluster's coaches
    at_school = p.role.isin(_SCHOOL_LEADERS + _TEAM_LEADS + ("School Counselor",))
    p["level"] = np.select([p._kind == "District", at_school], ["district", "school"], "classroom")
    p["formal_leader"] = (p.level == "district") | p.role.isin(_SCHOOL_LEADERS + _TEAM_LEADS)
    teaching = p.role.str.contains("Teacher|Lead|Head")
    p["grade"] = p.team.map(_GRADE).where(p._kind.eq("Elementary") & (teaching | p.role.eq("Paraprofessional")))
    p["subject"] = p.team.where(p._kind.isin(["Middle", "High"]) & teaching)
    years = rng.gamma(2.2, 5.0, len(p)) + np.where(p.formal_leader, 6, 0)
    p["years_experience"] = np.clip(years, 0, 40).astype(int)
    ids = np.cumsum(rng.integers(1, 4, len(p)))
    p.insert(0, "staff_id", _id_text(rng.permutation(ids)))
    return _finish_people(_name_people(p, rng, fixed=0), domain, rng, email_counts=None)


def _district_rows(n, n_clusters):
    roles = ["Superintendent"] + ["Assistant Superintendent"] * (n >= 10) + list(_DIRECTORS[: max(1, n // 8)])
    coords = [_COORDINATORS[i % len(_COORDINATORS)] for i in range(n - len(roles))]
    rows = [("District Office", "District", r, "Superintendent's Cabinet", i % n_clusters, False)
            for i, r in enumerate(roles)]
    return rows + [("District Office", "District", r, "Curriculum and Instruction", i % n_clusters, True)
                   for i, r in enumerate(coords)]


def _school_names(kinds, rng):
    order, seen, names = {k: rng.permutation(len(_PLACES)) for k in _SIZE}, dict.fromkeys(_SIZE, 0), []
    for kind in kinds:
        j, seen[kind] = seen[kind], seen[kind] + 1
        suffix = _SUFFIXES[j // len(_PLACES)] if j < len(_PLACES) * len(_SUFFIXES) else f" {j}"
        names.append(f"{_PLACES[order[kind][j % len(_PLACES)]]}{suffix} {kind}")
    return names


def _school_rows(n, kind, rng):
    """``(role, team)`` for each of the ``n`` staff of one school."""
    elementary = kind == "Elementary"
    coach = ("Literacy Coach", "Math Coach", "Instructional Coach") if elementary else \
        ("Instructional Coach", "Instructional Coach", "Technology Coach")
    rows = [("Principal", "Leadership Team")] + [("Assistant Principal", "Leadership Team")] * (
        int(n >= 50) if elementary else 1 + (n >= 80))
    rows += [(coach[i], "Leadership Team") for i in range(1 + (n >= 60) + (n >= 120))]
    rows += [("School Counselor", "Student Services")] * (1 + (kind == "High" and n >= 150))
    paras = round(n * (.10 if elementary else .06))
    teaching = n - len(rows) - paras
    teams = _TEAMS[kind][: max(1, min(len(_TEAMS[kind]), teaching // 3))]
    sizes = _allocate(teaching, [_TEAM_WEIGHT.get(t, 1.0) for t in teams], minimum=min(2, teaching // len(teams)))
    for team, size in zip(teams, sizes):
        leads = max(1, round(size / 8))  # big teams have PLC leads, so formal teacher-leaders scale with size
        lead = "Department Head" if not elementary else "Grade Level Lead" if team in _GRADE else "Team Lead"
        rows += [(lead, team)] + [("PLC Lead", team)] * (leads - 1) + [(_teacher(team, i), team)
                                                                         for i in range(size - leads)]
    return rows + [("Paraprofessional", t) for t in rng.choice(teams, paras)]


def _teacher(team, i):
    if team == "Specials":
        return ("Art Teacher", "Music Teacher", "PE Teacher")[i % 3]
    return "Special Education Teacher" if team == "Special Education" else "Teacher"


def _id_text(numbers):
    return pd.Series(numbers).astype(str).str.zfill(6).to_numpy(dtype=object)


_FIRST = np.array(_FEMALE + _MALE + _NEUTRAL, dtype=object)
_GENDER = dict(zip(_FIRST, ["f"] * len(_FEMALE) + ["m"] * len(_MALE) + ["x"] * len(_NEUTRAL)))
_P_FIRST = np.array([{"f": .6 / len(_FEMALE), "m": .36 / len(_MALE), "x": .04 / len(_NEUTRAL)}[_GENDER[f]]
                     for f in _FIRST])
_P_LAST = 1 / (np.arange(len(_SURNAMES)) + 20.0)  # long-tailed: colleagues often share a surname


def _draw_names(k, rng):
    first = rng.choice(_FIRST, k, p=_P_FIRST / _P_FIRST.sum())
    last = rng.choice(np.array(_SURNAMES, dtype=object), k, p=_P_LAST / _P_LAST.sum())
    hyphen = rng.random(k) < .04
    last[hyphen] = last[hyphen] + "-" + rng.choice(np.array(_SURNAMES, dtype=object), hyphen.sum())
    return first, last


def _name_people(p, rng, fixed):
    """Draw names for rows from ``fixed`` on, unique district-wide up to 20,000 staff (so typed-name exports
    resolve without namesakes) and within each school beyond; district staff and school leaders, whom other
    schools name, are always unique district-wide. A large district repeats other names across schools, as
    real ones do, and those answers come back ambiguous."""
    special = (p.level.eq("district") | p.role.isin(_SCHOOL_LEADERS)).to_numpy()
    first = p.get("_first", pd.Series(None, index=p.index, dtype=object)).to_numpy(dtype=object).copy()
    last = p.get("_last", pd.Series(None, index=p.index, dtype=object)).to_numpy(dtype=object).copy()
    todo = np.arange(fixed, len(p))
    while len(todo):
        first[todo], last[todo] = _draw_names(len(todo), rng)
        name = pd.Series(first + " " + last)
        scope = p.school.to_numpy(dtype=object) + "|" if len(p) > 20_000 else ""
        clash = pd.Series(scope + name).duplicated().to_numpy().copy()
        # a newcomer takes no leader's name
        clash |= ~special & name.isin(name[special & (np.arange(len(p)) < fixed)]).to_numpy()
        todo = np.flatnonzero(clash & (np.arange(len(p)) >= fixed))
    name = first + " " + last
    taken = pd.Series(name).value_counts().to_dict()
    todo = [i for i in np.flatnonzero(special & (np.arange(len(p)) >= fixed)) if taken[name[i]] > 1]
    while todo:
        for i in todo:
            taken[name[i]] -= 1
        first[todo], last[todo] = _draw_names(len(todo), rng)
        name[todo] = first[todo] + " " + last[todo]
        for i in todo:
            taken[name[i]] = taken.get(name[i], 0) + 1
        todo = [i for i in todo if taken[name[i]] > 1]
    return p.assign(_first=first, _last=last, name=name)


def _finish_people(p, domain, rng, email_counts):
    """Emails ``first.last@domain``, a digit added on a repeat (numbering after ``email_counts``), and the
    generator's private columns: how attractive each person is to ask, and how many names they give."""
    ascii_ = {s: unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().replace("'", "")
              for s in set(p._first) | set(p._last)}
    base = pd.Series(p._first.map(ascii_) + "." + p._last.map(ascii_), index=p.index)
    number = base.groupby(base).cumcount() + 1
    if email_counts is not None:
        number += base.map(email_counts).fillna(0).astype(int)
    p["_email_base"] = base
    p["email"] = base + np.where(number > 1, number.astype(str), "") + "@" + domain
    p["_appeal"] = p.role.map(_APPEAL).fillna(1.0) * rng.lognormal(0, .25, len(p))
    for j, rel in enumerate(_RELATIONS):
        p[f"_k_{rel}"] = rng.integers(_K_RANGE[j, 0], _K_RANGE[j, 1] + 1, len(p))
    return p.reset_index(drop=True)


# --- who responds, who leads, who is left out --------------------------------------------------------------

def _pick(mask, count, rng, weight=None):
    """``count`` of the people in ``mask`` at random (more likely the higher their ``weight``)."""
    chosen = np.zeros(len(mask), bool)
    idx = np.flatnonzero(mask if weight is None else mask & (weight > 0))
    p = None if weight is None else weight[idx] / weight[idx].sum()
    chosen[rng.choice(idx, min(max(0, int(count)), len(idx)), replace=False, p=p)] = True
    return chosen


def _silent(formal, rng, share=.12, again=None):
    """Who does not respond: ``share`` of staff, formal leaders half as likely, and last wave's
    non-respondents (``again``) about six times as likely as others."""
    weight = np.where(formal, .5, 1.0) * (1 if again is None else np.where(again, 6.0, 1.0))
    return _pick(np.ones(len(formal), bool), round(share * len(formal)), rng, weight)


def _pick_leaders(p, leaders, rng, new=None, exclude=None):
    """Per school about one informal leader per 30 staff (or ``new`` more, one per school with room), teachers
    without a formal role; never fewer than the top-10% slots the school's formal leaders cannot fill."""
    leaders, formal = leaders.copy(), p.formal_leader.to_numpy()
    eligible = p.role.str.contains("Teacher").to_numpy() & ~formal & ~leaders
    eligible &= True if exclude is None else ~exclude
    groups = [(s, idx) for s, idx in p.groupby("school").indices.items() if s != "District Office"]
    for i in rng.permutation(len(groups)):
        idx = groups[i][1]
        have, slots = int(leaders[idx].sum()), -(-len(idx) // 10)
        want = max(1, round(len(idx) / 30), slots - int(formal[idx].sum())) if new is None else \
            have + int(new > 0 and have < slots)
        pool = idx[eligible[idx]]
        leaders[rng.choice(pool, min(max(0, want - have), len(pool)), replace=False)] = True
        new = None if new is None else new - max(0, want - have)
    return leaders


def _plant_first(p, rng):
    n, formal = len(p), p.formal_leader.to_numpy()
    responds = ~_silent(formal, rng)
    leaders = _pick_leaders(p, np.zeros(n, bool), rng)
    ordinary = (p.level != "district").to_numpy() & ~formal & ~leaders & ~p._hub.to_numpy()
    isolated = _pick(ordinary & responds, round(.02 * n), rng)
    not_sought = _pick(ordinary & responds & ~isolated, round(.03 * n), rng)
    hidden = _pick(ordinary & ~responds, round(.3 * (ordinary & ~responds).sum()), rng)
    return p, dict(responds=responds, leaders=leaders, isolated=isolated, not_sought=not_sought, hidden=hidden)


def _next_wave(prev, rng, turnover, domain):
    """The next wave's people (leavers replaced by joiners in the same post) and who responds and is planted."""
    p, m = prev.people, prev.masks
    leavable = (p.level == "classroom").to_numpy() & ~m["leaders"] & ~p._hub.to_numpy()
    leave = _pick(leavable, round(turnover * len(p)), rng)
    joiners = p[leave].drop(columns=["_first", "_last", "name"]).assign(
        staff_id=_id_text(int(prev.ids.astype(int).max()) + np.cumsum(rng.integers(1, 4, leave.sum()))),
        years_experience=rng.integers(0, 3, leave.sum()))
    stay = p[~leave]
    q = _name_people(pd.concat([stay, joiners], ignore_index=True), rng, fixed=len(stay))
    q = pd.concat([stay, _finish_people(q.iloc[len(stay):].copy(), domain, rng,
                                        p._email_base.value_counts())], ignore_index=True)
    old = {k: np.concatenate([v[~leave], np.zeros(leave.sum(), bool)]) for k, v in m.items()}
    known = np.arange(len(q)) < len(stay)
    ordinary = (q.level != "district").to_numpy() & ~q.formal_leader.to_numpy() & ~q._hub.to_numpy()
    recovering = old["isolated"] & (rng.random(len(q)) < .5)
    responds = ~_silent(q.formal_leader.to_numpy(), rng, again=known & ~old["responds"]) | recovering
    leaders = _pick_leaders(q, old["leaders"], rng, new=int(rng.integers(1, 3)),
                            exclude=old["isolated"] | old["not_sought"])
    ordinary &= ~leaders
    isolated = old["isolated"] & ~recovering & responds
    fresh = ordinary & responds & ~old["isolated"]
    isolated |= _pick(fresh, round(.02 * len(q)) - isolated.sum(), rng)
    not_sought = old["not_sought"] & responds & ~isolated & (rng.random(len(q)) < .5)
    not_sought |= _pick(fresh & ~isolated, round(.03 * len(q)) - not_sought.sum(), rng)
    hidden = _pick(ordinary & ~responds & ~recovering, round(.3 * (ordinary & ~responds).sum()), rng)
    return q, dict(responds=responds, leaders=leaders, isolated=isolated, not_sought=not_sought, hidden=hidden)


def _wave_state(p, masks):
    district = (p.level == "district").to_numpy()
    st = SimpleNamespace(people=p, masks=masks, **masks, ids=p.staff_id.to_numpy(dtype=object))
    st.index = pd.Index(st.ids)
    st.pos_of = lambda ids: st.index.get_indexer(ids)
    st.school, st.team = pd.factorize(p.school)[0], pd.factorize(p.school + "|" + p.team)[0]
    st.cluster, st.formal, st.hub = p._cluster.to_numpy(), p.formal_leader.to_numpy(), p._hub.to_numpy()
    st.sleader = p.role.isin(_SCHOOL_LEADERS).to_numpy()
    st.kind = np.where(district, 2, st.sleader.astype(int))
    st.k = p[[f"_k_{r}" for r in _RELATIONS]].to_numpy()
    st.w = np.where(st.leaders, _LEADER_APPEAL, p._appeal.to_numpy()) * ~(st.isolated | st.not_sought | st.hidden)
    st.namer = st.responds & ~st.isolated
    none = np.full(len(p), -1)
    st.targets = [st.team, st.school, np.where(st.formal, st.school, -1), np.where(st.hub, st.cluster, -1),
                  np.where(st.sleader, st.cluster, -1), np.where(district, 0, none)]
    st.sources = [st.team, st.school, st.school, st.cluster, st.cluster, np.zeros(len(p), int)]
    return st


# --- ties ----------------------------------------------------------------------------------------------------

def _sampler(key, w):
    """Weighted sampling within groups: people with ``key`` >= 0 and ``w`` > 0, sorted by key."""
    order = np.flatnonzero((key >= 0) & (w > 0))
    order = order[np.argsort(key[order], kind="stable")]
    cum, keys = np.cumsum(w[order]), key[order]
    first = np.searchsorted(keys, np.arange(key.max() + 2))
    edge = np.concatenate([[0.0], cum])[first]
    return order, cum, keys, edge[:-1], edge[1:] - edge[:-1]


def _draw(sampler, groups, rng):
    order, cum, keys, start, total = sampler
    if not len(order):
        return np.full(len(groups), -1)
    u = start[groups] + rng.random(len(groups)) * total[groups]
    idx = np.minimum(np.searchsorted(cum, u, side="right"), len(order) - 1)
    return np.where((total[groups] > 0) & (keys[idx] == groups), order[idx], -1)


def _draw_ties(st, rng):
    """Each namer's list per relation, drawn from the pools by :data:`_MIX`; ``r, n, rel`` in naming order."""
    ordinary = ~st.formal & ~st.leaders
    namers, frames = np.flatnonzero(st.namer), []
    for rel in range(3):
        w = st.w * np.where(ordinary, .3, 1) if rel == 2 else st.w  # leaders are seen as leaders
        samplers = [_sampler(key, w) for key in st.targets]
        r = np.repeat(namers, st.k[namers, rel] + 3)  # a few spare draws make up for repeats and self-picks
        pool = (rng.random(len(r))[:, None] >= _MIX[st.kind[r], rel]).sum(axis=1)
        n = np.full(len(r), -1)
        for p, sampler in enumerate(samplers):
            at = np.flatnonzero(pool == p)
            n[at] = _draw(sampler, st.sources[p][r[at]], rng)
        frames.append(pd.DataFrame({"r": r, "n": n, "rel": rel}))
    return _trim(pd.concat(frames, ignore_index=True), st)


def _rank(groups):
    """Position of each row within its run of equal ``groups`` (each group's rows are contiguous)."""
    idx = np.arange(len(groups))
    starts = np.r_[True, groups[1:] != groups[:-1]]
    return idx - np.maximum.accumulate(np.where(starts, idx, 0))


def _trim(ties, st):
    """Drop failed draws, self-picks and repeats, then keep the first k names of each list."""
    r, n, rel = (ties[c].to_numpy() for c in ("r", "n", "rel"))
    ok = np.flatnonzero((n >= 0) & (n != r))
    ok = np.sort(ok[np.unique((r[ok] * 3 + rel[ok]) * len(st.ids) + n[ok], return_index=True)[1]])
    ok = ok[_rank(r[ok] * 3 + rel[ok]) < st.k[r[ok], rel[ok]]]
    return pd.DataFrame({"r": r[ok], "n": n[ok], "rel": rel[ok]})


def _carry_over(old, fresh, st, rng, keep=.92):
    """About ``keep`` of last wave's ties that can still hold come first, fresh ties fill each list."""
    old = old[st.namer[old.r] & (st.w[old.n] > 0) & (rng.random(len(old)) < keep)]
    both = pd.concat([old.assign(src=0), fresh.assign(src=1)], ignore_index=True)
    return _trim(both.sort_values(["r", "rel", "src"], kind="stable"), st)


def _in_degree(ties, n):
    pairs = np.unique(ties.r.to_numpy() * n + ties.n.to_numpy())
    return np.bincount(pairs % n, minlength=n)


def _repair(st, ties, rng):
    """Fix the ties so the planted truth holds exactly: no one else without a formal role is named a leader by
    3 or more colleagues, every respondent meant to be sought is named at least once, and in each school the
    planted leaders, then enough formal leaders to fill the top ceil(10%), are sought more than everyone else
    (so no other non-formal person passes the informal-leader rule)."""
    n, by_nominee = len(st.ids), np.lexsort((np.arange(len(ties)), ties.n, ties.rel))
    extra_votes = np.zeros(len(ties), bool)
    votes = (ties.rel.to_numpy() * n + ties.n.to_numpy())[by_nominee]
    extra_votes[by_nominee] = (ties.rel.to_numpy()[by_nominee] == 2) & (_rank(votes) >= 2)
    ties = ties[~(extra_votes & ~st.formal[ties.n] & ~st.leaders[ties.n])].reset_index(drop=True)
    spare = np.where(st.namer[:, None], np.array(list(RELATION_LIMITS.values())), 0)
    np.subtract.at(spare, (ties.r.to_numpy(), ties.rel.to_numpy()), 1)
    by_school = pd.Series(np.arange(n)).groupby(st.school).indices
    namers = np.flatnonzero(st.namer)
    pools = [{k: namers[v] for k, v in pd.Series(namers).groupby(g[namers]).indices.items()}
             for g in (st.school, st.cluster)]
    order = np.argsort(ties.n.to_numpy(), kind="stable")
    namers_of, bounds = ties.r.to_numpy()[order], np.searchsorted(ties.n.to_numpy()[order], np.arange(n + 1))
    indeg, added, extra = _in_degree(ties, n), [], {}

    def add(t, need, prefer):
        for pool in (pools[0].get(st.school[t]), pools[1].get(st.cluster[t]), namers):
            if need <= 0 or pool is None:
                continue
            already = np.concatenate([namers_of[bounds[t]:bounds[t + 1]], *extra.get(t, [])])
            cand = pool[(pool != t) & (spare[pool].sum(1) > 0) & ~np.isin(pool, already)]
            chosen = rng.permutation(cand)[:need]
            rel = np.array(prefer)[np.argmax(spare[chosen][:, prefer] > 0, axis=1)]
            np.subtract.at(spare, (chosen, rel), 1)
            added.append(np.c_[chosen, np.full(len(chosen), t), rel])
            extra.setdefault(t, []).append(chosen)
            indeg[t] += len(chosen)
            need -= len(chosen)

    for t in np.flatnonzero(st.responds & (st.w > 0) & (indeg == 0)):
        add(t, 1, [0, 1, 2])
    for s, members in by_school.items():
        if st.people.school.iat[members[0]] == "District Office":
            continue
        planted, formal = members[st.leaders[members]], members[st.formal[members]]
        slots = -(-len(members) // 10)
        top = formal[np.lexsort((rng.random(len(formal)), -indeg[formal]))][: max(0, slots - len(planted))]
        rest = np.setdiff1d(members, np.concatenate([planted, top]))
        ordinary_max = indeg[rest[~st.formal[rest]]].max(initial=0)
        for t in top:
            add(t, ordinary_max + 1 - indeg[t], [2, 0, 1])
        for t in planted:
            add(t, max(indeg[rest].max(initial=0) + 1, 3) - indeg[t], [0, 1, 2])
    added = pd.DataFrame(np.concatenate(added or [np.empty((0, 3), int)]), columns=["r", "n", "rel"])
    ties = pd.concat([ties, added], ignore_index=True)
    return ties.iloc[np.lexsort((np.arange(len(ties)), ties.rel, ties.r))].reset_index(drop=True)


def _with_frequency(st, ties, rng, prev):
    """Ties as staff ids, with a frequency grid (0 never .. 4 daily) for each respondent's first three advice
    names; a pair already rated last wave keeps its rating."""
    r, n, rel, size = ties.r.to_numpy(), ties.n.to_numpy(), ties.rel.to_numpy(), len(st.ids)
    rated = np.flatnonzero((rel == 0) & (_rank(r * 3 + rel) < 3))
    weight = rng.choice(5, len(rated), p=[.04, .16, .30, .30, .20]).astype(float)
    if prev is not None:
        was = prev[prev.relation == "frequency"]
        a, b = st.pos_of(was.respondent_id), st.pos_of(was.nominee_id)
        before = pd.Series(was.weight.to_numpy(), a * size + b)[(a >= 0) & (b >= 0)]  # leavers drop out
        kept = before.reindex(r[rated] * size + n[rated]).to_numpy()
        weight = np.where(np.isnan(kept), weight, kept)
    order = np.lexsort((np.arange(len(r) + len(rated)), np.r_[r, r[rated]]))  # frequency after the names
    src, is_freq = np.r_[np.arange(len(r)), rated][order], order >= len(r)
    relation = np.array(_RELATIONS + ("frequency",), dtype=object)[np.where(is_freq, 3, rel[src])]
    return pd.DataFrame({"respondent_id": st.ids[r[src]], "nominee_id": st.ids[n[src]], "relation": relation,
                         "weight": np.r_[np.ones(len(r)), weight][order]})


def _truth(st, ties):
    """The planted sets, computed from the wave's final ties and respondents."""
    n = len(st.ids)
    named, naming = np.bincount(ties.n, minlength=n) > 0, np.bincount(ties.r, minlength=n) > 0
    ends = np.concatenate([np.c_[ties.r, ties.n], np.c_[ties.n, ties.r]])
    ends = np.concatenate([ends, np.c_[np.arange(n), np.arange(n)]])
    school_of = np.where(st.people.level.to_numpy() == "district", -1, st.school)
    spans = pd.DataFrame({"a": ends[:, 0], "s": school_of[ends[:, 1]]}).query("s >= 0").drop_duplicates()
    spans = np.bincount(spans.a, minlength=n)
    ids = lambda mask: set(st.ids[mask])
    return {"informal_leaders": ids(st.leaders), "isolated": ids(st.responds & ~naming & ~named),
            "not_sought": ids(st.responds & naming & ~named), "unknown": ids(~st.responds & ~named),
            "non_respondents": ids(~st.responds), "brokers": ids(st.hub & (spans >= 2))}


# --- exports -------------------------------------------------------------------------------------------------

def write_demo(out_dir, staff=600, schools=6, seed=7, waves=2, formats=("wide", "edgelist", "google_forms"), *,
               district=None):
    """Write ``roster.csv`` and, per wave ``k``, ``wave{k}_{format}.csv`` (and ``wave{k}_roster.csv`` for
    waves after the first, whose staff changed); return ``{file stem: path}``.

    - ``roster.csv`` — :data:`DEMO_ROSTER_COLUMNS`; ``staff_id`` is text with its leading zeros.
    - ``edgelist`` — ``respondent_id,nominee_id,relation,weight``, ids only, ``frequency`` rows weighted 0..4.
      Every respondent appears: one who named nobody is a single row with empty ``nominee_id``, ``relation``
      and ``weight``, so that an empty answer still counts as a response. Non-respondents are absent.
    - ``wide`` — one row per respondent: ``staff_id, advice_1..6, learning_1..5, leadership_1..3`` holding the
      names as people type them: mostly the roster name, about 5% (colleagues of the same school only) in lower
      case, ``Last, First``, ``Ms./Mr. Last`` (only where the surname is unique in the school) or a common
      nickname (``Liz Garcia``).
    - ``google_forms`` — a Google Forms responses download: every field quoted, ``Timestamp`` like
      ``2024/10/07 7:46:55 AM GMT-4``, ``Email Address`` (a few upper-cased or with a trailing space), the
      school, then checkbox answers of roster names joined with ``;``. Advice names from other schools are typed
      into "Anyone else you go to for advice?" (joined with ``, ``). No frequency grid.
    """
    d = district or make_district(staff=staff, schools=schools, seed=seed, waves=waves)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng, paths = np.random.default_rng(seed), {}

    def put(stem, frame, **kw):
        paths[stem] = out / f"{stem}.csv"
        frame.to_csv(paths[stem], index=False, **kw)

    put("roster", d.roster)
    writers = {"wide": _wide, "edgelist": _edgelist, "google_forms": _google_forms}
    for k, (roster, ties, responded) in enumerate(zip(d.rosters, d.waves, d.respondents), start=1):
        if k > 1:
            put(f"wave{k}_roster", roster)
        view = _view(roster, ties, responded, k)
        for fmt in formats:
            quoting = csv.QUOTE_ALL if fmt == "google_forms" else csv.QUOTE_MINIMAL
            put(f"wave{k}_{fmt}", writers[fmt](view, rng), quoting=quoting)
    return paths


def _view(roster, ties, responded, wave):
    """One wave's ties as roster positions (``r`` names ``n``), shared by the writers; ``who`` are the
    respondents' positions in roster order and ``row`` each person's row among them."""
    ids = roster.staff_id.to_numpy(dtype=object)
    at = pd.Index(ids)
    who = np.flatnonzero([i in responded for i in ids])
    row = np.full(len(ids), -1)
    row[who] = np.arange(len(who))
    relation = ties.relation.to_numpy(dtype=object)
    rel = pd.Index(_RELATIONS + ("frequency",)).get_indexer(relation)
    return SimpleNamespace(roster=roster, ids=ids, who=who, row=row, wave=wave, relation=relation, rel=rel,
                           r=at.get_indexer(ties.respondent_id), n=at.get_indexer(ties.nominee_id),
                           weight=ties.weight.to_numpy(), school=roster.school.to_numpy(dtype=object),
                           name=roster.name.to_numpy(dtype=object))


def _edgelist(v, rng):
    empty = v.who[~np.isin(v.who, v.r)]
    order = np.argsort(np.r_[v.r, empty], kind="stable")
    blank = np.full(len(empty), None, dtype=object)
    return pd.DataFrame({"respondent_id": v.ids[np.r_[v.r, empty]], "nominee_id": np.r_[v.ids[v.n], blank],
                         "relation": np.r_[v.relation, blank],
                         "weight": pd.Series(np.r_[v.weight, np.full(len(empty), np.nan)]).astype("Int64")}
                        ).iloc[order]


def _typed(v, r, n, rng, noise=.05):
    """What each respondent typed for each nominee: the name, or now and then an unambiguous variant of it."""
    parts = v.roster.name.str.split(" ", n=1)
    first, last = parts.str[0], parts.str[1]
    title = first.map(dict.fromkeys(_FEMALE, "Ms. ") | dict.fromkeys(_MALE, "Mr. "))
    unique_last = ~pd.DataFrame({"s": v.roster.school, "l": last}).duplicated(keep=False)
    nick = first.map(_NICKNAMES)
    variants = np.column_stack([s.to_numpy(dtype=object) for s in (
        v.roster.name, v.roster.name.str.lower(), last + ", " + first, title + last, nick + " " + last)])
    valid = np.c_[np.ones((len(v.ids), 3), bool), (title.notna() & unique_last), nick.notna()]
    pick = np.argmax(rng.random((len(r), 4)) * valid[n, 1:], axis=1) + 1
    noisy = (rng.random(len(r)) < noise) & (v.school[n] == v.school[r])  # other schools' names typed in full
    return variants[n, np.where(noisy, pick, 0)]


def _wide(v, rng):
    sel = np.flatnonzero(v.rel < 3)
    r, n, rel = v.r[sel], v.n[sel], v.rel[sel]
    caps = np.array(list(RELATION_LIMITS.values()))
    table = np.full((len(v.who), caps.sum()), None, dtype=object)
    table[v.row[r], np.r_[0, caps.cumsum()[:-1]][rel] + _rank(r * 3 + rel)] = _typed(v, r, n, rng)
    columns = [f"{rel}_{i}" for rel, cap in RELATION_LIMITS.items() for i in range(1, cap + 1)]
    return pd.DataFrame(table, columns=columns).assign(staff_id=v.ids[v.who])[["staff_id"] + columns]


_QUESTIONS = ("Who do you go to for advice about teaching and learning? (choose up to 6)",
              "Anyone else you go to for advice?",
              "Whose professional learning do you learn from? (choose up to 5)",
              "Who do you see as a leader of professional learning in your school or district?")


def _google_forms(v, rng):
    sel = np.flatnonzero(v.rel < 3)
    r, n, row = v.r[sel], v.n[sel], v.row[v.r[sel]]
    question = np.array([0, 2, 3])[v.rel[sel]]
    question[(question == 0) & (v.school[n] != v.school[r]) & (v.school[n] != "District Office")] = 1  # typed
    order = np.lexsort((np.arange(len(r)), question, row))
    key = (row * 4 + question)[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, int)
    sep = np.where(question[order] == 1, ", ", ";").astype(object)
    joined = np.add.reduceat(v.name[n[order]] + sep, starts) if len(starts) else []
    answers = np.full((len(v.who), len(_QUESTIONS)), "", dtype=object)
    answers[row[order][starts], question[order][starts]] = [t[: -len(e)] for t, e in zip(joined, sep[starts])]
    seconds = rng.integers(0, 10 * 86400, len(v.who))  # over ten days, between 7 am and 4 pm
    when = (pd.Timestamp("2024-10-07 07:00") + pd.DateOffset(months=6 * (v.wave - 1))
            + pd.to_timedelta(seconds // 86400 * 86400 + seconds % 86400 * 9 // 24, unit="s"))
    hour = ((when.hour + 11) % 12 + 1).astype(str)
    stamp = when.strftime("%Y/%m/%d ") + hour + when.strftime(":%M:%S %p GMT-4")
    email = v.roster.email.to_numpy(dtype=object)[v.who]
    mess = rng.random(len(v.who))
    email = np.where(mess < .04, [e.title() for e in email], np.where(mess > .97, email + " ", email))
    frame = pd.DataFrame({"Timestamp": stamp, "Email Address": email,
                          "Which school do you work in?": v.school[v.who], **dict(zip(_QUESTIONS, answers.T))})
    return frame.iloc[np.argsort(when.to_numpy(), kind="stable")]
