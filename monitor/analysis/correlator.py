"""The correlator: one run's observations -> a :class:`RunView` -> every active rule -> findings.
Pure host code, no I/O. The rules themselves live in ``monitor/analysis/rules/`` (one module
each); this module only runs them and turns their hits into findings with the rule's id,
severity, clauses and the time relative to the consent decision."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from monitor.analysis.attribution import Catalogue
from monitor.analysis.model import ConsentPoint, ConsentSession, FindingDraft, ObservedEvent, ObservedFlow
from monitor.analysis.ruleapi import Hit, Rule
from monitor.analysis.rules import ActiveRule, resolve
from monitor.analysis.view import ConsentTimeline, PermissionAnswer, RunView

if TYPE_CHECKING:
    from monitor.scope import ScopeManifest

__all__ = ["ConsentTimeline", "correlate", "gc_paused", "run_rules"]


def correlate(
    events: Sequence[ObservedEvent],
    flows: Sequence[ObservedFlow],
    consent: Sequence[ConsentPoint],
    app_package: str,
    catalogue: Catalogue | None = None,
    seq_of: dict[int, int] | None = None,
    user_data_types: dict[str, str] | None = None,
    session: ConsentSession | None = None,
    scope: ScopeManifest | None = None,
    rules: Sequence[ActiveRule] | None = None,
    history: Sequence[PermissionAnswer] = (),
) -> list[FindingDraft]:
    """All findings of one run. ``seq_of`` maps event id -> agent sequence number (tie-breaks);
    ``session`` (how the consent step went) enables the rules about the dialogs and SDK consent
    calls; ``scope`` the declared-scope rules; ``history`` holds permission answers of earlier runs."""
    view = RunView(
        events=events,
        flows=flows,
        consent=consent,
        package=app_package,
        catalogue=catalogue,
        seq_of=seq_of or {},
        user_data_types=user_data_types or {},
        session=session,
        scope=scope,
        history=history,
    )
    return run_rules(view, resolve() if rules is None else rules)


def run_rules(view: RunView, rules: Sequence[ActiveRule]) -> list[FindingDraft]:
    findings = []
    with gc_paused():
        if view.flows:
            view.start_matching()  # large runs: flows are searched in other processes while the rules start
        try:
            for active in sorted(rules, key=lambda a: a.rule.reads_flows):  # findings are sorted below
                if "scope" in active.rule.needs and view.scope is None:
                    continue
                findings += [_finding(active.rule, hit, view.timeline) for hit in active.rule.check(view, active.params)]
        finally:
            view.close()
        return sorted(findings, key=lambda f: (f.ts_ms, f.rule, f.data_type))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the view is derived and the rules run.

    A large run is millions of live objects (events, their stacks and values), and the view adds
    millions more; every full collection walks all of them: about a fifth of the time of a 1 M-event
    correlation (bench/README.md). What is built here holds no reference cycles, so reference counting
    frees it all the same; the collector is switched back on (if it was on) when the rules are done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _finding(rule: Rule, hit: Hit, timeline: ConsentTimeline) -> FindingDraft:
    evidence = hit.evidence
    decision = timeline.decision
    if decision is not None and decision.source == "dump-diff":
        # No click event: the press is only known to lie in a bracket. The decision is placed at its
        # start, so nothing inside the bracket is reported as "before consent"; the finding says so.
        end = decision.bracket_end_ms if decision.bracket_end_ms is not None else decision.ts_ms
        evidence = dict(
            evidence,
            consent_time=f"bracketed from the screen change (no click event): between {decision.ts_ms} and {end}",
            within_consent_bracket=decision.ts_ms <= hit.ts_ms <= end,
        )
    return FindingDraft(
        rule=rule.id,
        severity=str(rule.severity),
        data_type=hit.data_type,
        actor=hit.actor,
        ts_ms=hit.ts_ms,
        rel_ms=timeline.relative(hit.ts_ms),
        summary=hit.summary,
        evidence=evidence,
        clauses=list(rule.clause_dicts),
    )
