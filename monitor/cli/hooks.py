"""``privmon hooks``: coverage of a run, and the self-test of every hook."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from monitor.cli._common import RichProgress, err, handled, open_store, out, state
from monitor.report.document import resolve_run
from monitor.selftest import run_selftest
from monitor.store.db import data_dir
from monitor.store.models import Run

hooks_app = typer.Typer(help="Hook coverage: which hooks a run had, and a self-test of all of them.", no_args_is_help=True)


@hooks_app.command("list")
def list_command(
    run: Annotated[str, typer.Argument(help="Run uid (or prefix, numeric id, 'latest').")] = "latest",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The hooks of a run: installed or failed (and why), with the number of overloads hooked (and how many
    of them take the agent's direct entry, on the sandbox)."""
    with handled():
        store = open_store()
        with store.session() as s:
            row = s.get(Run, resolve_run(store, run))
            assert row is not None
            hooks = list(row.hooks)
        if as_json:
            typer.echo(json.dumps(hooks, indent=2))
            return
        table = Table(
            title=f"hooks of run {row.uid}: {sum(1 for h in hooks if h['installed'])}/"
            f"{sum(1 for h in hooks if h['installed'] or not h.get('optional'))} installed"
            f" ({sum(1 for h in hooks if h.get('optional') and not h['installed'])} SDK hooks absent: the SDK is not in the app)",
            title_justify="left",
        )
        for col in ("hook", "category", "api", "status"):
            table.add_column(col, overflow="fold")
        for h in hooks:
            if h["installed"]:
                direct = h.get("direct", 0)  # runs recorded before the agent had direct entries lack it
                status = f"installed ({h['overloads']}" + (f", {direct} direct)" if direct else ")")
            elif h.get("optional"):
                status = "[dim]absent[/]: the SDK is not in this app"
            else:
                status = f"[red]failed[/]: {h.get('error')}"
            table.add_row(h["id"], h["category"], h["api"], status)
        out.print(table)


@hooks_app.command("selftest")
def selftest_command(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Run the probe app (it calls every hooked API once) and check each hook reports exactly that."""
    with handled():
        result = run_selftest(open_store(), data_dir(), RichProgress(state.quiet))
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "ok": result.ok,
                        "run": result.run_uid,
                        "status": result.status,
                        "checks": [c.__dict__ | {"ok": c.ok} for c in result.checks],
                    },
                    indent=2,
                )
            )
        else:
            table = Table(title=f"hook self-test (run {result.run_uid}, {result.status})", title_justify="left")
            for col in ("hook", "events", "result"):
                table.add_column(col, overflow="fold")
            for c in result.checks:
                table.add_row(
                    c.id,
                    f"{c.calls}/{c.expected_calls if c.expected_calls is not None else '?'}",
                    "[green]ok[/]" if c.ok else f"[red]{c.problem}[/]",
                )
            out.print(table)
            passed = sum(1 for c in result.checks if c.ok)
            err.print(f"{passed}/{len(result.checks)} hooks passed" + ("" if result.ok else "; the self-test FAILED"))
        raise typer.Exit(0 if result.ok else 1)
