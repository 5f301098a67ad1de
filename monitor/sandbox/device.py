"""The sandbox device: a HotSpot JVM running an app on the Android framework stand-in, spawned
suspended under Frida so the agent's hooks are in place before the app's first line.

Its disk mirrors a phone's where it matters (see :mod:`monitor.sandbox.devicefs`): properties,
settings (the global ``http_proxy``), installed packages with their grants, the system CA store
(where the mitmproxy CA is installed) and app data.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.device.agent import frida_errors, frida_module, kill_process
from monitor.errors import DeviceError, map_exceptions
from monitor.sandbox.apk import AppPackage
from monitor.sandbox.devicefs import SETTING_NAMESPACES, DeviceFS, app_command
from monitor.sandbox.state import DeviceState

BUILD_DIR = Path(__file__).resolve().parent / "_build"
FRAMEWORK_JAR = BUILD_DIR / "android-framework.jar"
SAMPLES_DIR = BUILD_DIR / "samples"


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

    @property
    def fs(self) -> DeviceFS:
        return DeviceFS(self.root)

    def install(self, app: AppPackage, http_proxy: str | None, ca_pem: Path | None) -> None:
        """Set the device up for one app, as a tester would on a phone: identity and sensors, the app
        installed (permissions granted as ``pm install -g`` unless the state says otherwise), the global
        HTTP proxy setting, and the proxy's CA in the system store (the user store with ``ca_store = "user"``)."""
        self.state.validate()
        fs = self.fs
        fs.create()
        fs.write_props(self.state.build_props())
        self.state.write_identity(fs)
        fs.put_setting("global", "http_proxy", http_proxy)
        requested = list(app.permissions)
        fs.install(
            app.package,
            app.path,
            requested,
            grant_all=self.state.granted is None,
            version_name=app.version_name,
            version_code=app.version_code,
        )
        for permission in self.state.granted or ():
            if permission in requested:
                fs.set_granted(app.package, permission, True)
        if ca_pem is not None and self.state.ca_store == "user":
            fs.install_user_ca(ca_pem)
        elif ca_pem is not None:
            fs.install_system_ca(ca_pem)

    def shell(self, args: Sequence[str]) -> str | None:
        """The few read-only commands device ground truth uses, answered from this device's disk as its
        shell would answer them (``--direct`` has no adb); None for anything else."""
        fs = self.fs
        match list(args):
            case ["getprop", key]:
                return fs.props().get(key)
            case ["settings", "get", namespace, key] if namespace in SETTING_NAMESPACES:
                return fs.get_setting(namespace, key)
            case ["cat", path] if path.startswith("/sys/"):
                file = fs.path(path)
                return file.read_text(encoding="utf-8", errors="replace") if file.is_file() else None
        return None

    def installed_apk(self, app: AppPackage) -> Path:
        return self.fs.path(f"/data/app/{app.package}/base.apk")

    def argv(self, app: AppPackage, control_port: int) -> list[str]:
        command = app_command(java_executable(), framework_jar(), self.installed_apk(app), self.root)
        return [*command, "--control", str(control_port)]

    def frida_device(self) -> Any:
        with map_exceptions(frida_errors(), "frida local device"):
            return frida_module().get_local_device()

    def spawn(self, frida_device: Any, app: AppPackage, control_port: int) -> int:
        """Start the app suspended; the caller attaches the agent, then resumes."""
        with map_exceptions(frida_errors(), "spawning the sandbox app"):
            return int(frida_device.spawn(self.argv(app, control_port), stdio="pipe", cwd=str(self.root)))

    def kill(self, frida_device: Any, pid: int) -> None:
        """End the app (``am force-stop``): killed with its hooks in place, never unhooked first."""
        kill_process(frida_device, pid)
