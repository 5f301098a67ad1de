from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.capture.records import FlowRecord
from monitor.events import UiClick
from monitor.store.db import Store
from monitor.store.models import CallSite, Flow, HookEvent, Run
from monitor.store.writer import RunWriter
from tests.conftest import agent_message
from tests.monitor.store.test_db import make_run


def test_batches_are_written_as_they_arrive(store: Store, tmp_path: Path) -> None:
    run_id = make_run(store)
    writer = RunWriter(store, run_id, tmp_path / "art").start()
    seen: list[int] = []
    writer.add_listener(lambda pairs: seen.extend(i for i, e in pairs if isinstance(e, UiClick)))
    writer.on_frida_message({"type": "send", "payload": agent_message("agent_ready")}, None)
    writer.on_frida_message({"type": "send", "payload": agent_message("events_batch")}, None)
    assert writer.ready.wait(5)
    assert writer.wait_quiet(0.05, time.monotonic() + 5)
    with store.session() as s:  # visible before the writer is closed: a crash loses at most the batch in flight
        assert len(s.scalars(select(HookEvent)).all()) == 3
        assert len(s.get(Run, run_id).hooks) == 3  # type: ignore[union-attr]
    writer.on_flow(
        FlowRecord(1, "POST", "https://h/p", "https", "h", 443, "/p", "HTTP/1.1", (("a", "b"),), b"x", False, 200, True)
    )
    writer.on_output(1, 2, b"I/tag: hello\n")
    writer.on_frida_message({"type": "send", "payload": {"type": "mine", "x": 1}}, None)
    writer.on_frida_message({"type": "send", "payload": {"v": 1, "type": "events:batch", "events": [{"kind": "bogus"}]}}, None)
    writer.close()
    assert len(seen) == 1 and writer.counts == {"events": 3, "flows": 1, "foreign": 1}
    assert writer.connections_opened == 1  # the golden batch's URL.openConnection
    assert [f.where for f in writer.faults] == ["protocol"]
    with store.session() as s:
        assert s.scalars(select(Flow)).one().request_headers == [["a", "b"]]
    lines = (tmp_path / "art" / "events.jsonl").read_text().splitlines()
    assert [json.loads(x)["kind"] for x in lines] == ["hook:call", "hook:call", "ui:click"]
    assert (tmp_path / "art" / "logcat.txt").read_bytes() == b"I/tag: hello\n"


def test_ids_follow_the_events_through_mixed_batches(store: Store, tmp_path: Path) -> None:
    """Clicks among hook calls are written by another statement, calls with a target or an exception
    by another again, in event order, and long runs of calls by statements of many rows: each id a
    listener is given is its event's row, and every row is what a one-row statement writes."""
    from monitor.store.writer import CALL_ROWS

    run_id = make_run(store)
    writer = RunWriter(store, run_id, tmp_path / "art").start()
    got: list[tuple[int, int]] = []
    writer.add_listener(lambda pairs: got.extend((i, e.seq) for i, e in pairs))
    plain, targeted, click = agent_message("events_batch")["events"]
    assert plain["target"] is None and plain["thrown"] is None and targeted["target"] is not None
    thrown = dict(plain, ret=None, values=[], thrown="java.lang.SecurityException")
    event_of = {"C": plain, "T": targeted, "X": thrown, "K": click}
    kinds = "CKCTKKCXCK" + "C" * (2 * CALL_ROWS + 5) + "TX" * CALL_ROWS + "K" + "C" * CALL_ROWS + "T" * (CALL_ROWS - 1)
    events = [dict(event_of[k], seq=n) for n, k in enumerate(kinds)]
    writer.on_frida_message({"type": "send", "payload": {"v": 1, "type": "events:batch", "events": events}}, None)
    writer.close()
    with store.session() as s:
        rows = s.execute(select(HookEvent.id, HookEvent.seq, HookEvent.kind).order_by(HookEvent.id)).all()
    assert [(r.seq, r.kind) for r in rows] == [(n, "ui:click" if k == "K" else "hook:call") for n, k in enumerate(kinds)]
    assert got == [(r.id, r.seq) for r in rows]
    assert writer.connections_opened == kinds.count("T")  # the golden URL.openConnection
    # rows from the many-row statements are those of one-row statements of one event each
    single = make_run(store, uid="single")
    one_by_one = RunWriter(store, single, tmp_path / "art1").start()
    for k in "CTX":
        one_by_one.on_frida_message({"type": "send", "payload": {"v": 1, "type": "events:batch", "events": [event_of[k]]}}, None)
    one_by_one.close()
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT * FROM hook_events WHERE kind = 'hook:call' ORDER BY id").all()
        absent = conn.exec_driver_sql("SELECT DISTINCT typeof(thrown) FROM hook_events WHERE target IS NOT NULL").all()
    expected = {row[3:] for row in stored if row[1] == single}  # all but id, run, seq
    assert len(expected) == 3 and {row[3:] for row in stored if row[1] == run_id} == expected
    assert len([row for row in stored if row[1] == run_id]) == len(kinds) - kinds.count("K")
    assert absent == [("null",)]  # None is bound as SQL NULL


def test_wait_quiet_respects_busy_and_deadline(store: Store, tmp_path: Path) -> None:
    writer = RunWriter(store, make_run(store), tmp_path).start()
    try:
        t0 = time.monotonic()
        assert writer.wait_quiet(0.05, t0 + 0.3, busy=lambda: 1) is False
        assert time.monotonic() - t0 >= 0.29
        assert writer.wait_quiet(0.05, time.monotonic() + 2, busy=lambda: 0) is True
    finally:
        writer.close()


def test_store_failure_surfaces_on_close(store: Store, tmp_path: Path) -> None:
    writer = RunWriter(store, 424242, tmp_path).start()  # no such run: the foreign key fails
    writer.on_frida_message({"type": "send", "payload": agent_message("events_batch")}, None)
    with pytest.raises(Exception, match="store writer failed"):
        writer.close()


def test_listener_ids_are_the_stored_rows_and_round_trip(store: Store, tmp_path: Path) -> None:
    """The bulk insert hands listeners the ids the rows really got, with two runs writing to one store."""
    other = make_run(store, "other")
    run_id = make_run(store, "this")
    noise = RunWriter(store, other, tmp_path / "noise").start()
    writer = RunWriter(store, run_id, tmp_path / "art").start()
    seen: dict[int, tuple[int, str]] = {}
    writer.add_listener(lambda pairs: seen.update((i, (e.seq, e.kind)) for i, e in pairs))
    batch = agent_message("events_batch")
    for n in range(20):
        for w in (writer, noise):
            events = [dict(e, seq=n * 10 + j) for j, e in enumerate(batch["events"])]
            w.on_frida_message({"type": "send", "payload": dict(batch, events=events)}, None)
    writer.close()
    noise.close()
    with store.session() as s:
        rows = s.scalars(select(HookEvent).where(HookEvent.run_id == run_id)).all()
        assert {r.id: (r.seq, r.kind) for r in rows} == seen and len(seen) == 60
        call = next(r for r in rows if r.kind == "hook:call" and r.values)
        original = next(e for e in batch["events"] if e["kind"] == "hook:call" and e["values"])
        site = s.get(CallSite, call.site_id)
        assert site is not None and (call.api, call.stack) == ("", [])  # the call site holds them, once
        assert (call.args, call.values, site.api, site.stack) == (
            original["args"],
            original["values"],
            original["api"],
            original["stack"],
        )
        # both runs called from the same sites: one row each, shared
        assert s.scalar(select(func.count()).select_from(CallSite)) == len({r.site_id for r in rows})


def test_rows_made_without_event_objects_equal_the_objects_rows(store: Store) -> None:
    """A decoded hook:call's row (its constant columns written in the statement) is stored exactly as
    the row made from its event object."""
    import msgspec

    from monitor.events import HookCallWire, event_of_wire
    from monitor.store.writer import _CALLS, _PLAIN_CALLS, _SQLITE_INSERT, _sqlite_row

    events = [e for e in agent_message("events_batch")["events"] if e["kind"] == "hook:call"]
    assert events
    variant = events[0] | {"args": ["a", "b"], "values": [], "target": None, "thrown": "java.lang.SecurityException"}
    run_id = make_run(store)
    with store.engine.begin() as conn:
        for event in [*events, variant]:
            wire = msgspec.convert(event, HookCallWire)
            insert = _PLAIN_CALLS if wire.target is None and wire.thrown is None else _CALLS
            conn.exec_driver_sql(insert.one, [insert.row(run_id, wire, 3)])
            conn.exec_driver_sql(_SQLITE_INSERT, [_sqlite_row(run_id, event_of_wire(wire), 3)])
        rows = conn.exec_driver_sql("SELECT * FROM hook_events ORDER BY id").all()
    assert len(rows) == 2 * (len(events) + 1)
    for made_from_fields, made_from_object in zip(rows[::2], rows[1::2], strict=True):
        assert made_from_fields[1:] == made_from_object[1:]  # all but the id


def test_events_read_back_with_their_call_sites_beside_rows_from_before_sites(store: Store, tmp_path: Path) -> None:
    from monitor.correlation import load_observations

    run_id = make_run(store)
    writer = RunWriter(store, run_id, tmp_path / "art").start()
    batch = agent_message("events_batch")
    writer.on_frida_message({"type": "send", "payload": batch}, None)
    writer.close()
    with store.session() as s:  # a row as privmon wrote them before call sites: API and stack in the row
        s.add(
            HookEvent(
                run_id=run_id,
                seq=99,
                kind="hook:call",
                ts_ms=2**40,
                mono_ns=0,
                hook="h",
                api="old.Api",
                stack=["a.B.c(B.java:1)"],
            )
        )
    events, _, _, seq_of = load_observations(store, run_id)
    written = {
        e["seq"]: (e["api"] if e["kind"] == "hook:call" else "android.view.View.performClick", tuple(e["stack"]))
        for e in batch["events"]
    }
    assert {seq_of[e.id]: (e.api, e.stack) for e in events} == {**written, 99: ("old.Api", ("a.B.c(B.java:1)",))}


def test_a_call_site_missing_from_the_store_is_a_store_error(store: Store, tmp_path: Path) -> None:
    from monitor.correlation import load_observations
    from monitor.errors import StoreError

    run_id = make_run(store)
    with store.session() as s:
        s.add(HookEvent(run_id=run_id, seq=1, kind="hook:call", ts_ms=1, mono_ns=0, hook="h", site_id=4242))
    with pytest.raises(StoreError, match="call site 4242"):
        load_observations(store, run_id)


def test_batches_whose_events_come_as_binary_data(store: Store, tmp_path: Path) -> None:
    """The agent's way: a header, the events as UTF-8 JSON Lines (stored in events.jsonl as they came),
    or as a JSON array (older agents); a broken one is a protocol fault, not a crash."""
    run_id = make_run(store)
    writer = RunWriter(store, run_id, tmp_path / "art").start()
    events = agent_message("events_batch")["events"]
    lines = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events).encode("utf-8")
    array = json.dumps(events).encode("utf-8")
    header, legacy = agent_message("events_batch_data"), agent_message("events_batch_array")
    writer.on_frida_message({"type": "send", "payload": header}, lines)
    writer.on_frida_message({"type": "send", "payload": header}, lines[:-2])  # cut short: not JSON
    writer.on_frida_message({"type": "send", "payload": dict(header, count=2)}, lines)
    writer.on_frida_message({"type": "send", "payload": legacy}, array)
    writer.on_frida_message({"type": "send", "payload": header}, lines.rstrip(b"\n"))  # the last line unended
    writer.close()
    assert writer.counts["events"] == 9
    assert [f.where for f in writer.faults] == ["protocol", "protocol"]
    assert "not JSON Lines" in writer.faults[0].message and "2 announced" in writer.faults[1].message
    stored = (tmp_path / "art" / "events.jsonl").read_bytes()
    assert stored.startswith(lines) and stored.endswith(lines)  # byte for byte, as the agent sent them
    assert [json.loads(x) for x in stored.decode().splitlines()] == events * 3


def test_a_batch_with_an_unusual_event_is_parsed_field_by_field_and_stored_alike(store: Store, tmp_path: Path) -> None:
    """A float where an integer goes (JS numbers) or an absent optional field makes the one-pass decoder
    refuse the batch; the field-by-field parse then accepts it, and the rows are those of the usual batch."""
    events = agent_message("events_batch")["events"]
    call = next(e for e in events if e["kind"] == "hook:call" and e["values"])
    unusual = [dict(call, mono=float(call["mono"])), {k: v for k, v in call.items() if k != "target"}, call]
    header = agent_message("events_batch_data")
    rows = []
    for n, batch in enumerate((unusual, [call, call, call])):
        run_id = make_run(store, uid=f"run{n}")
        writer = RunWriter(store, run_id, tmp_path / f"art{run_id}").start()
        lines = "".join(json.dumps(e) + "\n" for e in batch).encode("utf-8")
        writer.on_frida_message({"type": "send", "payload": dict(header, count=3)}, lines)
        writer.close()
        assert writer.faults == [] and writer.counts["events"] == 3
        with store.session() as s:
            got = s.scalars(select(HookEvent).where(HookEvent.run_id == run_id).order_by(HookEvent.id)).all()
            rows.append([(r.seq, r.mono_ns, r.target, r.values, r.site_id, r.category) for r in got])
    assert rows[0] == rows[1] and rows[0][0][3] == call["values"]
