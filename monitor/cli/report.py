"""``privmon runs`` and ``privmon report``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import func, select

from monitor.cli._common import err, handled, open_store, out
from monitor.errors import ConfigError
from monitor.report.document import build, resolve_run
from monitor.report.formats import ReportFormat
from monitor.store.models import App, Finding, Run


def runs_command(
    limit: Annotated[int, typer.Option(help="Show the newest N runs.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List recorded runs, newest first."""
    with handled():
        store = open_store()
        with store.session() as s:
            counts = dict(s.execute(select(Finding.run_id, func.count(Finding.id)).group_by(Finding.run_id)).tuples().all())
            rows = s.execute(select(Run, App).join(App, Run.app_id == App.id).order_by(Run.id.desc()).limit(limit)).tuples().all()
            data: list[dict[str, Any]] = [
                {
                    "id": r.id,
                    "uid": r.uid,
                    "started_at": r.started_at.isoformat(),
                    "package": a.package,
                    "mode": r.mode,
                    "consent": r.consent_policy,
                    "status": r.status,
                    "findings": counts.get(r.id, 0),
                    "exit_reason": r.exit_reason,
                }
                for r, a in rows
            ]
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not data:
            err.print("no runs yet: try 'privmon demo' or 'privmon run --sandbox APP.jar'")
            return
        table = Table(title="privmon runs", title_justify="left")
        table.add_column("run", no_wrap=True, min_width=12)
        table.add_column("started (UTC)", no_wrap=True)
        table.add_column("app", overflow="fold")
        table.add_column("consent", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("findings", justify="right", no_wrap=True)
        for d in data:
            table.add_row(
                d["uid"], d["started_at"][5:19].replace("T", " "), d["package"], d["consent"], d["status"], str(d["findings"])
            )
        out.print(table)


def report_command(
    run: Annotated[str, typer.Argument(help="Run uid (or a unique prefix, a numeric id, or 'latest').")],
    output_format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.TEXT,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    show_values: Annotated[bool, typer.Option("--show-values", help="Include raw PI values (masked by default).")] = False,
) -> None:
    """Render the report of a run: text, JSON or a self-contained HTML page with the timeline."""
    with handled():
        store = open_store()
        doc = build(store, resolve_run(store, run), show_values=show_values)
        text = output_format.to_formatter().format(doc)
        if output is None:
            typer.echo(text, nl=False)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot write {output}: {e.strerror}") from e
        err.print(f"wrote {output}")
