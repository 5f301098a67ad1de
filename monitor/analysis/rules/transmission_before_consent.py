"""``transmission-before-consent``: a flow sent while no consent was in force (before it was given,
after a refusal, or after it was withdrawn) carries a PI value
the app had collected (a hook's return value), in any encoding the matcher knows: raw, case
variants, URL-encoding, base64 at any alignment, md5/sha1/sha256 of the raw and case-folded
forms, MAC without separators, latitude and longitude apart. One finding per flow and data type.

A value the device itself gave (device ground truth: its serial, MACs...) counts too when no hook saw
the app collect it: it was read some other way (native code, a field, a file), and the finding says so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitor.analysis.clauses import R164_1_3, R191_3_1, R191_5_1
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import actor_evidence, destination_country
from monitor.analysis.view import RunView, SentFlow


def flow_evidence(sent: SentFlow, hits: list[Any]) -> dict[str, Any]:
    """What a finding about one flow's PI says (shared by the traffic rules)."""
    flow, r = sent.flow, sent.recipient
    evidence: dict[str, Any] = {
        "flow": flow.id,
        "url": flow.url,
        "host": flow.host,
        "method": flow.method,
        "encodings": sorted({h.encoding for h in hits}),
        "contexts": sorted({h.context for h in hits}),
        "value_events": sorted({i for h in hits for i in h.events}),
        "device_truth": sorted({h.truth for h in hits if h.truth}),
        "matches": [h.evidence() for h in hits],
        "connection_event": sent.connection_event,
        "recipient": {"entity": r.entity, "domain": r.domain, "party": r.party, "country": destination_country(sent)},
    }
    evidence.update(actor_evidence(sent.actor))
    return evidence


def recipient_text(sent: SentFlow) -> str:
    """``host (entity, country)``, each part when known (the country: where the address is registered)."""
    known = [part for part in (sent.recipient.entity, destination_country(sent)) if part]
    return sent.flow.host + (f" ({', '.join(known)})" if known else "")


def check(view: RunView, params: Params) -> Iterator[Hit]:
    for sent in view.sent:
        if sent.state == "granted":
            continue
        for dt, hits in sent.by_type().items():
            encodings = ", ".join(sorted({h.encoding for h in hits}))
            when = "after consent was withdrawn" if sent.state == "withdrawn" else "before consent"
            summary = f"{sent.actor.name} sent {label(dt)} to {recipient_text(sent)} {when} (as {encodings})"
            valued = [h for h in hits if h.match.source != "adapter"]
            if valued and all(h.truth for h in valued):
                summary += "; no hook saw it collected: the value is the device's own"
            yield Hit(dt, sent.actor, sent.flow.ts_ms, summary, flow_evidence(sent, hits))


RULE = Rule(
    id="transmission-before-consent",
    title="Personal information sent over the network before the user consented",
    severity=Severity.HIGH,
    clauses=(R191_3_1, R191_5_1, R164_1_3),
    check=check,
    reads_flows=True,
    doc=__doc__ or "",
)
