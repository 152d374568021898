"""The command line: ``plnetwork analyze EXPORT... --roster ROSTER --out DIR`` and friends.

Errors are translated here, once: unusable input exits 2 with one line naming the file, row and column;
anything unexpected exits 1 with one line (``--debug`` shows the traceback).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from pathlib import Path

import click

from .issues import InputError

__all__ = ["main", "cli"]

EPILOG_ANALYZE = """\b
Examples:
  plnetwork analyze responses.csv --roster staff.csv --out results/
  plnetwork analyze export.xlsx --roster staff.xlsx --format microsoft_forms --out results/
  plnetwork analyze redcap.csv redcap_dictionary.csv --roster staff.csv --out results/
  plnetwork analyze answers.csv --roster staff.csv --map surveys/mapping.yaml --out results/
"""


def _edge(command):
    """Run ``command`` translating input errors into exit 2 and one line on stderr."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug")
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            click.echo(f"plnetwork: {exc.issue.one_line()}", err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("plnetwork: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # the edge: a bug must still not spill a traceback on a user
            if debug:
                raise
            click.echo(f"plnetwork: unexpected error ({type(exc).__name__}: {exc}); rerun with "
                       "--debug and report it", err=True)
            sys.exit(1)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for unexpected errors.")
@click.version_option(package_name="plnetwork")
def cli(debug):
    """Organizational network analysis of shared leadership of professional learning in schools.

    Reads survey exports (Google Forms, Microsoft Forms, Qualtrics, SurveyMonkey, REDCap, plain
    CSV/XLSX) and a staff roster; finds informal leaders, isolated staff, brokers and teams, and how
    leadership spreads across the classroom, school and district levels.
    """


EPILOG_DEMO = """\b
Examples:
  plnetwork demo --out demo/
  plnetwork demo --out demo/ --staff 1200 --schools 10 --seed 3
"""

EPILOG_COMPARE = """\b
WAVE1 and WAVE2 are folders written by `plnetwork analyze --out` (each holds network.graphml and
people.csv); people are matched by staff id, so keep ids stable between waves. Pseudonymized folders
compare too when both were made with the same key. Writes changes.csv (one row per person: who
became an informal leader, who stopped being isolated ...), ties.csv (ties gained and lost),
schools.csv and comparison.json.

\b
Examples:
  plnetwork analyze fall.csv --roster staff.csv --out results/fall/
  plnetwork analyze spring.csv --roster staff_spring.csv --out results/spring/
  plnetwork compare results/fall/ results/spring/ --out results/fall-to-spring/
"""

EPILOG_REPORT = """\b
Examples:
  plnetwork report results/                     # rewrites results/report.html
  plnetwork report results/ --title "Lincoln USD, fall 2024" --pdf
"""

EPILOG_VALIDATE = """\b
Examples:
  plnetwork validate responses.csv --roster staff.csv
  plnetwork validate export.xlsx --roster staff.xlsx --format microsoft_forms --limit 0
  plnetwork validate responses.csv --roster staff.csv --strict   # exit 2 on any error-level issue
"""

EPILOG_ANONYMIZE = """\b
The pseudonym key is read from $PLNETWORK_PSEUDONYM_KEY, else from --key-file (created with
permissions 0600 when missing). Keep it: the same key gives the same pseudonyms in every wave.

\b
Examples:
  plnetwork anonymize results/ --out shared/
  plnetwork anonymize results/ --out shared/ --key-file /secure/district.key --min-group 10
  plnetwork analyze responses.csv --roster staff.csv --out shared/ --anonymize
"""

#: :data:`plnetwork.export.EXPORT_FORMATS`, spelled out so that ``--help`` need not import pandas.
EXPORT_FORMATS = ("xlsx", "parquet", "json", "gexf")

_KEY_FILE_HELP = "Pseudonym key file, kept outside the output [default: ~/.config/plnetwork/pseudonym.key]."


class _Progress:
    """Stage lines on stderr (``reading ... 0.4 s``), shown when stderr is a terminal or when asked."""

    def __init__(self, enabled: bool | None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    @contextlib.contextmanager
    def stage(self, what: str):
        start = time.perf_counter()
        yield
        if self.enabled:
            click.echo(f"  {what:<28} {time.perf_counter() - start:6.1f} s", err=True)


def _exports_option(command):
    return click.option("--export", "exports_", multiple=True, type=click.Choice(EXPORT_FORMATS),
                        help="Also write these formats (repeatable): xlsx (tables.xlsx, a sheet per table), "
                             "parquet and json (one file per table), gexf (network.gexf for Gephi).")(command)


@cli.command(epilog=EPILOG_ANALYZE)
@click.argument("exports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Staff roster (CSV, TSV or XLSX).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for people.csv, ties.csv, issues.csv, summary.json, network.graphml, report.html.")
@click.option("--format", "format_", help="Export layout, when detection guesses wrong "
              "(google_forms, microsoft_forms, qualtrics, surveymonkey, redcap, edgelist, wide, matrix).")
@click.option("--map", "mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Question -> relation mapping (YAML), e.g. the mapping.yaml a previous run wrote.")
@_exports_option
@click.option("--anonymize", is_flag=True,
              help="Write only a pseudonymized copy (see `plnetwork anonymize`).")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path), help=_KEY_FILE_HELP)
@click.option("--progress/--no-progress", default=None, help="Show each stage and its time on stderr "
              "[default: when stderr is a terminal].")
@click.option("--save", is_flag=True, help="Also keep the wave in the store (the raw files first, then the "
              "parsed wave and its results): needs --district.")
@click.option("--district", help="With --save: the wave's district.")
@click.option("--school", help="With --save: the wave's school [default: a district-wide wave].")
@click.option("--wave", "wave_label", help="With --save: the wave's label [default: the first export's name].")
@click.option("--data-dir", default="data", show_default=True, envvar="PLNETWORK_DATA_DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="With --save: where the database lives ($PLNETWORK_DATABASE_URL, when set, names another).")
@_edge
def analyze(exports, roster, out_dir, format_, mapping, exports_, anonymize, key_file, progress, save, district,
            school, wave_label, data_dir):
    """Analyse one wave: survey EXPORTS (and companion files) plus a roster."""
    from .dataset import load
    from .outputs import analysis_tables, print_summary, write_analysis

    if save and not district:
        raise click.UsageError("--save needs --district")
    if save:
        store, upload_ids = _keep_uploads([*exports, roster, mapping], district=district, school=school,
                                          data_dir=data_dir)
    steps = _Progress(progress)
    with steps.stage("reading and resolving"):
        data = load(exports, roster=roster, format=format_, mapping=mapping)
    with steps.stage(f"measuring {len(data.roster)} people"):
        analysis = data.analyze()
    with steps.stage("writing"):
        outputs = analysis_tables(data, analysis)
        if anonymize:
            from .anonymize import anonymize_outputs, load_key

            outputs = anonymize_outputs(outputs, load_key(key_file, out_dir=out_dir))
            written = _write_outputs(outputs, out_dir)
        else:
            written = write_analysis(data, analysis, out_dir, tables=outputs)
        written.update(_write_exports(outputs, exports_, out_dir))
    print_summary(data, analysis, written, echo=click.echo)
    if anonymize:
        click.echo("  pseudonymized: names and emails removed, groups under 5 people suppressed")
    if save:
        _save_wave(store, upload_ids, data, analysis, district=district, school=school,
                   label=wave_label or Path(exports[0]).stem)


def _write_outputs(outputs: dict, out_dir: Path) -> dict:
    from .export import write_outputs
    from .report import write_report_from_outputs

    written = write_outputs(outputs, out_dir)
    written["report"] = write_report_from_outputs(outputs, Path(out_dir) / "report.html")
    return written


def _write_exports(outputs: dict, formats, out_dir) -> dict:
    from .export import write_exports

    if not formats:
        return {}
    tables = {name: outputs[name] for name in ("people", "ties", "issues") if outputs.get(name) is not None}
    return write_exports(tables, outputs.get("graph"), out_dir, formats)


@cli.command(epilog=EPILOG_DEMO)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for roster.csv and the survey exports of each wave.")
@click.option("--staff", default=600, show_default=True, type=click.IntRange(min=20),
              help="Staff in the district.")
@click.option("--schools", default=6, show_default=True, type=click.IntRange(min=1),
              help="Number of schools.")
@click.option("--seed", default=7, show_default=True, type=int, help="Random seed: same seed, same district.")
@click.option("--waves", default=2, show_default=True, type=click.IntRange(1, 6), help="Survey waves.")
@_edge
def demo(out_dir, staff, schools, seed, waves):
    """Write a synthetic district: a roster and survey exports (wide, edge list, Google Forms) per wave."""
    from .demo import write_demo

    try:
        paths = write_demo(out_dir, staff=staff, schools=schools, seed=seed, waves=waves)
    except ValueError as exc:  # e.g. too few staff for the schools asked for
        raise click.BadParameter(str(exc)) from None
    click.echo(f"Wrote a synthetic district of {staff} staff in {schools} schools to {out_dir}/:")
    for path in paths.values():
        click.echo(f"  {path.name}")
    out = Path(out_dir)
    click.echo("Next steps:")
    for k in range(1, waves + 1):
        roster = paths.get(f"wave{k}_roster", paths["roster"])
        click.echo(f"  plnetwork analyze {out / f'wave{k}_wide.csv'} --roster {roster} "
                   f"--out {out / f'wave{k}'}")
    if waves > 1:
        click.echo(f"  plnetwork compare {out / 'wave1'} {out / f'wave{waves}'} --out {out / 'compare'}")
    click.echo(f"  open {out / 'wave1' / 'report.html'}")


@cli.command(epilog=EPILOG_COMPARE)
@click.argument("wave1", type=click.Path(file_okay=False, path_type=Path))
@click.argument("wave2", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for changes.csv, ties.csv, schools.csv and comparison.json.")
@_edge
def compare(wave1, wave2, out_dir):
    """Compare two analysed waves: who became a leader, who became connected, who left or joined."""
    from .export import read_outputs, write_csv, write_json
    from .waves import compare_waves

    first, second = read_outputs(wave1), read_outputs(wave2)
    for folder, outputs in ((wave1, first), (wave2, second)):
        if outputs["graph"] is None:
            raise InputError.make("no_graph", "has no network.graphml: run plnetwork analyze on it first",
                                  file=str(folder))
    comparison = compare_waves(first["graph"], second["graph"])
    out = Path(out_dir)
    written = [write_csv(comparison.people, out / "changes.csv"),
               write_csv(comparison.ties, out / "ties.csv"),
               write_csv(comparison.schools, out / "schools.csv"),
               write_json({"summary": comparison.summary}, out / "comparison.json")]
    for line in _comparison_lines(comparison.summary):
        click.echo(line)
    click.echo(f"Wrote {', '.join(p.name for p in written)} to {out_dir}/")


def _comparison_lines(summary: dict) -> list[str]:
    lines = []
    union = (summary.get("ties") or {}).get("union")
    if isinstance(union, dict):
        lines.append("  ties: " + ", ".join(f"{k} {v}" for k, v in union.items()))
    people = summary.get("people")
    if isinstance(people, dict):
        lines.append("  people: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in people.items()
                                             if isinstance(v, (int, float))))
    return lines


@cli.command(epilog=EPILOG_REPORT)
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the report [default: FOLDER/report.html].")
@click.option("--title", help="Title on the report's first page.")
@click.option("--pdf", is_flag=True, help="Also print it to PDF with headless Chromium (report.pdf).")
@_edge
def report(folder, out_file, title, pdf):
    """Re-render report.html from an analysis FOLDER (people.csv, summary.json, network.graphml)."""
    from .export import read_outputs
    from .report import write_report_from_outputs

    path = write_report_from_outputs(read_outputs(folder), out_file or folder / "report.html", title=title)
    click.echo(f"Wrote {path}")
    if pdf:
        from .report import print_pdf

        click.echo(f"Wrote {print_pdf(path)}")


@cli.command(epilog=EPILOG_VALIDATE)
@click.argument("exports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Staff roster (CSV, TSV or XLSX).")
@click.option("--format", "format_", help="Export layout, when detection guesses wrong.")
@click.option("--map", "mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Question -> relation mapping (YAML).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0),
              help="Most issues to print (0: all).")
@click.option("--strict", is_flag=True,
              help="Exit 2 when any issue is an error, not only when input is unusable.")
@_edge
def validate(exports, roster, format_, mapping, limit, strict):
    """Read and resolve EXPORTS against a roster, without analysing; print the issues as a table."""
    from .dataset import load

    data = load(exports, roster=roster, format=format_, mapping=mapping)
    issues = data.issues.records()
    click.echo(f"Read {len(data.roster)} staff, {len(data.respondents)} respondents and "
               f"{len(data.nominations)} nominations from {', '.join(data.files)} ({data.platform}).")
    if not issues:
        click.echo("No issues found.")
    else:
        shown = issues if limit == 0 else issues[:limit]
        click.echo(_issue_table(shown))
        if len(shown) < len(issues):
            click.echo(f"... {len(issues) - len(shown)} more (--limit 0 shows all).")
        counts = data.issues.counts()
        click.echo("Issues by kind: " + ", ".join(f"{code} {n}" for code, n in counts.items()))
    if strict and data.issues.has_errors():
        sys.exit(2)


def _issue_table(records) -> str:
    rows = [("SEVERITY", "CODE", "WHERE", "MESSAGE")]
    for r in records:
        where = ":".join(str(part) for part in (r.get("file"), r.get("row"), r.get("column"))
                         if part not in (None, ""))
        rows.append((str(r.get("severity") or ""), str(r.get("code") or ""), where,
                     str(r.get("message") or "")))
    widths = [min(max(len(row[i]) for row in rows), cap) for i, cap in enumerate((8, 24, 40))]
    return "\n".join("  ".join(cell[:w].ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3]
                     for row in rows)


@cli.command(epilog=EPILOG_ANONYMIZE)
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the pseudonymized copy [default: FOLDER-anonymized beside FOLDER].")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path), help=_KEY_FILE_HELP)
@click.option("--min-group", default=5, show_default=True, type=click.IntRange(min=2),
              help="Smallest school, role, team or level shown separately.")
@_exports_option
@_edge
def anonymize(folder, out_dir, key_file, min_group, exports_):
    """Write a pseudonymized copy of an analysis FOLDER, for sharing with researchers.

    Staff ids become stable keyed-hash pseudonyms, names, emails and typed answers are removed, and
    schools, roles, teams and levels with fewer than --min-group people are suppressed.
    """
    from .anonymize import anonymize_outputs, load_key
    from .export import read_outputs

    out_dir = out_dir or folder.parent / f"{folder.name}-anonymized"
    if out_dir.resolve() == folder.resolve():
        raise click.BadParameter("write the copy to another folder than the original", param_hint="--out")
    key = load_key(key_file, out_dir=out_dir)
    outputs = anonymize_outputs(read_outputs(folder), key, min_size=min_group)
    written = _write_outputs(outputs, out_dir)
    written.update(_write_exports(outputs, exports_, out_dir))
    suppressed = outputs["summary"]["privacy"]["suppressed_groups"]
    click.echo(f"Wrote a pseudonymized copy of {folder}/ to {out_dir}/ ({len(written)} files).")
    groups = ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in suppressed.items() if n)
    click.echo(f"  suppressed (fewer than {min_group} people): {groups or 'none'}")


@cli.command(epilog="""\b
Examples:
  plnetwork dashboard --demo                 # the demo district at http://127.0.0.1:8050, no sign-in
  PLNETWORK_SECRET_KEY=... plnetwork dashboard --host 0.0.0.0 --data-dir /srv/plnetwork
""")
@click.option("--demo", is_flag=True, help="Load the demo district's two waves into the store on first start; "
              "on this computer (loopback) no sign-in is needed.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but "
              "loopback requires sign-in and PLNETWORK_SECRET_KEY.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data-dir", default="data", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where the database and caches live.")
@_edge
def dashboard(demo, host, port, data_dir):
    """Start the dashboard (needs the dashboard extra: pip install 'plnetwork[dashboard]')."""
    from dashboard.cli import run   # the web layer sits on top of the library: imported only here

    run(demo=demo, host=host, port=port, data_dir=data_dir, echo=click.echo)


# --- the store: accounts, saved waves, retention and erasure --------------------------------------------

def _data_dir_option(command):
    return click.option("--data-dir", default="data", show_default=True, envvar="PLNETWORK_DATA_DIR",
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Where the database lives ($PLNETWORK_DATABASE_URL, when set, names another).")(command)


def _open_store(data_dir, **options):
    try:
        from .store import Store
    except ModuleNotFoundError as exc:
        raise click.ClickException(f"the store needs {exc.name}: pip install 'plnetwork[dashboard]'") from None
    return Store.from_env(data_dir, **options)


def _keep_uploads(paths, *, district, school, data_dir):
    """Store the raw files before anything parses them (so a parse failure loses nothing)."""
    store = _open_store(data_dir)
    ids = []
    for path in filter(None, paths):
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue               # reading it again reports the problem as bad input, with exit 2
        ids.append(store.put_upload(data, Path(path).name, district=district, school=school))
    return store, ids


def _save_wave(store, upload_ids, data, analysis, *, district, school, label) -> None:
    from .store import Scope

    operator = Scope("admin")      # whoever runs the command line can open the database file anyway
    wave_id = store.save_wave(data, district=district, school=school, label=label, upload_ids=upload_ids,
                              scope=operator)
    store.save_results(wave_id, analysis.people, analysis.summary, operator)
    click.echo(f"Saved as wave {wave_id} ({district}{' / ' + school if school else ''}, {label!r}) in {store!r}.")
    store.close()


@cli.group()
def users():
    """Dashboard accounts. The first administrator: plnetwork users add EMAIL --admin."""


@users.command("add", epilog="""\b
Examples:
  plnetwork users add head@maple.org --admin
  plnetwork users add lead@maple.org --role district --district "Maple USD"
  plnetwork users add data@oak.org --role school --district "Maple USD" --school "Oak Elementary"
  printf '%s\\n' "$PASSWORD" | plnetwork users add r@uni.edu --role researcher --password-stdin
""")
@click.argument("email")
@click.option("--role", type=click.Choice(["district", "school", "researcher"]),
              help="district: every school of its district; school: its own school; researcher: "
                   "pseudonymized data only.")
@click.option("--admin", is_flag=True, help="An administrator: sees and manages everything.")
@click.option("--district", help="The account's district (district and school accounts; optional for researchers).")
@click.option("--school", help="The account's school (school accounts).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input's first line.")
@_data_dir_option
@_edge
def users_add(email, role, admin, district, school, password_stdin, data_dir):
    """Add an account; the password is asked for (twice) unless --password-stdin."""
    if admin == bool(role):
        raise click.UsageError("give either --role district|school|researcher or --admin")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = _open_store(data_dir)
    try:
        user = store.users.add_user(email, password, "admin" if admin else role, district, school)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    click.echo(f"Added {user.email}: {_account_line(user)}.")


def _account_line(user) -> str:
    where = " / ".join(part for part in (user.district, user.school) if part)
    return f"{user.role}{' of ' + where if where else ''}"


@users.command("list")
@_data_dir_option
@_edge
def users_list(data_dir):
    """List the accounts."""
    store = _open_store(data_dir)
    accounts = store.users.list_users()
    store.close()
    if not accounts:
        click.echo("No accounts yet: plnetwork users add EMAIL --admin")
    for user in accounts:
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
        click.echo(f"{user.email:<36} {_account_line(user):<48} last sign-in {last}")


@users.command("remove")
@click.argument("email")
@_data_dir_option
@_edge
def users_remove(email, data_dir):
    """Remove an account."""
    store = _open_store(data_dir)
    removed = store.users.remove_user(email)
    store.close()
    if not removed:
        raise click.ClickException(f"no account for {email}")
    click.echo(f"Removed {email}.")


@cli.group("store")
def store_group():
    """The stored data: retention purge, right to erasure."""


@store_group.command("purge")
@click.option("--retention-days", default=365, show_default=True, type=click.IntRange(min=1),
              help="Individual-level data older than this is purged; aggregates stay.")
@_data_dir_option
@_edge
def store_purge(retention_days, data_dir):
    """Purge individual-level results older than the retention period (run it daily, e.g. from cron)."""
    store = _open_store(data_dir, retention_days=retention_days)
    purged = store.purge_expired()
    store.close()
    click.echo(f"Purged {purged} wave{'' if purged == 1 else 's'} older than {retention_days} days.")


@store_group.command("erase-person")
@click.argument("staff_id")
@click.option("--district", required=True, help="The district whose data holds the person.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@_data_dir_option
@_edge
def store_erase_person(staff_id, district, yes, data_dir):
    """Erase a person (right to erasure) from every wave, result and upload of a district."""
    from .store import Scope

    if not yes:
        click.confirm(f"Erase staff id {staff_id} from all of {district}'s data? This cannot be undone",
                      abort=True)
    store = _open_store(data_dir)
    counts = store.erase_person(staff_id, district=district, scope=Scope("admin"))
    store.close()
    click.echo(f"Erased from {counts['waves']} waves ({counts['rows']} rows, {counts['texts']} texts "
               f"redacted, {counts['uploads']} raw uploads deleted); the audit log records that an "
               "erasure happened, not whose.")



def main(argv=None):
    """Entry point of the ``plnetwork`` script."""
    cli.main(args=argv, prog_name="plnetwork")


if __name__ == "__main__":
    main()
