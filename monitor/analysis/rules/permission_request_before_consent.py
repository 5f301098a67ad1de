"""``permission-request-before-consent``: the app asked for a runtime permission
(``Activity.requestPermissions``) while the user had not agreed to the privacy policy, or after
the user refused or withdrew consent. One finding per consent state and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_5, R191_3_1, R191_3_2
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import group
from monitor.analysis.view import RunView, short_permission


def check(view: RunView, params: Params) -> Iterator[Hit]:
    groups = group(view.permission_requests, lambda r: (r.state, r.actor) if r.state != "granted" else None)
    for (state, actor), reqs in groups.items():
        asked = sorted({short_permission(p) for r in reqs for p in r.permissions})
        when = {"refused": "after the user refused consent", "withdrawn": "after the user withdrew consent"}.get(
            state, "before consent"
        )
        summary = f"{actor.name} requested {', '.join(asked) or 'a permission'} {when} ({len(reqs)} request(s))"
        evidence = {
            "events": [r.event.id for r in reqs],
            "permissions": asked,
            "consent_state": state,
            "stack": list(reqs[0].event.stack),
        }
        yield Hit("permission", actor, reqs[0].event.ts_ms, summary, evidence)


RULE = Rule(
    id="permission-request-before-consent",
    title="Runtime permission requested before the user consented (or after a refusal)",
    severity=Severity.MEDIUM,
    clauses=(R191_3_1, R191_3_2, G41391_6_5),
    check=check,
    doc=__doc__ or "",
)
