"""``id-linkage``: one request carried a resettable advertising ID (OAID, GAID) together with an ID
the user cannot reset (IMEI/MEID, IMSI, ICCID, serial number, MAC address, Android ID), so the
reset is defeated. Needs no consent state: linking is the problem. One finding per host and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_F, PIPL_6
from monitor.analysis.datatypes import label
from monitor.analysis.model import Actor
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import FlowGroup, add_flow
from monitor.analysis.rules.transmission_before_consent import flow_evidence, recipient_text
from monitor.analysis.view import RunView

RESETTABLE = frozenset({"oaid", "gaid"})
PERSISTENT = frozenset({"imei", "imsi", "iccid", "device-serial", "mac-address", "android-id"})


def check(view: RunView, params: Params) -> Iterator[Hit]:
    groups: dict[tuple[str, Actor], FlowGroup] = {}
    for sent in view.sent:
        types = sent.by_type()
        if len(types) < 2:
            continue  # one data type: nothing linked
        if not RESETTABLE.isdisjoint(types) and not PERSISTENT.isdisjoint(types):
            add_flow(groups, (sent.flow.host.lower(), sent.actor), sent, [])
    for sent, _, flows in groups.values():
        types = sent.by_type()
        resettable, persistent = sorted(RESETTABLE & types.keys()), sorted(PERSISTENT & types.keys())
        hits = [h for t in resettable + persistent for h in types[t]]
        summary = (
            f"{sent.actor.name} sent {', '.join(label(t) for t in resettable)} together with "
            f"{', '.join(label(t) for t in persistent)} to {recipient_text(sent)}"
        )
        evidence = flow_evidence(sent, hits)
        evidence.update({"flows": flows, "resettable": resettable, "persistent": persistent})
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
