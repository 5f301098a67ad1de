"""Plain inputs and outputs of the correlator (no ORM, no I/O): store -> these -> findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitor.events import PiValue


@dataclass(frozen=True)
class ObservedEvent:
    id: int
    ts_ms: int
    kind: str
    hook: str
    category: str
    api: str
    args: tuple[str, ...] = ()
    target: str | None = None
    thrown: str | None = None
    text: str | None = None
    values: tuple[PiValue, ...] = ()
    stack: tuple[str, ...] = ()
    thread_name: str = ""


@dataclass(frozen=True)
class ObservedFlow:
    id: int
    ts_ms: int  # on the device clock (host time + device clock offset)
    method: str
    url: str
    host: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    server_ip: str | None = None  # the address the proxy connected to (None: answered by the proxy, or unknown)
    origin: str = "app"
    """app | unattributed (kept, analysed as the app's, labelled) | not the app's, never analysed:
    other-process (came in on the device-wide listener), baseline (sent while the noise baseline was
    taken, the app not running), noise (not the app's listener, and like a baseline flow)."""

    @property
    def the_apps(self) -> bool:
        """Analysed as the app under test's traffic."""
        return self.origin in ("app", "unattributed")


@dataclass(frozen=True)
class ConsentPoint:
    ts_ms: int  # device clock
    state: str  # granted | refused
    source: str  # ui-click (the agent's click event) | dump-diff (bracketed) | host-tap
    event_id: int | None = None
    bracket_end_ms: int | None = None  # dump-diff: the press happened between ts_ms and this


@dataclass(frozen=True)
class ConsentSession:
    """How the consent step of a run went (from the consent flow) and which SDK consent calls exist in the app."""

    policy: str  # agree | refuse | none | manual
    outcome: str  # see monitor.consent.flow.Outcome
    outcome_ts_ms: int | None = None
    steps: tuple[dict[str, Any], ...] = ()
    beacon_hooks: frozenset[str] = frozenset()  # consent-beacon hooks installed (their SDK class is in the app)


@dataclass(frozen=True)
class Actor:
    kind: str  # app | sdk | third-party | unknown
    name: str
    prefix: str
    company: str = ""  # for SDKs: who makes it
    category: str = ""  # for SDKs: analytics, advertising, push...


@dataclass(frozen=True)
class FindingDraft:
    rule: str
    severity: str
    data_type: str
    actor: Actor
    ts_ms: int
    rel_ms: int | None
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    clauses: list[dict[str, str]] = field(default_factory=list)
