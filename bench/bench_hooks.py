"""Per-call cost of a hooked API on the sandbox JVM, as ratios measured in one run.

Run: .venv/bin/python bench/bench_hooks.py [CALLS] [ROUNDS]

The workload app (bench/app) calls TelephonyManager.getDeviceId() CALLS times after a warm-up and
prints the median and p90 nanoseconds per call. It runs (each hooked variant in a JVM of its own,
ROUNDS times, interleaved: one JVM's median moves by half from one start to the next on this
machine, so each round's ratios are taken between JVMs started back to back, and the median
round is reported):
  (i)   unhooked (plain JVM, no Frida);
  (ii)  with a bare pass-through hook (bench/agents/passthrough.ts);
  (iii) with a Camille-style hook: one send() per call with the full Java stack as text
        (bench/agents/camille.ts);
  (iv)  with privmon's agent (every hook installed; an event with a capped stack per call, batched);
  (v)   with a bare pass-through on privmon's direct entry (bench/agents/direct.ts): the entry privmon's
        hook of this method takes on HotSpot (hooks/src/lib/direct.ts), calling the original, nothing
        else. (ii) is Frida's usual hook, as Camille and most Frida scripts hook; (iv) ÷ (v) is what
        recording an event costs on privmon's own entry.
BENCH_AGENT=FILE runs (iv) with another built agent bundle (to compare two versions of the agent).
"""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import frida

from monitor.agent.build import REPO_HOOKS
from monitor.device.agent import load_bundle
from monitor.events import PROTOCOL_VERSION
from monitor.sandbox.apk import read_app
from monitor.sandbox.build import build_app
from monitor.sandbox.device import FRAMEWORK_JAR, SandboxDevice, java_executable
from monitor.sandbox.devicefs import ZYGOTE
from monitor.sandbox.state import DeviceState

HERE = Path(__file__).resolve().parent
RESULT = re.compile(r"BENCH median_ns=(\d+) p90_ns=(\d+)")


def compile_agent(name: str, work: Path) -> str:
    project = work / f"agent-{name}"
    project.mkdir()
    (project / "node_modules").symlink_to(REPO_HOOKS / "node_modules")
    (project / "index.ts").write_text((HERE / "agents" / f"{name}.ts").read_text())
    (project / "jvm.ts").write_text((HERE / "agents" / "jvm.ts").read_text())
    (project / "lib").mkdir()
    for name in ("direct.ts", "java.ts"):  # privmon's direct entry, for (v)
        (project / "lib" / name).write_text((REPO_HOOKS / "src" / "lib" / name).read_text())
    (project / "types").mkdir()
    (project / "types" / "frida-java-bridge-types.d.ts").write_text(
        (REPO_HOOKS / "src" / "types" / "frida-java-bridge-types.d.ts").read_text()
    )
    return str(frida.Compiler().build("index.ts", project_root=str(project), source_maps="omitted"))


def argv(device: SandboxDevice, apk: Path, calls: int) -> list[str]:
    return [
        java_executable(),
        "-XX:+UseSerialGC",
        f"-Dbench.calls={calls}",
        "-cp",
        f"{FRAMEWORK_JAR}:{apk}",
        ZYGOTE,
        "--apk",
        str(apk),
        "--device",
        str(device.root),
    ]


def run_unhooked(command: list[str]) -> tuple[int, int]:
    out = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True).stdout
    m = RESULT.search(out)
    assert m, out
    return int(m[1]), int(m[2])


def run_hooked(command: list[str], bundle: str, privmon: bool) -> tuple[int, int, int]:
    device = frida.get_local_device()
    output: list[str] = []
    done = threading.Event()
    messages = [0]

    def on_output(pid: int, fd: int, data: bytes | None) -> None:
        if data:
            output.append(data.decode(errors="replace"))
            if "BENCH" in "".join(output):
                done.set()

    def on_message(message: dict[str, Any], data: Any) -> None:
        messages[0] += 1

    device.on("output", on_output)
    pid = device.spawn(command, stdio="pipe")
    session = device.attach(pid)
    session.on("detached", lambda *a: done.set())
    script = session.create_script(bundle)
    script.on("message", on_message)
    script.load()
    if privmon:
        script.exports_sync.init({"protocol": PROTOCOL_VERSION, "stackDepth": 16, "flushIntervalMs": 50, "maxBatch": 64})
    device.resume(pid)
    finished = done.wait(600)
    device.off("output", on_output)
    with contextlib.suppress(frida.ProcessNotFoundError, frida.InvalidOperationError, frida.NotSupportedError):
        device.kill(pid)  # it may have exited by itself after printing its result
    m = RESULT.search("".join(output))
    assert finished and m, "".join(output)[-2000:]
    return int(m[1]), int(m[2]), messages[0]


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    n_rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    work = Path(tempfile.mkdtemp(prefix="privmon-bench-hooks-"))
    jar = build_app(HERE / "app", work / "bench.jar", FRAMEWORK_JAR)
    device = SandboxDevice(DeviceState(), work / "device")
    device.install(read_app(jar), None, None)
    apk = device.installed_apk(read_app(jar))
    command = argv(device, apk, calls)
    agents = {
        "passthrough": compile_agent("passthrough", work),
        "camille": compile_agent("camille", work),
        "direct": compile_agent("direct", work),
        "privmon": Path(os.environ["BENCH_AGENT"]).read_text() if os.environ.get("BENCH_AGENT") else load_bundle(),
    }
    unhooked = run_unhooked(command)
    variants = {
        "(ii) bare pass-through": (agents["passthrough"], False),
        "(iii) Camille-style (send + full stack per call)": (agents["camille"], False),
        "(iv) privmon agent (event + 16-frame stack, batched)": (agents["privmon"], True),
        "(v) bare pass-through on privmon's direct entry": (agents["direct"], False),
    }
    rounds: list[dict[str, tuple[int, int, int]]] = []
    for r in range(n_rounds):
        rounds.append({name: run_hooked(command, bundle, privmon) for name, (bundle, privmon) in variants.items()})
        ii, iii, iv, v = (rounds[-1][name][0] for name in variants)
        print(f"round {r + 1}: (iv) ÷ (ii) {iv / ii:.2f}x, (iii) ÷ (iv) {iii / iv:.2f}x, (iv) ÷ (v) {iv / v:.2f}x", flush=True)
    print(f"{calls} calls of TelephonyManager.getDeviceId() per variant, {n_rounds} round(s); medians over the rounds")
    print(f"{'variant':55s} {'median':>11s} {'p90':>11s} {'÷ pass-through':>15s} {'msgs':>7s}")
    base_name, camille_name, privmon_name, direct_name = variants
    rows = {"(i) unhooked": (*unhooked, 0)}
    for name in variants:
        median, p90, msgs = (int(statistics.median(r[name][k] for r in rounds)) for k in range(3))
        rows[name] = (median, p90, msgs)
    base = rows[base_name][0]
    for name, (median, p90, msgs) in rows.items():
        print(f"{name:55s} {median / 1000:9.2f}µs {p90 / 1000:9.2f}µs {median / base:14.2f}x {msgs:7d}")
    over_base = sorted(r[privmon_name][0] / r[base_name][0] for r in rounds)
    cheaper = sorted(r[camille_name][0] / r[privmon_name][0] for r in rounds)
    print(
        f"privmon ÷ pass-through, round by round: median {statistics.median(over_base):.2f}x "
        f"(range {over_base[0]:.2f}–{over_base[-1]:.2f}x; target <= 1.5x)"
    )
    print(
        f"Camille-style ÷ privmon, round by round: median {statistics.median(cheaper):.2f}x "
        f"(range {cheaper[0]:.2f}–{cheaper[-1]:.2f}x; target >= 5x)"
    )
    recording = sorted(r[privmon_name][0] / r[direct_name][0] for r in rounds)
    print(
        f"privmon ÷ pass-through on its direct entry, round by round: median {statistics.median(recording):.2f}x "
        f"(range {recording[0]:.2f}–{recording[-1]:.2f}x; what recording costs on privmon's own entry)"
    )


if __name__ == "__main__":
    main()
