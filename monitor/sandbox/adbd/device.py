"""The virtual device: a provisioned sandbox-device disk plus the sandbox every shell command runs in."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import DeviceError
from monitor.sandbox.devicefs import DeviceFS
from monitor.sandbox.state import DeviceState

SHIMS_DIR = Path(__file__).resolve().parent.parent / "shims"
TOOLS = (
    "getprop",
    "setprop",
    "settings",
    "pm",
    "am",
    "monkey",
    "cmd",
    "dumpsys",
    "uiautomator",
    "input",
    "screencap",
    "logcat",
    "pidof",
)
FEATURES = ("shell_v2", "cmd", "stat_v2", "fixed_push_mkdir")


def python_for_shims() -> Path:
    """The interpreter the device tools run with (its prefix is bound read-only into the sandbox)."""
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    return base if base.exists() else Path(os.path.realpath(sys.executable))


@dataclass
class VirtualDevice:
    root: Path
    state: DeviceState = field(default_factory=DeviceState)
    reverse_host: str = "127.0.0.2"
    serial: str = "privmon-virtual"
    reverses: dict[str, tuple[str, asyncio.AbstractServer]] = field(default_factory=dict)

    @property
    def fs(self) -> DeviceFS:
        return DeviceFS(self.root)

    def provision(self, framework_jar: Path) -> None:
        """Create (or refresh) the device's disk: properties, identity, tools, framework."""
        if shutil.which("bwrap") is None:
            raise DeviceError(
                "bubblewrap (bwrap) is missing: the virtual device runs shell commands in it (apt-get install bubblewrap)"
            )
        self.state.validate()
        fs = self.fs
        fs.create()
        props = {**self.state.build_props(), **{k: v for k, v in fs.props().items() if k.startswith("persist.")}}
        props["ro.privmon.host_root"] = str(self.root.resolve())
        fs.write_props(props)
        self.state.write_identity(fs)
        (self.root / "system" / "framework").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(framework_jar, self.root / "system" / "framework" / "privmon-framework.jar")
        (self.root / "data" / "system" / "logcat").mkdir(parents=True, exist_ok=True)
        lib = self.root / "system" / "lib" / "privmon"
        lib.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).resolve().parent.parent / "devicefs.py", lib / "devicefs.py")
        toolbox = self.root / "system" / "bin" / "toolbox"
        source = (SHIMS_DIR / "toolbox.py").read_text(encoding="utf-8")
        toolbox.write_text(f"#!{python_for_shims()} -I\n" + source, encoding="utf-8")
        toolbox.chmod(toolbox.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        for tool in TOOLS:
            link = self.root / "system" / "bin" / tool
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to("toolbox")

    def banner(self) -> bytes:
        props = self.fs.props()
        return (
            f"device::ro.product.name={props.get('ro.product.name', '')};ro.product.model={props.get('ro.product.model', '')};"
            f"ro.product.device={props.get('ro.product.device', '')};features={','.join(FEATURES)}"
        ).encode()

    def shell_argv(self, command: str) -> list[str]:
        """``/bin/sh -c COMMAND`` in a bubblewrap sandbox whose /data, /system and /sdcard are this device."""
        root = self.root.resolve()
        argv = [
            "bwrap",
            "--die-with-parent",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/sbin",
            "/sbin",
            "--ro-bind",
            "/etc",
            "/etc",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--bind",
            str(root / "data"),
            "/data",
            "--bind",
            str(root / "system"),
            "/system",
            "--bind",
            str(root / "sdcard"),
            "/sdcard",
            "--ro-bind",
            str(root / "sys"),
            "/sys",
        ]
        prefix = Path(sys.base_prefix).resolve()
        if not str(prefix).startswith("/usr/"):
            argv += ["--ro-bind", str(prefix), str(prefix)]
        argv += [
            "--chdir",
            "/",
            "--setenv",
            "PATH",
            "/system/bin:/usr/bin:/bin",
            "--setenv",
            "HOME",
            "/data",
            "--setenv",
            "ANDROID_DATA",
            "/data",
            "--setenv",
            "ANDROID_ROOT",
            "/system",
            "--unsetenv",
            "PYTHONPATH",
            "/bin/sh",
            "-c",
            command or "exec /bin/sh -i",
        ]
        return argv

    def close_reverse(self, remote: str) -> bool:
        entry = self.reverses.pop(remote, None)
        if entry is None:
            return False
        entry[1].close()
        return True
