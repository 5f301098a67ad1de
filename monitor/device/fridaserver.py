"""Deploys frida-server to a device over adb: our own small deployer (no GPL dependency).

The server must match the host's Frida version exactly and the device's ABI. It comes from
``--frida-server PATH`` or the local cache (``$PRIVMON_HOME/frida-server/``, ``.xz`` files are
decompressed); downloading happens only when explicitly allowed (our build machines are offline).
After the push its SHA-256 is checked on the device, then its ``--version``. A renamed binary and a
non-default port are supported (anti-detection). On Android 10+ the USAP pool is disabled, which
spawn gating needs.
"""

from __future__ import annotations

import hashlib
import lzma
import shlex
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from monitor.device.adb import DeviceHandle
from monitor.device.agent import frida_module
from monitor.errors import ConfigError, DeviceError

DEFAULT_PORT = 27042
RELEASES = "https://github.com/frida/frida/releases/download"
ABI_TO_ARCH = {"arm64-v8a": "arm64", "armeabi-v7a": "arm", "armeabi": "arm", "x86_64": "x86_64", "x86": "x86"}
START_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class ServerSpec:
    name: str = "frida-server"
    port: int = DEFAULT_PORT
    directory: str = "/data/local/tmp"

    @property
    def remote(self) -> str:
        return f"{self.directory}/{self.name}"

    def validate(self) -> None:
        if not self.name or "/" in self.name or not all(c.isalnum() or c in "._-" for c in self.name):
            raise ConfigError(f"frida-server name {self.name!r}: use letters, digits, '.', '_' or '-'")
        if not 1 <= self.port <= 65535:
            raise ConfigError(f"frida-server port {self.port} is out of range")


def host_version() -> str:
    return str(frida_module().__version__)


def device_arch(device: DeviceHandle) -> str:
    abi = device.props().get("ro.product.cpu.abi", "")
    if abi not in ABI_TO_ARCH:
        raise DeviceError(f"device {device.serial}: unsupported ABI {abi!r} for frida-server")
    return ABI_TO_ARCH[abi]


def asset_name(version: str, arch: str) -> str:
    return f"frida-server-{version}-android-{arch}"


def find_binary(cache: Path, version: str, arch: str, explicit: Path | None, allow_download: bool) -> Path:
    """The frida-server binary for this version and arch: explicit path, cache, or (if allowed) a download."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"--frida-server {explicit}: no such file")
        return _decompressed(explicit, cache)
    name = asset_name(version, arch)
    for candidate in (cache / name, cache / f"{name}.xz"):
        if candidate.is_file():
            return _decompressed(candidate, cache)
    if not allow_download:
        raise DeviceError(
            f"frida-server {version} for {arch} is not in {cache}: put {name}.xz there (from {RELEASES}/{version}/{name}.xz) "
            "or pass --frida-server PATH"
        )
    cache.mkdir(parents=True, exist_ok=True)
    url = f"{RELEASES}/{version}/{name}.xz"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as e:
        raise DeviceError(f"cannot download {url} ({e}); offline? put the file in {cache} or pass --frida-server PATH") from e
    (cache / f"{name}.xz").write_bytes(data)
    return _decompressed(cache / f"{name}.xz", cache)


def _decompressed(path: Path, cache: Path) -> Path:
    if path.suffix != ".xz":
        return path
    target = cache / path.stem
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(lzma.decompress(path.read_bytes()))
        except lzma.LZMAError as e:
            raise ConfigError(f"{path}: not a valid .xz file ({e})") from e
    return target


@dataclass(frozen=True)
class RunningServer:
    pid: int
    version: str


def running(device: DeviceHandle, spec: ServerSpec) -> RunningServer | None:
    r = device.shell(["pidof", spec.name])
    if r.returncode != 0 or not r.stdout.split():
        return None
    version = device.shell([spec.remote, "--version"]).stdout.strip()
    return RunningServer(pid=int(r.stdout.split()[0]), version=version)


def _as_root(device: DeviceHandle, args: list[str]) -> list[str]:
    argv = device.root_shell(shlex.join(args))
    if argv is None:
        raise DeviceError(f"device {device.serial} is not rooted: frida-server needs root (or use the Frida gadget)")
    return argv


def deploy(
    device: DeviceHandle, cache: Path, spec: ServerSpec | None = None, binary: Path | None = None, allow_download: bool = False
) -> RunningServer:
    """Make sure the matching frida-server runs on the device; returns it."""
    spec = spec or ServerSpec()
    spec.validate()
    version = host_version()
    current = running(device, spec)
    if current is not None and current.version == version:
        return current
    if current is not None:
        device.shell(_as_root(device, ["kill", "-9", str(current.pid)]))
    local = find_binary(cache, version, device_arch(device), binary, allow_download)
    digest = hashlib.sha256(local.read_bytes()).hexdigest()
    device.push(local, spec.remote, mode=0o755)
    on_device = device.shell(["sha256sum", spec.remote]).stdout.split()
    if not on_device or on_device[0] != digest:
        raise DeviceError(f"device {device.serial}: frida-server checksum mismatch after push (host {digest[:12]}…)")
    reported = device.check([spec.remote, "--version"]).strip()
    if reported != version:
        raise DeviceError(
            f"frida-server {reported} on {device.serial} does not match the host's Frida {version}: use frida-server {version}"
        )
    if int(device.props().get("ro.build.version.sdk", "0") or 0) >= 29:
        # spawn gating on Android 10+ needs the USAP pool off (zygote pre-forks apps otherwise)
        device.shell(_as_root(device, ["setprop", "persist.device_config.runtime_native.usap_pool_enabled", "false"]))
    device.check(_as_root(device, [spec.remote, "-D", "-l", f"0.0.0.0:{spec.port}"]))
    stop = threading.Event()
    for _ in range(int(START_TIMEOUT_S * 10)):  # bounded: frida-server daemonizes within a moment
        server = running(device, spec)
        if server is not None:
            return server
        stop.wait(0.1)
    raise DeviceError(f"device {device.serial}: frida-server did not start within {START_TIMEOUT_S:.0f} s")


def frida_device_for(device: DeviceHandle, spec: ServerSpec) -> object:
    """The Frida device to use: the USB backend for the default port, a forwarded remote device otherwise."""
    f = frida_module()
    if spec.port == DEFAULT_PORT:
        return f.get_device(device.serial, timeout=10)
    device.forward(f"tcp:{spec.port}", f"tcp:{spec.port}")
    return f.get_device_manager().add_remote_device(f"127.0.0.1:{spec.port}")
