"""The report document of one run, read from the store: what every formatter renders.

Raw PI stays in the store. By default every known PI value (all hook return values of the run)
is masked wherever it appears in the report (URLs, summaries, stacks): ``35**********809
[sha256:1a2b3c4d]``. ``show_values=True`` keeps them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from monitor.analysis.attribution import attribute
from monitor.analysis.datatypes import data_type, label
from monitor.analysis.model import ObservedFlow
from monitor.consent.beacons import beacon_calls
from monitor.correlation import load_consent_session, load_observations
from monitor.errors import ConfigError
from monitor.exitcodes import ExitCode
from monitor.store.db import Store
from monitor.store.models import Finding, Flow, Run

SCHEMA = "privmon.report/1"
_NOT_ANALYSED = {
    "other-process": "; another process's traffic, not analysed",
    "baseline": "; sent during the noise baseline (app not running), not analysed",
    "noise": "; like the noise baseline's traffic and not from the app's listener, not analysed",
}


def mask(value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:8]
    if len(value) <= 4:
        return f"****[sha256:{digest}]"
    keep = 2 if len(value) < 10 else 3
    return f"{value[:keep]}{'*' * (len(value) - 2 * keep)}{value[-keep:]} [sha256:{digest}]"


class Redactor:
    def __init__(self, values: set[str], enabled: bool) -> None:
        self.enabled = enabled
        self._values = sorted((v for v in values if len(v) >= 4), key=len, reverse=True)

    def __call__(self, text: str | None) -> str:
        if text is None:
            return ""
        if not self.enabled:
            return text
        for v in self._values:
            if v in text:
                text = text.replace(v, mask(v))
        return text


@dataclass
class TimelineEntry:
    ts_ms: int
    rel_ms: int | None
    kind: str  # collection | call | click | flow | consent
    title: str
    detail: str
    actor: str = ""
    flagged: bool = False


@dataclass
class ReportDocument:
    run: dict[str, Any]
    app: dict[str, Any]
    device: dict[str, Any]
    consent: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    hooks: dict[str, Any]
    counts: dict[str, int]
    timeline: list[TimelineEntry] = field(default_factory=list)
    redacted: bool = True
    consent_flow: dict[str, Any] | None = None
    """The consent step: policy, outcome and each dialog with the control pressed (None for older runs)."""
    sdk_consent_calls: list[dict[str, Any]] = field(default_factory=list)
    """Signal 3: what the app told its SDKs, when."""
    tls_failures: list[dict[str, Any]] = field(default_factory=list)
    """Hosts whose TLS the app refused to the proxy (pinning, untrusted CA): not decrypted, per host."""
    noise_baseline: dict[str, Any] | None = None
    """The noise baseline taken before the app started, and what was subtracted for it (None: none taken)."""

    @property
    def exit_code(self) -> int:
        if self.run["status"] == "partial":
            return int(ExitCode.PARTIAL)
        return int(ExitCode.FINDINGS) if self.findings else int(ExitCode.OK)


def resolve_run(store: Store, ref: str) -> int:
    """A run id from a uid, a unique uid prefix, a numeric id, or ``latest``."""
    with store.session() as s:
        if ref == "latest":
            run_id = s.scalar(select(func.max(Run.id)))
        elif ref.isdigit() and s.get(Run, int(ref)) is not None:
            run_id = int(ref)
        else:
            ids = s.scalars(select(Run.id).where(Run.uid.startswith(ref))).all()
            if len(ids) > 1:
                raise ConfigError(f"run {ref!r} is ambiguous ({len(ids)} runs match); give more characters")
            run_id = ids[0] if ids else None
    if run_id is None:
        raise ConfigError(f"no run {ref!r} in the store (see 'privmon runs')")
    return int(run_id)


def build(store: Store, run_id: int, show_values: bool = False) -> ReportDocument:
    events, flows, consent, _ = load_observations(store, run_id)
    session = load_consent_session(store, run_id)
    with store.session() as s:
        run = s.get(Run, run_id)
        assert run is not None
        app, device = run.app, run.device
        finding_rows = s.scalars(select(Finding).where(Finding.run_id == run_id).order_by(Finding.ts_ms, Finding.id)).all()
        flow_rows = {f.id: f for f in s.scalars(select(Flow).where(Flow.run_id == run_id)).all()}
        truth = list(run.device_truth or ())
        values = {v.value for e in events for v in e.values} | {t["value"] for t in truth}
        red = Redactor(values, enabled=not show_values)
        decision = min(consent, key=lambda c: c.ts_ms) if consent else None

        def rel(ts: int) -> int | None:
            return None if decision is None else ts - decision.ts_ms

        findings = [
            {
                "id": f.id,
                "rule": f.rule,
                "severity": f.severity,
                "data_type": f.data_type,
                "data_label": label(f.data_type),
                "actor": {
                    "kind": f.actor_kind,
                    "name": f.actor_name,
                    "prefix": f.actor_prefix,
                    "company": f.evidence.get("actor_company"),
                },
                "ts_ms": f.ts_ms,
                "rel_ms": f.rel_ms,
                "summary": red(f.summary),
                "evidence": _redact_evidence(f.evidence, red),
                "clauses": f.clauses,
            }
            for f in finding_rows
        ]
        flagged_events = {i for f in finding_rows for i in f.evidence.get("events", [])}
        flagged_flows = {f.evidence.get("flow") for f in finding_rows if f.evidence.get("flow") is not None}
        timeline: list[TimelineEntry] = []
        for e in events:
            if e.kind == "ui:click":
                timeline.append(TimelineEntry(e.ts_ms, rel(e.ts_ms), "click", f"tap on {e.text!r}", e.target or "", "user"))
                continue
            dt = data_type(e, app.package)
            actor = attribute(e.stack, app.package, api=e.api)
            detail = red(", ".join(e.args)) + (f" -> {red(', '.join(v.value for v in e.values))}" if e.values else "")
            if e.thrown:
                detail += f" (threw {e.thrown})"
            timeline.append(
                TimelineEntry(
                    e.ts_ms,
                    rel(e.ts_ms),
                    "collection" if dt else "call",
                    e.api + (f"  [{label(dt)}]" if dt else ""),
                    detail,
                    actor.name,
                    e.id in flagged_events,
                )
            )
        for f in flows:
            row = flow_rows[f.id]
            timeline.append(
                TimelineEntry(
                    f.ts_ms,
                    rel(f.ts_ms),
                    "flow",
                    f"{f.method} {red(f.url)}",
                    f"{len(f.body)} bytes body, status {row.response_status}"
                    + _NOT_ANALYSED.get(f.origin, "")
                    + (f"; {row.error}" if row.error else ""),
                    "",
                    f.id in flagged_flows,
                )
            )
        for c in consent:
            timeline.append(TimelineEntry(c.ts_ms, rel(c.ts_ms), "consent", f"consent {c.state}", f"source: {c.source}", "user"))
        timeline.sort(key=lambda t: t.ts_ms)
        installed = [h for h in run.hooks if h.get("installed")]
        absent = [h for h in run.hooks if h.get("optional") and not h.get("installed")]
        doc = ReportDocument(
            run={
                "id": run.id,
                "uid": run.uid,
                "status": run.status,
                "exit_reason": run.exit_reason,
                "mode": run.mode,
                "consent_policy": run.consent_policy,
                "started_at": run.started_at.isoformat(),
                "ended_at": run.ended_at.isoformat() if run.ended_at else None,
                "tool_version": run.tool_version,
                "protocol_version": run.protocol_version,
                "notes": list(run.notes),
                "agent_faults": list(run.agent_faults),
                "artifacts_dir": run.artifacts_dir,
            },
            app={
                "package": app.package,
                "version_name": app.version_name,
                "version_code": app.version_code,
                "label": app.label,
                "sha256": app.sha256,
                "path": app.path,
            },
            device={
                "serial": device.serial,
                "kind": device.kind,
                "model": device.model,
                "api_level": device.api_level,
                "abi": device.abi,
                "clock_offset_ms": device.clock_offset_ms,
                # identifiers read from the device itself, matched in traffic (values redacted by default)
                "ground_truth": [{"type": t["type"], "source": t["source"], "value": red(t["value"])} for t in truth],
                # when the screen was off (device clock; on_ms null: still off at the end)
                "screen_off": [{"off_ms": off, "on_ms": on, "rel_ms": rel(off)} for off, on in run.screen_off or ()],
            },
            consent=[
                {
                    "ts_ms": c.ts_ms,
                    "state": c.state,
                    "source": c.source,
                    "event_id": c.event_id,
                    "bracket_end_ms": c.bracket_end_ms,
                }
                for c in consent
            ],
            consent_flow=None
            if session is None
            else {
                "policy": session.policy,
                "outcome": session.outcome,
                "outcome_rel_ms": rel(session.outcome_ts_ms) if session.outcome_ts_ms is not None else None,
                "steps": [
                    dict(step, rel_ms=rel(step["ts_ms"]) if step.get("ts_ms") is not None else None) for step in session.steps
                ],
            },
            sdk_consent_calls=[
                {
                    "vendor": b.vendor,
                    "call": b.call,
                    "granted": b.granted,
                    "ts_ms": b.ts_ms,
                    "rel_ms": rel(b.ts_ms),
                    "sdks": list(b.sdks),
                    "event_id": b.event_id,
                }
                for b in beacon_calls(events)
            ],
            findings=findings,
            hooks={
                "installed": len(installed),
                "failed": [h for h in run.hooks if not h.get("installed") and not h.get("optional")],
                "total": len(run.hooks) - len(absent),
                "absent_optional": len(absent),
            },
            counts={
                "events": len(events),
                "flows": len(flows),
                "other_process_flows": sum(1 for f in flows if f.origin == "other-process"),
                "unattributed_flows": sum(1 for f in flows if f.origin == "unattributed"),
                "baseline_flows": sum(1 for f in flows if f.origin == "baseline"),
                "noise_flows": sum(1 for f in flows if f.origin == "noise"),
            },
            noise_baseline=noise_baseline(run, flows),
            tls_failures=tls_failures(flows),
            timeline=timeline,
            redacted=not show_values,
        )
    return doc


def _redact_evidence(evidence: dict[str, Any], red: Redactor) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in evidence.items():
        if isinstance(v, str):
            out[k] = red(v)
        elif isinstance(v, list):
            out[k] = [red(x) if isinstance(x, str) else x for x in v]
        else:
            out[k] = v
    return out


def as_dict(doc: ReportDocument) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "exit_code": doc.exit_code,
        "exit_reason": doc.run["exit_reason"] or ("findings" if doc.findings else "ok"),
        "redacted": doc.redacted,
        "run": doc.run,
        "app": doc.app,
        "device": doc.device,
        "consent": doc.consent,
        "consent_flow": doc.consent_flow,
        "sdk_consent_calls": doc.sdk_consent_calls,
        "hooks": doc.hooks,
        "counts": doc.counts,
        "tls_failures": doc.tls_failures,
        "noise_baseline": doc.noise_baseline,
        "findings": doc.findings,
        "timeline": [t.__dict__ for t in doc.timeline],
    }


def noise_baseline(run: Run, flows: Sequence[ObservedFlow]) -> dict[str, Any] | None:
    """Per host: flows sent during the baseline (the app not running) and later flows subtracted as
    like them (not on the app's listener)."""
    if run.baseline_end_ms is None:
        return None
    hosts: dict[str, dict[str, Any]] = {}
    for f in flows:
        if f.origin in ("baseline", "noise"):
            entry = hosts.setdefault(f.host, {"host": f.host, "baseline": 0, "subtracted": 0})
            entry["baseline" if f.origin == "baseline" else "subtracted"] += 1
    return {
        "ended_at": datetime.fromtimestamp(run.baseline_end_ms / 1000, UTC).isoformat(),
        "hosts": sorted(hosts.values(), key=lambda d: str(d["host"])),
    }


def tls_failures(flows: Sequence[ObservedFlow]) -> list[dict[str, Any]]:
    """The proxy's ``TLS`` records, per host: how many connections failed and the first error."""
    by_host: dict[str, dict[str, Any]] = {}
    for f in flows:
        if f.method == "TLS":
            entry = by_host.setdefault(f.host, {"host": f.host, "connections": 0, "origin": f.origin})
            entry["connections"] += 1
    return sorted(by_host.values(), key=lambda d: str(d["host"]))
