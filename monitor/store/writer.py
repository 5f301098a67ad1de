"""The run writer: one thread that turns agent messages and captured flows into store rows.

Frida and mitmproxy callbacks only enqueue (they never do work on their own threads); this
thread parses, writes each batch as it arrives (a crash loses at most the batch in flight) and
appends every event to the run's ``events.jsonl``.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from monitor.capture.records import FlowRecord
from monitor.errors import StoreError
from monitor.events import (
    AgentEvent,
    AgentFault,
    AgentReady,
    EventsBatch,
    ForeignMessage,
    HookCall,
    ProtocolError,
    UiClick,
    parse_frida_message,
)
from monitor.store.db import Store
from monitor.store.models import Flow, HookEvent, Run

log = logging.getLogger(__name__)

EventListener = Callable[[list[tuple[int, AgentEvent]]], None]
_STOP = object()


def event_row(run_id: int, event: AgentEvent) -> HookEvent:
    common: dict[str, Any] = {
        "run_id": run_id,
        "seq": event.seq,
        "kind": event.kind,
        "ts_ms": event.ts,
        "mono_ns": event.mono,
        "thread_id": event.thread.id,
        "thread_name": event.thread.name,
        "stack": list(event.stack),
    }
    if isinstance(event, HookCall):
        return HookEvent(
            **common,
            hook=event.hook,
            category=str(event.category),
            api=event.api,
            args=list(event.args),
            target=event.target,
            ret=event.ret,
            thrown=event.thrown,
            values=[{"type": str(v.type), "value": v.value} for v in event.values],
            text=None,
        )
    return HookEvent(
        **common,
        hook="ui.View.performClick",
        category="ui",
        api="android.view.View.performClick",
        args=[],
        target=event.view_class,
        ret=None,
        thrown=None,
        values=[],
        text=event.text,
    )


def flow_row(run_id: int, r: FlowRecord) -> Flow:
    return Flow(
        run_id=run_id,
        ts_ms=r.ts_ms,
        method=r.method,
        url=r.url,
        scheme=r.scheme,
        host=r.host,
        port=r.port,
        path=r.path,
        http_version=r.http_version,
        request_headers=[list(h) for h in r.request_headers],
        request_body=r.request_body,
        body_truncated=r.body_truncated,
        response_status=r.response_status,
        answered_by_proxy=r.answered_by_proxy,
        error=r.error,
    )


class RunWriter:
    """Drains one run's message queue into the store on a dedicated thread."""

    def __init__(self, store: Store, run_id: int, artifacts: Path) -> None:
        self.store = store
        self.run_id = run_id
        self._queue: queue.Queue[Any] = queue.Queue()
        self._listeners: list[EventListener] = []
        artifacts.mkdir(parents=True, exist_ok=True)
        self._jsonl = (artifacts / "events.jsonl").open("a", encoding="utf-8")
        self._logcat = (artifacts / "logcat.txt").open("ab")
        self.ready = threading.Event()
        self.agent_ready: AgentReady | None = None
        self.faults: list[AgentFault] = []
        self.counts = {"events": 0, "flows": 0, "foreign": 0}
        self.connections_opened = 0  # network hook events: requests the app is about to make
        self.error: BaseException | None = None
        self._activity = threading.Condition()
        self._last_activity = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="privmon-writer", daemon=True)

    # -- producers (any thread) ------------------------------------------------------------
    def on_frida_message(self, message: Mapping[str, Any], data: bytes | None) -> None:
        self._queue.put(("agent", message))

    def on_flow(self, record: FlowRecord) -> None:
        self._queue.put(("flow", record))

    def on_proxy_activity(self) -> None:
        self._touch()

    def on_output(self, pid: int, fd: int, data: bytes | None) -> None:
        """The app's stdout/stderr (the sandbox's logcat)."""
        if data:
            self._queue.put(("output", data))

    def add_listener(self, listener: EventListener) -> None:
        self._listeners.append(listener)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> RunWriter:
        self._thread.start()
        return self

    def close(self, timeout: float = 30.0) -> None:
        """Write everything queued so far, then stop."""
        self._queue.put(_STOP)
        self._thread.join(timeout)
        self._jsonl.close()
        self._logcat.close()
        if self._thread.is_alive():
            raise StoreError("the store writer did not finish in time")
        if self.error is not None:
            raise StoreError(f"store writer failed: {self.error}") from self.error

    def wait_quiet(self, quiet: float, deadline: float, busy: Callable[[], int] | None = None) -> bool:
        """Block until nothing has arrived for ``quiet`` seconds (and ``busy()`` reports nothing in
        flight) or ``deadline`` (monotonic) passes. Returns whether it became quiet."""
        with self._activity:
            while True:
                now = time.monotonic()
                idle_for = now - self._last_activity
                if idle_for >= quiet and self._queue.empty() and (busy is None or busy() == 0):
                    return True
                if now >= deadline:
                    return False
                self._activity.wait(timeout=min(quiet - idle_for if idle_for < quiet else quiet, deadline - now))

    # -- the writer thread ---------------------------------------------------------------------
    def _touch(self) -> None:
        with self._activity:
            self._last_activity = time.monotonic()
            self._activity.notify_all()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                kind, payload = item
                if kind == "agent":
                    self._handle_agent(payload)
                elif kind == "flow":
                    self._handle_flow(payload)
                else:
                    self._logcat.write(payload)
                    self._logcat.flush()
            except ProtocolError as e:
                self.faults.append(AgentFault(where="protocol", message=str(e), stack=None))
                log.warning("agent protocol error: %s", e)
            except BaseException as e:  # record and stop: a run that cannot be stored must fail loudly
                self.error = e
                log.error("store writer failed: %s", e)
                return
            finally:
                self._touch()

    def _handle_agent(self, message: Mapping[str, Any]) -> None:
        parsed = parse_frida_message(message)
        if isinstance(parsed, EventsBatch):
            rows = [event_row(self.run_id, e) for e in parsed.events]
            with self.store.session() as s:
                s.add_all(rows)
                s.flush()
                ids = [r.id for r in rows]
            for e in parsed.events:
                self._jsonl.write(json.dumps(_event_json(e), ensure_ascii=False) + "\n")
            self._jsonl.flush()
            self.counts["events"] += len(rows)
            self.connections_opened += sum(1 for e in parsed.events if isinstance(e, HookCall) and e.category == "network")
            pairs = list(zip(ids, parsed.events, strict=True))
            for listener in self._listeners:
                listener(pairs)
        elif isinstance(parsed, AgentReady):
            self.agent_ready = parsed
            with self.store.session() as s:
                run = s.get(Run, self.run_id)
                assert run is not None
                run.hooks = [asdict(h) | {"category": str(h.category)} for h in parsed.hooks]
            self.ready.set()
        elif isinstance(parsed, AgentFault):
            self.faults.append(parsed)
            log.warning("agent error in %s: %s", parsed.where, parsed.message)
        elif isinstance(parsed, ForeignMessage):
            self.counts["foreign"] += 1
            log.warning("ignoring a message privmon does not know: %r", parsed.raw)

    def _handle_flow(self, record: FlowRecord) -> None:
        with self.store.session() as s:
            s.add(flow_row(self.run_id, record))
        self.counts["flows"] += 1


def _event_json(e: AgentEvent) -> dict[str, Any]:
    d = asdict(e)
    d["kind"] = e.kind
    if isinstance(e, UiClick):
        d["viewClass"] = d.pop("view_class")
        d["viewId"] = d.pop("view_id")
    return d
