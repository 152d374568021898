"""The command line: ``plnetwork analyze EXPORT... --roster ROSTER --out DIR`` and friends.

Errors are translated here, once: unusable input exits 2 with one line naming the file, row and column;
anything unexpected exits 1 with one line (``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import sys
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
@_edge
def analyze(exports, roster, out_dir, format_, mapping):
    """Analyse one wave: survey EXPORTS (and companion files) plus a roster."""
    from .dataset import load
    from .outputs import print_summary, write_analysis

    data = load(exports, roster=roster, format=format_, mapping=mapping)
    analysis = data.analyze()
    written = write_analysis(data, analysis, out_dir)
    print_summary(data, analysis, written, echo=click.echo)


def main(argv=None):
    """Entry point of the ``plnetwork`` script."""
    cli.main(args=argv, prog_name="plnetwork")
