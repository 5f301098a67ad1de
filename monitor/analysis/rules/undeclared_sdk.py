"""``undeclared-sdk``: third-party code (a catalogued SDK, or a package outside the app's own)
collected personal information and the declared sharing list (``[[sdk]]``) names no SDK whose
prefixes cover it. Needs a scope manifest. One finding per SDK, listing every data type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_6, R164_1_3, R191_2_1, R191_5_1
from monitor.analysis.datatypes import label
from monitor.analysis.model import Actor
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import MAX_EVIDENCE_EVENTS, actor_evidence, group_sites
from monitor.analysis.view import RunView, Site


def check(view: RunView, params: Params) -> Iterator[Hit]:
    scope = view.scope
    if scope is None:
        return

    def undeclared(s: Site) -> Actor | None:
        actor = s[1]
        if actor.kind not in ("sdk", "third-party"):
            return None
        return None if scope.sdk_for(view.caller_at(s[3], s[4]), actor.name) else actor

    for actor, lists in group_sites(view, undeclared).items():
        calls = sorted((c for calls in lists for c in calls[:MAX_EVIDENCE_EVENTS]), key=lambda c: c.event.ts_ms)
        types = list(dict.fromkeys(c.data_type for c in calls))
        summary = (
            f"{actor.name} ({actor.prefix}) collected {', '.join(label(t) for t in types)} and is not in the declared SDK list"
        )
        evidence = {
            "events": [c.event.id for c in calls[:MAX_EVIDENCE_EVENTS]],
            "calls": sum(len(calls) for calls in lists),
            "data_types": types,
            "stack": list(calls[0].event.stack),
        }
        evidence.update(actor_evidence(actor))
        yield Hit(types[0], actor, calls[0].event.ts_ms, summary, evidence)


RULE = Rule(
    id="undeclared-sdk",
    title="An SDK that the declared sharing list does not name collected personal information",
    severity=Severity.HIGH,
    clauses=(R191_2_1, R191_5_1, R164_1_3, G41391_6_6),
    check=check,
    doc=__doc__ or "",
    needs=frozenset({"scope"}),
)
