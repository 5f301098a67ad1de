"""The sandbox device's disk, laid out like Android's where it matters. Standard library only: the
virtual device's shell shims (pm, settings, getprop...) import this same module inside bubblewrap.

    system/build.prop                        ro.* properties (getprop / setprop)
    system/etc/security/cacerts/             the system CA store
    data/system/device.json                  identity and sensors: IMEI, IMSI, Wi-Fi, GPS fix, contacts...
    data/system/settings.json                {"global": {...}, "secure": {...}, "system": {...}}
    data/system/packages.json                installed packages: path, version, requested and granted permissions
    data/system/procs/PKG.pid, ui/PKG.port   running app processes and their UI channels
    data/app/PKG/base.apk                    installed app packages (sandbox jars)
    data/data/PKG/                           app data (shared_prefs/...)
    data/local/tmp/                          adb push target

Writes go through a temporary file and an atomic rename, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import tempfile
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

SETTING_NAMESPACES = ("global", "secure", "system")
ZYGOTE = "com.android.internal.sandbox.Zygote"
JVM_FLAGS = (
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:-UsePerfData",
    "-Dfile.encoding=UTF-8",
    "-Dstdout.encoding=UTF-8",
    "-Dstderr.encoding=UTF-8",
)


def app_command(
    java: str, framework: str | os.PathLike[str], apk: str | os.PathLike[str], root: str | os.PathLike[str]
) -> list[str]:
    """The command line of an app process on the sandbox device (what its zygote would fork)."""
    return [
        java,
        *JVM_FLAGS,
        f"-Dprivmon.device={root}",
        "-cp",
        f"{framework}:{apk}",
        ZYGOTE,
        "--apk",
        str(apk),
        "--device",
        str(root),
    ]


ANDROID_NS = "{http://schemas.android.com/apk/res/android}"


_NODE = re.compile(r'text="([^"]*)"[^>]*clickable="(true|false)"[^>]*bounds="\[(\d+),(\d+)\]\[(\d+),(\d+)\]"')


def render_screen(xml: str, width: int = 1080, height: int = 2400) -> bytes:
    """A grayscale PNG of a uiautomator hierarchy: text rows light, buttons dark (what screencap shows)."""
    rows = [bytearray(b"\xf0" * width) for _ in range(height)]
    for m in _NODE.finditer(xml):
        text, clickable = m.group(1), m.group(2) == "true"
        x0, y0, x1, y1 = (min(int(v), lim) for v, lim in zip(m.groups()[2:], (width, height, width, height), strict=True))
        shade = 0x40 if clickable else (0xC8 if text else 0xFF)
        for y in range(y0 + 4, max(y0 + 4, y1 - 4)):
            rows[y][x0 + 4 : max(x0 + 4, x1 - 4)] = bytes([shade]) * max(0, x1 - x0 - 8)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + bytes(r) for r in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def _attr(element: ET.Element, name: str) -> str:
    return element.get(ANDROID_NS + name, "")


def _resolve(package: str, name: str) -> str:
    """``.Foo`` and ``Foo`` are relative to the package; ``a.b.Foo`` is fully qualified (PackageParser's rule)."""
    if name.startswith("."):
        return package + name
    return f"{package}.{name}" if "." not in name else name


def parse_manifest(xml: bytes) -> dict[str, Any]:
    """The facts privmon needs from a plain-XML AndroidManifest.xml. Raises ValueError with the reason."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise ValueError(f"malformed AndroidManifest.xml: {e}") from e
    if root.tag != "manifest":
        raise ValueError(f"AndroidManifest.xml root element is <{root.tag}>, expected <manifest>")
    package = root.get("package", "")
    if not package or not all(part.isidentifier() for part in package.split(".")):
        raise ValueError(f"AndroidManifest.xml has no valid package attribute (got {package!r})")
    try:
        version_code = int(_attr(root, "versionCode") or "0")
    except ValueError as e:
        raise ValueError("android:versionCode is not a number") from e
    app = root.find("application")
    if app is None:
        raise ValueError("AndroidManifest.xml has no <application> element")
    launcher = None
    for activity in app.iter("activity"):
        for intent_filter in activity.iter("intent-filter"):
            actions = {_attr(a, "name") for a in intent_filter.iter("action")}
            categories = {_attr(c, "name") for c in intent_filter.iter("category")}
            if "android.intent.action.MAIN" in actions and "android.intent.category.LAUNCHER" in categories:
                if not _attr(activity, "name"):
                    raise ValueError("the launcher <activity> has no android:name")
                launcher = _resolve(package, _attr(activity, "name"))
                break
        if launcher is not None:
            break
    if launcher is None:
        raise ValueError("no launcher activity (an <activity> with a MAIN/LAUNCHER intent-filter)")
    app_name = _attr(app, "name")
    return {
        "package": package,
        "version_name": _attr(root, "versionName"),
        "version_code": version_code,
        "label": _attr(app, "label"),
        "application_class": _resolve(package, app_name) if app_name else None,
        "launcher_activity": launcher,
        "permissions": [_attr(p, "name") for p in root.iter("uses-permission") if _attr(p, "name")],
    }


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed app stays in /proc until it is reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


class DeviceFS:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    # -- paths ---------------------------------------------------------------------------------
    def path(self, device_path: str) -> Path:
        """A device path (``/data/local/tmp/x``) mapped into the root; never escapes it."""
        return self.root / os.path.normpath("/" + device_path).lstrip("/")

    @property
    def build_prop(self) -> Path:
        return self.root / "system" / "build.prop"

    @property
    def system_cacerts(self) -> Path:
        return self.root / "system" / "etc" / "security" / "cacerts"

    def _system(self, name: str) -> Path:
        return self.root / "data" / "system" / name

    def create(self) -> None:
        for d in (
            "system/bin",
            "system/etc/security/cacerts",
            "data/system/procs",
            "data/system/ui",
            "data/app",
            "data/data",
            "data/local/tmp",
            "data/misc/user/0/cacerts-added",
            "sdcard",
        ):
            (self.root / d).mkdir(parents=True, exist_ok=True)

    # -- json files ----------------------------------------------------------------------------
    def _read(self, path: Path, default: Any) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return default

    def _write(self, path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, path)

    # -- identity ------------------------------------------------------------------------------
    def device(self) -> dict[str, Any]:
        data: dict[str, Any] = self._read(self._system("device.json"), {})
        return data

    def write_device(self, data: dict[str, Any]) -> None:
        self._write(self._system("device.json"), data)

    # -- power -------------------------------------------------------------------------------
    def screen_on(self) -> bool:
        """The screen's state, as the power manager keeps it (on unless a power key turned it off)."""
        return bool(self._read(self._system("power.json"), {}).get("screen_on", True))

    def set_screen(self, on: bool) -> None:
        self._write(self._system("power.json"), {"screen_on": on})

    # -- properties ----------------------------------------------------------------------------
    def props(self) -> dict[str, str]:
        out: dict[str, str] = {}
        try:
            lines = self.build_prop.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return out
        for line in lines:
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                out[key.strip()] = value
        return out

    def write_props(self, props: dict[str, str]) -> None:
        self.build_prop.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.build_prop.with_suffix(".tmp")
        tmp.write_text("".join(f"{k}={v}\n" for k, v in sorted(props.items())), encoding="utf-8")
        os.replace(tmp, self.build_prop)

    def set_prop(self, key: str, value: str) -> None:
        props = self.props()
        props[key] = value
        self.write_props(props)

    # -- settings ------------------------------------------------------------------------------
    def settings(self) -> dict[str, dict[str, str]]:
        data = self._read(self._system("settings.json"), {})
        return {ns: dict(data.get(ns, {})) for ns in SETTING_NAMESPACES}

    def get_setting(self, namespace: str, key: str) -> str | None:
        return self.settings()[namespace].get(key)

    def put_setting(self, namespace: str, key: str, value: str | None) -> None:
        if namespace not in SETTING_NAMESPACES:
            raise ValueError(f"bad namespace {namespace!r}")
        data = self.settings()
        if value is None:
            data[namespace].pop(key, None)
        else:
            data[namespace][key] = value
        self._write(self._system("settings.json"), data)

    # -- packages ------------------------------------------------------------------------------
    def packages(self) -> dict[str, dict[str, Any]]:
        data: dict[str, dict[str, Any]] = self._read(self._system("packages.json"), {})
        return data

    def _write_packages(self, data: dict[str, dict[str, Any]]) -> None:
        self._write(self._system("packages.json"), data)

    def install(
        self, package: str, apk: Path, requested: list[str], grant_all: bool, version_name: str = "", version_code: int = 0
    ) -> Path:
        """Install an app package; with ``grant_all`` every requested permission is granted (``-g``)."""
        target = self.root / "data" / "app" / package / "base.apk"
        target.parent.mkdir(parents=True, exist_ok=True)
        if apk.resolve() != target.resolve():
            shutil.copyfile(apk, target)
        data = self.packages()
        previous = data.get(package, {})
        data[package] = {
            "path": f"/data/app/{package}/base.apk",
            "versionName": version_name,
            "versionCode": version_code,
            "requested": list(requested),
            "granted": list(requested) if grant_all else [p for p in previous.get("granted", []) if p in requested],
        }
        self._write_packages(data)
        (self.root / "data" / "data" / package).mkdir(parents=True, exist_ok=True)
        return target

    def uninstall(self, package: str) -> bool:
        data = self.packages()
        if package not in data:
            return False
        del data[package]
        self._write_packages(data)
        shutil.rmtree(self.root / "data" / "app" / package, ignore_errors=True)
        shutil.rmtree(self.root / "data" / "data" / package, ignore_errors=True)
        return True

    def clear(self, package: str) -> bool:
        if package not in self.packages():
            return False
        shutil.rmtree(self.root / "data" / "data" / package, ignore_errors=True)
        (self.root / "data" / "data" / package).mkdir(parents=True, exist_ok=True)
        return True

    def set_granted(self, package: str, permission: str, granted: bool) -> str | None:
        """Grant or revoke; returns an error message (as ``pm`` prints it) or None."""
        data = self.packages()
        if package not in data:
            return f"Unknown package: {package}"
        entry = data[package]
        if permission not in entry.get("requested", []):
            return f"Package {package} has not requested permission {permission}"
        granted_set = [p for p in entry.get("granted", []) if p != permission]
        if granted:
            granted_set.append(permission)
        entry["granted"] = granted_set
        self._write_packages(data)
        return None

    # -- CA certificates -----------------------------------------------------------------------
    def install_system_ca(self, pem: Path, name: str = "privmon-mitmproxy.0") -> Path:
        self.system_cacerts.mkdir(parents=True, exist_ok=True)
        target = self.system_cacerts / name
        shutil.copyfile(pem, target)
        return target

    def install_user_ca(self, pem: Path, name: str = "privmon-mitmproxy.0") -> Path:
        """The user store (Settings > Security > Install a certificate), which an unrooted phone allows."""
        store = self.root / "data" / "misc" / "user" / "0" / "cacerts-added"
        store.mkdir(parents=True, exist_ok=True)
        target = store / name
        shutil.copyfile(pem, target)
        return target

    # -- processes -----------------------------------------------------------------------------
    def pid_of(self, package: str) -> int | None:
        try:
            pid = int(self._system(f"procs/{package}.pid").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _running(pid) else None

    def ui_port(self, package: str) -> int | None:
        try:
            return int(self._system(f"ui/{package}.port").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
