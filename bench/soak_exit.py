"""Soak test: does the sandbox JVM's exit ever hang under the agent?

Runs the crashing fixture app (its consent handler throws; the framework then calls System.exit)
ROUNDS times, CONCURRENT runs at a time, each in a loopback-only network namespace with its own
data dir, and counts the runs that did not end within LIMIT seconds. Extra arguments go to
``privmon run`` (e.g. ``--no-block-quic``) so configurations can be compared in one sitting.

    .venv/bin/python bench/soak_exit.py [--rounds 10] [--concurrent 3] [--limit 60] [-- RUN OPTIONS]

Needs root or unprivileged user namespaces (``unshare --net``), like the e2e tests. Not a test: it is
statistical, and slow (a round takes ~15 s when nothing hangs).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRELUDE = 'ip link set lo up && exec "$@"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--concurrent", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds after which a run counts as hung")
    parser.add_argument("run_options", nargs="*", help="extra options for privmon run (after --)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from monitor.sandbox.build import BUILD_DIR, FRAMEWORK_JAR, build_app

    work = Path(tempfile.mkdtemp(prefix="privmon-soak-"))
    app = build_app(REPO / "tests" / "fixtures" / "crashapp", work / "crash.jar", BUILD_DIR / FRAMEWORK_JAR)
    unshare = ["unshare", "--net"] if shutil.which("unshare") else []
    if not unshare:
        print("unshare (util-linux) is needed", file=sys.stderr)
        return 2
    hung = ended = 0
    codes: Counter[int] = Counter()  # the crash makes a partial run: exit code 4
    started = time.monotonic()
    for r in range(args.rounds):
        procs = []
        for i in range(args.concurrent):
            home = work / f"r{r}-{i}"
            home.mkdir()
            command = [
                *unshare, "--", "sh", "-c", PRELUDE, "sh",
                sys.executable, "-m", "monitor", "--db", str(home / "soak.db"),
                "run", "--sandbox", str(app), "--format", "json", "--pre-consent", "3", *args.run_options,
            ]  # fmt: skip
            env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHONPATH": str(REPO)}
            procs.append(
                (
                    home,
                    subprocess.Popen(
                        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=(home / "stderr.txt").open("wb")
                    ),
                )
            )
        deadline = time.monotonic() + args.limit
        for home, proc in procs:
            try:
                codes[proc.wait(max(0.1, deadline - time.monotonic()))] += 1
                ended += 1
            except subprocess.TimeoutExpired:
                hung += 1
                proc.kill()
                proc.wait()
                # the app's JVM outlives a killed controller: find it by its device root, in this run's data dir
                subprocess.run(["pkill", "-9", "-f", f"--device {home}"], check=False)
                print(f"round {r + 1}: run in {home} hung", flush=True)
        print(f"round {r + 1}/{args.rounds}: {hung} hung of {ended + hung} so far", flush=True)
    if set(codes) - {4}:
        print(f"unexpected exit codes (see stderr.txt in a run's directory): {dict(codes)}")
    print(
        f"RESULT {hung} of {ended + hung} runs hung ({time.monotonic() - started:.0f} s; options: {args.run_options or 'defaults'})"
    )
    bad = hung or set(codes) - {4}
    if not bad:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
