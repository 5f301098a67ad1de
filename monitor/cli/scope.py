"""``privmon scope``: draft a declared-scope manifest (双清单) from a run, and check one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from monitor.cli._common import err, handled, open_store, out
from monitor.correlation import load_inputs, load_view
from monitor.errors import ConfigError
from monitor.report.document import resolve_run
from monitor.scope import draft_scope, load_scope
from monitor.store.models import Run

scope_app = typer.Typer(
    help="Declared scope (双清单): what the privacy policy says the app collects and shares.", no_args_is_help=True
)


@scope_app.command("init")
def init_command(
    run: Annotated[str, typer.Argument(help="Run uid (or a unique prefix, a numeric id, or 'latest').")] = "latest",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the draft here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
) -> None:
    """Draft a manifest from what a run observed (data types, SDKs, recipients), to edit into what the
    privacy policy says."""
    with handled():
        store = open_store()
        run_id = resolve_run(store, run)
        inputs = load_inputs(store, run_id)
        with store.session() as s:
            row = s.get(Run, run_id)
            assert row is not None
            uid = row.uid
        text = draft_scope(load_view(store, run_id, inputs), uid)
        if output is None:
            typer.echo(text, nl=False)
            return
        if output.exists() and not force:
            raise ConfigError(f"{output} exists: choose another --output or add --force")
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot write {output}: {e.strerror}") from e
        err.print(f"wrote {output}: fill in the purposes, then 'privmon correlate {uid} --scope {output}'")


@scope_app.command("check")
def check_command(path: Annotated[Path, typer.Argument(help="The manifest (TOML).")]) -> None:
    """Validate a manifest: exit 0 and a summary, or exit 2 with a one-line error naming the field."""
    with handled():
        scope = load_scope(path)
        out.print(
            f"{path}: ok: {len(scope.data)} data type(s), {len(scope.sdks)} SDK(s), "
            f"{len(scope.declared_domains())} domain(s), cross-border {'allowed' if scope.cross_border_allowed else 'not allowed'}"
        )
