"""The run writer: one thread that turns agent messages and captured flows into store rows.

Frida and mitmproxy callbacks only enqueue (they never do work on their own threads); this
thread parses, writes each batch as it arrives (a crash loses at most the batch in flight) and
appends every event to the run's ``events.jsonl``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from monitor.capture.records import FlowRecord
from monitor.errors import StoreError
from monitor.events import (
    PROTOCOL_VERSION,
    AgentEvent,
    AgentFault,
    AgentReady,
    EventsBatch,
    ForeignMessage,
    HookCall,
    HookCallWire,
    ProtocolError,
    UiClickWire,
    WireEvent,
    batch_events,
    batch_lines,
    batch_wire_events,
    event_of_wire,
    parse_frida_message,
)
from monitor.store.db import Store
from monitor.store.models import CallSite, Flow, HookEvent, Run

log = logging.getLogger(__name__)

EventListener = Callable[[list[tuple[int, AgentEvent]]], None]
Stored = WireEvent | AgentEvent  # an event as decoded in one pass (no event object made), or one parsed field by field
_STOP = object()
# Queue items merged into one transaction when a backlog has built up. Small: 8 agent batches (512
# events) took 0.67-0.89 of the time of 64 in bench_ingest (interleaved pairs). A larger merge holds
# thousands of parsed events at once; part of the difference is the cyclic collector walking them
# (with it switched off, 64 came closer to 8, not level).
COALESCE = 8


CLICK_API = "android.view.View.performClick"  # the API of a ui:click event's call site

# The sqlite3 module binds a None (a call's absent target, return value or exception) only after
# looking for an adapter: none is registered for NoneType, so it asks the protocol type for
# __adapt__, and the AttributeError it raises and drops is formatted each time (valgrind: ~2 k
# instructions a None, two a typical row, more than the rest of binding it). An adapter that
# returns None, a C builtin (no Python frame), is found at once; NULL is bound as before.
_none_of: Callable[[None], None] = {}.get  # type: ignore[assignment]  # dict.get of an empty dict: None
sqlite3.register_adapter(type(None), _none_of)


def _jsonl_line(raw: Any) -> bytes:
    try:
        return orjson.dumps(raw) + b"\n"
    except TypeError:  # what orjson refuses (integers beyond 64 bits) the standard library still writes
        return json.dumps(raw, ensure_ascii=False).encode("utf-8") + b"\n"


def event_values(run_id: int, event: AgentEvent, site_id: int | None = None) -> dict[str, Any]:
    """The hook_events row of one event, as column values (for a bulk insert); with SITE_ID, its API
    and stack are left to that call site's row."""
    row: dict[str, Any] = {
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
        row.update(
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
    else:
        row.update(
            hook="ui.View.performClick",
            category="ui",
            api=CLICK_API,
            args=[],
            target=event.view_class,
            ret=None,
            thrown=None,
            values=[],
            text=event.text,
        )
    if site_id is not None:
        row.update(api="", stack=[], site_id=site_id)
    return row


def _site_of_event(event: AgentEvent) -> tuple[str, tuple[str, ...]]:
    """The (API, stack) of an event's call site."""
    return (event.api if isinstance(event, HookCall) else CLICK_API), tuple(event.stack)


_EVENT_COLUMNS = tuple(c.name for c in HookEvent.__table__.columns if c.name != "id")


def _sqlite_insert(constants: Mapping[str, str], rows: int = 1) -> str:
    """The INSERT of ROWS hook_events rows: the CONSTANTS' columns take their SQL text, the others are bound."""
    values = f"({', '.join(constants.get(c, '?') for c in _EVENT_COLUMNS)})"
    return (
        f"INSERT INTO hook_events ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in _EVENT_COLUMNS)}) "
        f"VALUES {', '.join([values] * rows)}"
    )


_SQLITE_INSERT = _sqlite_insert({})


class _JsonCache:
    """JSON text of values that repeat (a call site's stack, arguments and returned PI values), looked up
    rather than encoded again (bounded: cleared when full). ENCODE turns a key into what is written."""

    def __init__(self, encode: Callable[[Any], Any] = lambda key: key, limit: int = 4096) -> None:
        self._texts: dict[Any, str] = {}
        self._encode = encode
        self._limit = limit

    def __call__(self, key: Any) -> str:
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) >= self._limit:
                self._texts.clear()
            text = self._texts[key] = orjson.dumps(self._encode(key)).decode("utf-8")
        return text


_json_list = _JsonCache()
_json_values = _JsonCache(lambda values: [{"type": v.type, "value": v.value} for v in values])


def _sqlite_row(run_id: int, e: AgentEvent, site_id: int) -> tuple[Any, ...]:
    row = event_values(run_id, e, site_id)
    row["args"] = _json_list(tuple(row["args"])) if row["args"] else "[]"
    row["values"] = orjson.dumps(row["values"]).decode("utf-8") if row["values"] else "[]"
    row["stack"] = "[]"
    return tuple(row[c] for c in _EVENT_COLUMNS)


class _CallInsert(NamedTuple):
    """How decoded hook:calls of one shape are inserted: ONE row a statement, or CALL_ROWS rows (MANY);
    ROW gives a call's bound values."""

    one: str
    many: str
    row: Callable[[int, HookCallWire, int], tuple[Any, ...]]


# Runs of such rows go in statements of CALL_ROWS rows (the rest one by one): SQLite runs a statement
# once for many rows (valgrind: a fifth fewer instructions a row than an executemany of single rows).
# 64 rows of 14 bound values stay within the oldest SQLite's 999 variables.
CALL_ROWS = 64


def _call_insert(constants: Mapping[str, str], row: Callable[[int, HookCallWire, int], tuple[Any, ...]]) -> _CallInsert:
    return _CallInsert(_sqlite_insert(constants), _sqlite_insert(constants, CALL_ROWS), row)


def _sqlite_plain_wire_row(run_id: int, e: HookCallWire, site_id: int) -> tuple[Any, ...]:
    """The bound values of a decoded hook:call without target and exception (for _PLAIN_CALLS:
    _EVENT_COLUMNS without _CALL_CONSTANTS, target and thrown), without making its event object."""
    args, values, thread = e.args, e.values, e.thread
    return (
        run_id,
        e.seq,
        e.ts,
        e.mono,
        e.hook,
        e.category,
        _json_list(args) if args else "[]",
        e.ret,
        _json_values(values) if values else "[]",
        thread.id,
        thread.name,
        site_id,
    )


def _sqlite_wire_row(run_id: int, e: HookCallWire, site_id: int) -> tuple[Any, ...]:
    """The bound values of any decoded hook:call (for _CALLS: _EVENT_COLUMNS without _CALL_CONSTANTS)."""
    plain = _sqlite_plain_wire_row(run_id, e, site_id)
    return (*plain[:7], e.target, plain[7], e.thrown, *plain[8:])


# A decoded hook:call's row: the columns every such row holds the same (its kind; its API and stack,
# which are its call site's; no click text) are written in the statement, not bound row by row. Most
# calls have neither target nor exception: their NULLs are written in a statement of their own too
# (each None bound costs the driver an adapter lookup: more than the rest of binding a value).
_CALL_CONSTANTS = {"kind": "'hook:call'", "api": "''", "text": "NULL", "stack": "'[]'"}
_CALLS = _call_insert(_CALL_CONSTANTS, _sqlite_wire_row)
_PLAIN_CALLS = _call_insert(_CALL_CONSTANTS | {"target": "NULL", "thrown": "NULL"}, _sqlite_plain_wire_row)


class _Sites:
    """Call-site ids by (API, stack). A site new to this writer is looked up by its digest, and
    written first if no run has used it yet (another writer may write the same site meanwhile: the
    digest is unique, so both end up with the one row). Bounded: cleared when full."""

    def __init__(self, limit: int = 65_536) -> None:
        self.ids: dict[tuple[str, tuple[str, ...]], int] = {}
        self._limit = limit

    def id(self, conn: Connection, key: tuple[str, tuple[str, ...]]) -> int:
        found = self.ids.get(key)
        return found if found is not None else self.resolve(conn, key)

    def resolve(self, conn: Connection, key: tuple[str, tuple[str, ...]]) -> int:
        api, stack = key
        digest = hashlib.sha1(orjson.dumps([api, stack])).hexdigest()
        insert = postgresql_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(
            insert(CallSite).values(digest=digest, api=api, stack=list(stack)).on_conflict_do_nothing(index_elements=["digest"])
        )
        site_id = conn.execute(select(CallSite.id).where(CallSite.digest == digest)).scalar_one()
        if len(self.ids) >= self._limit:
            self.ids.clear()
        self.ids[key] = site_id
        return site_id


def _event(item: Stored) -> AgentEvent:
    return event_of_wire(item) if isinstance(item, HookCallWire | UiClickWire) else item


def _wire_batch(message: Mapping[str, Any], data: bytes | None) -> list[WireEvent] | None:
    """The events of a well-formed current-protocol ``events:batch`` message, decoded in one pass
    (:func:`~monitor.events.batch_wire_events`), else None: any other message, and anything unusual,
    goes through :func:`parse_frida_message`, which parses field by field and says what is wrong."""
    payload = message.get("payload") if message.get("type") == "send" else None
    if type(payload) is not dict or payload.get("type") != "events:batch" or payload.get("v") != PROTOCOL_VERSION:
        return None
    return batch_wire_events(payload, data)


def _sqlite_bulk_insert(conn: Connection, run_id: int, events: list[Stored], sites: _Sites) -> list[int]:
    """One executemany at the driver (SQLAlchemy's per-row RETURNING costs more than the write itself).

    The ids are those SQLite gives rows inserted without one: max(id) + 1 each, contiguous because the
    transaction holds the database's write lock from its first insert to its commit."""
    known = sites.ids
    runs: list[tuple[_CallInsert | str, list[tuple[Any, ...]]]] = []  # consecutive rows of one statement, in order
    shape: _CallInsert | str | None = None  # the statement of the run being filled
    rows: list[tuple[Any, ...]] = []
    for e in events:
        if type(e) is HookCallWire:  # the common case, ingest-bound: sites.id() inlined
            key = (e.api, e.stack)
            site_id = known.get(key)
            insert = _PLAIN_CALLS if e.target is None and e.thrown is None else _CALLS
            if insert is not shape:
                shape, rows = insert, []
                runs.append((insert, rows))
            rows.append(insert.row(run_id, e, site_id if site_id is not None else sites.resolve(conn, key)))
        else:
            event = _event(e)
            if shape is not _SQLITE_INSERT:
                shape, rows = _SQLITE_INSERT, []
                runs.append((_SQLITE_INSERT, rows))
            rows.append(_sqlite_row(run_id, event, sites.id(conn, _site_of_event(event))))
    cursor = conn.connection.cursor()  # the transaction's own connection, without a statement's overhead
    try:
        for statement, run in runs:
            if isinstance(statement, str):
                cursor.executemany(statement, run)
                continue
            whole = len(run) - len(run) % CALL_ROWS
            for start in range(0, whole, CALL_ROWS):
                cursor.execute(statement.many, tuple(chain.from_iterable(run[start : start + CALL_ROWS])))
            if whole < len(run):
                cursor.executemany(statement.one, run[whole:])
    finally:
        cursor.close()
    last = conn.exec_driver_sql("SELECT max(id) FROM hook_events").scalar_one()
    return list(range(last - len(events) + 1, last + 1))


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
        server_ip=r.server_ip,
        client_port=r.client_port,
        proxy_port=r.proxy_port,
    )


class RunWriter:
    """Drains one run's message queue into the store on a dedicated thread."""

    def __init__(self, store: Store, run_id: int, artifacts: Path) -> None:
        self.store = store
        self.run_id = run_id
        self._queue: queue.Queue[Any] = queue.Queue()
        self._listeners: list[tuple[EventListener, frozenset[str]]] = []
        artifacts.mkdir(parents=True, exist_ok=True)
        self._jsonl = (artifacts / "events.jsonl").open("ab")
        self._logcat = (artifacts / "logcat.txt").open("ab")
        self.ready = threading.Event()
        self.agent_ready: AgentReady | None = None
        self.faults: list[AgentFault] = []
        self.counts = {"events": 0, "flows": 0, "foreign": 0}
        self._sites = _Sites()
        self.connections_opened = 0  # network hook events: requests the app is about to make
        self.error: BaseException | None = None
        self._activity = threading.Condition()
        self._last_activity = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="privmon-writer", daemon=True)

    # -- producers (any thread) ------------------------------------------------------------
    def on_frida_message(self, message: Mapping[str, Any], data: bytes | None) -> None:
        self._queue.put(("agent", (message, data)))

    def on_flow(self, record: FlowRecord) -> None:
        self._queue.put(("flow", record))

    def on_proxy_activity(self) -> None:
        self._touch()

    def on_output(self, pid: int, fd: int, data: bytes | None) -> None:
        """The app's stdout/stderr (the sandbox's logcat)."""
        if data:
            self._queue.put(("output", data))

    def add_listener(self, listener: EventListener, kinds: Iterable[str] = ("hook:call", "ui:click")) -> None:
        """LISTENER gets (id, event) for each stored event of these KINDS, on the writer thread (only
        the kinds some listener wants are made into event objects)."""
        self._listeners.append((listener, frozenset(kinds)))

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
            items = [self._queue.get()]
            while len(items) < COALESCE and not self._queue.empty():  # take what is already queued: one transaction
                items.append(self._queue.get_nowait())
            try:
                for kind, payload in self._parsed(items):
                    if kind == "events":
                        self._store_events(payload)
                    elif kind == "agent":
                        self._handle_agent(payload)
                    elif kind == "flow":
                        self._handle_flow(payload)
                    elif kind == "output":
                        self._logcat.write(payload)
                        self._logcat.flush()
                    else:
                        return
            except BaseException as e:  # record and stop: a run that cannot be stored must fail loudly
                self.error = e
                log.error("store writer failed: %s", e)
                return
            finally:
                self._touch()

    def _parsed(self, items: list[Any]) -> list[tuple[str, Any]]:
        """Parse agent messages; merge consecutive event batches (order with other messages is kept)."""
        out: list[tuple[str, Any]] = []
        for item in items:
            if item is _STOP:
                out.append(("stop", None))
                break
            kind, payload = item
            if kind != "agent":
                out.append((kind, payload))
                continue
            message, data = payload
            wire = _wire_batch(message, data)
            try:
                if wire is not None:
                    stored: list[Stored] = list(wire)
                else:
                    parsed = parse_frida_message(message, data)
                    if not isinstance(parsed, EventsBatch):
                        out.append(("agent", parsed))
                        continue
                    stored = list(parsed.events)
            except ProtocolError as e:
                self.faults.append(AgentFault(where="protocol", message=str(e), stack=None))
                log.warning("agent protocol error: %s", e)
                continue
            lines = batch_lines(message["payload"], data)  # JSON Lines as the agent sent them: stored as they are
            piece: bytes | list[Any] = lines if lines is not None else list(batch_events(message["payload"], data))
            if out and out[-1][0] == "events":
                out[-1][1][0].extend(stored)
                out[-1][1][1].append(piece)
            else:
                out.append(("events", (stored, [piece])))
        return out

    def _store_events(self, batch: tuple[list[Stored], list[bytes | list[Any]]]) -> None:
        """Store EVENTS; PIECES are what goes to events.jsonl: JSON Lines as they came, or raw events."""
        events, pieces = batch
        try:
            with self.store.engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    ids = _sqlite_bulk_insert(conn, self.run_id, events, self._sites)
                else:
                    rows = [
                        event_values(self.run_id, event, self._sites.id(conn, _site_of_event(event)))
                        for event in map(_event, events)
                    ]
                    result = conn.execute(insert(HookEvent).returning(HookEvent.id, sort_by_parameter_order=True), rows)
                    ids = [row[0] for row in result]
        except BaseException:
            self._sites.ids.clear()  # sites written in the failed transaction are gone with it
            raise
        self._jsonl.write(b"".join(p if isinstance(p, bytes) else b"".join(map(_jsonl_line, p)) for p in pieces))
        self._jsonl.flush()
        self.counts["events"] += len(events)
        self.connections_opened += len([e for e in events if isinstance(e, HookCallWire | HookCall) and e.category == "network"])
        for listener, kinds in self._listeners:
            listener([(i, _event(e)) for i, e in zip(ids, events, strict=True) if e.kind in kinds])

    def _handle_agent(self, parsed: Any) -> None:
        if isinstance(parsed, AgentReady):
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
