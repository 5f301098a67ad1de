"""``app-list-read``: the app or an SDK enumerated the installed apps or running processes
(``getInstalledPackages``, ``getInstalledApplications``, ``getRunningAppProcesses``, ``pm list
packages``), a practice MIIT singles out. Looking up one named package is not enumeration. Not
flagged when the declared scope lists ``app-list`` with a purpose. One finding per actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_3, R164_1_1, R191_4_1
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import collection_hits, group_sites
from monitor.analysis.view import RunView

ENUMERATING = frozenset({"pm.getInstalledPackages", "pm.getInstalledApplications", "am.getRunningAppProcesses", "process.start"})


def check(view: RunView, params: Params) -> Iterator[Hit]:
    if view.scope is not None and "app-list" in view.scope.data:
        return
    groups = group_sites(view, lambda s: (s[0], s[1]) if s[0] == "app-list" else None, view.sites_of(ENUMERATING))
    yield from collection_hits(groups, lambda actor, _what, _n: f"{actor.name} read the list of installed apps")


RULE = Rule(
    id="app-list-read",
    title="The installed-app list (软件安装列表) was read",
    severity=Severity.MEDIUM,
    clauses=(R164_1_1, R191_4_1, G41391_6_3),
    check=check,
    doc=__doc__ or "",
)
