from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from monitor.device.adb import DeviceFacts, DeviceHandle, ShellResult, decode_manifest, package_name
from monitor.errors import ConfigError, DeviceError
from tests.fixtures.axml import manifest


def apk(tmp_path: Path, manifest_bytes: bytes, name: str = "app.apk") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("AndroidManifest.xml", manifest_bytes)
        zf.writestr("classes.dex", b"dex\n035\0")
    return path


def test_package_name_from_a_binary_manifest(tmp_path: Path) -> None:
    data = manifest("com.real.shop", ".Splash", ["android.permission.READ_PHONE_STATE"])
    assert data[:4] == b"\x03\x00\x08\x00"
    assert package_name(apk(tmp_path, data)) == "com.real.shop"
    assert b'android:name=".Splash"' in decode_manifest(data)


def test_package_name_from_a_sandbox_package(built: dict[str, Path]) -> None:
    assert package_name(built["violating"]) == "com.example.violating"


def test_bad_packages(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not an app package"):
        package_name(tmp_path / "missing.apk")
    with pytest.raises(ConfigError, match="undecodable binary"):
        package_name(apk(tmp_path, b"\x03\x00\x08\x00garbage"))
    with pytest.raises(ConfigError, match="malformed"):
        package_name(apk(tmp_path, b"<manifest", "plain.apk"))


def test_device_kind() -> None:
    assert DeviceFacts("emulator-5554", "device", emulator=True).kind == "emulator"
    assert DeviceFacts("x", "device", sandbox=True).as_dict()["kind"] == "sandbox"
    assert DeviceFacts("R58", "device").kind == "phone"


class FakeClient:
    def __init__(self, *devices: tuple[str, str]) -> None:
        from adbutils._proto import AdbDeviceInfo

        self.infos = [AdbDeviceInfo(serial=s, state=st, tags={}) for s, st in devices]

    def list(self, extended: bool = False) -> list[object]:
        return list(self.infos)

    def device(self, serial: str) -> object:
        return object()


@pytest.mark.parametrize(
    ("devices", "serial", "error"),
    [
        ((), None, "no device: attach a phone with USB debugging"),
        ((("a", "device"), ("b", "device")), None, r"several devices: pick one with --device \(a, b\)"),
        ((("a", "unauthorized"),), None, "unauthorized: accept the USB debugging prompt"),
        ((("a", "offline"),), "a", "offline: reconnect it"),
        ((("a", "device"),), "zz", r"no device 'zz' \(attached: a\)"),
    ],
)
def test_device_resolution_errors(devices: tuple[tuple[str, str], ...], serial: str | None, error: str) -> None:
    from monitor.device.adb import resolve_device
    from monitor.errors import DeviceError

    with pytest.raises(DeviceError, match=error):
        resolve_device(FakeClient(*devices), serial)  # type: ignore[arg-type]


def test_single_device_is_chosen() -> None:
    from monitor.device.adb import resolve_device

    assert resolve_device(FakeClient(("x", "offline"), ("a", "device")), None).serial == "a"  # type: ignore[arg-type]


class PowerDevice(DeviceHandle):
    """A device whose shell knows only the power tools: KEYS say which key names change the screen."""

    def __init__(self, keys: dict[str, bool | None], awake: bool = True) -> None:
        super().__init__(FakeClient(), "P1")  # type: ignore[arg-type]
        self.keys, self.awake = keys, awake
        self.commands: list[str] = []

    def shell(self, args: Sequence[str], timeout: float = 10) -> ShellResult:
        self.commands.append(" ".join(args))
        if args[:2] == ["dumpsys", "power"]:
            return ShellResult(0, f"  mWakefulness={'Awake' if self.awake else 'Asleep'}\n", "")
        if args[:2] == ["input", "keyevent"]:
            if args[2] not in self.keys:
                return ShellResult(1, "", f"Error: Unknown keycode: {args[2]}")
            effect = self.keys[args[2]]
            self.awake = (not self.awake) if effect is None else effect
        return ShellResult(0, "", "")


def test_screen_keys_with_the_power_key_as_fallback() -> None:
    modern = PowerDevice({"KEYCODE_SLEEP": False, "KEYCODE_WAKEUP": True, "KEYCODE_POWER": None})
    modern.set_screen(False)
    assert modern.screen_on() is False and "input keyevent KEYCODE_POWER" not in modern.commands
    modern.set_screen(True)
    assert modern.commands[-1] == "wm dismiss-keyguard" and modern.screen_on() is True
    old = PowerDevice({"KEYCODE_POWER": None})  # before Android 5: no sleep / wake-up keys
    old.set_screen(False)
    assert old.screen_on() is False and "input keyevent KEYCODE_POWER" in old.commands
    stuck = PowerDevice({"KEYCODE_SLEEP": True, "KEYCODE_POWER": True})  # the keys do nothing (a kiosk device, say)
    with pytest.raises(DeviceError, match="the screen did not turn off"):
        stuck.set_screen(False)
    assert PowerDevice({}).screen_on() is True


class InstallDevice(DeviceHandle):
    """A device whose package manager answers ``pm install`` with ANSWER."""

    def __init__(self, answer: str) -> None:
        super().__init__(FakeClient(), "I1")  # type: ignore[arg-type]
        self.answer = answer

    def push(self, local: Path, remote: str, mode: int = 0o644) -> None:
        pass

    def props(self) -> dict[str, str]:
        return {"ro.product.cpu.abi": "arm64-v8a", "ro.build.version.sdk": "29"}

    def shell(self, args: Sequence[str], timeout: float = 10) -> ShellResult:
        return ShellResult(0, self.answer, "") if args[:2] == ["pm", "install"] else ShellResult(0, "", "")


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ("Failure [INSTALL_FAILED_NO_MATCHING_ABIS: ...]", r"no native code for this device's ABI arm64-v8a"),
        ("Failure [INSTALL_FAILED_OLDER_SDK: ...]", r"needs a newer Android than API 29"),
        (
            "Failure [INSTALL_FAILED_INSUFFICIENT_STORAGE]",
            r"install failed on I1: Failure \[INSTALL_FAILED_INSUFFICIENT_STORAGE\]$",
        ),
    ],
)
def test_an_install_that_fails_says_why(tmp_path: Path, answer: str, error: str) -> None:
    package = apk(tmp_path, manifest("com.real.shop", ".Splash", []))
    with pytest.raises(ConfigError, match=error):
        InstallDevice(answer).install(package)
    assert InstallDevice("Success").install(package) == "com.real.shop"
