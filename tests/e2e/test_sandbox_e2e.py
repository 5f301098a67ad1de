"""End to end: the real CLI, real Frida, real mitmproxy and real SQLite, inside a network namespace
that has only a loopback interface (so nothing can leave the machine, and nothing can be resolved).

Ground truth is known by construction (monitor/sandbox/java/samples, tests/fixtures/userapp); the
assertions are exact: every expected finding and no other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.selftest import EXPECTED
from monitor.store.db import Store
from monitor.store.models import App, CallSite, Finding, Flow, HookEvent, Run
from tests.e2e.netns import assert_isolated, netns_argv, netns_env

pytestmark = pytest.mark.e2e


def in_netns(tmp_path: Path, *args: str, timeout: int = 240, module: str = "monitor") -> subprocess.CompletedProcess[str]:
    """Run ``privmon ARGS`` (or ``python -m MODULE ARGS``) in a new network namespace with only `lo` up."""
    proc = subprocess.run(
        netns_argv(sys.executable, "-m", module, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=netns_env(tmp_path, COLUMNS="200"),
        check=False,
    )
    assert_isolated(tmp_path, proc.stderr)
    return proc


def findings_by_package(db: Path) -> dict[str, list[tuple[str, str, str, str, tuple[str, ...]]]]:
    store = Store.open(f"sqlite:///{db}")
    out: dict[str, list[tuple[str, str, str, str, tuple[str, ...]]]] = {}
    with store.session() as s:
        for run, app in s.execute(select(Run, App).join(App, Run.app_id == App.id)).tuples():
            assert run.status == "complete", (app.package, run.status, run.exit_reason)
            assert all(h["installed"] or h["optional"] for h in run.hooks) and len(run.hooks) >= 25, run.hooks
            rows = s.scalars(select(Finding).where(Finding.run_id == run.id)).all()
            out[app.package] = sorted(
                (f.rule, f.data_type, f.actor_kind, f.actor_name, tuple(f.evidence.get("encodings", []))) for f in rows
            )
    store.close()
    return out


@pytest.mark.parametrize("path", ["adb", "direct"])
def test_demo_in_a_loopback_only_namespace(tmp_path: Path, built: dict[str, Path], path: str) -> None:
    """privmon demo through a real adb server and the virtual device (the default), and --direct."""
    db = tmp_path / "e2e.db"
    proc = in_netns(tmp_path, "--db", str(db), "demo", *(["--direct"] if path == "direct" else []))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr

    found = findings_by_package(db)
    store = Store.open(f"sqlite:///{db}")
    with store.session() as s:
        assert {r.mode for r in s.scalars(select(Run))} == {"device" if path == "adb" else "sandbox"}
    store.close()
    umeng = "Umeng Analytics (友盟统计)"
    violating = found["com.example.violating"]
    # each of the SDK's 4 PI reads before consent, attributed to the SDK...
    assert [f[:4] for f in violating if f[0] == "collection-before-consent"] == [
        ("collection-before-consent", dt, "sdk", umeng) for dt in ("android-id", "contacts", "imei", "location")
    ]
    # ...and all 3 transmitted encodings matched: raw Android ID, md5(IMEI), base64 of the location
    tx = {f[1]: f for f in violating if f[0] == "transmission-before-consent"}
    assert set(tx) == {"android-id", "imei", "location"} and len(violating) == 7
    assert all(f[2:4] == ("sdk", umeng) for f in tx.values())
    assert tx["android-id"][4] == ("json > raw",) and tx["imei"][4] == ("json > md5(value)",)
    assert tx["location"][4] == ("json > base64 > raw",)

    assert found["com.example.compliant"] == []
    assert found["com.example.refusepath"] == [
        ("collection-after-refusal", dt, "app", "com.example.refusepath", ()) for dt in ("clipboard", "imei", "location")
    ]

    # the compliant app's traffic was captured (after consent) and answered by the proxy itself
    store = Store.open(f"sqlite:///{db}")
    with store.session() as s:
        flows = s.scalars(select(Flow)).all()
        assert Counter(f.host for f in flows) == Counter({"alog.umeng.com": 1, "api.compliant-weather.cn": 1})
        assert all(f.answered_by_proxy and f.response_status == 200 for f in flows)
    store.close()

    # reports render from the same store
    report = subprocess.run(
        [sys.executable, "-m", "monitor", "--db", str(db), "report", "latest", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(report.stdout)["app"]["package"] == "com.example.refusepath"


def test_user_written_app_runs_unchanged(tmp_path: Path, user_app: Path) -> None:
    """An app privmon has never seen, written against real Android APIs and built against the stub jar."""
    db = tmp_path / "user.db"
    proc = in_netns(tmp_path, "--db", str(db), "run", "--sandbox", str(user_app), "--consent", "agree")
    # it reads the Android ID in Application.onCreate, before the dialog: a high finding -> exit 1
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = findings_by_package(db)
    assert found == {"org.example.fitness": [("collection-before-consent", "android-id", "app", "org.example.fitness", ())]}
    store = Store.open(f"sqlite:///{db}")
    with store.session() as s:
        (flow,) = s.scalars(select(Flow)).all()  # the post-consent upload went through the device proxy
        assert flow.url == "https://api.fitness.example.org/v2/track" and flow.method == "POST"
    store.close()
    html = tmp_path / "r.html"
    subprocess.run(
        [sys.executable, "-m", "monitor", "--db", str(db), "report", "latest", "--format", "html", "-o", str(html)], check=True
    )
    page = html.read_text(encoding="utf-8")
    assert "consent granted" in page and "collection-before-consent" in page


def test_no_consent_path(tmp_path: Path, built: dict[str, Path]) -> None:
    """--consent none: the dialog stays; everything the violating SDK does is before consent, with no decision time."""
    db = tmp_path / "none.db"
    proc = in_netns(
        tmp_path,
        "--db",
        str(db),
        "run",
        "--sandbox",
        str(built["violating"]),
        "--consent",
        "none",
        "--fail-on",
        "none",
        "--format",
        "json",
        "--pre-consent",
        "6",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["consent"] == [] and len(doc["findings"]) == 7
    assert all(f["rel_ms"] is None for f in doc["findings"])
    evidence = Path(doc["run"]["artifacts_dir"])  # what the user saw: the dialog's hierarchy and a screenshot
    assert 'text="Agree"' in (evidence / "consent-00-privacy.xml").read_text(encoding="utf-8")
    assert (evidence / "consent-00-privacy.png").read_bytes().startswith(b"\x89PNG")
    assert "356938035643809" not in proc.stdout  # values masked by default


def test_agent_lost_while_the_app_lives_is_partial_never_clean(tmp_path: Path, built: dict[str, Path]) -> None:
    """The agent is unloaded as its first events arrive: the run is partial (exit 4), says why, and keeps
    and correlates what arrived; it is never reported as complete or clean."""
    db = tmp_path / "agent-lost.db"
    proc = in_netns(
        tmp_path, "--db", str(db), "run", "--sandbox", str(built["violating"]), "--format", "json", module="tests.e2e.agent_loss"
    )
    assert proc.returncode == 4, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["run"]["status"] == "partial"
    assert "the agent was unloaded" in doc["run"]["exit_reason"], doc["run"]["exit_reason"]
    assert doc["counts"]["events"] >= 1
    # what the agent sent before it went, and the traffic the proxy kept capturing, are still correlated
    assert doc["findings"] and {f["rule"] for f in doc["findings"]} <= {
        "collection-before-consent",
        "transmission-before-consent",
    }
    assert doc["consent_flow"]["outcome"] == "incomplete"  # not "no dialog": the run ended before we could tell


def _fixture_app(name: str, tmp_path: Path, framework: Path) -> Path:
    from monitor.sandbox.build import build_app
    from tests.conftest import FIXTURES

    return build_app(FIXTURES / name, tmp_path / f"{name}.jar", framework)


def test_app_crash_mid_run_is_partial_and_keeps_evidence(tmp_path: Path, built: dict[str, Path]) -> None:
    db = tmp_path / "crash.db"
    app = _fixture_app("crashapp", tmp_path, built["framework"])
    proc = in_netns(tmp_path, "--db", str(db), "run", "--sandbox", str(app), "--format", "json", "--pre-consent", "3")
    assert proc.returncode == 4, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["run"]["status"] == "partial" and "the app process ended" in doc["run"]["exit_reason"]
    assert [c["state"] for c in doc["consent"]] == ["granted"]
    assert [(f["rule"], f["data_type"], f["actor"]["kind"]) for f in doc["findings"]] == [
        ("collection-before-consent", "android-id", "app")
    ]
    # the exception passed through the hooked performClick: the app crashed, the agent had no fault
    assert doc["run"]["agent_faults"] == []
    logcat = Path(doc["run"]["artifacts_dir"]) / "logcat.txt"
    assert b"FATAL EXCEPTION: main" in logcat.read_bytes()


def test_app_without_a_privacy_dialog(tmp_path: Path, built: dict[str, Path]) -> None:
    db = tmp_path / "nodialog.db"
    app = _fixture_app("nodialog", tmp_path, built["framework"])
    proc = in_netns(tmp_path, "--db", str(db), "run", "--sandbox", str(app), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["run"]["status"] == "complete" and doc["consent"] == []
    assert any("no privacy dialog" in n for n in doc["run"]["notes"])
    assert [(f["rule"], f["data_type"], f["rel_ms"]) for f in doc["findings"]] == [
        ("collection-before-consent", "imei", None),
        ("consent-dialog-missing", "consent", None),
    ]
    assert doc["consent_flow"]["outcome"] == "no-dialog"


def test_each_event_has_its_own_call_sites_stack(tmp_path: Path, built: dict[str, Path]) -> None:
    """The agent renders a call site's stack once and reuses it (on HotSpot, keyed by the frames' methods
    and bytecode positions): calls from one site share it, and no site is given another's, whether they
    differ in the line, in the caller of a shared helper, or only in the position on one line."""
    from tests.conftest import FIXTURES

    db = tmp_path / "stacks.db"
    app = _fixture_app("stackapp", tmp_path, built["framework"])
    started = time.monotonic_ns()
    proc = in_netns(tmp_path, "--db", str(db), "run", "--sandbox", str(app), "--format", "json")
    ended = time.monotonic_ns()
    assert proc.returncode == 1, proc.stderr  # the IMEI read before any consent
    assert json.loads(proc.stdout)["run"]["agent_faults"] == []  # prepareStackKeys too: the stacks were reused
    source = (FIXTURES / "stackapp" / "src" / "org" / "example" / "stacks" / "Home.java").read_text().splitlines()
    line = {text.split("// site: ")[1]: n for n, text in enumerate(source, 1) if "// site: " in text}
    store = Store.open(f"sqlite:///{db}")
    with store.session() as s:
        rows = s.execute(
            select(HookEvent.seq, CallSite.stack, HookEvent.mono_ns)
            .join(CallSite, HookEvent.site_id == CallSite.id)
            .where(HookEvent.hook == "telephony.getImei")
            .order_by(HookEvent.seq)
        ).all()
    store.close()
    # the device's monotonic clock is this host's (the sandbox JVM runs here): each call's reading lies
    # within the run, in call order
    monos = [mono for _, _, mono in rows]
    assert started < monos[0] and monos == sorted(monos) and monos[-1] < ended, (started, monos, ended)
    app_frames = [tuple(f for f in stack if f.startswith("org.example.stacks.Home."))[:2] for _, stack, _ in rows]

    def at(method: str, site: str) -> str:
        return f"org.example.stacks.Home.{method}(Home.java:{line[site]})"

    helper = at("read", "helper")
    assert app_frames == [
        *[(helper, at("onCreate", "loop"))] * 3,
        (helper, at("onCreate", "after")),
        (at("onCreate", "direct"),),
        *[(at("onCreate", "same-line"),)] * 2,
    ]


def _direct_app_run(tmp_path: Path, framework: Path, *options: str) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """The directapp fixture's run: its own calls (hook, args, ret, thrown, values) in order, and the hooks' statuses."""
    db = tmp_path / f"direct{len(options)}.db"
    app = _fixture_app("directapp", tmp_path, framework)
    proc = in_netns(tmp_path, "--db", str(db), "run", "--sandbox", str(app), "--format", "json", *options)
    assert proc.returncode == 1, proc.stderr  # the IMEI read before any consent
    doc = json.loads(proc.stdout)
    assert doc["run"]["status"] == "complete" and doc["run"]["agent_faults"] == []
    store = Store.open(f"sqlite:///{db}")
    with store.session() as s:
        rows = s.execute(
            select(HookEvent.hook, HookEvent.args, HookEvent.ret, HookEvent.thrown, HookEvent.values, CallSite.stack)
            .join(CallSite, HookEvent.site_id == CallSite.id)
            .where(HookEvent.kind == "hook:call")
            .order_by(HookEvent.seq)
        ).all()
        (run,) = s.scalars(select(Run)).all()
        hooks = {h["id"]: h for h in run.hooks}
    store.close()
    app_calls = [
        (hook, args, ret, thrown, values)
        for hook, args, ret, thrown, values, stack in rows
        if not hook.startswith("lifecycle.") and stack[1].startswith("org.example.direct.Home.")
    ]
    return app_calls, hooks


def _from_threads(calls: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], set[str]]:
    """CALLS split: the main thread's, in order, and the reader threads' defaults (each checked: its
    read recorded the default as both argument and result)."""
    main, defaults = [], set()
    for call in calls:
        hook, args, ret, thrown, values = call
        if hook == "sysprop.get" and args[1].startswith("thread "):
            assert (args[0], ret, thrown, values) == ("sys.serialnumber", args[1], None, [{"type": "serial", "value": args[1]}])
            defaults.add(args[1])
        else:
            main.append(call)
    return main, defaults


def test_direct_entries_record_what_the_bridges_entry_records(tmp_path: Path, built: dict[str, Path]) -> None:
    """Hooked methods of primitives and strings take the agent's direct entry on the sandbox (below the
    bridge's per-call wrapping): a call that throws still throws in the app and is recorded with the
    exception's text; static calls, an int argument, a null result, long non-ASCII strings each way and
    four threads calling at once, and user hooks of every primitive type but float (an argument filter,
    a void method, a throw) are recorded exactly as with the bridge's entry (--no-direct-entries),
    and the app gets back what it would unhooked (it passes each outcome on as an argument of a later
    recorded call)."""
    from monitor.sandbox.state import DeviceState

    user_hooks = tmp_path / "hooks.toml"
    user_hooks.write_text(
        "".join(
            f"[[hooks]]\nid = '{m}'\nclass = 'org.example.direct.Mixed'\nmethod = '{m}'\ncategory = 'identifiers'\n"
            + ("arg_filter = { index = 0, equals = '5' }\n" if m == "flag" else "")
            for m in ("mix", "flag", "initial", "half", "note")
        )
    )
    calls, hooks = _direct_app_run(tmp_path, built["framework"], "--hooks", str(user_hooks))
    direct, defaults = _from_threads(calls)
    state = DeviceState()
    serial, imei = state.imei[-8:], state.imei
    denied = "getAddress: Neither user nor current process has android.permission.BLUETOOTH_CONNECT."
    long_text = "ünïcødé 默认 " + "0123456789" * 59

    def report(text: str) -> tuple[str, list[str], str, None, list[dict[str, str]]]:
        return ("sysprop.get", ["ro.serialno", text], serial, None, [{"type": "serial", "value": serial}])

    assert direct == [
        ("bluetooth.getAddress", [], None, f"java.lang.SecurityException: {denied}", []),
        report(f"caught {denied}"),
        ("build.getSerial", [], serial, None, [{"type": "serial", "value": serial}]),
        report(f"serial {serial}"),
        ("telephony.getDeviceId", ["1"], None, None, []),
        report("slot 1 null"),
        ("telephony.getDeviceId", ["0"], imei, None, [{"type": "imei", "value": imei}]),
        report(f"slot 0 {imei}"),
        ("sysprop.get", ["sys.serialnumber", long_text], long_text, None, [{"type": "serial", "value": long_text}]),
        report("same text back"),
        report("threads: 0 wrong"),
        # user hooks on direct entries: every primitive type but float, an argument filter, void, a throw
        ("user.mix", ["1234567890123", "true", "A", "-7", "300", "2.5"], "1234567890484", None, []),
        report("mix 1234567890484"),
        ("user.flag", ["5"], "true", None, []),  # flag(-1) does not pass the filter
        report("flags true false"),
        ("user.initial", ["Ωmega"], "Ω", None, []),
        ("user.initial", [""], "?", None, []),
        report("initial Ω ?"),
        ("user.half", ["-3"], "-1.5", None, []),
        report("half -1.5"),
        ("user.note", ["fine"], None, None, []),
        ("user.note", ["null"], None, "java.lang.IllegalArgumentException: no note", []),
        report("note no note"),
    ]
    # four threads at once, strings shorter and longer than the agent's 256-character buffer
    assert len(defaults) == 4 * 50 and min(map(len, defaults)) < 256 < max(map(len, defaults))
    for hook_id in ("bluetooth.getAddress", "build.getSerial", "telephony.getDeviceId", "sysprop.get", "user.mix", "user.note"):
        assert hooks[hook_id]["direct"] == hooks[hook_id]["overloads"] > 0, hooks[hook_id]
    assert hooks["net.getHardwareAddress"]["direct"] == 0  # it records its receiver: the bridge's entry
    bridge_calls, bridge_hooks = _direct_app_run(tmp_path, built["framework"], "--hooks", str(user_hooks), "--no-direct-entries")
    assert _from_threads(bridge_calls) == (direct, defaults)
    assert all(h["direct"] == 0 for h in bridge_hooks.values())


def test_agent_errors_are_counted_per_hook_and_the_app_keeps_running(tmp_path: Path, built: dict[str, Path]) -> None:
    """A hook whose value typing throws on every call: the first errors in full, the repeats counted,
    the hook named in the run's notes; the app goes on (its IMEI read after the faults is recorded)."""
    db = tmp_path / "faulty.db"
    app = _fixture_app("faultyapp", tmp_path, built["framework"])
    proc = in_netns(tmp_path, "--db", str(db), "run", "--sandbox", str(app), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["run"]["status"] == "complete"
    (fault,) = doc["run"]["agent_faults"]
    assert fault == {
        "where": "clipboard.getPrimaryClip.values",
        "count": 10,
        "message": fault["message"],
        "hook": "clipboard.getPrimaryClip",
    }
    assert "unprintable text" in fault["message"]
    assert any("10 agent error(s)" in n and "clipboard.getPrimaryClip" in n for n in doc["run"]["notes"])
    # the calls themselves are still recorded (untyped), and the app went on to read the IMEI
    assert {(f["rule"], f["data_type"]) for f in doc["findings"]} == {
        ("collection-before-consent", "clipboard"),
        ("collection-before-consent", "imei"),
        ("consent-dialog-missing", "consent"),  # the fixture has no privacy dialog
        ("clipboard-read", "clipboard"),  # ten reads with no user action...
        ("excessive-frequency", "clipboard"),  # ...in a row
    }


def test_interactive_session_on_a_terminal_ends_with_q(tmp_path: Path, built: dict[str, Path]) -> None:
    """On a terminal without --duration the session runs until the tester presses q, with live counts."""
    import pty
    import select

    primary, secondary = pty.openpty()
    command = netns_argv(
        sys.executable, "-m", "monitor", "--db", str(tmp_path / "i.db"), "run", "--sandbox", str(built["violating"])
    )
    env = netns_env(tmp_path, COLUMNS="120", TERM="xterm")
    proc = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    seen = b""
    pressed = False
    try:
        while proc.poll() is None:
            ready, _, _ = select.select([primary], [], [], 60)
            assert ready, f"no output for 60 s: {seen[-2000:]!r}"
            try:
                seen += os.read(primary, 65536)
            except OSError:
                break  # the terminal closed: the process is exiting
            if not pressed and seen.count(b"live:") >= 2:
                os.write(primary, b"q")
                pressed = True
        proc.wait(60)
    finally:
        os.close(primary)
        if proc.poll() is None:
            proc.kill()
    text = seen.decode("utf-8", "replace")
    assert pressed, text[-3000:]
    assert "interactive session" in text and "findings 7" in text
    assert proc.returncode == 1  # high findings, --fail-on high


def test_hook_selftest_passes_for_every_hook(tmp_path: Path, built: dict[str, Path]) -> None:
    """The probe app calls every hooked API once: each hook must install and report exactly that, with the right values."""
    db = tmp_path / "selftest.db"
    proc = in_netns(tmp_path, "--db", str(db), "hooks", "selftest", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"] and result["status"] == "complete"
    assert [c["id"] for c in result["checks"] if not c["ok"]] == []
    assert len(result["checks"]) == len(EXPECTED)
    listed = subprocess.run(
        [sys.executable, "-m", "monitor", "--db", str(db), "hooks", "list", "--json"], capture_output=True, text=True, check=True
    )
    hooks = json.loads(listed.stdout)
    assert {h["id"] for h in hooks} == {c["id"] for c in result["checks"]} and all(h["installed"] for h in hooks)


def test_user_defined_hooks(tmp_path: Path, built: dict[str, Path]) -> None:
    """Hooks from a --hooks file: on an SDK's own method (with the data type it collects), with an argument
    filter, and one naming a missing class (reported, the app unaffected)."""
    from tests.monitor.test_userhooks import GOOD

    hooks = tmp_path / "hooks.toml"
    hooks.write_text(GOOD + "\n[[hooks]]\nid = 'gone'\nclass = 'com.nowhere.Missing'\nmethod = 'spy'\ncategory = 'identifiers'\n")
    db = tmp_path / "user-hooks.db"
    proc = in_netns(
        tmp_path,
        "--db",
        str(db),
        "run",
        "--sandbox",
        str(built["violating"]),
        "--hooks",
        str(hooks),
        "--format",
        "json",
        "--fail-on",
        "none",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["run"]["status"] == "complete"
    assert [(h["id"], "NoClassDefFoundError" in (h["error"] or "")) for h in doc["hooks"]["failed"]] == [("user.gone", True)]
    fingerprint = [f for f in doc["findings"] if f["data_type"] == "device-fingerprint"]
    assert [(f["rule"], f["actor"]["name"]) for f in fingerprint] == [("collection-before-consent", "Umeng Analytics (友盟统计)")]
    b64 = [t for t in doc["timeline"] if t["title"].startswith("android.util.Base64.encodeToString")]
    assert len(b64) == 1 and b64[0]["detail"].endswith(", 2")  # only the NO_WRAP (2) call matched the filter
    assert len([f for f in doc["findings"] if f["data_type"] != "device-fingerprint"]) == 7  # the built-in findings are unchanged
