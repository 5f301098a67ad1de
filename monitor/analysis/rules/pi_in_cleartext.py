"""``pi-in-cleartext``: personal information was sent over plain HTTP (no TLS), readable by anyone
on the path. One finding per host and data type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_51
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Clause, Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import FlowGroup, add_flow
from monitor.analysis.rules.transmission_before_consent import flow_evidence, recipient_text
from monitor.analysis.view import RunView

AS_CLEARTEXT = Clause("AppScan 安全隐私卫士 ruleData", "明文传输个人信息", "个人信息以明文方式传输")


def check(view: RunView, params: Params) -> Iterator[Hit]:
    groups: dict[tuple[str, str], FlowGroup] = {}
    for s in view.sent:
        url = s.flow.url
        if url[:7].lower() == "http://":  # as url.lower().startswith(...), without lowering the whole URL
            host = s.flow.host.lower()
            for dt, hits in s.by_type().items():
                add_flow(groups, (host, dt), s, hits)
    for (_host, dt), (sent, hits, flows) in groups.items():
        summary = f"{sent.actor.name} sent {label(dt)} to {recipient_text(sent)} over plain HTTP"
        evidence = flow_evidence(sent, hits)
        evidence["flows"] = flows
        yield Hit(dt, sent.actor, sent.flow.ts_ms, summary, evidence)


RULE = Rule(
    id="pi-in-cleartext",
    title="Personal information sent without encryption (HTTP)",
    severity=Severity.HIGH,
    clauses=(PIPL_51, AS_CLEARTEXT),
    check=check,
    reads_flows=True,
    doc=__doc__ or "",
)
