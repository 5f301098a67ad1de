"""``clipboard-read``: the clipboard was read with no user click in the ``within_ms`` before it (a
paste the user asked for follows a click), or while the app was in the background. One finding per
actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_3, R164_1_1
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import unprompted_hits
from monitor.analysis.view import RunView

CLIPBOARD_HOOKS = frozenset({"clipboard.getPrimaryClip"})


def check(view: RunView, params: Params) -> Iterator[Hit]:
    yield from unprompted_hits(
        view,
        CLIPBOARD_HOOKS,
        int(params["within_ms"]),
        lambda actor, _what, _n: f"{actor.name} read the clipboard without a user action",
    )


RULE = Rule(
    id="clipboard-read",
    title="The clipboard (剪切板) was read without a user action",
    severity=Severity.MEDIUM,
    clauses=(R164_1_1, G41391_6_3),
    check=check,
    doc=__doc__ or "",
    params={"within_ms": Param(2000, "a click this long before the read makes it user-initiated")},
)
