"""``collection-before-consent``: a hook that collects personal information fired while the user
had made no consent decision yet (before the agree press, on the device clock; events inside the
agree click handler count as after it). One finding per data type and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_4, R164_1_1, R191_3_1
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import collection_hits, group_sites
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    groups = group_sites(view, lambda s: (s[0], s[1]) if s[2] == "none" else None)
    yield from collection_hits(groups, lambda actor, what, _n: f"{actor.name} collected {what} before consent")


RULE = Rule(
    id="collection-before-consent",
    title="Personal information collected before the user consented",
    severity=Severity.HIGH,
    clauses=(R191_3_1, R164_1_1, G41391_6_4),
    check=check,
    doc=__doc__ or "",
)
