"""``collection-after-refusal``: a hook that collects personal information fired after the user
refused consent (pressed 不同意 / Disagree). One finding per data type and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_14, R164_1_1, R191_3_2
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import collection_hits, group_sites
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    groups = group_sites(view, lambda s: (s[0], s[1]) if s[2] == "refused" else None)
    yield from collection_hits(groups, lambda actor, what, _n: f"{actor.name} collected {what} after the user refused consent")


RULE = Rule(
    id="collection-after-refusal",
    title="Personal information collected after the user refused consent",
    severity=Severity.HIGH,
    clauses=(R191_3_2, R164_1_1, PIPL_14),
    check=check,
    doc=__doc__ or "",
)
