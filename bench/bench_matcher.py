"""Matcher throughput: how long the correlator's PI search takes per flow.

Run: .venv/bin/python bench/bench_matcher.py [FLOWS]
Reports ratios measured in one run (machines are noisy): the cost of a realistic needle set
(IMEI, Android ID, MAC, location, IMSI) against flows of 1 KiB and 64 KiB.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time

from monitor.analysis.matchers import expand, haystacks, search
from monitor.events import PiValue, ValueType

VALUES = [
    PiValue(ValueType.IMEI, "356938035643809"),
    PiValue(ValueType.ANDROID_ID, "9774d56d682e549c"),
    PiValue(ValueType.MAC, "3c:28:6d:a1:b2:c3"),
    PiValue(ValueType.GEO, "39.9042,116.4074"),
    PiValue(ValueType.IMSI, "460001357924680"),
]


def body(size: int, hit: bool) -> bytes:
    filler = os.urandom(size // 2).hex().encode()
    payload = {"blob": filler.decode(), "d": hashlib.md5(b"356938035643809").hexdigest() if hit else "0" * 32}
    return json.dumps(payload).encode()


def main() -> None:
    flows = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    t = time.perf_counter()
    needles = [n for v in VALUES for n in expand(v)]
    expand_s = time.perf_counter() - t
    print(f"{len(needles)} needles from {len(VALUES)} values, expanded in {expand_s * 1000:.2f} ms")
    base = None
    for size in (1024, 65536):
        bodies = [body(size, i % 2 == 0) for i in range(flows)]
        t = time.perf_counter()
        hits = sum(bool(search(needles, haystacks("https://h.example/p?x=1", (("User-Agent", "x"),), b))) for b in bodies)
        per = (time.perf_counter() - t) / flows
        base = base or per
        print(f"{size:>6} B bodies: {per * 1e3:.3f} ms/flow ({per / base:.1f}x the 1 KiB cost), {hits}/{flows} flows matched")


if __name__ == "__main__":
    main()
