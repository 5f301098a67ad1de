"""Where a session runs: the sandbox device driven directly, or any device over ADB.

The runner does the same steps for every target (store, proxy, agent, consent, observe,
correlate); a target only knows how to prepare the device, start the app under Frida, reach its UI,
stop it and put the device back as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from monitor.device.adb import AdbUi, DeviceHandle, LogcatCapture, ProxySetting
from monitor.device.agent import frida_errors, frida_module, kill_process
from monitor.device.fridaserver import ServerSpec, deploy, frida_device_for
from monitor.device.truth import TruthValue, read_ground_truth
from monitor.errors import DeviceError, map_exceptions
from monitor.sandbox.apk import AppPackage
from monitor.sandbox.control import ControlServer, SandboxUi
from monitor.sandbox.device import SandboxDevice, java_executable
from monitor.sandbox.devicefs import app_command, render_screen

OutputCallback = Callable[[int, int, bytes | None], None]


class UiSession(Protocol):
    def dump(self) -> str: ...

    def tap(self, x: int, y: int) -> None: ...

    def main_looper_idle(self) -> bool: ...


class RunTarget(Protocol):
    mode: str
    package: str

    def device_row(self) -> dict[str, Any]: ...

    def prepare(self, proxy_port: int, ca_pem: Path, artifacts: Path, app_proxy_port: int | None = None) -> list[str]:
        """Install the app, point the device's proxy at ``proxy_port`` and make ``app_proxy_port`` (the
        app's own listener) reachable from the device at the same port."""
        ...

    def spawn(self, on_output: OutputCallback) -> tuple[Any, int]: ...

    def open_ui(self, alive: Callable[[], bool], timeout: float) -> UiSession: ...

    def stop(self, frida_device: Any, pid: int) -> None: ...

    def heartbeat(self) -> None:
        """Raise DeviceError if the device is gone."""
        ...

    def ground_truth(self) -> list[TruthValue]:
        """Identifiers read from the device itself (see :mod:`monitor.device.truth`)."""
        ...

    def screenshot(self, ui: UiSession) -> bytes:
        """The screen as PNG (evidence)."""
        ...

    def screen_on(self) -> bool | None:
        """Whether the device's screen is on (None: the device does not say)."""
        ...

    def set_screen(self, on: bool) -> None:
        """Turn the screen on or off, as the power key does."""
        ...

    def cleanup(self) -> None: ...


class SandboxTarget:
    """The sandbox device without adb: spawned directly, UI over a control connection to the runner."""

    mode = "sandbox"

    def __init__(self, app: AppPackage, device: SandboxDevice) -> None:
        self.app = app
        self.device = device
        self.package = app.package
        self.control = ControlServer()
        self._connected = False

    def device_row(self) -> dict[str, Any]:
        facts = self.device.facts()
        return {
            "serial": self.device.serial,
            "kind": "sandbox",
            "model": str(facts["model"]),
            "api_level": int(facts["api_level"]),
            "abi": str(facts["abi"]),
            "facts": facts,
        }

    def prepare(self, proxy_port: int, ca_pem: Path, artifacts: Path, app_proxy_port: int | None = None) -> list[str]:
        self.device.install(self.app, f"127.0.0.1:{proxy_port}", ca_pem)  # the app listener is on this host already
        self.device.fs.set_screen(True)  # the app starts on a lit screen, as a tester starts it
        self._connected = False
        return []

    def spawn(self, on_output: OutputCallback) -> tuple[Any, int]:
        frida_device = self.device.frida_device()
        frida_device.on("output", on_output)
        return frida_device, self.device.spawn(frida_device, self.app, self.control.port)

    def open_ui(self, alive: Callable[[], bool], timeout: float) -> UiSession:
        self.control.accept(timeout, alive=alive)
        self._connected = True
        return SandboxUi(self.control)

    def stop(self, frida_device: Any, pid: int) -> None:
        self.device.kill(frida_device, pid)

    def heartbeat(self) -> None:
        return None  # the sandbox lives in this process's machine: it cannot disconnect

    def ground_truth(self) -> list[TruthValue]:
        return read_ground_truth(self.device.shell, self.device.state.sdk)

    def screenshot(self, ui: UiSession) -> bytes:
        return render_screen(ui.dump())

    def screen_on(self) -> bool | None:
        return self.device.fs.screen_on()

    def set_screen(self, on: bool) -> None:
        self.device.fs.set_screen(on)
        if self._connected:  # the app's activity is paused or resumed, as on Android
            self.control.request("screen", on=on)

    def cleanup(self) -> None:
        self.control.close()


@dataclass(frozen=True)
class FridaServerOptions:
    cache: Path
    spec: ServerSpec = ServerSpec()
    binary: Path | None = None
    allow_download: bool = False


class _AdbUiSession:
    def __init__(self, ui: AdbUi) -> None:
        self.ui = ui

    def dump(self) -> str:
        return self.ui.dump()

    def tap(self, x: int, y: int) -> None:
        self.ui.tap(x, y)

    def main_looper_idle(self) -> bool:
        return True  # not observable on a phone: quiet detection alone decides


class AdbTarget:
    """A phone, an emulator or the virtual device, over the real adb server.

    Frida target per device: on the virtual device, the app's own command line is spawned locally
    (its disk is on this host); anywhere else, frida-server spawns the package on the device.
    """

    mode = "device"

    def __init__(
        self,
        device: DeviceHandle,
        package: str,
        apk: Path | None,
        ledger_dir: Path,
        grant_all: bool = True,
        frida_server: FridaServerOptions | None = None,
        clear_data: bool = False,
    ) -> None:
        self.device = device
        self.frida_server = frida_server or FridaServerOptions(cache=ledger_dir.parent / "frida-server")
        self.package = package
        self.apk = apk
        self.grant_all = grant_all
        self.clear_data = clear_data
        self.proxy = ProxySetting(device, ledger_dir)
        self.facts = device.facts()
        self._logcat: LogcatCapture | None = None
        self._logcat_file: IO[bytes] | None = None

    def device_row(self) -> dict[str, Any]:
        f = self.facts
        return {
            "serial": f.serial,
            "kind": f.kind,
            "model": f.model,
            "api_level": f.api_level,
            "abi": f.abi,
            "facts": f.as_dict(),
        }

    def prepare(self, proxy_port: int, ca_pem: Path, artifacts: Path, app_proxy_port: int | None = None) -> list[str]:
        notes = []
        if self.clear_data and self.device.is_installed(self.package):
            self.device.stop(self.package)
            self.device.clear_data(self.package)  # first launch again: no stored consent, no data
            notes.append(f"cleared the data of {self.package} (first launch)")
        if self.apk is not None:
            self.device.install(self.apk, grant_all=self.grant_all)
        elif not self.device.is_installed(self.package):
            raise DeviceError(f"{self.package} is not installed on {self.device.serial}: pass --apk FILE to install it")
        self.device.stop(self.package)
        if not self.facts.sandbox:
            fs = self.frida_server
            server = deploy(self.device, fs.cache, fs.spec, fs.binary, fs.allow_download)
            notes.append(f"frida-server {server.version} running as {fs.spec.name} (pid {server.pid}, port {fs.spec.port})")
        if self.device.screen_on() is False:
            self.device.set_screen(True)  # a sleeping phone shows no dialog to answer
            notes.append(f"woke the screen of {self.device.serial}")
        self.proxy.apply(proxy_port, app_proxy_port)
        store = self.device.install_ca(ca_pem)
        if store != "system":
            notes.append(f"CA certificate placed for the {store}; HTTPS may not be captured until it is installed")
        self._logcat_file = (artifacts / "logcat.txt").open("ab")
        self._logcat = LogcatCapture(self.device, self._logcat_file).start()
        return notes

    def _host_root(self) -> Path:
        root = Path(self.device.props().get("ro.privmon.host_root", ""))
        if not (root / "data" / "system").is_dir():
            raise DeviceError(f"virtual device {self.device.serial}: its disk {root} is not on this host")
        return root

    def spawn(self, on_output: OutputCallback) -> tuple[Any, int]:
        f = frida_module()
        with map_exceptions(frida_errors(), f"frida on {self.device.serial}"):
            if self.facts.sandbox:
                root = self._host_root()
                apk = root / "data" / "app" / self.package / "base.apk"
                framework = root / "system" / "framework" / "privmon-framework.jar"
                argv = app_command(java_executable(), framework, apk, root)
                frida_device = f.get_local_device()
                frida_device.on("output", on_output)
                return frida_device, int(frida_device.spawn(argv, stdio="pipe", cwd=str(root)))
            frida_device = frida_device_for(self.device, self.frida_server.spec)
            return frida_device, int(frida_device.spawn(self.package))  # type: ignore[attr-defined]

    def open_ui(self, alive: Callable[[], bool], timeout: float) -> UiSession:
        return _AdbUiSession(AdbUi(self.device))

    def stop(self, frida_device: Any, pid: int) -> None:
        try:
            self.device.stop(self.package)
        finally:
            kill_process(frida_device, pid)

    def heartbeat(self) -> None:
        self.device.check(["true"], timeout=10)

    def ground_truth(self) -> list[TruthValue]:
        def shell(args: Sequence[str]) -> str | None:
            result = self.device.shell(args, timeout=10)
            return result.stdout if result.returncode == 0 else None

        return read_ground_truth(shell, self.facts.api_level)

    def screenshot(self, ui: UiSession) -> bytes:
        return self.device.screencap()

    def screen_on(self) -> bool | None:
        return self.device.screen_on()

    def set_screen(self, on: bool) -> None:
        self.device.set_screen(on)

    def cleanup(self) -> None:
        try:
            self.proxy.restore()
        finally:
            if self._logcat is not None:
                self._logcat.stop()
            if self._logcat_file is not None:
                self._logcat_file.close()
