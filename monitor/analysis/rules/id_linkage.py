"""``id-linkage``: one request carried a resettable advertising ID (OAID, GAID) together with an ID
the user cannot reset (IMEI/MEID, IMSI, ICCID, serial number, MAC address, Android ID), so the
reset is defeated. Needs no consent state: linking is the problem. One finding per host and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_F, PIPL_6
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import group
from monitor.analysis.rules.transmission_before_consent import flow_evidence, recipient_text
from monitor.analysis.view import RunView

RESETTABLE = frozenset({"oaid", "gaid"})
PERSISTENT = frozenset({"imei", "imsi", "iccid", "device-serial", "mac-address", "android-id"})


def check(view: RunView, params: Params) -> Iterator[Hit]:
    linked = []
    for sent in view.sent:
        types = sent.by_type()
        if len(types) < 2:
            continue  # one data type: nothing linked
        resettable = sorted(RESETTABLE & types.keys())
        persistent = sorted(PERSISTENT & types.keys())
        if resettable and persistent:
            linked.append((sent, resettable, persistent))
    for (_host, _actor), found in group(linked, lambda x: (x[0].flow.host.lower(), x[0].actor)).items():
        sent, resettable, persistent = found[0]
        hits = [h for t in resettable + persistent for h in sent.by_type()[t]]
        summary = (
            f"{sent.actor.name} sent {', '.join(label(t) for t in resettable)} together with "
            f"{', '.join(label(t) for t in persistent)} to {recipient_text(sent)}"
        )
        evidence = flow_evidence(sent, hits)
        evidence.update({"flows": [s.flow.id for s, _, _ in found], "resettable": resettable, "persistent": persistent})
        yield Hit(resettable[0], sent.actor, sent.flow.ts_ms, summary, evidence)


RULE = Rule(
    id="id-linkage",
    title="A resettable advertising ID was sent together with a non-resettable device ID",
    severity=Severity.MEDIUM,
    clauses=(G41391_F, PIPL_6),
    check=check,
    reads_flows=True,
    doc=__doc__ or "",
)
