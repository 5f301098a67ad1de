"""``beyond-declared-scope``: the app or an SDK collected a data type that the declared scope's
collection list (``[collect.<type>]``) does not name, or precise location (an
``ACCESS_FINE_LOCATION`` request, a GPS provider) where the list declares coarse location only.
Needs a scope manifest. One finding per data type and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_6, R164_1_1, R191_2_1, R191_3_3
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import collection_hits, group_sites
from monitor.analysis.view import RunView

FINE_LOCATION = "android.permission.ACCESS_FINE_LOCATION"


def check(view: RunView, params: Params) -> Iterator[Hit]:
    scope = view.scope
    if scope is None:
        return
    groups = group_sites(view, lambda s: None if s[0] in scope.data else (s[0], s[1]))
    yield from collection_hits(
        groups, lambda actor, what, _n: f"{actor.name} collected {what}, which the declared collection list does not name"
    )
    location = scope.data.get("location")
    if location is None or location.precision != "coarse":
        return
    for req in view.permission_requests:
        if FINE_LOCATION in req.permissions:
            summary = f"{req.actor.name} asked for precise location (ACCESS_FINE_LOCATION); the declared scope says coarse"
            yield Hit("location", req.actor, req.event.ts_ms, summary, {"events": [req.event.id], "declared": "coarse"})
            return


RULE = Rule(
    id="beyond-declared-scope",
    title="A data type was collected that the declared collection list does not name",
    severity=Severity.HIGH,
    clauses=(R191_3_3, R191_2_1, R164_1_1, PIPL_6),
    check=check,
    doc=__doc__ or "",
    needs=frozenset({"scope"}),
)
