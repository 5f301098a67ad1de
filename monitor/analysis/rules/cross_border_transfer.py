"""``cross-border-transfer``: personal information went to a server outside the ``home`` country.
The destination is the address the proxy connected to (or an IP-literal host), looked up offline
in the RIR allocation data shipped by the ``iptocc`` package: no network lookup, and the country
is where the block is registered, which is usually but not always where the server is. Flows whose
address is unknown (answered by the sandbox proxy for a host name) are not judged. Not flagged when
the declared scope allows cross-border transfer to that country (``[cross_border]``). One finding
per country and data type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_38
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import FlowGroup, add_flow, country_of, destination_ip
from monitor.analysis.rules.transmission_before_consent import flow_evidence, recipient_text
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    home = str(params["home"]).upper()
    scope = view.scope
    groups: dict[tuple[str, str], FlowGroup] = {}
    for sent in view.sent:
        ip = destination_ip(sent)
        if ip is None:
            continue
        country = country_of(ip)
        if not country or country == home:
            continue
        if scope is not None and scope.cross_border_allowed and (not scope.countries or country in scope.countries):
            continue
        for dt, hits in sent.by_type().items():
            add_flow(groups, (country, dt), sent, hits)
    for (country, dt), (sent, hits, flows) in groups.items():
        ip = destination_ip(sent) or ""  # never empty: flows without an address are left out above
        summary = f"{sent.actor.name} sent {label(dt)} to {recipient_text(sent)} at {ip}, registered in {country} (home: {home})"
        evidence = flow_evidence(sent, hits)
        evidence.update({"flows": flows, "ip": ip, "country": country, "home": home})
        yield Hit(dt, sent.actor, sent.flow.ts_ms, summary, evidence)


RULE = Rule(
    id="cross-border-transfer",
    title="Personal information sent to a server outside the home country",
    severity=Severity.MEDIUM,
    clauses=(PIPL_38,),
    check=check,
    reads_flows=True,
    doc=__doc__ or "",
    params={"home": Param("CN", "ISO 3166 alpha-2 code of the country the app's users are in")},
)
