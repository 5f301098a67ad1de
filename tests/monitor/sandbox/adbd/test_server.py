"""The virtual device through a REAL adb server: Debian's adb 29 and the adb 36 bundled in adbutils."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import adbutils
import pytest

from monitor.device.adb import DeviceHandle
from monitor.sandbox.adbd.device import VirtualDevice
from monitor.sandbox.adbd.server import AdbdServer

BUNDLED = Path(adbutils.__file__).parent / "binaries" / "adb"
ADBS = {"adb29": shutil.which("adb"), "adb36": str(BUNDLED) if BUNDLED.exists() else None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Harness:
    def __init__(self, adb: str, server_port: int, adbd: AdbdServer, device: VirtualDevice) -> None:
        self.adb_path, self.server_port, self.adbd, self.vdev = adb, server_port, adbd, device
        self.client = adbutils.AdbClient(port=server_port)
        self.device = self.client.device(adbd.serial)

    def adb(self, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [self.adb_path, "-P", str(self.server_port), "-s", self.adbd.serial, *args],
            capture_output=True,
            input=input,
            timeout=120,
            check=False,
        )


@pytest.fixture(params=sorted(ADBS), scope="module")
def harness(
    request: pytest.FixtureRequest, built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    adb = ADBS[request.param]
    if adb is None:
        pytest.fail(f"{request.param} is not installed (make system-deps installs Debian's adb; adbutils bundles adb 36)")
    device = VirtualDevice(tmp_path_factory.mktemp("vdev"))
    device.provision(built["framework"])
    adbd = AdbdServer(device).start()
    port = free_port()
    env = dict(os.environ, ANDROID_ADB_SERVER_PORT=str(port))
    subprocess.run([adb, "-P", str(port), "start-server"], check=True, env=env, capture_output=True, timeout=60)
    try:
        out = subprocess.run([adb, "-P", str(port), "connect", adbd.serial], capture_output=True, text=True, timeout=30, env=env)
        assert "connected" in out.stdout, out.stdout + out.stderr
        yield Harness(adb, port, adbd, device)
    finally:
        subprocess.run([adb, "-P", str(port), "disconnect", adbd.serial], capture_output=True, timeout=30, env=env)
        subprocess.run([adb, "-P", str(port), "kill-server"], capture_output=True, timeout=30, env=env)
        adbd.stop()


def test_device_facts_and_shell_exit_codes(harness: Harness) -> None:
    d = harness.device
    assert d.prop.model == "Pixel 7" and d.getprop("ro.build.version.sdk") == "34" and d.getprop("ro.privmon.sandbox") == "1"
    assert {"shell_v2", "cmd"} <= set(d.get_features().split(","))
    r = d.shell2("echo out; echo err >&2; exit 7", v2=True)
    assert (r.returncode, r.stdout, r.stderr) == (7, "out\n", "err\n")
    assert harness.adb("shell", "exit 3").returncode == 3
    assert harness.adb("exec-out", "echo hi").stdout == b"hi\n"
    assert harness.adb("shell", "cat").returncode == 0  # stdin closed at once: cat ends
    assert harness.adb("shell", "cat", input=b"piped\n").stdout == b"piped\n"


def test_sync_push_pull_stat_list(harness: Harness, tmp_path: Path) -> None:
    payload = os.urandom(3 * 1024 * 1024)
    src = tmp_path / "blob"
    src.write_bytes(payload)
    d = harness.device
    d.sync.push(str(src), "/data/local/tmp/sub/blob")
    assert harness.vdev.fs.path("/data/local/tmp/sub/blob").read_bytes() == payload
    assert hashlib.sha256(d.sync.read_bytes("/data/local/tmp/sub/blob")).digest() == hashlib.sha256(payload).digest()
    assert d.sync.stat("/data/local/tmp/sub/blob").size == len(payload)
    assert d.sync.exists("/data/local/tmp/sub/blob") and not d.sync.exists("/data/local/tmp/nope")
    assert "blob" in [e.path for e in d.sync.list("/data/local/tmp/sub")]
    # the CLI push (STA2/LST2 error replies must be exactly 72 bytes for adb 29) and pull
    assert harness.adb("push", str(src), "/data/local/tmp/cli.bin").returncode == 0
    assert harness.adb("pull", "/data/local/tmp/cli.bin", str(tmp_path / "back")).returncode == 0
    assert (tmp_path / "back").read_bytes() == payload
    assert harness.adb("pull", "/data/local/tmp/missing", str(tmp_path / "x")).returncode != 0


def test_forward_and_reverse(harness: Harness) -> None:
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]

        def echo() -> None:
            conn, _ = srv.accept()
            with conn:
                conn.sendall(b"echo:" + conn.recv(100))

        t = threading.Thread(target=echo, daemon=True)
        t.start()
        # forward: a host socket reaches a device-side port (the device network is loopback)
        conn = harness.device.create_connection(adbutils.Network.TCP, port)
        conn.sendall(b"ping")
        assert conn.recv(100) == b"echo:ping"
        conn.close()
        t.join(10)
    # reverse: a device-side port reaches the host
    with socket.socket() as host_srv:
        host_srv.bind(("127.0.0.1", 0))
        host_srv.listen(1)
        host_port = host_srv.getsockname()[1]
        device_port = free_port()
        harness.device.reverse(f"tcp:{device_port}", f"tcp:{host_port}")
        assert any(r.remote == f"tcp:{device_port}" for r in harness.device.reverse_list())
        with socket.create_connection((harness.vdev.reverse_host, device_port), timeout=10) as c:
            accepted, _ = host_srv.accept()
            with accepted:
                c.sendall(b"from-device")
                assert accepted.recv(100) == b"from-device"
        harness.device.reverse_remove_all()
        assert harness.device.reverse_list() == []


def test_packages_settings_and_permissions(harness: Harness, built: dict[str, Path], tmp_path: Path) -> None:
    d = harness.device
    apk = tmp_path / "refusepath.apk"  # adb install wants the .apk suffix; a sandbox app package is a zip all the same
    shutil.copyfile(built["refusepath"], apk)
    assert harness.adb("install", "-g", str(apk)).returncode == 0  # streamed install via cmd
    assert "com.example.refusepath" in d.list_packages()
    assert d.shell("pm path com.example.refusepath") == "package:/data/app/com.example.refusepath/base.apk"
    assert "READ_PHONE_STATE: granted=true" in d.shell("dumpsys package com.example.refusepath")
    assert d.shell2("pm revoke com.example.refusepath android.permission.READ_PHONE_STATE").returncode == 0
    assert "READ_PHONE_STATE: granted=false" in d.shell("dumpsys package com.example.refusepath")
    r = d.shell2("pm grant com.example.refusepath android.permission.CAMERA", v2=True)
    assert r.returncode == 255 and "has not requested permission" in r.stderr
    d.shell("settings put global http_proxy 127.0.0.1:3128")
    assert d.shell("settings get global http_proxy") == "127.0.0.1:3128"
    assert d.shell("settings get global nothing") == "null"
    assert d.shell2("setprop ro.product.model Evil", v2=True).returncode == 1 and d.prop.model == "Pixel 7"
    assert d.shell("pm uninstall com.example.refusepath") == "Success"
    assert "com.example.refusepath" not in d.list_packages()


def test_launch_ui_dump_tap_and_force_stop(harness: Harness, built: dict[str, Path]) -> None:
    d = harness.device
    d.install(str(built["compliant"]), nolaunch=True, flags=["-r", "-t", "-g"], silent=True)
    out = d.shell("am start -W -n com.example.compliant/.MainActivity")
    assert "Status: ok" in out and "com.example.compliant/com.example.compliant.MainActivity" in out
    pid = d.shell("pidof com.example.compliant")
    assert pid.isdigit()
    assert "Warning: Activity not started" in d.shell("am start -n com.example.compliant/.MainActivity")
    assert d.shell("uiautomator dump /sdcard/ui.xml") == "UI hierchary dumped to: /sdcard/ui.xml"
    xml = d.sync.read_text("/sdcard/ui.xml")
    assert 'text="同意"' in xml and 'resource-id="android:id/button1"' in xml and 'package="com.example.compliant"' in xml
    assert "mResumedActivity" in d.shell("dumpsys activity activities") and "com.example.compliant/.MainActivity" in d.shell(
        "dumpsys activity activities"
    )
    d.shell("input tap 765 1350")  # 同意 (positive button, right half of the button row)
    prefs = "/data/data/com.example.compliant/shared_prefs/privacy.json"
    for _ in range(100):  # bounded: the tap is handled on the app's main thread
        if d.sync.exists(prefs):
            break
        d.shell("true")
    assert d.sync.read_text(prefs) == '{"agreed":true}'
    png = d.shell("screencap -p", encoding=None)
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "E/" in d.shell("logcat -d") or "W/" in d.shell("logcat -d")  # the app logs its (proxy-less) fetch
    d.shell("am force-stop com.example.compliant")
    assert d.shell2("pidof com.example.compliant").returncode == 1
    stat = Path(f"/proc/{pid}/stat")
    assert not stat.exists() or stat.read_text().rsplit(")", 1)[-1].split()[0] == "Z"  # killed (a zombie until reaped)


def test_power_keys_turn_the_screen_off_and_on_and_pause_the_app(harness: Harness, built: dict[str, Path]) -> None:
    d = harness.device
    device = DeviceHandle(harness.client, harness.adbd.serial)
    d.install(str(built["compliant"]), nolaunch=True, flags=["-r", "-t", "-g"], silent=True)
    d.shell("am start -W -n com.example.compliant/.MainActivity")
    try:
        assert device.screen_on() is True and "mWakefulness=Awake" in d.shell("dumpsys power")
        device.set_screen(False)
        assert device.screen_on() is False and "Display Power: state=OFF" in d.shell("dumpsys power")
        assert "mResumedActivity" not in d.shell("dumpsys activity activities")  # paused, as on Android
        d.shell("input keyevent 26")  # the power key toggles
        assert device.screen_on() is True
        assert device.foreground() == ("com.example.compliant", ".MainActivity")
    finally:
        d.shell("am force-stop com.example.compliant")


def test_closing_a_stream_ends_its_command(harness: Harness) -> None:
    """Like adbd: when the host closes a shell stream (a logcat that follows), the command is killed."""
    marker = "/data/local/tmp/privmon-follow-marker"
    conn = harness.device.shell(f"touch {marker}; exec tail -f {marker}", stream=True)
    found = False
    for _ in range(50):  # bounded: the command appears within a moment
        if marker in harness.device.shell("cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\\\0' ' '"):
            found = True
            break
    conn.close()
    assert found
    for _ in range(100):  # bounded: the device kills it once it sees the stream close
        if marker not in harness.device.shell("cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\\\0' ' '"):
            return
    pytest.fail("the command outlived its stream")
