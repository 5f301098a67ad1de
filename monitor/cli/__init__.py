"""privmon command line (typer + rich). ``privmon --help`` lists the commands.

Exit codes (the CI contract, see README): 0 ok, 1 findings at or above --fail-on, 2 usage or
configuration error, 3 environment error, 4 partial run, 130 interrupted.
"""

from __future__ import annotations

from typing import Annotated

import typer

from monitor import __version__
from monitor.cli import _common
from monitor.cli.devices import devices_app, sandbox_app
from monitor.cli.hooks import hooks_app
from monitor.cli.report import report_command, runs_command
from monitor.cli.rules import correlate_command, rules_app
from monitor.cli.run import demo_command, run_command
from monitor.cli.scope import scope_app

app = typer.Typer(
    name="privmon",
    help="Dynamic runtime privacy monitor for Android apps: what an app really collects and sends, and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        _common.out.print(f"privmon {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    db: Annotated[
        str | None, typer.Option("--db", envvar="PRIVMON_DB", help="Store: a SQLAlchemy URL or a SQLite file path.")
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More logging (-vv for debug); tracebacks on errors.")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    _common.state.db_url = db
    _common.state.verbose = verbose
    _common.state.quiet = quiet
    _common.setup_logging(verbose)


app.command("run")(run_command)
app.command("demo")(demo_command)
app.command("runs")(runs_command)
app.command("report")(report_command)
app.command("correlate")(correlate_command)
app.add_typer(devices_app, name="devices")
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(hooks_app, name="hooks")
app.add_typer(rules_app, name="rules")
app.add_typer(scope_app, name="scope")


def main() -> None:
    app()
