"""``sdk-data-beyond-declared``: an SDK named in the declared sharing list collected a data type
that its entry (``collects``) does not list. Needs a scope manifest. One finding per SDK and data
type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_6, R191_3_3, R191_3_9
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import MAX_EVIDENCE_EVENTS, actor_evidence, group_sites
from monitor.analysis.view import RunView, Site
from monitor.scope import DeclaredSdk


def check(view: RunView, params: Params) -> Iterator[Hit]:
    scope = view.scope
    if scope is None:
        return

    def beyond(s: Site) -> tuple[DeclaredSdk, str] | None:
        if s[1].kind not in ("sdk", "third-party"):
            return None
        sdk = scope.sdk_for(view.caller_at(s[3], s[4]), s[1].name)
        return (sdk, s[0]) if sdk is not None and s[0] not in sdk.collects else None

    for (sdk, dt), lists in group_sites(view, beyond).items():
        calls = sorted((c for calls in lists for c in calls[:MAX_EVIDENCE_EVENTS]), key=lambda c: c.event.ts_ms)
        actor = calls[0].actor
        declared = sorted(sdk.collects)
        summary = f"{sdk.name} collected {label(dt)}; its declared list has {', '.join(declared) or 'nothing'}"
        evidence = {
            "events": [c.event.id for c in calls[:MAX_EVIDENCE_EVENTS]],
            "calls": sum(len(calls) for calls in lists),
            "declared": declared,
            "apis": sorted({calls[0].event.api for calls in lists}),
            "stack": list(calls[0].event.stack),
        }
        evidence.update(actor_evidence(actor))
        yield Hit(dt, actor, calls[0].event.ts_ms, summary, evidence)


RULE = Rule(
    id="sdk-data-beyond-declared",
    title="A declared SDK collected a data type beyond what its entry declares",
    severity=Severity.MEDIUM,
    clauses=(R191_3_3, R191_3_9, G41391_6_6),
    check=check,
    doc=__doc__ or "",
    needs=frozenset({"scope"}),
)
