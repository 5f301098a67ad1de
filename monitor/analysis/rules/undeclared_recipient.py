"""``undeclared-recipient``: personal information (any encoding the matcher knows) was sent to a
host that is not under any declared domain: the first-party and third-party domains, or the
recipients of the declared SDKs. Needs a scope manifest. One finding per host and data type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_23, R164_1_3, R191_5_1
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import group
from monitor.analysis.rules.transmission_before_consent import flow_evidence, recipient_text
from monitor.analysis.view import PiHit, RunView, SentFlow


def check(view: RunView, params: Params) -> Iterator[Hit]:
    scope = view.scope
    if scope is None:
        return
    domains = scope.declared_domains()
    declared: dict[str, bool] = {}  # by host: a run sends to few hosts, many times
    pairs: list[tuple[SentFlow, str, list[PiHit]]] = []
    for s in view.sent:
        host = s.flow.host
        known = declared.get(host)
        if known is None:
            known = declared[host] = scope.domain_declared(host, domains)
        if not known:
            pairs.extend((s, dt, hits) for dt, hits in s.by_type().items())
    for (_host, dt), found in group(pairs, lambda p: (p[0].flow.host.lower(), p[1])).items():
        sent, _, hits = found[0]
        summary = f"{sent.actor.name} sent {label(dt)} to {recipient_text(sent)}, which the declared scope does not name"
        evidence = flow_evidence(sent, hits)
        evidence["flows"] = [s.flow.id for s, _, _ in found]
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
