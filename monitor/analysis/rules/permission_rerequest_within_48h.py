"""``permission-rerequest-within-48h``: the app asked again for a runtime permission less than
``hours`` after the user denied it, in this run or in an earlier run of the same app on the same
device (the store keeps every run's permission results). Asking again after the user granted it,
or later than ``hours`` after the denial, is not flagged. One finding per permission.

Default: 164号 二、1 (频繁申请权限) as applied in MIIT reviews and AppScan's checklist: re-prompting
a refused permission after more than 48 h is not "frequent"."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_5, R164_2_1, R191_3_2
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.view import PermissionAnswer, RunView, short_permission

HOUR_MS = 3_600_000


def check(view: RunView, params: Params) -> Iterator[Hit]:
    limit_ms = int(float(params["hours"]) * HOUR_MS)
    # each permission's answers in time order (earlier runs first on a tie), with their times
    by_permission: dict[str, tuple[list[int], list[PermissionAnswer]]] = {}
    for a in sorted([*view.history, *view.permission_answers], key=lambda a: a.ts_ms):
        times, answers = by_permission.setdefault(a.permission, ([], []))
        times.append(a.ts_ms)
        answers.append(a)
    flagged: set[str] = set()
    for req in view.permission_requests:
        for perm in req.permissions:
            if perm in flagged or perm not in by_permission:
                continue
            times, answers = by_permission[perm]
            # the last answer known when the request was made: from the last one not after it, back
            # past any of the same millisecond that came after it
            last: PermissionAnswer | None = None
            for i in range(bisect.bisect_right(times, req.event.ts_ms) - 1, -1, -1):
                if view.answered_before(answers[i], req.event):
                    last = answers[i]
                    break
            if last is None or last.granted or req.event.ts_ms - last.ts_ms >= limit_ms:
                continue
            flagged.add(perm)
            gap_ms = req.event.ts_ms - last.ts_ms
            where = f"in run {last.run}" if last.run else "in this run"
            gap = f"{gap_ms / HOUR_MS:.1f} h" if gap_ms >= HOUR_MS else f"{gap_ms / 1000:.1f} s"
            summary = f"{req.actor.name} asked for {short_permission(perm)} again {gap} after the user denied it ({where})"
            evidence = {
                "events": [req.event.id],
                "permission": perm,
                "denied_at_ms": last.ts_ms,
                "denied_in_run": last.run,
                "denial_event": last.event_id,
                "hours": params["hours"],
                "stack": list(req.event.stack),
            }
            yield Hit("permission", req.actor, req.event.ts_ms, summary, evidence)


RULE = Rule(
    id="permission-rerequest-within-48h",
    title="A denied permission was requested again within 48 hours",
    severity=Severity.MEDIUM,
    clauses=(R164_2_1, R191_3_2, G41391_6_5),
    check=check,
    doc=__doc__ or "",
    params={"hours": Param(48, "hours after a denial during which asking again is flagged")},
)
