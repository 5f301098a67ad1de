"""``collection-after-refusal``: a hook that collects personal information fired after the user
refused consent (pressed 不同意 / Disagree) or withdrew it (撤回同意, ``--withdraw``). One finding per
data type, actor and consent state."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_14, R164_1_1, R191_3_2
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import collection_hits, group_sites
from monitor.analysis.view import RunView

WHEN = {"refused": "after the user refused consent", "withdrawn": "after the user withdrew consent"}


def check(view: RunView, params: Params) -> Iterator[Hit]:
    for state, when in WHEN.items():
        yield from _after(view, state, when)


def _after(view: RunView, state: str, when: str) -> Iterator[Hit]:
    groups = group_sites(view, lambda s: (s[0], s[1]) if s[2] == state else None)
    for hit in collection_hits(groups, lambda actor, what, _n: f"{actor.name} collected {what} {when}"):
        hit.evidence["consent_state"] = state
        yield hit


RULE = Rule(
    id="collection-after-refusal",
    title="Personal information collected after the user refused or withdrew consent",
    severity=Severity.HIGH,
    clauses=(R191_3_2, R164_1_1, PIPL_14),
    check=check,
    doc=__doc__ or "",
)
