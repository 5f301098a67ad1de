"""One privacy session, end to end: device -> agent events -> store -> correlator -> findings.

The runner never prints; it reports progress through a :class:`ProgressReporter` and returns a
:class:`RunResult` that the CLI renders. A run row is created only after the input is validated,
is marked ``complete`` only when everything finished, and keeps everything captured so far when a
later step fails (``failed``) or the app dies mid-run (``partial``).
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import queue
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor import __version__
from monitor.analysis.correlator import run_rules
from monitor.analysis.model import ConsentPoint, FindingDraft
from monitor.analysis.rules import RuleConfig, resolve
from monitor.capture.proxy import ProxyThread
from monitor.config import Config
from monitor.consent import ConsentChoice
from monitor.consent.flow import ConsentFlow, FlowOptions, FlowResult, Outcome, PermissionPolicy
from monitor.correlation import RuleInputs, correlate_run, load_view
from monitor.device.adb import DeviceHandle, package_name
from monitor.device.agent import AgentSession, frida_module, kill_process, load_bundle
from monitor.errors import AgentError, ConfigError, DeviceError, MonitorError
from monitor.events import PROTOCOL_VERSION, AgentEvent, AgentFault, UiClick
from monitor.progress import NullProgress, ProgressReporter
from monitor.sandbox.apk import read_app
from monitor.sandbox.device import SandboxDevice, framework_jar
from monitor.sandbox.state import DeviceState
from monitor.screen import ScreenWatch
from monitor.store.db import Store
from monitor.store.models import App, ConsentChange, ConsentFlowRow, Device, Run
from monitor.store.writer import RunWriter
from monitor.targets import AdbTarget, FridaServerOptions, RunTarget, SandboxTarget, UiSession
from monitor.userhooks import UserHook

DEVICE_BASELINE_S = 10.0  # the noise baseline a phone run takes unless --baseline says otherwise


@dataclass
class RunOptions:
    consent: ConsentChoice = ConsentChoice.AGREE
    permissions: PermissionPolicy | None = None
    """How runtime-permission dialogs are answered. None: the app's permissions are granted at install
    (as ``adb install -g``) and any dialog left is answered grant when agreeing, deny otherwise. A policy:
    nothing is granted at install, so every permission goes through its dialog."""
    device_state: DeviceState = field(default_factory=DeviceState)
    observe_s: float = 4.0
    """After the consent step, watch the app at most this long..."""
    quiet_s: float = 1.0
    interactive: threading.Event | None = None
    """Interactive tester session: observe until this event is set (the tester pressed q or Ctrl-C)."""
    duration_s: float | None = None
    """Observe exactly this long after the consent step instead of stopping once the app is quiet."""
    """...or until nothing new arrived for this long while the main thread is idle."""
    pre_consent_s: float = 8.0
    """With the dialog on screen, watch what the app does before answering, at most this long."""
    dialog_timeout_s: float = 8.0
    clear_data: bool = False
    """Clear the app's data before the run (a phone app starts from first launch; the sandbox always does)."""
    manual_timeout_s: float = 120.0
    """--consent manual: how long the tester has to answer the dialogs on the device."""
    tester_marks: queue.SimpleQueue[tuple[str, int]] | None = None
    """--consent manual: consent marked by the tester with a key ("granted" | "refused", host ms)."""
    start_timeout_s: float = 30.0
    stack_depth: int = 16
    proxy_port: int = 0
    unpin: bool = True
    """Neutralise certificate pinning in the app (its pinned traffic is otherwise reported as TLS failures)."""
    block_quic: bool = True
    """Make UDP port 443 fail in the app so QUIC / HTTP3 falls back to TCP (the proxy cannot read QUIC)."""
    direct_entries: bool = True
    """On HotSpot, hooks of methods of primitives and strings take the agent's direct entry (hooks/src/lib/direct.ts)."""
    screen_off_s: float = 0.0
    """Background test: after the consent step, turn the screen off for this long, then on again (0: not done)."""
    withdraw: bool = False
    """Withdraw test: after the consent step, withdraw the consent through the app's own control."""
    baseline_s: float = 0.0
    """Noise baseline: before the app starts, watch the device this long with the proxy on. Later flows
    that look like the baseline's and did not come from the app are labelled noise and not analysed."""
    user_hooks: tuple[UserHook, ...] = ()
    """Extra hooks from a --hooks file."""
    rules: RuleInputs = field(default_factory=lambda: RuleInputs(None, Config(RuleConfig())))
    """The declared scope (--scope) and the rules config (--config) the findings are computed with."""


@dataclass
class RunResult:
    run_id: int
    uid: str
    status: str
    exit_reason: str
    package: str
    consent_choice: ConsentChoice
    consent: list[ConsentPoint]
    flow: FlowResult
    findings: list[FindingDraft]
    hooks_installed: int
    hooks_failed: list[str]
    counts: dict[str, int]
    notes: list[str]
    artifacts: Path


class _ClickWatcher:
    """Collects ui:click events as the writer stores them (called on the writer thread)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.clicks: list[tuple[int, UiClick]] = []

    def __call__(self, pairs: list[tuple[int, AgentEvent]]) -> None:
        with self._cond:
            self.clicks.extend((i, e) for i, e in pairs if isinstance(e, UiClick))
            self._cond.notify_all()

    def seen(self) -> int:
        with self._cond:
            return len(self.clicks)

    def wait_for(self, text: str, after: int, timeout: float) -> tuple[int, UiClick] | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for i, click in self.clicks[after:]:
                    if click.text == text:
                        return i, click
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)


def summarise_faults(faults: Sequence[AgentFault], hook_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Agent errors per place, with counts (the agent sends repeats as counts) and the hook they hit."""
    by_where: dict[str, dict[str, Any]] = {}
    for f in faults:
        entry = by_where.setdefault(f.where, {"where": f.where, "count": 0, "message": None, "hook": None})
        entry["count"] += f.count
        if entry["message"] is None and f.message != "repeated":
            entry["message"] = f.message
    known = sorted(hook_ids, key=len, reverse=True)
    for entry in by_where.values():
        entry["message"] = entry["message"] or "repeated"
        entry["hook"] = next((h for h in known if entry["where"] == h or entry["where"].startswith(h + ".")), None)
    return sorted(by_where.values(), key=lambda e: (-e["count"], e["where"]))


class SessionRunner:
    def __init__(self, store: Store, data_dir: Path, progress: ProgressReporter | None = None) -> None:
        self.store = store
        self.data_dir = data_dir
        self.progress = progress or NullProgress()

    # -- public ----------------------------------------------------------------------------------
    def run_sandbox(self, app_path: Path, options: RunOptions | None = None) -> RunResult:
        """A session on the sandbox device, driven directly (no adb)."""
        options = options or RunOptions()
        app = read_app(app_path)  # bad input stops here: no run is recorded
        options.device_state.validate()
        bundle = self._preflight()
        uid = uuid.uuid4().hex[:12]
        artifacts = self.data_dir / "runs" / uid
        state = options.device_state
        if options.permissions is not None and state.granted is None:
            state = dataclasses.replace(state, granted=())  # nothing granted at install: the dialogs decide
        target = SandboxTarget(app, SandboxDevice(state=state, root=artifacts / "device"))
        app_row = {
            "package": app.package,
            "version_name": app.version_name,
            "version_code": app.version_code,
            "path": str(app.path),
            "sha256": app.sha256,
            "label": app.label,
        }
        return self._run(target, app_row, bundle, options, uid, artifacts)

    def run_device(
        self,
        device: DeviceHandle,
        package: str | None,
        apk: Path | None,
        options: RunOptions | None = None,
        frida_server: FridaServerOptions | None = None,
    ) -> RunResult:
        """A session on a phone, an emulator or the virtual device, over adb."""
        options = options or RunOptions()
        if apk is not None:
            if not apk.is_file():
                raise ConfigError(f"{apk}: no such file")
            package_from_apk = package_name(apk)
            if package is not None and package != package_from_apk:
                raise ConfigError(f"--package {package} does not match the package in {apk} ({package_from_apk})")
            package = package_from_apk
        if package is None:
            raise ConfigError("give the app with --package PKG (installed) or --apk FILE")
        bundle = self._preflight(framework=False)
        uid = uuid.uuid4().hex[:12]
        artifacts = self.data_dir / "runs" / uid
        artifacts.mkdir(parents=True, exist_ok=True)
        target = AdbTarget(
            device,
            package,
            apk,
            self.data_dir / "devices",
            grant_all=options.permissions is None,  # with a --permissions policy, the dialogs decide
            frida_server=frida_server,
            clear_data=options.clear_data,
        )
        app_row = {
            "package": package,
            "path": str(apk or ""),
            "sha256": hashlib.sha256(apk.read_bytes()).hexdigest() if apk else "",
        }
        return self._run(target, app_row, bundle, options, uid, artifacts)

    # -- internals -------------------------------------------------------------------------------
    def _preflight(self, framework: bool = True) -> str:
        bundle = load_bundle()
        if framework:
            framework_jar()
        frida_module()  # a missing or broken Frida is an environment error before any run is recorded
        return bundle

    def _create_run(self, uid: str, app_row: dict[str, Any], target: RunTarget, options: RunOptions, artifacts: Path) -> int:
        with self.store.session() as s:
            app = App(**app_row)
            dev = Device(clock_offset_ms=0, **target.device_row())
            s.add_all([app, dev])
            s.flush()
            run = Run(
                uid=uid,
                started_at=datetime.now(UTC),
                status="running",
                mode=target.mode,
                consent_policy=str(options.consent),
                tool_version=__version__,
                protocol_version=PROTOCOL_VERSION,
                app_id=app.id,
                device_id=dev.id,
                artifacts_dir=str(artifacts),
                hooks=[],
                agent_faults=[],
                notes=[],
            )
            s.add(run)
            s.flush()
            return run.id

    def _update_run(self, run_id: int, **columns: Any) -> None:
        with self.store.session() as s:
            run = s.get(Run, run_id)
            assert run is not None
            for name, value in columns.items():
                setattr(run, name, value)

    def _read_ground_truth(self, run_id: int, target: RunTarget, notes: list[str]) -> None:
        """The device's own identifiers, so traffic carrying them is found even when no hook saw the app
        read them. Not essential: a device that refuses is noted and the run goes on."""
        self.progress.step("reading the device's identifiers (ground truth for traffic matching)")
        try:
            truth = target.ground_truth()
        except DeviceError as e:
            notes.append(f"device identifiers not read (traffic is matched against hooked values only): {e}")
            self.progress.note(notes[-1])
            return
        self._update_run(run_id, device_truth=[t.as_dict() for t in truth])

    def _baseline(self, run_id: int, target: RunTarget, seconds: float) -> None:
        """The noise baseline: the device with the proxy on and the app not running, for ``seconds``."""
        self.progress.step(f"noise baseline: watching the device for {seconds:g} s before the app starts")
        _watch(target, seconds, threading.Event())  # nothing ends it early: the app is not running
        self._update_run(run_id, baseline_end_ms=int(time.time() * 1000))

    def _run(
        self, target: RunTarget, app_row: dict[str, Any], bundle: str, options: RunOptions, uid: str, artifacts: Path
    ) -> RunResult:
        # What is alive now (modules, the store, the agent bundle) lives through the run: frozen, the
        # collections that the event stream's allocations set off do not walk it again and again
        # (a fifth of the writer's time in bench/bench_ingest.py). Thawed when the run ends.
        gc.freeze()
        try:
            return self._run_frozen(target, app_row, bundle, options, uid, artifacts)
        finally:
            gc.unfreeze()

    def _run_frozen(
        self, target: RunTarget, app_row: dict[str, Any], bundle: str, options: RunOptions, uid: str, artifacts: Path
    ) -> RunResult:
        run_id = self._create_run(uid, app_row, target, options, artifacts)
        self.progress.step(
            f"run {uid}: {target.package} on {target.mode} {target.device_row()['serial']} (consent: {options.consent})"
        )
        notes: list[str] = []
        flow = FlowResult()
        writer = RunWriter(self.store, run_id, artifacts).start()
        clicks = _ClickWatcher()
        writer.add_listener(clicks, kinds=("ui:click",))
        proxy = ProxyThread(
            writer,
            confdir=self.data_dir / "mitmproxy",
            port=options.proxy_port,
            sandbox=target.mode == "sandbox" or bool(target.device_row()["facts"].get("sandbox")),
            app_listener=True,
        )
        frida_device: Any = None
        session: AgentSession | None = None
        screen: ScreenWatch | None = None
        pid: int | None = None
        app_started = False
        stopped = False
        status, reason = "failed", ""
        try:
            self.progress.step("starting the capture proxy")
            proxy.start()
            self.progress.step("preparing the device (app, proxy, CA)")
            self._update_run(run_id, app_proxy_port=proxy.app_port)
            for note in target.prepare(proxy.port, proxy.ca_cert, artifacts, proxy.app_port):
                notes.append(note)
                self.progress.note(note)
            self._read_ground_truth(run_id, target, notes)
            if options.baseline_s > 0:
                self._baseline(run_id, target, options.baseline_s)
            self.progress.step("spawning the app under the Frida agent")
            frida_device, pid = target.spawn(writer.on_output)
            session = AgentSession(frida_device, pid, writer.on_frida_message)
            session.attach_and_init(
                bundle,
                stack_depth=options.stack_depth,
                user_hooks=[h.to_agent() for h in options.user_hooks],
                app_proxy=("127.0.0.1", proxy.app_port) if proxy.app_port else None,
                unpin=options.unpin,
                block_quic=options.block_quic,
                direct_entries=options.direct_entries,
            )
            session.resume()
            app_started = True
            screen = ScreenWatch(target, _device_now_ms).start()
            alive = session.detached.is_set
            ui = target.open_ui(lambda: not alive(), options.start_timeout_s)
            deadline = time.monotonic() + options.start_timeout_s
            while not writer.ready.wait(0.1):
                if session.detached.is_set():
                    raise DeviceError(f"{session.settled_reason()} before the agent reported its hooks")
                if time.monotonic() >= deadline:
                    raise AgentError(f"the agent did not report its hooks within {options.start_timeout_s:.0f} s")
            assert writer.agent_ready is not None
            failed = [h.id for h in writer.agent_ready.hooks if h.failed]
            if failed:
                notes.append(f"{len(failed)} hook(s) failed to install: {', '.join(failed)}")
                self.progress.note(notes[-1])
            flow_host = _FlowHost(self, ui, session, writer, proxy, clicks, options, notes, target, artifacts)
            flow = self._consent_step(flow_host)
            if options.screen_off_s > 0 and not session.detached.is_set():
                assert screen is not None
                self._background_test(screen, target, session, options.screen_off_s, notes)
            if options.withdraw and not session.detached.is_set():
                self._withdraw_step(flow_host, flow)
            if options.interactive is not None:
                self.progress.step("interactive session: use the app; press q or Ctrl-C to end")
                self._observe_interactively(target, session, run_id, options.interactive, _rule_inputs(options))
            elif options.duration_s is not None:
                self.progress.step(f"observing the app for {options.duration_s:.0f} s")
                self._observe_for(target, session, options.duration_s)
            else:
                self.progress.step(f"observing the app (up to {options.observe_s:.0f} s)")
                self._observe(ui, session, writer, proxy, options.observe_s, options.quiet_s, target)
            session.flush()
            writer.wait_quiet(0.3, time.monotonic() + 3.0)
            if session.detached.is_set() and not _exit_expected(flow, session):
                status, reason = "partial", f"the run ended early: {session.settled_reason()}"
            else:
                status, reason = "complete", ""
            stopped = True
            target.stop(frida_device, pid)
        except MonitorError as e:
            lost_app = session is not None and session.detached.is_set()
            lost_device = app_started and isinstance(e, DeviceError) and target.mode == "device"
            if not (lost_app or lost_device):
                status, reason = "failed", str(e)
                raise
            if lost_app and session is not None and _exit_expected(flow, session):
                status, reason = "complete", ""
                stopped = True
            else:
                # The app died (crash, System.exit, killed) or the device went away: keep and correlate what was captured.
                if session is not None:
                    session.flush()
                status = "partial"
                reason = (
                    f"the run ended early: {session.settled_reason()}"
                    if lost_app and session is not None
                    else f"the device was lost during the run: {e}"
                )
                notes.append(f"stopped early: {e}")
                self.progress.note(reason)
        except KeyboardInterrupt:
            status, reason = "partial", "interrupted by the user"
            raise
        finally:
            if frida_device is not None and pid is not None and not stopped:
                _kill_quietly(target, frida_device, pid)
            if frida_device is not None:
                frida_device.off("output", writer.on_output)
            try:
                target.cleanup()
            except MonitorError as e:
                notes.append(f"could not restore the device: {e}; run 'privmon devices restore' when it is back")
                self.progress.note(notes[-1])
            proxy.stop()
            if screen is not None:
                screen.stop()
                self._update_run(run_id, screen_off=[list(span) for span in screen.off_spans()])
            try:
                writer.close()
            except MonitorError as e:
                status, reason = "failed", str(e)
            self._finish(run_id, status, reason, writer, flow, options, notes)
        self.progress.step("correlating events, flows and the consent timeline")
        findings = self._correlate(run_id, options)
        ready = writer.agent_ready
        return RunResult(
            run_id=run_id,
            uid=uid,
            status=status,
            exit_reason=reason,
            package=target.package,
            consent_choice=options.consent,
            consent=flow.consent,
            flow=flow,
            findings=findings,
            hooks_installed=sum(1 for h in ready.hooks if h.installed) if ready else 0,
            hooks_failed=[h.id for h in ready.hooks if h.failed] if ready else [],
            counts=dict(writer.counts),
            notes=notes,
            artifacts=artifacts,
        )

    def _consent_step(self, host: _FlowHost) -> FlowResult:
        options, session, notes = host.options, host.session, host.notes
        result = ConsentFlow(host, _flow_options(options), self.progress.step).run()
        if result.outcome is Outcome.NO_DIALOG:
            if session.detached.is_set():
                raise DeviceError(f"{session.settled_reason()} before a privacy dialog appeared")
            result.notes.append(
                f"no privacy dialog appeared within {options.dialog_timeout_s:.0f} s: the app never asked for consent"
            )
        for step in result.steps:
            if step.source == "dump-diff":
                result.notes.append(
                    f"step {step.index} ({step.kind}, {step.control!r}): no click event from the agent; the press is "
                    f"bracketed between device times {step.ts_ms} and {step.bracket_end_ms} (from the screen change)"
                )
        if result.outcome is Outcome.EXITED and any(p.state == "refused" for p in result.consent):
            result.notes.append("the app exited after the refusal")
        for note in result.notes:
            notes.append(note)
            self.progress.note(note)
        return result

    def _save_screen(self, ui: UiSession, target: RunTarget, notes: list[str], stem: Path) -> None:
        """Evidence of what the user saw: the UI hierarchy and a screenshot, in the run directory."""
        try:
            stem.with_suffix(".xml").write_text(ui.dump(), encoding="utf-8")
            stem.with_suffix(".png").write_bytes(target.screenshot(ui))
        except (DeviceError, OSError) as e:
            notes.append(f"could not save the screen at {stem.name}: {e}")
            self.progress.note(notes[-1])

    def _withdraw_step(self, host: _FlowHost, flow: FlowResult) -> None:
        """Withdraw the consent given, through the app's own control; its steps join the consent flow."""
        if not any(p.state == "granted" for p in flow.consent):
            host.notes.append("withdraw test not done: consent was never given in this run")
            self.progress.note(host.notes[-1])
            return
        before = len(flow.notes)
        ConsentFlow(host, _flow_options(host.options), self.progress.step).withdraw(flow)
        for note in flow.notes[before:]:
            host.notes.append(note)
            self.progress.note(note)

    def _background_test(
        self, screen: ScreenWatch, target: RunTarget, session: AgentSession, seconds: float, notes: list[str]
    ) -> None:
        """The screen off for SECONDS, then on again."""
        self.progress.step(f"background test: screen off for {seconds:g} s")
        if self._press(screen, target, False, notes, "background test not done"):
            _watch(target, seconds, session.detached)
            self._press(screen, target, True, notes, "the screen could not be turned on again after the background test")

    def _press(self, screen: ScreenWatch, target: RunTarget, on: bool, notes: list[str], failure: str) -> bool:
        """The power key; a device that will not do it is noted, not taken for a lost one (the heartbeat
        tells those apart, and raises for a device that is gone)."""
        try:
            screen.press(on)
            return True
        except DeviceError as e:
            target.heartbeat()
            notes.append(f"{failure}: {e}")
            self.progress.note(notes[-1])
            return False

    def _observe(
        self,
        ui: UiSession,
        session: AgentSession,
        writer: RunWriter,
        proxy: ProxyThread,
        max_s: float,
        quiet_s: float,
        target: RunTarget,
    ) -> None:
        """Watch until the app is quiet (no events, no proxy traffic in flight, main thread idle) or max_s."""
        deadline = time.monotonic() + max_s
        while time.monotonic() < deadline and not session.detached.is_set():
            target.heartbeat()
            quiet = writer.wait_quiet(quiet_s, min(deadline, time.monotonic() + 2.0), busy=lambda: _in_flight(writer, proxy))
            if not quiet and time.monotonic() < deadline:
                continue  # still busy: check the device is there, then keep watching
            if not quiet:
                return
            try:
                if ui.main_looper_idle():
                    return
            except DeviceError:
                return  # the process is gone; detached is set and the caller records it
            session.detached.wait(0.1)

    def _observe_interactively(
        self, target: RunTarget, session: AgentSession, run_id: int, stop: threading.Event, inputs: RuleInputs
    ) -> None:
        """Until the tester stops it: live counts of events, flows and findings so far, device checked each second."""
        rules = resolve(inputs.config.rules)  # once: plugins are not re-imported every second
        while not stop.is_set() and not session.detached.is_set():
            target.heartbeat()
            view = load_view(self.store, run_id, inputs)
            findings = run_rules(view, rules)
            self.progress.live({"events": len(view.events), "flows": len(view.flows), "findings": len(findings)})
            stop.wait(1.0)

    def _observe_for(self, target: RunTarget, session: AgentSession, seconds: float) -> None:
        """A fixed observation window; the app's death ends it."""
        _watch(target, seconds, session.detached)

    def _finish(
        self,
        run_id: int,
        status: str,
        reason: str,
        writer: RunWriter,
        flow: FlowResult,
        options: RunOptions,
        notes: list[str],
    ) -> None:
        with self.store.session() as s:
            run = s.get(Run, run_id)
            assert run is not None
            run.status = status
            run.exit_reason = reason
            run.ended_at = datetime.now(UTC)
            faults = summarise_faults(writer.faults, [h.id for h in writer.agent_ready.hooks] if writer.agent_ready else [])
            run.agent_faults = faults
            if faults:
                total = sum(f["count"] for f in faults)
                places = ", ".join(f"{f['where']} ×{f['count']}" for f in faults)
                hooks = sorted({f["hook"] for f in faults if f["hook"]})
                notes.append(
                    f"{total} agent error(s): {places}"
                    + (f"; hooks affected (calls may be missing or untyped): {', '.join(hooks)}" if hooks else "")
                )
            run.notes = list(notes)
            for p in flow.consent:
                detail = json.dumps({"bracket_end_ms": p.bracket_end_ms}) if p.bracket_end_ms is not None else ""
                s.add(
                    ConsentChange(
                        run_id=run_id, ts_ms=p.ts_ms, state=p.state, source=p.source, detail=detail, event_id=p.event_id
                    )
                )
            s.add(
                ConsentFlowRow(
                    run_id=run_id,
                    policy=str(options.consent),
                    permissions=str(FlowOptions(consent=options.consent, permissions=options.permissions).permission_policy),
                    outcome=str(flow.outcome),
                    outcome_ts_ms=flow.outcome_ts_ms,
                    steps=[step.as_dict() for step in flow.steps],
                )
            )

    def _correlate(self, run_id: int, options: RunOptions) -> list[FindingDraft]:
        return correlate_run(self.store, run_id, _rule_inputs(options))


def _exit_expected(flow: FlowResult, session: AgentSession) -> bool:
    """The app ended itself after a refusal: that is what the run observes, not a run cut short."""
    return flow.outcome is Outcome.EXITED and session.detached.is_set() and any(p.state == "refused" for p in flow.consent)


class _FlowHost:
    """The consent flow's view of a running session (any target)."""

    def __init__(
        self,
        runner: SessionRunner,
        ui: UiSession,
        session: AgentSession,
        writer: RunWriter,
        proxy: ProxyThread,
        clicks: _ClickWatcher,
        options: RunOptions,
        notes: list[str],
        target: RunTarget,
        artifacts: Path,
    ) -> None:
        self.runner, self.ui, self.session, self.writer, self.proxy = runner, ui, session, writer, proxy
        self.clicks, self.options, self.notes, self.target, self.artifacts = clicks, options, notes, target, artifacts

    def dump(self) -> str:
        return self.ui.dump()

    def tap(self, x: int, y: int) -> None:
        self.ui.tap(x, y)

    def idle(self) -> bool:
        try:
            return self.ui.main_looper_idle()
        except DeviceError:
            return False

    def alive(self) -> bool:
        return not self.session.detached.is_set()

    def device_now_ms(self) -> int:
        return _device_now_ms()

    def clicks_seen(self) -> int:
        return self.clicks.seen()

    def wait_click(self, label: str, after: int, timeout: float) -> tuple[int, int] | None:
        found = self.clicks.wait_for(label, after, timeout)
        return None if found is None else (found[0], found[1].ts)

    def wait(self, seconds: float) -> None:
        self.session.detached.wait(seconds)

    def save_screen(self, stem: str) -> None:
        self.runner._save_screen(self.ui, self.target, self.notes, self.artifacts / stem)

    def tester_mark(self) -> tuple[str, int] | None:
        marks = self.options.tester_marks
        if marks is None:
            return None
        try:
            return marks.get_nowait()  # host ms, the same clock rule as device_now_ms
        except queue.Empty:
            return None

    def before_first_answer(self) -> None:
        o = self.options
        self.runner._observe(self.ui, self.session, self.writer, self.proxy, o.pre_consent_s, o.quiet_s, self.target)


def _rule_inputs(options: RunOptions) -> RuleInputs:
    user_types = {f"user.{h.id}": h.data_type for h in options.user_hooks if h.data_type}
    return dataclasses.replace(options.rules, user_data_types=user_types)


def _watch(target: RunTarget, seconds: float, stop: threading.Event) -> None:
    """Wait ``seconds`` (or until ``stop`` is set), checking the device every second."""
    deadline = time.monotonic() + seconds
    while not stop.is_set() and (remaining := deadline - time.monotonic()) > 0:
        target.heartbeat()
        stop.wait(min(1.0, remaining))


def _kill_quietly(target: RunTarget, frida_device: Any, pid: int) -> None:
    """Cleanup after a failure: stop the app however possible; the device may already be gone."""
    try:
        target.stop(frida_device, pid)
    except MonitorError:
        kill_process(frida_device, pid)


def _flow_options(options: RunOptions) -> FlowOptions:
    return FlowOptions(
        consent=options.consent,
        permissions=options.permissions,
        dialog_timeout_s=options.dialog_timeout_s,
        manual_timeout_s=options.manual_timeout_s,
    )


def _device_now_ms() -> int:
    """The device clock as the store keeps it (runs record a clock offset of 0; flows use the same rule)."""
    return int(time.time() * 1000)


def _in_flight(writer: RunWriter, proxy: ProxyThread) -> int:
    """Traffic still on its way: proxy connections/requests in progress, plus connections the app has
    opened (seen by the network hook) whose request has not reached the proxy yet (a cold JVM can take
    a while between URL.openConnection and the TCP connect)."""
    return proxy.in_flight() + max(0, writer.connections_opened - proxy.requests_seen)
