"""Devices over ADB (adbutils only): phones, emulators and the virtual device, through one code path.

Every call has a timeout; adbutils errors become :class:`DeviceError` with the device named. Shell
commands are argument lists, never strings built from user input. The device proxy is changed only
through :class:`ProxySetting`, which writes a restore ledger first, so a crashed controller is
repaired by the next run or by ``privmon devices restore``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import shlex
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import adbutils

from monitor.device.cacert import STAGING, SYSTEM_STORE, staged_name, system_store_plan
from monitor.errors import ConfigError, DeviceError
from monitor.sandbox.devicefs import parse_manifest

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
INSTALL_TIMEOUT = 180.0
_PROP_LINE = re.compile(r"^\[(?P<k>[^\]]+)\]: \[(?P<v>.*)\]$")
_WAKEFULNESS = re.compile(r"mWakefulness=(?P<state>\w+)")
_RESUMED = re.compile(r"mResumedActivity: ActivityRecord\{\S+ \S+ (?P<pkg>[\w.]+)/(?P<act>[\w.$]+)")


@dataclass(frozen=True)
class DeviceFacts:
    serial: str
    state: str
    model: str = ""
    manufacturer: str = ""
    release: str = ""
    api_level: int = 0
    abi: str = ""
    rooted: bool = False
    emulator: bool = False
    sandbox: bool = False

    @property
    def kind(self) -> str:
        return "sandbox" if self.sandbox else "emulator" if self.emulator else "phone"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"kind": self.kind}


@dataclass(frozen=True)
class ShellResult:
    returncode: int
    stdout: str
    stderr: str


def adb_client(port: int | None = None) -> adbutils.AdbClient:
    """The adb server (``ANDROID_ADB_SERVER_PORT`` or 5037); adbutils starts it when it is not running."""
    port = port or int(os.environ.get("ANDROID_ADB_SERVER_PORT", "5037"))
    return adbutils.AdbClient(host="127.0.0.1", port=port, socket_timeout=DEFAULT_TIMEOUT)


def _device_error(context: str, e: Exception) -> DeviceError:
    text = str(e).strip() or type(e).__name__
    if "unauthorized" in text:
        return DeviceError(f"{context}: the device is unauthorized: accept the USB debugging prompt on its screen")
    if "offline" in text:
        return DeviceError(f"{context}: the device is offline: reconnect it (or restart the virtual device)")
    if "not found" in text or "Connection refused" in text:
        return DeviceError(f"{context}: the device is gone ({text})")
    return DeviceError(f"{context}: {text}")


@contextmanager
def _adb(context: str) -> Iterator[None]:
    try:
        yield
    except (adbutils.AdbError, adbutils.AdbTimeout, OSError, EOFError) as e:  # adbutils raises a bare EOFError on short reads
        raise _device_error(context, e) from e


def list_devices(client: adbutils.AdbClient) -> list[DeviceFacts]:
    with _adb("listing devices (is the adb server reachable?)"):
        infos = client.list(extended=True)
    facts = []
    for info in infos:
        if info.state != "device":
            facts.append(DeviceFacts(serial=info.serial, state=info.state))
            continue
        try:
            facts.append(DeviceHandle(client, info.serial).facts())
        except DeviceError:
            facts.append(DeviceFacts(serial=info.serial, state="unreachable"))
    return facts


def resolve_device(client: adbutils.AdbClient, serial: str | None) -> DeviceHandle:
    """The device to use: the one named, or the only one attached. Clear errors for every other case."""
    with _adb("listing devices (is the adb server reachable?)"):
        infos = client.list(extended=True)
    if serial is None:
        usable = [i for i in infos if i.state == "device"]
        if not infos:
            raise DeviceError("no device: attach a phone with USB debugging, start an emulator, or run 'privmon sandbox start'")
        if len(usable) > 1:
            raise DeviceError(f"several devices: pick one with --device ({', '.join(i.serial for i in usable)})")
        if not usable:
            info = infos[0]
            raise _device_error(f"device {info.serial}", DeviceError(info.state))
        serial = usable[0].serial
    info_by_serial = {i.serial: i for i in infos}
    if serial not in info_by_serial:
        raise DeviceError(
            f"no device {serial!r} (attached: {', '.join(info_by_serial) or 'none'}); 'adb connect HOST:PORT' for network devices"
        )
    state = info_by_serial[serial].state
    if state != "device":
        raise _device_error(f"device {serial}", DeviceError(state))
    return DeviceHandle(client, serial)


class DeviceHandle:
    """One attached device."""

    def __init__(self, client: adbutils.AdbClient, serial: str) -> None:
        self.client = client
        self.serial = serial
        self._device = client.device(serial)
        self._props: dict[str, str] | None = None
        self._root_via: str | None = None  # "sh" (adbd is root), "su", or "" (no root); found on first use

    # -- shell -----------------------------------------------------------------------------------
    def shell(self, args: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> ShellResult:
        command = " ".join(shlex.quote(a) for a in args)
        with _adb(f"device {self.serial}: {args[0]}"):
            r = self._device.shell2(command, timeout=timeout, v2=True, rstrip=False)
        return ShellResult(r.returncode, r.stdout or "", r.stderr or "")

    def check(self, args: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> str:
        r = self.shell(args, timeout)
        if r.returncode != 0:
            raise DeviceError(f"device {self.serial}: {' '.join(args)} failed ({r.returncode}): {(r.stderr or r.stdout).strip()}")
        return r.stdout

    def exec_out(self, args: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> bytes:
        with _adb(f"device {self.serial}: {args[0]}"):
            data = self._device.shell(" ".join(shlex.quote(a) for a in args), timeout=timeout, encoding=None, rstrip=False)
        assert isinstance(data, bytes)
        return data

    # -- facts -----------------------------------------------------------------------------------
    def props(self) -> dict[str, str]:
        if self._props is None:
            out = self.check(["getprop"])
            self._props = {m["k"]: m["v"] for m in (_PROP_LINE.match(line) for line in out.splitlines()) if m}
        return self._props

    def facts(self) -> DeviceFacts:
        p = self.props()
        rooted = p.get("ro.build.type") in ("userdebug", "eng") and self.shell(["id", "-u"]).stdout.strip() == "0"
        emulator = (
            p.get("ro.kernel.qemu") == "1"
            or p.get("ro.hardware") in ("goldfish", "ranchu")
            or self.serial.startswith("emulator-")
        )
        try:
            api = int(p.get("ro.build.version.sdk", "0"))
        except ValueError:
            api = 0
        return DeviceFacts(
            serial=self.serial,
            state="device",
            model=p.get("ro.product.model", ""),
            manufacturer=p.get("ro.product.manufacturer", ""),
            release=p.get("ro.build.version.release", ""),
            api_level=api,
            abi=p.get("ro.product.cpu.abi", ""),
            rooted=rooted,
            emulator=emulator,
            sandbox=p.get("ro.privmon.sandbox") == "1",
        )

    # -- packages --------------------------------------------------------------------------------
    def install(self, package_file: Path, grant_all: bool = True) -> str:
        """Install an app package and return its package name (read from its manifest)."""
        package = package_name(package_file)
        remote = f"/data/local/tmp/privmon-{hashlib.sha256(package_file.read_bytes()).hexdigest()[:12]}.apk"
        self.push(package_file, remote)
        r = self.shell(["pm", "install", "-r", "-t", *(["-g"] if grant_all else []), remote], timeout=INSTALL_TIMEOUT)
        self.shell(["rm", "-f", remote])
        if "Success" not in r.stdout:
            detail = (r.stdout + r.stderr).strip()
            hint = ""
            if "NO_MATCHING_ABIS" in detail:
                hint = f" (the APK has no native code for this device's ABI {self.props().get('ro.product.cpu.abi', '?')})"
            elif "OLDER_SDK" in detail:
                hint = f" (the APK needs a newer Android than API {self.props().get('ro.build.version.sdk', '?')})"
            raise ConfigError(f"{package_file}: install failed on {self.serial}: {detail}{hint}")
        return package

    def is_installed(self, package: str) -> bool:
        return self.shell(["pm", "path", package]).returncode == 0

    def set_permission(self, package: str, permission: str, granted: bool) -> None:
        self.check(["pm", "grant" if granted else "revoke", package, permission])

    def clear_data(self, package: str) -> None:
        self.check(["pm", "clear", package])

    def uninstall(self, package: str) -> None:
        self.check(["pm", "uninstall", package])

    def launch(self, package: str) -> None:
        self.check(["monkey", "-p", package, "-c", "android.intent.category.LAUNCHER", "1"])

    def stop(self, package: str) -> None:
        self.shell(["am", "force-stop", package])

    def pid_of(self, package: str) -> int | None:
        r = self.shell(["pidof", package])
        return int(r.stdout.split()[0]) if r.returncode == 0 and r.stdout.split() else None

    def foreground(self) -> tuple[str, str] | None:
        m = _RESUMED.search(self.shell(["dumpsys", "activity", "activities"]).stdout)
        return (m["pkg"], m["act"]) if m else None

    # -- UI --------------------------------------------------------------------------------------
    def dump_ui(self) -> str:
        remote = "/sdcard/window_dump.xml"
        self.check(["uiautomator", "dump", remote])
        return self.exec_out(["cat", remote]).decode("utf-8", "replace")

    def tap(self, x: int, y: int) -> None:
        self.check(["input", "tap", str(x), str(y)])

    def screencap(self) -> bytes:
        png = self.exec_out(["screencap", "-p"])
        if not png.startswith(b"\x89PNG"):
            raise DeviceError(f"device {self.serial}: screencap returned no PNG")
        return png

    # -- screen --------------------------------------------------------------------------------
    def screen_on(self) -> bool | None:
        """Whether the screen is on (the power manager is awake), from ``dumpsys power``; None if it
        does not say. Dozing, dreaming (screen saver) and asleep count as off: nobody is using the app."""
        m = _WAKEFULNESS.search(self.shell(["dumpsys", "power"]).stdout)
        return None if m is None else m["state"] == "Awake"

    def set_screen(self, on: bool) -> None:
        """Press the wake-up or sleep key (the power key where those do not work: before Android 5).
        Waking also dismisses a lock screen without a credential (Android 8+; a secure lock screen
        stays, and the tester unlocks the phone)."""
        self.shell(["input", "keyevent", "KEYCODE_WAKEUP" if on else "KEYCODE_SLEEP"])
        if self.screen_on() is not on:
            self.check(["input", "keyevent", "KEYCODE_POWER"])
            if self.screen_on() is not on:
                raise DeviceError(f"device {self.serial}: the screen did not turn {'on' if on else 'off'}")
        if on:
            self.shell(["wm", "dismiss-keyguard"])

    # -- traffic plumbing ------------------------------------------------------------------------
    def get_setting(self, namespace: str, key: str) -> str | None:
        value = self.check(["settings", "get", namespace, key]).strip()
        return None if value in ("null", "") else value

    def put_setting(self, namespace: str, key: str, value: str | None) -> None:
        if value is None:
            self.check(["settings", "delete", namespace, key])
        else:
            self.check(["settings", "put", namespace, key, value])

    def root_shell(self, command: str) -> list[str] | None:
        """``COMMAND`` run by a root shell (adbd already root, or su), or None on an unrooted device."""
        if self._root_via is None:
            if self.shell(["id", "-u"]).stdout.strip() == "0":
                self._root_via = "sh"
            elif self.shell(["which", "su"]).returncode == 0:
                self._root_via = "su"
            else:
                self._root_via = ""
        return [self._root_via, "-c", command] if self._root_via else None

    def push(self, local: Path, remote: str, mode: int = 0o644) -> None:
        with _adb(f"device {self.serial}: pushing {local.name} to {remote}"):
            self._device.sync.push(str(local), remote, mode=mode)

    def reverse(self, remote: str, local: str) -> None:
        with _adb(f"device {self.serial}: adb reverse {remote} {local}"):
            self._device.reverse(remote, local)

    def forward(self, local: str, remote: str) -> None:
        with _adb(f"device {self.serial}: adb forward {local} {remote}"):
            self._device.forward(local, remote)

    def install_ca(self, pem: Path) -> str:
        """Put the capture CA where the device trusts it; returns which store ('system', or a user-store note)."""
        name = staged_name(pem)
        if self.props().get("ro.privmon.sandbox") == "1":
            self.push(pem, f"{SYSTEM_STORE}/{name}")
            return "system"
        if self.root_shell("true") is not None:
            try:
                self.push(pem, f"{STAGING}/{name}")
                api = int(self.props().get("ro.build.version.sdk", "0") or 0)
                for step in system_store_plan(api, name):
                    argv = self.root_shell(step)
                    assert argv is not None
                    self.check(argv, timeout=60)
                if self.shell(["ls", f"{SYSTEM_STORE}/{name}"]).returncode == 0:
                    return "system"
            except DeviceError as e:
                log.warning("system CA install failed on %s, falling back to the user store: %s", self.serial, e)
        self.push(pem, "/sdcard/Download/privmon-ca.crt")
        return "user (manual: Settings > Security > Install certificate > /sdcard/Download/privmon-ca.crt)"


AXML_MAGIC = b"\x03\x00\x08\x00"


def decode_manifest(data: bytes) -> bytes:
    """A manifest as XML text: binary AXML (real APKs, decoded with apkInspector) or plain XML (sandbox packages)."""
    if data[:4] != AXML_MAGIC:
        return data
    from apkInspector.axml import get_manifest

    try:
        return str(get_manifest(io.BytesIO(data))).encode("utf-8")
    except Exception as e:  # apkInspector raises assorted errors on damaged input
        raise ValueError(f"undecodable binary AndroidManifest.xml ({type(e).__name__}: {e})") from e


def package_name(package_file: Path) -> str:
    """The package name from the app's manifest (binary in real APKs, plain XML in sandbox packages)."""
    try:
        with zipfile.ZipFile(package_file) as zf:
            data = zf.read("AndroidManifest.xml")
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        raise ConfigError(f"{package_file}: not an app package with an AndroidManifest.xml ({e})") from e
    try:
        return str(parse_manifest(decode_manifest(data))["package"])
    except ValueError as e:
        raise ConfigError(f"{package_file}: {e}") from e


class AdbUi:
    """:class:`monitor.device.ui.UiDriver` over ``uiautomator dump`` and ``input tap``."""

    def __init__(self, device: DeviceHandle) -> None:
        self.device = device

    def dump(self) -> str:
        return self.device.dump_ui()

    def tap(self, x: int, y: int) -> None:
        self.device.tap(x, y)


class ProxySetting:
    """Points the device's global HTTP proxy at the capture proxy and always puts the old value back.

    The previous value is written to a ledger (``$PRIVMON_HOME/devices/SERIAL.json``) before anything
    changes; :func:`restore_pending` repairs devices left changed by a controller that was killed.
    """

    def __init__(self, device: DeviceHandle, ledger_dir: Path) -> None:
        self.device = device
        self.ledger = ledger_dir / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', device.serial)}.json"
        self.port: int | None = None

    def apply(self, port: int, app_port: int | None = None) -> None:
        """``app_port``: a second reverse, to the listener reserved for the app under test."""
        repair(self.device, self.ledger)
        previous = self.device.get_setting("global", "http_proxy")
        self.ledger.parent.mkdir(parents=True, exist_ok=True)
        reverses = [f"tcp:{p}" for p in (port, app_port) if p is not None]
        self.ledger.write_text(
            json.dumps({"serial": self.device.serial, "http_proxy": previous, "reverse": reverses[0], "reverses": reverses})
        )
        for r in reverses:
            self.device.reverse(r, r)
        self.device.put_setting("global", "http_proxy", f"127.0.0.1:{port}")
        self.port = port

    def restore(self) -> None:
        repair(self.device, self.ledger)
        self.port = None


def repair(device: DeviceHandle, ledger: Path) -> bool:
    """Put back what a ledger recorded; returns whether there was anything to repair."""
    try:
        data = json.loads(ledger.read_text())
    except FileNotFoundError:
        return False
    except (OSError, json.JSONDecodeError):
        ledger.unlink(missing_ok=True)
        return False
    device.put_setting("global", "http_proxy", data.get("http_proxy"))
    reverses = data.get("reverses") or ([data["reverse"]] if data.get("reverse") else [])
    for reverse in reverses:
        # the reverse may have died with the old adb connection: then there is nothing to remove
        with contextlib.suppress(adbutils.AdbError, adbutils.AdbTimeout, EOFError):
            device._device.reverse_remove(reverse)
    ledger.unlink(missing_ok=True)
    return True


def restore_pending(client: adbutils.AdbClient, ledger_dir: Path) -> list[tuple[str, str]]:
    """Repair every device with a ledger; returns (serial, outcome) pairs."""
    outcomes = []
    for ledger in sorted(ledger_dir.glob("*.json")):
        try:
            serial = json.loads(ledger.read_text())["serial"]
        except (OSError, json.JSONDecodeError, KeyError):
            ledger.unlink(missing_ok=True)
            continue
        try:
            repair(DeviceHandle(client, serial), ledger)
            outcomes.append((serial, "restored"))
        except DeviceError as e:
            outcomes.append((serial, f"not reachable, kept for later: {e}"))
    return outcomes


class LogcatCapture:
    """Streams the device log into a file for the session, on its own thread."""

    def __init__(self, device: DeviceHandle, out: IO[bytes]) -> None:
        self.device = device
        self.out = out
        self._conn: Any = None
        self._thread = threading.Thread(target=self._run, name="privmon-logcat", daemon=True)

    def start(self) -> LogcatCapture:
        with _adb(f"device {self.device.serial}: logcat"):
            self._conn = self.device._device.shell("logcat -v threadtime", stream=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            while chunk := self._conn.read(65536):
                self.out.write(chunk)
                self.out.flush()
        except (OSError, EOFError, adbutils.AdbError):
            return  # the stream ends when the session closes it or the device goes away

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._thread.join(5)
