"""``undeclared-recipient``: personal information (any encoding the matcher knows) was sent to a
host that is not under any declared domain: the first-party and third-party domains, or the
recipients of the declared SDKs. Needs a scope manifest. One finding per host and data type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_23, R164_1_3, R191_5_1
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import FlowGroup, add_flow
from monitor.analysis.rules.transmission_before_consent import flow_evidence, recipient_text
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    scope = view.scope
    if scope is None:
        return
    domains = scope.declared_domains()
    undeclared: dict[str, str | None] = {}  # host -> its key (lower-cased), None if declared: a run sends to few hosts
    groups: dict[tuple[str, str], FlowGroup] = {}
    for s in view.sent:
        host = s.flow.host
        if host in undeclared:
            key = undeclared[host]
        else:
            key = undeclared[host] = None if scope.domain_declared(host, domains) else host.lower()
        if key is not None:
            for dt, hits in s.by_type().items():
                add_flow(groups, (key, dt), s, hits)
    for (_host, dt), (sent, hits, flows) in groups.items():
        summary = f"{sent.actor.name} sent {label(dt)} to {recipient_text(sent)}, which the declared scope does not name"
        evidence = flow_evidence(sent, hits)
        evidence["flows"] = flows
        evidence["declared_domains"] = list(domains)
        yield Hit(dt, sent.actor, sent.flow.ts_ms, summary, evidence)


RULE = Rule(
    id="undeclared-recipient",
    title="Personal information sent to a recipient the declared scope does not name",
    severity=Severity.HIGH,
    clauses=(R191_5_1, R164_1_3, PIPL_23),
    check=check,
    reads_flows=True,
    doc=__doc__ or "",
    needs=frozenset({"scope"}),
)
