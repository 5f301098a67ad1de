"""Correlation of a large synthetic run: every rule over 1 M hook events and 100 k flows.

Run: .venv/bin/python bench/bench_correlate.py [EVENTS] [FLOWS] [WORKERS]   (BENCH_TOP=N: the N slowest steps)
(WORKERS: flow-matching processes; default one a core, 1 to match in this process only)
Prints the time to build the run's view and to run each rule (with a declared scope, so the scope
rules run too), and the process's peak memory. Store loading is not included (see bench_ingest.py
for the write side): the rules see what ``monitor.correlation.load_view`` returns.
"""

from __future__ import annotations

import hashlib
import random
import resource
import sys
import time

from monitor.analysis.correlator import _finding, gc_paused
from monitor.analysis.model import ConsentPoint, ObservedEvent, ObservedFlow
from monitor.analysis.rules import resolve
from monitor.analysis.view import RunView
from monitor.events import PiValue, ValueType
from monitor.scope import parse_scope

APP = "com.example.big"
STACKS = [
    ("com.example.big.Main.run(Main.java:10)",),
    ("com.umeng.analytics.internal.DeviceCollector.collect(DeviceCollector.java:9)",),
    ("com.tencent.bugly.crashreport.Collector.run(Collector.java:1)",),
    ("com.bytedance.sdk.openadsdk.core.DeviceUtils.get(DeviceUtils.java:5)", "com.example.big.Ads.load(Ads.java:3)"),
    ("com.unknown.tracker.a.b(SourceFile:1)",),
]
IMEI, AID, OAID = "356938035643809", "9774d56d682e549c", "a1b2c3d4-0000-1111-2222-333344445555"
PI_HOOKS = [
    ("telephony.getImei", "android.telephony.TelephonyManager.getImei", (), (PiValue(ValueType.IMEI, IMEI),)),
    (
        "settings.secure.getString",
        "android.provider.Settings$Secure.getString",
        ("cr", "android_id"),
        (PiValue(ValueType.ANDROID_ID, AID),),
    ),
    ("ads.oaid.msa", "com.bun.miitmdid.interfaces.IdSupplier.getOAID", (), (PiValue(ValueType.OAID, OAID),)),
    ("location.Location.getLatitude", "android.location.Location.getLatitude", (), (PiValue(ValueType.GEO, "39.9042,116.4074"),)),
    ("clipboard.getPrimaryClip", "android.content.ClipboardManager.getPrimaryClip", (), ()),
    ("pm.getInstalledPackages", "android.content.pm.PackageManager.getInstalledPackages", ("0",), ()),
]
SCOPE = """
[collect.android-id]
purpose = "login"
[[sdk]]
name = "Umeng"
prefixes = ["com.umeng"]
collects = ["android-id"]
recipients = ["umeng.com"]
[domains]
first_party = ["example.com"]
"""


def synthetic(n_events: int, n_flows: int) -> tuple[list[ObservedEvent], list[ObservedFlow]]:
    rng = random.Random(7)
    events: list[ObservedEvent] = []
    hosts = ["api.example.com", "alog.umeng.com", "t.adtrack.cn", "1.0.16.1", "cdn.example.net"]
    t = 1_700_000_000_000
    for i in range(n_events):
        t += rng.randint(0, 3)
        r = rng.random()
        if r < 0.002:
            hook = "lifecycle.Activity.onPause" if (i // 500) % 2 else "lifecycle.Activity.onResume"
            events.append(ObservedEvent(i, t, "hook:call", hook, "lifecycle", "android.app.Activity." + hook.rsplit(".", 1)[1]))
        elif r < 0.004:
            events.append(
                ObservedEvent(i, t, "hook:call", "ui.View.performClick", "ui", "android.view.View.performClick", text="OK")
            )
        elif r < 0.005:
            args = ("[android.permission.CAMERA,android.permission.RECORD_AUDIO]", "7")
            events.append(
                ObservedEvent(
                    i, t, "hook:call", "permission.request", "permission", "android.app.Activity.requestPermissions", args
                )
            )
        elif r < 0.006:
            args = ("7", "[android.permission.CAMERA]", "[-1]")
            events.append(
                ObservedEvent(
                    i,
                    t,
                    "hook:call",
                    "permission.result",
                    "permission",
                    "android.app.Activity.dispatchRequestPermissionsResult",
                    args,
                )
            )
        elif r < 0.106:
            url = f"https://{rng.choice(hosts)}/c"
            stack = ("java.net.URL.openConnection(URL.java:1)", *rng.choice(STACKS))
            events.append(
                ObservedEvent(
                    i, t, "hook:call", "net.URL.openConnection", "network", "java.net.URL.openConnection", target=url, stack=stack
                )
            )
        else:
            hook, api, args, values = rng.choice(PI_HOOKS)
            target = f"Location@{i // 2}" if hook.startswith("location.Location") else None
            events.append(
                ObservedEvent(
                    i, t, "hook:call", hook, hook.split(".")[0], api, args, target=target, values=values, stack=rng.choice(STACKS)
                )
            )
    flows = []
    span = t - events[0].ts_ms
    for j in range(n_flows):
        host = rng.choice(hosts)
        scheme = "http" if rng.random() < 0.2 else "https"
        pad = rng.randbytes(rng.randint(100, 600)).hex()
        secret = rng.choice([IMEI, hashlib.md5(AID.encode()).hexdigest(), OAID + "&aid=" + AID, "nothing"])
        body = f'{{"pad":"{pad}","d":"{secret}","ts":{j}}}'.encode()
        flows.append(
            ObservedFlow(
                j, events[0].ts_ms + span * j // n_flows, "POST", f"{scheme}://{host}/c", host, (("User-Agent", "okhttp"),), body
            )
        )
    return events, flows


def main() -> None:
    n_events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    n_flows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else None
    t = time.perf_counter()
    events, flows = synthetic(n_events, n_flows)
    print(f"synthetic run: {len(events):,} events, {len(flows):,} flows, built in {time.perf_counter() - t:.1f} s")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    consent = [ConsentPoint(events[len(events) // 3].ts_ms, "granted", "ui-click")]
    cpu_before = _cpu()
    start = time.perf_counter()
    with gc_paused():  # as run_rules does
        timings, total = _correlate(events, flows, consent, start, workers)
    elapsed = time.perf_counter() - start
    cpu = [after - before for after, before in zip(_cpu(), cpu_before, strict=True)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name, s in sorted(timings, key=lambda x: -x[1])[: int(__import__("os").environ.get("BENCH_TOP", "12"))]:
        print(f"  {s:7.3f} s  {name}")
    print(
        f"correlation: {elapsed:.2f} s for {total} findings; peak RSS {rss / 1024:.0f} MiB ({(rss - rss_before) / 1024:+.0f} MiB during correlation)"
    )
    print(f"CPU time: {cpu[0]:.2f} s in this process, {cpu[1]:.2f} s in flow-matching workers")


def _cpu() -> tuple[float, float]:
    """User + system CPU seconds of this process and of its (ended) children."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _correlate(
    events: list[ObservedEvent], flows: list[ObservedFlow], consent: list[ConsentPoint], start: float, workers: int | None
) -> tuple[list[tuple[str, float]], int]:
    view = RunView(
        events=events, flows=flows, consent=consent, package=APP, scope=parse_scope(SCOPE), presorted=True, match_workers=workers
    )
    view.start_matching()  # as run_rules does: large runs search flows in worker processes meanwhile
    timings = [("view: order + timeline, flow matching started", time.perf_counter() - start)]
    t = time.perf_counter()
    _ = view.collected
    timings.append(("view: data type, actor, consent state per event", time.perf_counter() - t))
    total = 0
    # in run_rules' order: the rules that read flows last, so that the event rules overlap the workers;
    # the first of those reads each flow as it is searched, so its time includes waiting for the search
    first_flow_rule = True
    for active in sorted(resolve(), key=lambda a: a.rule.reads_flows):
        t = time.perf_counter()
        findings = [_finding(active.rule, h, view.timeline) for h in active.rule.check(view, active.params)]
        total += len(findings)
        waited = " (with the wait for the flow search)" if active.rule.reads_flows and first_flow_rule else ""
        first_flow_rule = first_flow_rule and not active.rule.reads_flows
        timings.append((f"rule {active.rule.id} ({len(findings)}){waited}", time.perf_counter() - t))
    return timings, total


if __name__ == "__main__":
    main()
