"""Survey exports built by the tests, in each platform's own layout, from one neutral set of answers.

:data:`SUBMISSIONS` is what staff answered (with the mess real exports have); each ``make_*`` function
writes those answers the way one platform exports them. The readers must get the same ties from every
layout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field

SCHOOL = "Lincoln Elementary"
#: staff_id, name, email, role
ROSTER = [
    ("S001", "Ann Lee", "ann.lee@lincoln.k12.us", "Grade 3 Teacher"),
    ("S002", "Robert Ray", "robert.ray@lincoln.k12.us", "Grade 4 Teacher"),
    ("S003", "Maria Garcia", "maria.garcia@lincoln.k12.us", "Grade 3 Teacher"),
    ("S004", "Siobhan O'Brien", "siobhan.obrien@lincoln.k12.us", "ESL Teacher"),
    ("S005", "Elizabeth Chen", "elizabeth.chen@lincoln.k12.us", "Grade 5 Teacher"),
    ("S006", "Daniel Okafor", "daniel.okafor@lincoln.k12.us", "Librarian"),
    ("S007", "Priya Natarajan", "priya.natarajan@lincoln.k12.us", "Math Specialist"),
    ("S008", "Tom Whitfield", "tom.whitfield@lincoln.k12.us", "Instructional Coach"),
    ("S009", "Grace Kim", "grace.kim@lincoln.k12.us", "Kindergarten Teacher"),
]
OPTIONS = [name for _, name, _, _ in ROSTER]          # the form's choices: the roster's names
GRID_ROWS = ["Ann Lee", "Robert Ray", "Maria Garcia", "Siobhan O'Brien"]
SCALE = ["Never", "Yearly", "Monthly", "Weekly", "Daily"]

Q_EMAIL = "What is your school email address?"
Q_NAME = "What is your name?"
Q_ADVICE = "Who do you go to for advice about teaching? (choose up to 6)"
Q_ELSE = "Anyone else you go to for advice? Type their names."
Q_LEARN = "From whom have you learned the most about teaching this year? (choose up to 6)"
Q_LEAD = "Whom do you see as a leader of professional learning in your school or district? (choose up to 6)"
Q_FREQ = "How often do you talk with each of these colleagues about teaching?"
EDT = dt.timezone(dt.timedelta(hours=-4))


@dataclass
class Submission:
    """One submitted form, platform-neutral."""

    email: str
    name: str
    at: dt.datetime
    advice: list[str] = field(default_factory=list)       # picked from the list of colleagues
    advice_other: str = ""                                 # typed into the advice question's "Other"
    advice_else: str = ""                                  # typed into "Anyone else ...?"
    learning: list[str] = field(default_factory=list)
    leadership: list[str] = field(default_factory=list)
    frequency: dict[str, str] = field(default_factory=dict)   # grid row -> scale label; absent = blank
    preview: bool = False                                  # a platform preview, not a real answer


def _at(day, hour, minute, second):
    return dt.datetime(2024, 10, day, hour, minute, second, tzinfo=EDT)


SUBMISSIONS = [
    Submission("ann.lee@lincoln.k12.us", "Ann Lee", _at(7, 7, 46, 55), advice=["Robert Ray", "Maria Garcia"],
               advice_other="Smith, Jordan", advice_else="Liz Chen", learning=["Maria Garcia"],
               leadership=["Tom Whitfield"], frequency={"Robert Ray": "Weekly", "Maria Garcia": "Never"}),
    Submission("maria.garcia@lincoln.k12.us", "Maria Garcia", _at(7, 8, 2, 10), advice=["Ann Lee"],
               frequency={"Ann Lee": "Monthly"}),
    Submission("Robert.Ray@Lincoln.k12.us ", "Robert Ray", _at(7, 9, 15, 0), advice=["Ann Lee"],
               advice_else="Mr. Whitfield", frequency={"Ann Lee": "Daily"}),
    Submission("", "", _at(7, 10, 0, 0), advice=["Ann Lee"], preview=True),
    Submission("grace.kim@lincoln.k12.us", "Grace Kim", _at(7, 13, 20, 5)),
    Submission("maria.garcia@lincoln.k12.us", "Maria Garcia", _at(8, 15, 30, 45),
               advice=["Ann Lee", "Maria Garcia"], advice_else="Priya Natarajn, Siobhan O\u2019Brien",
               learning=["Robert Ray"], frequency={"Ann Lee": "Weekly", "Robert Ray": "Yearly"}),
]

#: The ties every layout must give: (relation, respondent, nominee, weight)
EXPECTED_TIES = {
    ("advice", "S001", "S002", None), ("advice", "S001", "S003", None), ("advice", "S001", "S005", None),
    ("advice", "S002", "S001", None), ("advice", "S002", "S008", None),
    ("advice", "S003", "S001", None), ("advice", "S003", "S007", None), ("advice", "S003", "S004", None),
    ("learning", "S001", "S003", None), ("learning", "S003", "S002", None),
    ("leadership", "S001", "S008", None),
    ("frequency", "S001", "S002", 3.0), ("frequency", "S002", "S001", 4.0),
    ("frequency", "S003", "S001", 3.0), ("frequency", "S003", "S002", 1.0),
}


def expected_answers(s: Submission) -> list[tuple]:
    """What a reader must extract from one submission: sorted ``(relation, text, source, weight)``."""
    out = [("advice", name, "choice", None) for name in s.advice]
    out += [("advice", s.advice_other, "free_text", None)] if s.advice_other else []
    out += [("advice", name, "free_text", None) for name in s.advice_else.split(", ") if name]
    out += [("learning", name, "choice", None) for name in s.learning]
    out += [("leadership", name, "choice", None) for name in s.leadership]
    out += [("frequency", row, "matrix", float(SCALE.index(label))) for row, label in s.frequency.items()]
    return sorted(out, key=repr)


def answers_by_row(survey) -> dict[int, list[tuple]]:
    """A survey's answers grouped by spreadsheet row, in the shape of :func:`expected_answers`."""
    rows: dict[int, list[tuple]] = {}
    for a in survey.answers:
        rows.setdefault(a.row, []).append((a.relation, a.text, a.source, a.weight))
    return {row: sorted(found, key=repr) for row, found in rows.items()}


def assert_reads_submissions(survey, rows: list[int], submissions=None):
    """Each submission's answers are on its row (a respondent who named nobody has a response, no answers)."""
    subs = real(submissions) if len(rows) == len(real(submissions)) else list(submissions or SUBMISSIONS)
    assert [r.row for r in survey.responses] == rows
    found = answers_by_row(survey)
    for row, s in zip(rows, subs):
        assert found.get(row, []) == expected_answers(s), f"row {row}"
    assert set(found) <= set(rows)


def roster_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Staff ID", "Name", "Email", "School", "Role"])
    for staff_id, name, email, role in ROSTER:
        writer.writerow([staff_id, name, email, SCHOOL, role])
    return out.getvalue().encode()


def real(submissions=None):
    """The submissions a platform without previews records."""
    return [s for s in (submissions or SUBMISSIONS) if not s.preview]


def _csv(rows, *, delimiter=",", quoting=csv.QUOTE_MINIMAL) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _xlsx(rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Google Forms ----------------------------------------------------------------------------------------

def make_google_forms_csv(submissions=None, *, variant: str = "download") -> bytes:
    """The Forms "Download responses" CSV (``variant="download"``) or the linked Sheet's CSV (``"sheet"``)."""
    join = ";" if variant == "download" else ", "
    header = ["Timestamp", "Email Address", Q_NAME, Q_ADVICE, Q_ELSE, Q_LEARN, Q_LEAD]
    header += [f"{Q_FREQ} [{row}]" for row in GRID_ROWS]
    rows = [header]
    for s in real(submissions):
        advice = s.advice + ([s.advice_other] if s.advice_other else [])
        rows.append([_google_time(s.at, variant), s.email, s.name, join.join(advice), s.advice_else,
                     join.join(s.learning), join.join(s.leadership)]
                    + [s.frequency.get(row, "") for row in GRID_ROWS])
    quoting = csv.QUOTE_ALL if variant == "download" else csv.QUOTE_MINIMAL
    return _csv(rows, quoting=quoting).encode("utf-8")


def _google_time(at: dt.datetime, variant: str) -> str:
    if variant == "download":
        hour = at.hour % 12 or 12
        offset = int(at.utcoffset().total_seconds() // 3600)
        return f"{at:%Y/%m/%d} {hour}:{at:%M:%S} {'AM' if at.hour < 12 else 'PM'} GMT{offset:+d}"
    return f"{at.month}/{at.day}/{at.year} {at.hour}:{at:%M:%S}"


# --- Microsoft Forms -------------------------------------------------------------------------------------

def make_microsoft_forms_xlsx(submissions=None, *, anonymous: bool = False) -> bytes:
    """The Excel workbook of Microsoft Forms' "Open in Excel": ``ID, Start time, Completion time, Email, Name``."""
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", Q_NAME, Q_ADVICE,
              Q_ELSE, Q_LEARN, Q_LEAD] + [f"{Q_FREQ}.{row}" for row in GRID_ROWS]
    rows = [header]
    for number, s in enumerate(real(submissions), start=1):
        done = s.at.replace(tzinfo=None)
        account = "" if anonymous else ", ".join(reversed(s.name.split(" ", 1))) + " (LES)"
        rows.append([number, done - dt.timedelta(minutes=4), done, "anonymous" if anonymous else s.email,
                     account, None, s.name, _ms_multi(s.advice + ([s.advice_other] if s.advice_other else [])),
                     s.advice_else, _ms_multi(s.learning), _ms_multi(s.leadership)]
                    + [s.frequency.get(row, "") for row in GRID_ROWS])
    return _xlsx(rows)


def _ms_multi(names) -> str:
    return "".join(f"{name};" for name in names)


# --- Qualtrics -------------------------------------------------------------------------------------------

_QUALTRICS_META = [("StartDate", "Start Date", "startDate"), ("EndDate", "End Date", "endDate"),
                   ("Status", "Response Type", "status"), ("IPAddress", "IP Address", "ipAddress"),
                   ("Progress", "Progress", "progress"), ("Duration (in seconds)", "Duration (in seconds)",
                                                          "duration"),
                   ("Finished", "Finished", "finished"), ("RecordedDate", "Recorded Date", "recordedDate"),
                   ("ResponseId", "Response ID", "_recordId"), ("RecipientLastName", "Recipient Last Name",
                                                                "recipientLastName"),
                   ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
                   ("RecipientEmail", "Recipient Email", "recipientEmail"),
                   ("ExternalReference", "External Data Reference", "externalDataReference"),
                   ("DistributionChannel", "Distribution Channel", "distributionChannel"),
                   ("UserLanguage", "User Language", "userLanguage")]


def make_qualtrics(submissions=None, *, legacy: bool = False, split: bool = False, flags: str = "text",
                   numeric: bool = False, delimiter: str = ",", encoding: str = "utf-8-sig",
                   order: str = "recorded", kind: str = "csv") -> bytes:
    """A Qualtrics "Export data" CSV/TSV.

    Three header rows (tag, question label, ImportId JSON) or the legacy two (``V1..V10`` tags, labels);
    multi-select in one comma-joined column or ``split`` per choice (cells hold the choice text or
    ``flags="1"``), with the "Other" text in ``Q3_10_TEXT``; ``numeric`` exports codes instead of text.
    ``order="reversed"`` lists the newest response first (as a sorted export may); ``kind="xlsx"`` is the
    Excel export of the same rows.
    """
    subs = list(submissions or SUBMISSIONS)
    if order == "reversed":
        subs.reverse()
    columns = _qualtrics_columns(legacy, split or legacy)
    if legacy:
        header = [[tag for tag, _, _ in columns], [label for _, label, _ in columns]]
    else:
        header = [[tag for tag, _, _ in columns], [label for _, label, _ in columns],
                  [json.dumps({"ImportId": iid, **({"timeZone": "America/New_York"} if "Date" in tag else {})},
                              separators=(",", ":")) for tag, _, iid in columns]]
    rows = header + [[_qualtrics_cell(tag, s, n, legacy, numeric, flags) for tag, _, _ in columns]
                     for n, s in enumerate(subs)]
    if kind == "xlsx":
        return _xlsx(rows)
    text = _csv(rows, delimiter=delimiter)
    return text.encode(encoding)


def _qualtrics_columns(legacy: bool, split: bool) -> list[tuple[str, str, str]]:
    if legacy:
        meta = [(f"V{i}", label, "") for i, label in enumerate(
            ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
             "StartDate", "EndDate", "Finished"], start=1)]
    else:
        meta = _QUALTRICS_META
    dash = "-" if legacy else " - "
    cols = list(meta) + [("Q1", Q_EMAIL, "QID1_TEXT"), ("Q2", Q_NAME, "QID2_TEXT")]
    for tag, qid, question, other in (("Q3", "QID3", Q_ADVICE, True), ("Q5", "QID5", Q_LEARN, False),
                                      ("Q6", "QID6", Q_LEAD, False)):
        if split:
            picked = "" if legacy else " - Selected Choice"
            cols += [(f"{tag}_{i}", f"{question}{picked}{dash}{name}", f"{qid}_{i}")
                     for i, name in enumerate(OPTIONS, start=1)]
            if other:
                cols.append((f"{tag}_10", f"{question}{picked}{dash}Other", f"{qid}_10"))
        else:
            cols.append((tag, f"{question} - Selected Choice" if other else question, qid))
        if other:
            cols.append((f"{tag}_10_TEXT", f"{question}{dash}Other{dash}Text", f"{qid}_10_TEXT"))
        if tag == "Q3":
            cols.append(("Q4", Q_ELSE, "QID4_TEXT"))
    cols += [(f"Q7_{i}", f"{Q_FREQ}{dash}{row}", f"QID7_{i}") for i, row in enumerate(GRID_ROWS, start=1)]
    return cols


def _qualtrics_cell(tag: str, s: Submission, n: int, legacy: bool, numeric: bool, flags: str) -> str:
    local = s.at.replace(tzinfo=None)
    lists = {"Q3": s.advice + (["Other"] if s.advice_other else []), "Q5": s.learning, "Q6": s.leadership}
    status = ("1" if numeric or legacy else "Survey Preview") if s.preview else ("0" if numeric or legacy
                                                                                 else "IP Address")
    legacy_meta = {"V1": f"R_{n:03d}legacy", "V2": "Default Response Set", "V3": "", "V5": "", "V6": "10.0.0.1",
                   "V7": status, "V8": f"{local - dt.timedelta(minutes=3):%Y-%m-%d %H:%M:%S}",
                   "V9": f"{local:%Y-%m-%d %H:%M:%S}", "V10": "1"}
    meta = {"StartDate": f"{local - dt.timedelta(minutes=3):%Y-%m-%d %H:%M:%S}",
            "EndDate": f"{local:%Y-%m-%d %H:%M:%S}", "RecordedDate": f"{local:%Y-%m-%d %H:%M:%S}",
            "Status": status, "IPAddress": "" if s.preview else "10.0.0.1", "Progress": "100",
            "Duration (in seconds)": "181", "Finished": "1" if numeric else "True", "ResponseId": f"R_{n:03d}abc",
            "DistributionChannel": "preview" if s.preview else "anonymous", "UserLanguage": "EN"}
    if legacy and tag in legacy_meta:
        return legacy_meta[tag]
    if tag in meta:
        return meta[tag]
    if not tag.startswith("Q"):
        return ""                                        # recipient and location columns: anonymous link
    if tag == "Q1":
        return s.email
    if tag == "Q2":
        return s.name
    if tag == "Q4":
        return s.advice_else
    if tag in lists:
        codes = [str(OPTIONS.index(x) + 1) if x in OPTIONS else "10" for x in lists[tag]]
        return ",".join(codes) if numeric else ",".join(lists[tag])
    base, _, rest = tag.partition("_")
    if rest.endswith("_TEXT"):
        return s.advice_other
    if base == "Q7":
        label = s.frequency.get(GRID_ROWS[int(rest) - 1], "")
        return str(SCALE.index(label) + 1) if numeric and label else label
    choice = OPTIONS[int(rest) - 1] if int(rest) <= len(OPTIONS) else "Other"
    chosen = choice in lists[base]
    return ("1" if flags == "1" or legacy or numeric else choice) if chosen else ""


# --- SurveyMonkey ----------------------------------------------------------------------------------------

_SM_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1"]


def make_surveymonkey(submissions=None, *, kind: str = "csv") -> bytes:
    """SurveyMonkey "All individual responses" export, CSV or XLSX: two header rows."""
    top = list(_SM_META) + [Q_NAME]
    sub = [""] * len(_SM_META) + ["Open-Ended Response"]
    for question, other in ((Q_ADVICE, True), (Q_ELSE, None), (Q_LEARN, False), (Q_LEAD, False)):
        if other is None:
            top.append(question)
            sub.append("Open-Ended Response")
            continue
        top += [question] + [""] * (len(OPTIONS) - 1 + (1 if other else 0))
        sub += OPTIONS + (["Other (please specify)"] if other else [])
    top += [Q_FREQ] + [""] * (len(GRID_ROWS) - 1)
    sub += GRID_ROWS
    rows = [top, sub]
    for n, s in enumerate(real(submissions)):
        local = s.at.replace(tzinfo=None)
        first, _, last = s.name.partition(" ")
        row = [str(114000000001 + n), "431234567", _sm_time(local - dt.timedelta(minutes=3)), _sm_time(local),
               "10.0.0.1", s.email, first, last, "", s.name]
        for picked, other in ((s.advice, s.advice_other), (None, s.advice_else), (s.learning, None),
                              (s.leadership, None)):
            if picked is None:
                row.append(other)
                continue
            row += [name if name in picked else "" for name in OPTIONS]
            if other is not None:
                row.append(other)
        row += [s.frequency.get(r, "") for r in GRID_ROWS]
        rows.append(row)
    return _xlsx(rows) if kind == "xlsx" else _csv(rows).encode("utf-8")


def _sm_time(at: dt.datetime) -> str:
    return at.strftime("%m/%d/%Y %I:%M:%S %p")


# --- REDCap ----------------------------------------------------------------------------------------------

_DICTIONARY_HEADER = ["Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
                      "Choices, Calculations, OR Slider Labels", "Field Note",
                      "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
                      "Identifier?", "Branching Logic (Show field only if...)", "Required Field?",
                      "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
                      "Field Annotation"]
Q_REDCAP_OTHER = "Other colleague you go to for advice (type their name)"
_FREQ_FIELDS = ["freq_ann", "freq_robert", "freq_maria", "freq_siobhan"]


def make_redcap_dictionary() -> bytes:
    """The project's data dictionary (Project Setup > Data Dictionary > Download)."""
    people = " | ".join(f"{i}, {name}" for i, name in enumerate(OPTIONS, start=1))
    scale = " | ".join(f"{i}, {label}" for i, label in enumerate(SCALE))
    fields = [("record_id", "", "text", "Record ID", "", "", ""),
              ("email", "", "text", Q_EMAIL, "", "email", ""),
              ("name", "", "text", Q_NAME, "", "", ""),
              ("advice", "", "checkbox", Q_ADVICE, people, "", ""),
              ("advice_other", "", "text", Q_REDCAP_OTHER, "", "", ""),
              ("advice_else", "", "notes", Q_ELSE, "", "", ""),
              ("learning", "", "checkbox", Q_LEARN, people, "", ""),
              ("leadership", "", "checkbox", Q_LEAD, people, "", "")]
    fields += [(f, Q_FREQ if i == 0 else "", "radio", row, scale, "", "freq")
               for i, (f, row) in enumerate(zip(_FREQ_FIELDS, GRID_ROWS))]
    rows = [_DICTIONARY_HEADER]
    for name, section, kind, label, choices, validation, group in fields:
        rows.append([name, "network_survey", section, kind, label, choices, "", validation, "", "", "", "", "",
                     "", "", group, "", ""])
    return _csv(rows).encode("utf-8")


def make_redcap_csv(submissions=None, *, labels: bool = False) -> bytes:
    """A REDCap "Export Data" CSV with raw headers: codes (``0``/``1``) or, with ``labels``, Checked/Unchecked."""
    header = ["record_id", "redcap_survey_identifier", "network_survey_timestamp", "email", "name"]
    header += [f"advice___{i}" for i in range(1, len(OPTIONS) + 1)] + ["advice_other", "advice_else"]
    header += [f"learning___{i}" for i in range(1, len(OPTIONS) + 1)]
    header += [f"leadership___{i}" for i in range(1, len(OPTIONS) + 1)]
    header += _FREQ_FIELDS + ["network_survey_complete"]
    rows = [header]
    yes, no = ("Checked", "Unchecked") if labels else ("1", "0")
    for n, s in enumerate(real(submissions), start=1):
        row = [str(n), "", f"{s.at.replace(tzinfo=None):%Y-%m-%d %H:%M:%S}", s.email, s.name]
        row += [yes if name in s.advice else no for name in OPTIONS] + [s.advice_other, s.advice_else]
        row += [yes if name in s.learning else no for name in OPTIONS]
        row += [yes if name in s.leadership else no for name in OPTIONS]
        for grid_row in GRID_ROWS:
            label = s.frequency.get(grid_row, "")
            row.append(label if labels or not label else str(SCALE.index(label)))
        row.append("Complete" if labels else "2")
        rows.append(row)
    return _csv(rows).encode("utf-8")
