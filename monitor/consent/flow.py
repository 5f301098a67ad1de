"""The consent step of a session: follow dialogs to a steady screen, answering each per policy.

A first-launch flow is often several screens: the privacy dialog, an "are you sure?" dialog after
a refusal, runtime-permission dialogs, a consent platform's banner. The flow dumps the screen,
detects the dialog (signal 1), presses the control for the chosen path and takes the time of the
press from the agent's click event on the device clock (signal 2). When no click event arrives
(a WebView, another process), the press is bracketed between two device times around the screen
change, and the step says so.

The flow makes no finding: it records steps, consent points and how the app behaved after a
refusal; the correlator judges.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from monitor.analysis.model import ConsentPoint
from monitor.consent.detect import (
    ConsentChoice,
    Detection,
    DialogKind,
    Role,
    detect,
    settings_entries,
    withdraw_confirmation,
    withdraw_control,
)
from monitor.device.ui import UiNode, parse_hierarchy
from monitor.errors import DeviceError


class PermissionPolicy(StrEnum):
    GRANT = "grant"
    DENY = "deny"
    ASK = "ask"  # left for the tester to answer on the device


class Outcome(StrEnum):
    """What the app did once the flow ended."""

    INCOMPLETE = "incomplete"  # the run ended before the consent step finished: nothing is known
    NO_DIALOG = "no-dialog"  # no consent dialog ever appeared
    UNANSWERED = "unanswered"  # --consent none: the dialog was left on screen
    CONTINUED = "continued"  # the app went on (after agreeing, or in a limited mode after refusing)
    EXITED = "exited"  # the process ended after the refusal
    CLOSED = "closed"  # no window left on screen (the app finished its activities)
    ASKED_AGAIN = "asked-again"  # the same dialog came back after it was answered
    NO_CONTROL = "no-control"  # the dialog had no control for the chosen answer
    LEFT_FOR_TESTER = "left-for-tester"


CONSENT_KINDS = frozenset({DialogKind.PRIVACY, DialogKind.PRIVACY_CONFIRM, DialogKind.NOTICE, DialogKind.CMP})


@dataclass(frozen=True)
class FlowStep:
    index: int
    kind: str
    action: str  # agree | refuse | reconsider | grant | deny | tick | start | skip | next (guides) |
    # open | withdraw | confirm (withdrawing consent) | none
    control: str
    ts_ms: int | None  # device time of the press (click event), or the start of the bracket
    source: str  # ui-click | dump-diff | none
    bracket_end_ms: int | None = None
    event_id: int | None = None
    confidence: float = 0.0
    reasons: tuple[str, ...] = ()
    checkbox: str | None = None  # checked | unchecked, as the dialog was first shown
    has_refuse: bool = False
    screen: str = ""  # evidence file stem in the run directory
    shown_ms: int | None = None  # device time the dialog was seen on screen

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "action": self.action,
            "control": self.control,
            "ts_ms": self.ts_ms,
            "source": self.source,
            "bracket_end_ms": self.bracket_end_ms,
            "event_id": self.event_id,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "checkbox": self.checkbox,
            "has_refuse": self.has_refuse,
            "screen": self.screen,
            "shown_ms": self.shown_ms,
        }


@dataclass
class FlowResult:
    steps: list[FlowStep] = field(default_factory=list)
    consent: list[ConsentPoint] = field(default_factory=list)
    outcome: Outcome = Outcome.INCOMPLETE
    outcome_ts_ms: int | None = None
    notes: list[str] = field(default_factory=list)


class FlowHost(Protocol):
    """What the flow needs from a session (the runner implements it for every target)."""

    def dump(self) -> str: ...

    def tap(self, x: int, y: int) -> None: ...

    def idle(self) -> bool:
        """The app's main thread is idle (always True where that cannot be observed)."""
        ...

    def alive(self) -> bool: ...

    def device_now_ms(self) -> int: ...

    def clicks_seen(self) -> int: ...

    def wait_click(self, label: str, after: int, timeout: float) -> tuple[int, int] | None:
        """(event id, device ts) of a click on a view labelled LABEL after the AFTER-th click."""
        ...

    def wait(self, seconds: float) -> None:
        """A bounded pause that ends early when the app dies."""
        ...

    def save_screen(self, stem: str) -> None: ...

    def before_first_answer(self) -> None:
        """Watch the app with the first dialog on screen before answering it."""
        ...

    def tester_mark(self) -> tuple[str, int] | None:
        """--consent manual: ("granted" | "refused", device time) when the tester marked consent with a
        key on the terminal (for a press the agent cannot see: a WebView, another app), else None."""
        ...


@dataclass
class FlowOptions:
    consent: ConsentChoice = ConsentChoice.AGREE
    permissions: PermissionPolicy | None = None  # None: grant when agreeing, deny otherwise
    dialog_timeout_s: float = 8.0
    next_dialog_s: float = 2.5  # after an answer, how long the next dialog may take to appear
    settle_s: float = 3.0  # after a press, how long the screen may take to change
    max_steps: int = 12
    late_click_s: float = 1.0  # after the screen changed, how long a click event may still take to arrive
    manual_timeout_s: float = 120.0

    @property
    def permission_policy(self) -> PermissionPolicy:
        if self.permissions is not None:
            return self.permissions
        return PermissionPolicy.GRANT if self.consent is ConsentChoice.AGREE else PermissionPolicy.DENY


_CONSENT_STATE = {Role.AGREE: "granted", Role.ACKNOWLEDGE: "granted", Role.REFUSE: "refused"}


class ConsentFlow:
    def __init__(self, host: FlowHost, options: FlowOptions, progress: Callable[[str], None] | None = None) -> None:
        self.host = host
        self.options = options
        self._say = progress or (lambda _msg: None)

    # -- screen ----------------------------------------------------------------------------------
    def _screen(self) -> tuple[list[UiNode], Detection | None]:
        nodes = parse_hierarchy(self.host.dump())
        return nodes, detect(nodes)

    def _next_dialog(self, timeout: float) -> Detection | None:
        deadline = time.monotonic() + timeout
        while True:
            if not self.host.alive():
                return None
            if self.host.idle():
                _, d = self._screen()
                if d is not None:
                    return d
            if time.monotonic() >= deadline:
                return None
            self.host.wait(0.1)

    def _settle(self, before: str) -> None:
        """Until the screen differs from BEFORE (a dialog signature), the app dies, or settle_s."""
        deadline = time.monotonic() + self.options.settle_s
        while time.monotonic() < deadline and not self._changed(before):
            self.host.wait(0.1)

    def _changed(self, before: str) -> bool:
        """The app is gone, or its idle screen no longer shows the dialog with signature BEFORE."""
        try:
            if not self.host.alive():
                return True
            if not self.host.idle():
                return False
            _, d = self._screen()
        except DeviceError:
            return True  # the app went away while we looked
        return d is None or d.signature() != before

    def _press(self, node: UiNode, signature: str) -> tuple[int | None, str, int | None, int | None]:
        """Tap NODE; (ts, source, bracket end, event id) of the press on the device clock.

        The agent's click event gives the time. Without one, the press lies between the moment
        before the tap and the first dump that shows the screen changed (the bracket)."""
        seen = self.host.clicks_seen()
        start = self.host.device_now_ms()
        x, y = node.center
        self.host.tap(x, y)
        deadline = time.monotonic() + self.options.settle_s
        changed_at: int | None = None
        while True:
            click = self.host.wait_click(node.label, seen, 0.05) if node.label else None
            if click is not None:
                event_id, ts = click
                if changed_at is None:
                    self._settle(signature)
                return ts, "ui-click", None, event_id
            if changed_at is None and self._changed(signature):
                changed_at = self.host.device_now_ms()
                # a click event may still be on its way from the agent: give it a moment
                deadline = min(deadline, time.monotonic() + self.options.late_click_s)
            if time.monotonic() >= deadline:
                break
            self.host.wait(0.05)
        return start, "dump-diff", changed_at if changed_at is not None else self.host.device_now_ms(), None

    # -- the flow --------------------------------------------------------------------------------
    def run(self) -> FlowResult:
        result = FlowResult()
        opts = self.options
        self._say("looking for the privacy dialog")
        d = self._next_dialog(opts.dialog_timeout_s)
        watched = False
        if d is not None and d.kind in CONSENT_KINDS:
            d, watched = self._watch_first(d), True
        if d is None:
            result.outcome = Outcome.NO_DIALOG
            return result
        if opts.consent is ConsentChoice.MANUAL:
            return self._manual(d, result)
        answered: Counter[str] = Counter()
        refused = False
        while d is not None and len(result.steps) < opts.max_steps:
            if d.kind in CONSENT_KINDS and not watched:  # a guide came first: watch before the first answer
                d, watched = self._watch_first(d), True
                if d is None:
                    break
            index = len(result.steps)
            stem = f"consent-{index:02d}-{d.kind}"
            self.host.save_screen(stem)
            sig = d.signature()
            if d.kind is DialogKind.GUIDE and answered[sig]:
                result.notes.append(f"the guide page stayed on screen after {d.control_for('proceed')!r} was pressed; left there")
                break
            if answered[sig] >= 2:
                result.outcome = Outcome.ASKED_AGAIN
                result.outcome_ts_ms = self.host.device_now_ms()
                result.notes.append(f"the {d.kind} dialog came back after {answered[sig]} answers; the app keeps asking")
                return result
            choice = self._choice(d)
            shown = _shown_step(d, index, stem, self.host.device_now_ms())
            if choice is None:
                result.steps.append(shown)
                left = opts.consent is ConsentChoice.NONE
                result.outcome = Outcome.UNANSWERED if left else Outcome.LEFT_FOR_TESTER
                result.notes.append(
                    f"{d.kind} dialog left unanswered (--consent none)"
                    if left
                    else f"{d.kind} dialog left for the tester (--permissions ask)"
                )
                return result
            control = d.control_for(choice)
            if control is None:
                result.steps.append(shown)
                result.outcome = Outcome.NO_CONTROL
                result.notes.append(f"the {d.kind} dialog has no control to {choice}; left unanswered")
                return result
            if choice == "agree" and d.checkbox is not None and not d.checkbox.checked:
                self._say(f"ticking {d.checkbox.label[:30]!r}")
                ts, source, end, event_id = self._press(d.checkbox, "")
                result.steps.append(
                    replace(
                        shown,
                        action="tick",
                        control=d.checkbox.label,
                        ts_ms=ts,
                        source=source,
                        bracket_end_ms=end,
                        event_id=event_id,
                    )
                )
                shown = replace(shown, index=len(result.steps))
            role = next(r for r, n in d.controls.items() if n == control)
            action = _action(d.kind, role)
            self._say(f"{d.kind}: pressing {control.label or control.resource_id!r} ({action})")
            ts, source, end, event_id = self._press(control, sig)
            answered[sig] += 1
            result.steps.append(
                replace(
                    shown, action=action, control=control.label, ts_ms=ts, source=source, bracket_end_ms=end, event_id=event_id
                )
            )
            state = _consent_state(d, role)
            if state is not None and ts is not None:
                result.consent.append(ConsentPoint(ts_ms=ts, state=state, source=source, event_id=event_id, bracket_end_ms=end))
                refused = refused or state == "refused"
            d = self._next_dialog(opts.next_dialog_s)
        if not any(step.kind in CONSENT_KINDS for step in result.steps):
            result.outcome = Outcome.NO_DIALOG  # only guide pages: the app never asked for consent
            return result
        result.outcome = self._after(refused)
        result.outcome_ts_ms = self.host.device_now_ms()
        return result

    # -- withdrawing consent ------------------------------------------------------------------------
    def withdraw(self, result: FlowResult) -> None:
        """Withdraw the consent given (PIPL art. 15): find the app's withdraw control, on screen or under
        its settings entries (two levels at most, the first entry of each), press it and confirm. The
        consent change is the last press. Steps, the change and notes are added to RESULT."""
        self._say("withdrawing consent: looking for the app's control")
        control = self._find_withdraw(result, depth=2)
        if control is None:
            result.notes.append("withdraw test: no control to withdraw consent was found on screen or under the settings entries")
            return
        last = self._step(result, control, "withdraw")
        deadline = time.monotonic() + self.options.next_dialog_s
        confirm = None
        while confirm is None and time.monotonic() < deadline and self.host.alive():
            confirm = withdraw_confirmation(self._idle_nodes())
            if confirm is None:
                self.host.wait(0.1)
        if confirm is not None:
            last = self._step(result, confirm, "confirm")
        if last.ts_ms is not None:
            result.consent.append(
                ConsentPoint(last.ts_ms, "withdrawn", last.source, event_id=last.event_id, bracket_end_ms=last.bracket_end_ms)
            )

    def _find_withdraw(self, result: FlowResult, depth: int) -> UiNode | None:
        nodes = self._idle_nodes()
        control = withdraw_control(nodes)
        if control is not None or depth == 0:
            return control
        entries = settings_entries(nodes)
        if not entries:
            return None
        self._step(result, entries[0], "open")
        return self._find_withdraw(result, depth - 1)

    def _idle_nodes(self) -> list[UiNode]:
        """The screen once the app's main thread is idle (at most settle_s)."""
        deadline = time.monotonic() + self.options.settle_s
        while not self.host.idle() and time.monotonic() < deadline and self.host.alive():
            self.host.wait(0.05)
        try:
            return parse_hierarchy(self.host.dump())
        except DeviceError:
            return []

    def _step(self, result: FlowResult, node: UiNode, action: str) -> FlowStep:
        index = len(result.steps)
        stem = f"consent-{index:02d}-withdraw"
        self.host.save_screen(stem)
        self._say(f"withdraw: pressing {node.label!r} ({action})")
        shown = self.host.device_now_ms()
        ts, source, end, event_id = self._press(node, "")
        step = FlowStep(index, "withdraw", action, node.label, ts, source, end, event_id, screen=stem, shown_ms=shown)
        result.steps.append(step)
        return step

    def _watch_first(self, d: Detection) -> Detection | None:
        """Before the first answer, the app is watched with the dialog on screen; then the screen again."""
        self._say(f"{d.kind} dialog on screen: watching the app before answering")
        self.host.before_first_answer()
        return self._next_dialog(self.options.dialog_timeout_s) if self.host.alive() else None

    def _choice(self, d: Detection) -> str | None:
        opts = self.options
        if d.kind is DialogKind.GUIDE:
            return None if opts.consent is ConsentChoice.NONE else "proceed"
        if d.kind is DialogKind.PERMISSION:
            policy = opts.permission_policy
            if opts.consent is ConsentChoice.NONE or policy is PermissionPolicy.ASK:
                return None
            return "grant" if policy is PermissionPolicy.GRANT else "deny"
        if opts.consent is ConsentChoice.NONE:
            return None
        return "agree" if opts.consent is ConsentChoice.AGREE else "refuse"

    def _after(self, refused: bool) -> Outcome:
        if not self.host.alive():
            return Outcome.EXITED
        try:
            nodes = parse_hierarchy(self.host.dump())
        except DeviceError:
            return Outcome.EXITED
        if not any(n.label or n.clickable for n in nodes):
            return Outcome.CLOSED if refused else Outcome.CONTINUED
        return Outcome.CONTINUED

    def _manual(self, d: Detection, result: FlowResult) -> FlowResult:
        """The tester answers on the device; each press on a consent control is still stamped there."""
        self._say("manual consent: answer the dialogs on the device")
        self.host.save_screen(f"consent-00-{d.kind}")
        deadline = time.monotonic() + self.options.manual_timeout_s
        seen = self.host.clicks_seen()
        shown: Detection | None = d  # the dialog last seen on screen: the tester's click answers it
        quiet_since: float | None = None
        while time.monotonic() < deadline and self.host.alive():
            self.host.wait(0.2)
            if shown is not None:
                for role, node in shown.controls.items():
                    click = self.host.wait_click(node.label, seen, 0) if node.label else None
                    if click is None:
                        continue
                    event_id, ts = click
                    seen = self.host.clicks_seen()
                    result.steps.append(
                        replace(
                            _shown_step(shown, len(result.steps)),
                            action=_action(shown.kind, role),
                            control=node.label,
                            ts_ms=ts,
                            source="ui-click",
                            event_id=event_id,
                        )
                    )
                    state = _consent_state(shown, role)
                    if state is not None:
                        result.consent.append(ConsentPoint(ts_ms=ts, state=state, source="ui-click", event_id=event_id))
                    break
            mark = self.host.tester_mark()
            if mark is not None:
                state, ts = mark
                result.steps.append(
                    FlowStep(
                        index=len(result.steps),
                        kind=str(shown.kind) if shown is not None else "",
                        action="agree" if state == "granted" else "refuse",
                        control="",
                        ts_ms=ts,
                        source="tester-key",
                    )
                )
                result.consent.append(ConsentPoint(ts_ms=ts, state=state, source="tester-key"))
                result.notes.append(f"consent {state} marked by the tester's key (no press seen on a dialog control)")
            if not (self.host.alive() and self.host.idle()):
                continue
            _, now_shown = self._screen()
            if now_shown is not None:
                if shown is None or now_shown.signature() != shown.signature():
                    self.host.save_screen(f"consent-{len(result.steps):02d}-{now_shown.kind}")
                shown, quiet_since = now_shown, None
            elif quiet_since is None:
                shown, quiet_since = None, time.monotonic()
            elif result.steps and time.monotonic() - quiet_since >= self.options.next_dialog_s:
                break  # answered, and no dialog for a while: a steady screen
        if not result.steps:
            result.notes.append("no answer was seen on the device within the manual-consent time")
        result.outcome = self._after(any(p.state == "refused" for p in result.consent))
        result.outcome_ts_ms = self.host.device_now_ms()
        return result


def _shown_step(d: Detection, index: int, screen: str = "", shown_ms: int | None = None) -> FlowStep:
    """The step for a dialog on screen, before anything is pressed."""
    return FlowStep(
        index=index,
        kind=str(d.kind),
        action="none",
        control="",
        ts_ms=None,
        source="none",
        confidence=d.confidence,
        reasons=d.reasons,
        checkbox=None if d.checkbox is None else ("checked" if d.checkbox.checked else "unchecked"),
        has_refuse=d.has_refuse,
        screen=screen,
        shown_ms=shown_ms,
    )


def _consent_state(d: Detection, role: Role) -> str | None:
    """The consent change a press on ROLE makes: only consent dialogs change consent, not permission ones."""
    return _CONSENT_STATE.get(role) if d.kind in CONSENT_KINDS else None


def _action(kind: DialogKind, role: Role) -> str:
    if kind is DialogKind.GUIDE:
        return str(role)  # start | skip | next
    if kind is DialogKind.PERMISSION:
        return "deny" if role is Role.DENY else "grant"
    return {Role.REFUSE: "refuse", Role.RECONSIDER: "reconsider", Role.SETTINGS: "settings"}.get(role, "agree")
