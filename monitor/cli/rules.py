"""``privmon rules`` (the rules and their clause map) and ``privmon correlate`` (re-run the rules
on a stored run)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from monitor.analysis.model import Actor, FindingDraft
from monitor.analysis.ruleapi import Rule, Severity
from monitor.analysis.rules import RuleConfig, resolve
from monitor.cli._common import err, findings_table, handled, open_store, out
from monitor.config import Config, load_config
from monitor.correlation import correlate_run, load_inputs
from monitor.errors import ConfigError
from monitor.exitcodes import ExitCode
from monitor.report.document import resolve_run
from monitor.scope import load_scope
from monitor.store.models import Finding, Run

rules_app = typer.Typer(help="The rules: ids, severities, thresholds and the clauses each one evidences.", no_args_is_help=True)

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Rules config (privmon.toml: [rules] thresholds, disable, plugins, custom rules).", envvar=None
    ),
]


def rule_dict(rule: Rule, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": str(rule.severity),
        "origin": rule.origin,
        "needs": sorted(rule.needs),
        "params": {
            n: {"value": (params or {}).get(n, p.default), "default": p.default, "help": p.help} for n, p in rule.params.items()
        },
        "clauses": [c.as_dict() for c in rule.clauses],
        "doc": " ".join(rule.doc.split()),
    }


@rules_app.command("list")
def list_command(
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Every rule that runs (built-in, plugins, config), its severity and the clauses it maps to."""
    with handled():
        active = resolve(load_config(config).rules)
        if as_json:
            typer.echo(json.dumps([rule_dict(a.rule, dict(a.params)) for a in active], ensure_ascii=False, indent=2))
            return
        table = Table(title=f"privmon rules ({len(active)})", title_justify="left", show_lines=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("sev", no_wrap=True)
        table.add_column("what it flags", overflow="fold")
        table.add_column("clauses", overflow="fold")
        for a in active:
            r = a.rule
            what = r.title + (f"\n[dim]needs: {', '.join(sorted(r.needs))}[/]" if r.needs else "")
            if a.params:
                what += "\n[dim]" + ", ".join(f"{k} = {v}" for k, v in a.params.items()) + "[/]"
            clauses = "\n".join(f"{_short(c.source)} {c.ref}" for c in r.clauses)
            table.add_row(r.id, str(r.severity), what, escape(clauses))
        out.print(table)


def _short(source: str) -> str:
    """The clause source as a short tag for tables (191号, 164号, GB/T 41391, PIPL)."""
    for key, tag in (("191号", "191号"), ("164号", "164号"), ("41391", "GB/T 41391"), ("PIPL", "PIPL")):
        if key in source:
            return tag
    return source


@rules_app.command("show")
def show_command(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. excessive-frequency.")],
    config: ConfigOpt = None,
) -> None:
    """What one rule tests, its thresholds (and where the defaults come from), and its clauses."""
    with handled():
        active = {a.rule.id: a for a in resolve(load_config(config).rules)}
        if rule_id not in active:
            raise ConfigError(f"no rule '{rule_id}' (see 'privmon rules list')")
        a = active[rule_id]
        r = a.rule
        out.print(f"[bold]{r.id}[/]  ({r.severity}, {r.origin})  {escape(r.title)}")
        out.print(escape(r.doc.strip()), highlight=False)
        if r.needs:
            out.print(f"needs: {', '.join(sorted(r.needs))}")
        for name, p in r.params.items():
            out.print(f"threshold [bold]{name}[/] = {a.params[name]}  (default {p.default}: {escape(p.help)})")
        for c in r.clauses:
            out.print(f"clause: {escape(c.source)} {c.ref}: {escape(c.text)}")


def _key(f: FindingDraft) -> tuple[str, str, str, int]:
    return (f.rule, f.data_type, f.actor.name, f.ts_ms)


def _stored(run_id: int) -> list[FindingDraft]:
    store = open_store()
    with store.session() as s:
        rows = s.scalars(select(Finding).where(Finding.run_id == run_id)).all()
        return [
            FindingDraft(
                r.rule, r.severity, r.data_type, Actor(r.actor_kind, r.actor_name, r.actor_prefix), r.ts_ms, r.rel_ms, r.summary
            )
            for r in rows
        ]


def correlate_command(
    run: Annotated[str, typer.Argument(help="Run uid (or a unique prefix, a numeric id, or 'latest').")],
    scope: Annotated[
        Path | None, typer.Option("--scope", help="Declared scope (双清单) TOML to apply instead of the run's.")
    ] = None,
    no_scope: Annotated[bool, typer.Option("--no-scope", help="Drop the run's declared scope.")] = False,
    config: ConfigOpt = None,
    default_config: Annotated[
        bool, typer.Option("--default-config", help="Use the default rules config instead of the run's.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the findings; keep the stored ones.")] = False,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 if a finding is at or above this severity.")] = "none",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Re-run the rules on a stored run: new rules, new thresholds, a new declared scope, no device.
    With no options it reproduces the run's findings from the inputs stored with it."""
    threshold = None if fail_on.lower() == "none" else _severity(fail_on)
    with handled():
        if scope is not None and no_scope:
            raise ConfigError("--scope and --no-scope contradict each other")
        if config is not None and default_config:
            raise ConfigError("--config and --default-config contradict each other")
        store = open_store()
        run_id = resolve_run(store, run)
        stored = load_inputs(store, run_id)
        inputs = stored
        if scope is not None:
            inputs = replace(inputs, scope=load_scope(scope, stored.user_data_types.values()), scope_name=scope.name)
        elif no_scope:
            inputs = replace(inputs, scope=None, scope_name="")
        if config is not None:
            inputs = replace(inputs, config=load_config(config), config_name=config.name)
        elif default_config:
            inputs = replace(inputs, config=Config(RuleConfig()), config_name="")
        before = _stored(run_id)
        findings = correlate_run(store, run_id, inputs, save=not dry_run)
        with store.session() as s:
            uid = s.get(Run, run_id).uid  # type: ignore[union-attr]
        old, new = {_key(f) for f in before}, {_key(f) for f in findings}
        added, removed = len(new - old), len(old - new)
        if as_json:
            payload = {
                "run": uid,
                "scope": inputs.scope_name or None,
                "config": inputs.config_name or None,
                "saved": not dry_run,
                "added": added,
                "removed": removed,
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": f.severity,
                        "data_type": f.data_type,
                        "actor": f.actor.name,
                        "summary": f.summary,
                    }
                    for f in findings
                ],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            using = f"scope: {inputs.scope_name or 'none'}, config: {inputs.config_name or 'defaults'}"
            out.print(findings_table(f"run {uid}: {len(findings)} finding(s) ({using})", findings))
            change = "same findings as stored" if not added and not removed else f"{added} new, {removed} gone vs stored"
            err.print(f"{change}{'' if not dry_run else ' (dry run: store unchanged)'}")
        if threshold is not None and any(Severity.parse(f.severity) >= threshold for f in findings):
            raise typer.Exit(int(ExitCode.FINDINGS))


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except KeyError:
        raise typer.BadParameter(f"choose one of none, {', '.join(str(s) for s in Severity)}") from None
