"""A stored run, read back for the rules, and its findings (re)computed: what ``privmon run`` does
after capture and what ``privmon correlate RUN`` does later with new rules, thresholds or a new
declared scope, without the device. The rules' inputs (scope and config text) are stored with the
run, so a re-correlation with no changes reproduces its findings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from monitor.analysis.correlator import run_rules
from monitor.analysis.model import ConsentPoint, ConsentSession, FindingDraft, ObservedEvent, ObservedFlow
from monitor.analysis.rules import RuleConfig, resolve
from monitor.analysis.view import PERMISSION_RESULT_HOOKS, PermissionAnswer, RunView, permission_answers
from monitor.config import Config, parse_config
from monitor.device.truth import TruthValue
from monitor.errors import ConfigError, MonitorError, StoreError
from monitor.events import PiValue, ValueType
from monitor.scope import ScopeManifest, parse_scope
from monitor.store.db import Store
from monitor.store.models import (
    App,
    CallSite,
    ConsentChange,
    ConsentFlowRow,
    Device,
    Finding,
    Flow,
    HookEvent,
    Run,
    RunInputs,
)


@dataclass(frozen=True)
class RuleInputs:
    scope: ScopeManifest | None
    config: Config
    scope_name: str = ""
    config_name: str = ""
    user_data_types: dict[str, str] = field(default_factory=dict)  # user hook id -> data type (--hooks)


def load_observations(
    store: Store, run_id: int
) -> tuple[list[ObservedEvent], list[ObservedFlow], list[ConsentPoint], dict[int, int]]:
    """Read one run back from the store as correlator inputs."""
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            raise MonitorError(f"run {run_id} not found")
        offset = run.device.clock_offset_ms
        rows = s.scalars(select(HookEvent).where(HookEvent.run_id == run_id).order_by(HookEvent.ts_ms, HookEvent.seq)).all()
        # the run's call sites, each read once (older rows hold their API and stack themselves)
        sites = {
            site_id: (api, tuple(stack))
            for site_id, api, stack in s.execute(
                select(CallSite.id, CallSite.api, CallSite.stack).where(
                    CallSite.id.in_(select(HookEvent.site_id).where(HookEvent.run_id == run_id))
                )
            )
        }
        events = []
        for r in rows:
            if r.site_id is None:
                api, stack = r.api, tuple(r.stack)
            elif r.site_id in sites:
                api, stack = sites[r.site_id]
            else:
                raise StoreError(f"event {r.id} of run {run_id} names call site {r.site_id}, which the store lacks")
            events.append(
                ObservedEvent(
                    id=r.id,
                    ts_ms=r.ts_ms,
                    kind=r.kind,
                    hook=r.hook,
                    category=r.category,
                    api=api,
                    args=tuple(r.args),
                    target=r.target,
                    thrown=r.thrown,
                    text=r.text,
                    values=tuple(PiValue(ValueType(v["type"]), v["value"]) for v in r.values),
                    stack=stack,
                    thread_name=r.thread_name,
                )
            )
        seq_of = {r.id: r.seq for r in rows}
        flow_rows = s.scalars(select(Flow).where(Flow.run_id == run_id).order_by(Flow.ts_ms)).all()
        base_end = run.baseline_end_ms
        in_baseline = [base_end is not None and f.ts_ms < base_end for f in flow_rows]
        signatures = [flow_signature(f.method, f.host, f.url) for f in flow_rows] if base_end is not None else []
        baseline = {signatures[i] for i, early in enumerate(in_baseline) if early}  # no baseline: none early
        flows = [
            ObservedFlow(
                id=f.id,
                ts_ms=f.ts_ms + offset,
                method=f.method,
                url=f.url,
                host=f.host,
                headers=tuple((h[0], h[1]) for h in f.request_headers),
                body=f.request_body,
                server_ip=f.server_ip,
                origin=flow_origin(
                    f.proxy_port,
                    run.app_proxy_port,
                    in_baseline=early,
                    like_baseline=bool(baseline) and signatures[i] in baseline,
                ),
            )
            for i, (f, early) in enumerate(zip(flow_rows, in_baseline, strict=True))
        ]
        consent = [
            ConsentPoint(
                ts_ms=c.ts_ms, state=c.state, source=c.source, event_id=c.event_id, bracket_end_ms=_bracket_end(c.detail)
            )
            for c in s.scalars(select(ConsentChange).where(ConsentChange.run_id == run_id)).all()
        ]
    return events, flows, consent, seq_of


def flow_origin(
    proxy_port: int | None, app_proxy_port: int | None, in_baseline: bool = False, like_baseline: bool = False
) -> str:
    """app: came in on the listener reserved for the app under test; other-process: on the device-wide
    listener (another app or the OS); unattributed: the run had no app listener (older runs).
    With a noise baseline: baseline, sent while it was taken (the app was not running); noise, not on
    the app's listener and like a baseline flow (same method, host and path shape). The app's own
    listener wins over the baseline: what came in on it is the app's even if the OS sends the same."""
    if in_baseline:
        return "baseline"
    if app_proxy_port is None or proxy_port is None:
        origin = "unattributed"
    else:
        origin = "app" if proxy_port == app_proxy_port else "other-process"
    return "noise" if origin != "app" and like_baseline else origin


_ID_SEGMENT = re.compile(r"[0-9A-Fa-f-]{8,}|\d+|[A-Za-z0-9_=-]{24,}")


def flow_signature(method: str, host: str, url: str) -> tuple[str, str, str]:
    """What a noise-baseline flow and a later one share: method, host and path, with the path's ids
    (numbers, hex, UUIDs, long tokens) as ``*``; the query is left out."""
    path = urlsplit(url).path or "/"
    shape = "/".join("*" if _ID_SEGMENT.fullmatch(segment) else segment for segment in path.split("/"))
    return method.upper(), host.lower(), shape


def _bracket_end(detail: str) -> int | None:
    if not detail:
        return None
    value = json.loads(detail).get("bracket_end_ms")
    return int(value) if value is not None else None


def load_consent_session(store: Store, run_id: int) -> ConsentSession | None:
    """How the consent step of a run went, and which SDK consent calls the app contains (None for older runs)."""
    with store.session() as s:
        row = s.scalars(select(ConsentFlowRow).where(ConsentFlowRow.run_id == run_id)).first()
        run = s.get(Run, run_id)
        if row is None or run is None:
            return None
        present = frozenset(h["id"] for h in run.hooks if h.get("category") == "consent" and h.get("installed"))
        return ConsentSession(
            policy=row.policy,
            outcome=row.outcome,
            outcome_ts_ms=row.outcome_ts_ms,
            steps=tuple(row.steps),
            beacon_hooks=present,
        )


def load_permission_history(store: Store, run_id: int) -> list[PermissionAnswer]:
    """Permission results of the earlier runs of the same app on the same device (by serial)."""
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            raise MonitorError(f"run {run_id} not found")
        earlier = (
            select(Run.id)
            .join(App, Run.app_id == App.id)
            .join(Device, Run.device_id == Device.id)
            .where(App.package == run.app.package, Device.serial == run.device.serial, Run.started_at < run.started_at)
        )
        rows = s.execute(
            select(HookEvent.id, HookEvent.ts_ms, HookEvent.args, Run.uid)
            .join(Run, HookEvent.run_id == Run.id)
            .where(HookEvent.run_id.in_(earlier), HookEvent.hook.in_(PERMISSION_RESULT_HOOKS))
        ).all()
        out = [a for ev_id, ts, args, uid in rows for a in permission_answers(ts, [str(x) for x in args], ev_id, uid)]
    return sorted(out, key=lambda a: a.ts_ms)


def load_inputs(store: Store, run_id: int) -> RuleInputs:
    """The scope and config a run was correlated with (defaults when none were stored)."""
    with store.session() as s:
        row = s.scalars(select(RunInputs).where(RunInputs.run_id == run_id)).first()
    if row is None:
        return RuleInputs(None, Config(RuleConfig()))
    scope = parse_scope(row.scope, row.scope_name or "stored scope") if row.scope else None
    config = parse_config(row.config, row.config_name or "stored config") if row.config else Config(RuleConfig())
    return RuleInputs(scope, config, row.scope_name, row.config_name, dict(row.user_data_types))


def save_results(store: Store, run_id: int, inputs: RuleInputs, findings: list[FindingDraft]) -> None:
    """Replace a run's findings and the inputs they were computed with, in one transaction."""
    with store.session() as s:
        s.execute(delete(RunInputs).where(RunInputs.run_id == run_id))
        s.execute(delete(Finding).where(Finding.run_id == run_id))
        s.add(
            RunInputs(
                run_id=run_id,
                scope=inputs.scope.source if inputs.scope else "",
                scope_name=inputs.scope_name,
                config=inputs.config.source,
                config_name=inputs.config_name,
                user_data_types=inputs.user_data_types,
            )
        )
        s.add_all(finding_row(run_id, f) for f in findings)


def load_view(store: Store, run_id: int, inputs: RuleInputs) -> RunView:
    """A stored run as the rules see it, with these inputs."""
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            raise MonitorError(f"run {run_id} not found")
        package = run.app.package
        truth = [TruthValue.from_dict(t) for t in run.device_truth or ()]
        screen_off = [(int(off), None if on is None else int(on)) for off, on in run.screen_off or ()]
    if inputs.scope is not None and inputs.scope.app and inputs.scope.app != package:
        where = inputs.scope_name or "scope"
        raise ConfigError(f"{where}: app: the manifest describes {inputs.scope.app}, the run is of {package}")
    events, flows, consent, seq_of = load_observations(store, run_id)
    return RunView(
        events=events,
        flows=flows,
        consent=consent,
        package=package,
        seq_of=seq_of,
        user_data_types=inputs.user_data_types,
        session=load_consent_session(store, run_id),
        scope=inputs.scope,
        history=load_permission_history(store, run_id),
        presorted=True,
        truth=truth,
        screen_off=screen_off,
    )


def correlate_run(store: Store, run_id: int, inputs: RuleInputs, save: bool = True) -> list[FindingDraft]:
    """Run the rules over a stored run; with SAVE, its findings are replaced by these and the inputs
    kept with it. Rules are resolved first, so a bad config changes nothing."""
    rules = resolve(inputs.config.rules)
    findings = run_rules(load_view(store, run_id, inputs), rules)
    if save:
        save_results(store, run_id, inputs, findings)
    return findings


def finding_row(run_id: int, f: FindingDraft) -> Finding:
    return Finding(
        run_id=run_id,
        rule=f.rule,
        severity=f.severity,
        data_type=f.data_type,
        actor_kind=f.actor.kind,
        actor_name=f.actor.name,
        actor_prefix=f.actor.prefix,
        ts_ms=f.ts_ms,
        rel_ms=f.rel_ms,
        summary=f.summary,
        evidence=f.evidence,
        clauses=f.clauses,
    )
