"""Matcher throughput: decoding plus PI search of typical SDK request bodies.

Run: .venv/bin/python bench/bench_matcher.py [FLOWS] [ROUNDS]

50 PI values (IMEIs, Android IDs, MACs, locations, IMSIs, GAIDs, OAIDs, serials, phone numbers, BSSIDs),
each expanded into all its variants, with the built-in endpoint adapters, against a mix of bodies of
up to 8 KiB: JSON, gzip'd JSON, forms with base64 JSON inside, gzip'd protobuf, and bodies with no PI.
One core (the matcher is single-threaded); CPU time of the process, best and median of ROUNDS rounds. Target (issue 8): >= 2,000 flows/s.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import statistics
import sys
import time

from monitor.events import PiValue, ValueType
from monitor.traffic.adapters import default_adapters
from monitor.traffic.match import PiMatcher

rng = random.Random(7)


def values() -> list[PiValue]:
    out = []
    for i in range(5):
        out += [
            PiValue(ValueType.IMEI, f"35693803564{3800 + i}"),
            PiValue(ValueType.ANDROID_ID, f"{rng.getrandbits(64):016x}"),
            PiValue(ValueType.MAC, ":".join(f"{rng.randrange(256):02x}" for _ in range(6))),
            PiValue(ValueType.GEO, f"{39 + rng.random():.6f},{116 + rng.random():.6f}"),
            PiValue(ValueType.IMSI, f"4600013579246{80 + i}"),
            PiValue(ValueType.GAID, f"{rng.getrandbits(128):032x}"),
            PiValue(ValueType.OAID, f"{rng.getrandbits(128):032x}"),
            PiValue(ValueType.SERIAL, f"R58M{rng.getrandbits(32):08X}"),
            PiValue(ValueType.PHONE_NUMBER, f"1380013{8000 + i}"),
            PiValue(ValueType.WIFI, ":".join(f"{rng.randrange(256):02x}" for _ in range(6))),
        ]
    return out


def event_json(n: int, vals: list[PiValue], hit: bool) -> dict[str, object]:
    events = [
        {
            "id": f"ev{i}",
            "ts": 1700000000000 + i,
            "k": rng.choice(["open", "click", "view"]),
            "p": {"page": f"/p/{i}", "dur": rng.randrange(9000)},
        }
        for i in range(n)
    ]
    header = {
        "app": "com.example.app",
        "ver": "3.2.1",
        "os": "Android 13",
        "model": "Pixel 7",
        "sid": f"{rng.getrandbits(128):032x}",
    }
    if hit:
        v = rng.choice(vals)
        header["did"] = hashlib.md5(v.value.encode()).hexdigest() if rng.random() < 0.5 else v.value
    return {"header": header, "events": events}


def pb(number: int, payload: bytes) -> bytes:
    return (
        bytes([number << 3 | 2]) + bytes([len(payload)]) + payload
        if len(payload) < 128
        else bytes([number << 3 | 2, len(payload) & 0x7F | 0x80, len(payload) >> 7]) + payload
    )


def bodies(vals: list[PiValue], count: int) -> list[tuple[str, list[tuple[str, str]], bytes]]:
    out = []
    for i in range(count):
        hit = i % 3 == 0
        kind = i % 5
        doc = event_json(rng.randrange(10, 45), vals, hit)
        raw = json.dumps(doc).encode()[:8000]
        if kind == 0:
            out.append(("https://api.example.com/log", [("Content-Type", "application/json")], raw))
        elif kind == 1:
            out.append(("https://ulogs.umeng.com/unify_logs", [("Content-Encoding", "gzip")], gzip.compress(raw)))
        elif kind == 2:
            out.append(
                (
                    "https://api.example.com/f",
                    [("Content-Type", "application/x-www-form-urlencoded")],
                    b"v=2&p=" + base64.b64encode(raw[:5000]),
                )
            )
        elif kind == 3:
            fields = b"".join(pb(1, json.dumps(e).encode()) for e in doc["events"][:30])  # type: ignore[index]
            out.append(
                (
                    "https://app-measurement.com/a",
                    [("Content-Encoding", "gzip")],
                    gzip.compress(pb(2, str(doc["header"]).encode()) + fields),
                )
            )
        else:
            out.append(("https://cdn.example.com/x?t=1", [], bytes(rng.getrandbits(8) for _ in range(4096))))
    return out


def main() -> None:
    flows = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    vals = values()
    t = time.perf_counter()
    matcher = PiMatcher(vals, default_adapters())
    build_s = time.perf_counter() - t
    work = bodies(vals, flows)
    size = sum(len(b) for _, _, b in work) / len(work)
    matcher.match(*work[0])  # warm-up
    times, hits = [], 0
    for _ in range(rounds):  # the machine is noisy: the best round is the matcher's own speed
        t = time.process_time()
        hits = sum(bool(matcher.match(url, headers, body)) for url, headers, body in work)
        times.append(time.process_time() - t)
    best, median = min(times), statistics.median(times)
    print(f"{len(vals)} values -> {matcher.needle_count} needles, built in {build_s * 1000:.0f} ms")
    print(
        f"{flows} flows (mean body {size:.0f} B), {rounds} rounds: best {flows / best:,.0f} flows/s "
        f"({best / flows * 1e3:.3f} ms/flow), median {flows / median:,.0f} flows/s; {hits} with PI"
    )


if __name__ == "__main__":
    main()
