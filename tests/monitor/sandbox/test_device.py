"""The sandbox runtime without Frida: a real JVM driven over the control channel."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from monitor.capture.proxy import ProxyThread
from monitor.capture.records import FlowRecord
from monitor.consent import detect
from monitor.device.ui import parse_hierarchy
from monitor.sandbox.apk import read_app
from monitor.sandbox.build import build_app
from monitor.sandbox.control import ControlServer, SandboxUi
from monitor.sandbox.device import SandboxDevice
from monitor.sandbox.devicefs import DeviceFS
from monitor.sandbox.state import DeviceState


@contextmanager
def launched(
    app_jar: Path, root: Path, http_proxy: str | None = None, ca: Path | None = None, state: DeviceState | None = None
) -> Iterator[tuple[SandboxUi, subprocess.Popen[bytes], SandboxDevice]]:
    app = read_app(app_jar)
    device = SandboxDevice(state or DeviceState(), root)
    device.install(app, http_proxy, ca)
    control = ControlServer()
    proc = subprocess.Popen(device.argv(app, control.port), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        hello = control.accept(20)
        assert hello["package"] == app.package and hello["pid"] == proc.pid
        yield SandboxUi(control), proc, device
    finally:
        control.close()
        proc.kill()
        proc.wait(10)


def wait_idle(ui: SandboxUi) -> None:
    deadline = time.monotonic() + 10
    while not ui.main_looper_idle():
        assert time.monotonic() < deadline, "main looper never went idle"


def test_dialog_dump_tap_prefs_and_stop(user_app: Path, tmp_path: Path) -> None:
    with launched(user_app, tmp_path / "dev") as (ui, proc, _):
        wait_idle(ui)
        xml = ui.dump()
        assert xml.startswith("<?xml") and '<hierarchy rotation="0">' in xml
        nodes = parse_hierarchy(xml)
        by_id = {n.resource_id: n for n in nodes if n.resource_id}
        assert by_id["android:id/alertTitle"].text == "用户协议与隐私政策"
        assert by_id["android:id/button1"].text == "同意并继续" and by_id["android:id/button1"].clickable
        assert by_id["android:id/button2"].text == "暂不使用"
        assert all(n.package == "org.example.fitness" for n in nodes)
        dialog = detect(nodes)
        agree = dialog.control_for("agree") if dialog is not None else None
        assert agree is not None
        left, top, right, bottom = agree.bounds
        assert 0 <= left < right <= 1080 and 0 <= top < bottom <= 2400
        ui.tap(*agree.center)
        wait_idle(ui)
        after = parse_hierarchy(ui.dump())
        assert [n.text for n in after if n.text] == ["Ready", "Start workout"]  # dialog gone, activity content shown
        start = next(n for n in after if n.text == "Start workout")
        ui.tap(*start.center)  # AudioRecord path runs without crashing
        wait_idle(ui)
        prefs = tmp_path / "dev" / "data" / "data" / "org.example.fitness" / "shared_prefs" / "consent.json"
        assert json.loads(prefs.read_text()) == {"accepted": True}
        fs = DeviceFS(tmp_path / "dev")
        assert fs.pid_of("org.example.fitness") == proc.pid  # the device's process table
        assert ui.control.request("top")["activity"] == "org.example.fitness.WorkoutActivity"
        ui.control.request("stop")
        assert proc.wait(10) == 0


def test_tap_outside_everything_hits_nothing(built: dict[str, Path], tmp_path: Path) -> None:
    with launched(built["violating"], tmp_path / "dev") as (ui, _, _):
        wait_idle(ui)
        assert ui.control.request("tap", x=5, y=5)["hit"] is False
        # the dialog is not cancelable, so it is still there
        assert detect(parse_hierarchy(ui.dump())) is not None


def test_device_proxy_and_system_ca_apply_without_app_cooperation(built: dict[str, Path], tmp_path: Path) -> None:
    class Sink:
        records: list[FlowRecord] = []

        def on_flow(self, record: FlowRecord) -> None:
            self.records.append(record)

        def on_proxy_activity(self) -> None:
            return None

    sink = Sink()
    proxy = ProxyThread(sink, tmp_path / "conf").start()
    try:
        with launched(built["compliant"], tmp_path / "dev", f"127.0.0.1:{proxy.port}", proxy.ca_cert) as (ui, _, _):
            wait_idle(ui)
            dialog = detect(parse_hierarchy(ui.dump()))
            assert dialog is not None
            button = dialog.control_for("agree")
            assert button is not None and button.text == "同意"
            ui.tap(*button.center)
            deadline = time.monotonic() + 20
            while not sink.records and time.monotonic() < deadline:
                proxy.ready.wait(0.05)
    finally:
        proxy.stop()
    (rec,) = sink.records
    assert rec.url.startswith("https://api.compliant-weather.cn/v1/weather?lat=39.9042&lon=116.4074")
    assert rec.response_status == 200 and rec.answered_by_proxy


def test_app_crash_ends_the_process_like_android(built: dict[str, Path], tmp_path: Path) -> None:
    src = tmp_path / "crash"
    (src / "src" / "t" / "crash").mkdir(parents=True)
    (src / "AndroidManifest.xml").write_text(
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="t.crash"><application>'
        '<activity android:name=".Main"><intent-filter><action android:name="android.intent.action.MAIN"/>'
        '<category android:name="android.intent.category.LAUNCHER"/></intent-filter></activity></application></manifest>'
    )
    (src / "src" / "t" / "crash" / "Main.java").write_text(
        "package t.crash;\npublic class Main extends android.app.Activity {\n"
        '  @Override protected void onCreate(android.os.Bundle b) { super.onCreate(b); throw new IllegalStateException("boom"); }\n}\n'
    )
    jar = build_app(src, tmp_path / "crash.jar", built["framework"])
    app = read_app(jar)
    device = SandboxDevice(DeviceState(), tmp_path / "dev")
    device.install(app, None, None)
    proc = subprocess.run(device.argv(app, 0), capture_output=True, timeout=60)
    assert proc.returncode == 10
    assert b"FATAL EXCEPTION: main" in proc.stderr and b"boom" in proc.stderr


def test_missing_permission_throws_security_exception(user_app: Path, tmp_path: Path) -> None:
    # Nothing granted and prompts denied: tapping "Start workout" (AudioRecord) must crash with a SecurityException.
    with launched(user_app, tmp_path / "dev", state=DeviceState(granted=(), prompt_answer="deny")) as (ui, proc, _):
        wait_idle(ui)
        dialog = detect(parse_hierarchy(ui.dump()))
        refuse = dialog.control_for("refuse") if dialog is not None else None
        assert refuse is not None
        ui.tap(*refuse.center)
        wait_idle(ui)
        start = next(n for n in parse_hierarchy(ui.dump()) if n.text == "Start workout")
        ui.tap(*start.center)  # the tap is delivered; the click handler then crashes the app
        assert proc.wait(10) == 10
        assert proc.stderr is not None and b"SecurityException" in proc.stderr.read()


def test_device_ground_truth_reads_the_sandbox_disk_as_a_shell_would(tmp_path: Path) -> None:
    from dataclasses import replace

    from monitor.device.truth import read_ground_truth
    from monitor.events import ValueType

    state = replace(DeviceState(), sdk=25)
    device = SandboxDevice(state, tmp_path)
    device.fs.create()
    device.fs.write_props(state.build_props())
    state.write_identity(device.fs)
    assert device.shell(["cat", "/sys/class/net/wlan0/address"]) == state.wifi_mac + "\n"
    assert device.shell(["cat", "/data/system/settings.json"]) is None  # only what ground truth asks
    assert device.shell(["service", "call", "iphonesubinfo", "1"]) is None  # refused, as on Android 10+
    got = {(t.type, t.value, t.source) for t in read_ground_truth(device.shell, state.sdk)}
    assert got == {
        (ValueType.SERIAL, state.imei[-8:], "getprop ro.serialno"),
        (ValueType.ANDROID_ID, state.android_id, "settings get secure android_id"),
        (ValueType.MAC, state.wifi_mac, "cat /sys/class/net/wlan0/address"),
        (ValueType.MAC, state.bt_mac, "settings get secure bluetooth_address"),
    }


def test_an_unrooted_device_takes_the_ca_in_its_user_store_only(built: dict[str, Path], tmp_path: Path) -> None:
    from dataclasses import replace

    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    app = read_app(built["compliant"])
    rooted = SandboxDevice(DeviceState(), tmp_path / "rooted")
    rooted.install(app, None, pem)
    assert list((tmp_path / "rooted/system/etc/security/cacerts").iterdir())
    unrooted = SandboxDevice(replace(DeviceState(), ca_store="user"), tmp_path / "unrooted")
    unrooted.install(app, None, pem)
    assert not list((tmp_path / "unrooted/system/etc/security/cacerts").iterdir())
    assert [p.name for p in (tmp_path / "unrooted/data/misc/user/0/cacerts-added").iterdir()] == ["privmon-mitmproxy.0"]
