"""Host ingest: agent events per second from the Frida message callback into SQLite.

Run: .venv/bin/python bench/bench_ingest.py [EVENTS]
Feeds realistic events:batch messages (64 events, 4-frame stacks, one PI value) to a RunWriter,
as Frida's callback does, and reports events/s until everything is committed. The messages are
made before the clock starts and handed over already parsed: frida-python's own json.loads of each
message (on Frida's thread) is not counted (see bench/README.md) unless BENCH_RAW is set: the messages
are then what Frida delivers, parsed in the timed loop as frida-python does (json.loads of the text):
BENCH_RAW=1 the agent's batches (a JSON header, the events as binary data: JSON Lines), BENCH_RAW=array
the events' data as one JSON array (as the agent sent them before), BENCH_RAW=inline the events
inline in the JSON text (as the agent sent them before that).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.store.db import Store
from monitor.store.models import App, Device, Run
from monitor.store.writer import RunWriter

EVENT: dict[str, Any] = {
    "kind": "hook:call",
    "seq": 0,
    "ts": 1795397641425,
    "mono": 81234567890,
    "hook": "telephony.getDeviceId",
    "category": "identifiers",
    "api": "android.telephony.TelephonyManager.getDeviceId",
    "args": [],
    "target": None,
    "ret": "356938035643809",
    "thrown": None,
    "values": [{"type": "imei", "value": "356938035643809"}],
    "thread": {"id": 4242, "name": "main"},
    "stack": [
        "android.telephony.TelephonyManager.getDeviceId(Native Method)",
        "com.umeng.analytics.internal.DeviceCollector.collect(DeviceCollector.java:28)",
        "com.umeng.analytics.UMConfigure.init(UMConfigure.java:13)",
        "com.example.violating.ViolatingApp.onCreate(ViolatingApp.java:10)",
    ],
}


RAW = os.environ.get("BENCH_RAW", "")


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = Path(tempfile.mkdtemp(prefix="privmon-bench-"))
    store = Store.open(f"sqlite:///{work / 'bench.db'}")
    with store.session() as s:
        app, dev = App(package="bench"), Device(serial="bench", kind="sandbox")
        s.add_all([app, dev])
        s.flush()
        run = Run(
            uid="bench",
            started_at=datetime.now(UTC),
            mode="sandbox",
            consent_policy="none",
            tool_version="bench",
            protocol_version=1,
            app_id=app.id,
            device_id=dev.id,
        )
        s.add(run)
        s.flush()
        run_id = run.id
    messages = [
        {"type": "send", "payload": {"v": 1, "type": "events:batch", "events": [EVENT | {"seq": i + j} for j in range(64)]}}
        for i in range(0, total, 64)
    ]
    # BENCH_RAW: what Frida hands frida-python: the agent's header as JSON text and the events as bytes
    # (BENCH_RAW=inline: the events inline in the JSON text, as the agent sent them before)
    wire = [_wire(m["payload"]["events"]) for m in messages] if RAW else []
    gc.freeze()  # as privmon run does before its writer starts (monitor/runner.py)
    writer = RunWriter(store, run_id, work / "artifacts").start()
    started = time.perf_counter()
    if RAW:  # as frida-python's Script._on_message does on Frida's thread before the callback
        for text, data in wire:
            writer.on_frida_message(json.loads(text), data)
    else:
        for m in messages:
            writer.on_frida_message(m, None)
    writer.close(timeout=600)
    elapsed = time.perf_counter() - started
    what = "parsed from JSON text and stored" if RAW else "stored"
    print(f"{writer.counts['events']} events {what} in {elapsed:.2f} s: {writer.counts['events'] / elapsed:,.0f} events/s")


def _wire(events: list[dict[str, Any]]) -> tuple[str, bytes | None]:
    """A batch as Frida hands it to frida-python: the JSON text of the message, and its binary data."""
    if RAW == "inline":
        return json.dumps({"type": "send", "payload": {"v": 1, "type": "events:batch", "events": events}}), None
    form = "events" if RAW == "array" else "events-jsonl"
    header = json.dumps({"type": "send", "payload": {"v": 1, "type": "events:batch", "data": form, "count": len(events)}})
    if form == "events":
        return header, json.dumps(events).encode()
    return header, b"".join(json.dumps(e, separators=(",", ":")).encode() + b"\n" for e in events)


if __name__ == "__main__":
    main()
