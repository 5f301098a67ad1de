"""The sandbox device: a HotSpot JVM running an app on the Android framework stand-in, spawned
suspended under Frida so the agent's hooks are in place before the app's first line.

Its on-disk layout mirrors a phone's where it matters: ``state.json`` (identity, sensors,
settings incl. the global ``http_proxy``), ``system/etc/security/cacerts/`` (the system CA store,
where the mitmproxy CA is installed) and ``data/data/PKG/`` (app data, shared prefs).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.device.agent import frida_errors, frida_module
from monitor.errors import DeviceError, map_exceptions
from monitor.sandbox.apk import AppPackage
from monitor.sandbox.state import DeviceState

BUILD_DIR = Path(__file__).resolve().parent / "_build"
FRAMEWORK_JAR = BUILD_DIR / "android-framework.jar"
SAMPLES_DIR = BUILD_DIR / "samples"
ZYGOTE = "com.android.internal.sandbox.Zygote"


def framework_jar() -> Path:
    if not FRAMEWORK_JAR.exists():
        raise DeviceError(f"sandbox framework {FRAMEWORK_JAR} is missing: run 'make sandbox' (python -m monitor.sandbox.build)")
    return FRAMEWORK_JAR


def sample_app(name: str) -> Path:
    path = SAMPLES_DIR / f"{name}.jar"
    if not path.exists():
        raise DeviceError(f"sample app {path} is missing: run 'make sandbox' (python -m monitor.sandbox.build)")
    return path


def java_executable() -> str:
    java = shutil.which("java")
    if java is None:
        raise DeviceError("java not found: the sandbox device needs a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)")
    return java


@dataclass
class SandboxDevice:
    state: DeviceState
    root: Path
    serial: str = "sandbox"
    kind: str = "sandbox"

    def facts(self) -> dict[str, Any]:
        return {
            "model": self.state.model,
            "manufacturer": self.state.manufacturer,
            "api_level": self.state.sdk,
            "release": self.state.release,
            "abi": "x86_64",
            "runtime": "HotSpot (sandbox)",
        }

    def install(self, app: AppPackage, http_proxy: str | None, ca_pem: Path | None) -> None:
        """Lay out the device for one app: state with the proxy setting, the CA in the system store."""
        self.state.validate()
        self.root.mkdir(parents=True, exist_ok=True)
        state = self.state.to_device_json(list(app.permissions), http_proxy)
        (self.root / "state.json").write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
        cacerts = self.root / "system" / "etc" / "security" / "cacerts"
        cacerts.mkdir(parents=True, exist_ok=True)
        if ca_pem is not None:
            shutil.copyfile(ca_pem, cacerts / "privmon-mitmproxy.0")
        (self.root / "data" / "data" / app.package).mkdir(parents=True, exist_ok=True)

    def argv(self, app: AppPackage, control_port: int) -> list[str]:
        return [
            java_executable(),
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dfile.encoding=UTF-8",
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8",
            "-cp",
            f"{framework_jar()}:{app.path}",
            ZYGOTE,
            "--apk",
            str(app.path),
            "--device",
            str(self.root),
            "--control",
            str(control_port),
        ]

    def frida_device(self) -> Any:
        with map_exceptions(frida_errors(), "frida local device"):
            return frida_module().get_local_device()

    def spawn(self, frida_device: Any, app: AppPackage, control_port: int) -> int:
        """Start the app suspended; the caller attaches the agent, then resumes."""
        with map_exceptions(frida_errors(), "spawning the sandbox app"):
            return int(frida_device.spawn(self.argv(app, control_port), stdio="pipe", cwd=str(self.root)))

    def kill(self, frida_device: Any, pid: int) -> None:
        """End the app (``am force-stop``): killed with its hooks in place, never unhooked first."""
        f = frida_module()
        try:
            frida_device.kill(pid)
        except (f.ProcessNotFoundError, f.InvalidOperationError):
            return
