"""The frida-server deployer, through the real adb server against the virtual device.

No real frida-server can run here (it is a GitHub release asset for Android, not a registry
package), so the binary is a stand-in shell script that answers --version and daemonizes with -D.
What is tested is the deployer: lookup, cache, push, on-device checksum, version check, renamed
binary, custom port, USAP pool, readiness.
"""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from monitor.device.adb import adb_client
from monitor.device.fridaserver import ServerSpec, asset_name, deploy, find_binary, host_version, running
from monitor.errors import ConfigError, DeviceError
from tests.monitor.sandbox.adbd.test_server import Harness, harness  # noqa: F401  (the shared virtual-device fixture)

STAND_IN = """#!/bin/sh
case "$1" in
  --version) echo "{version}" ;;
  -D) echo "$@" > /data/local/tmp/frida-server-args; setsid "$0" serve </dev/null >/dev/null 2>&1 & ;;
  serve) while :; do sleep 3600; done ;;
esac
"""


def stand_in(tmp_path: Path, version: str) -> Path:
    path = tmp_path / asset_name(version, "x86_64")
    path.write_text(STAND_IN.format(version=version))
    return path


def kill_server(h: Harness, name: str) -> None:
    pids = h.device.shell(f"pidof {name}").split()
    if pids:
        h.device.shell(["kill", "-9", *pids])


def test_deploys_the_matching_server(harness: Harness, tmp_path: Path) -> None:  # noqa: F811
    handle = adb_client(harness.server_port)
    from monitor.device.adb import DeviceHandle

    device = DeviceHandle(handle, harness.adbd.serial)
    stand_in(tmp_path, host_version())
    try:
        server = deploy(device, cache=tmp_path)
        assert server.version == host_version() and server.pid > 0
        assert harness.device.getprop("persist.device_config.runtime_native.usap_pool_enabled") == "false"
        assert harness.device.shell("cat /data/local/tmp/frida-server-args") == f"-D -l 0.0.0.0:{27042}"
        assert deploy(device, cache=tmp_path).pid == server.pid  # already running and matching: left alone
    finally:
        kill_server(harness, "frida-server")
    assert running(device, ServerSpec()) is None


def test_renamed_binary_and_custom_port_from_an_explicit_xz(harness: Harness, tmp_path: Path) -> None:  # noqa: F811
    from monitor.device.adb import DeviceHandle

    device = DeviceHandle(adb_client(harness.server_port), harness.adbd.serial)
    xz = tmp_path / "my-server.xz"
    xz.write_bytes(lzma.compress(STAND_IN.format(version=host_version()).encode()))
    spec = ServerSpec(name="hluda-srv", port=31337)
    try:
        server = deploy(device, cache=tmp_path / "cache", spec=spec, binary=xz)
        assert server.version == host_version()
        assert harness.device.shell("cat /data/local/tmp/frida-server-args") == "-D -l 0.0.0.0:31337"
        assert harness.device.shell("pidof frida-server") == ""  # only the renamed process runs
    finally:
        kill_server(harness, "hluda-srv")


def test_version_mismatch_is_a_clear_error(harness: Harness, tmp_path: Path) -> None:  # noqa: F811
    from monitor.device.adb import DeviceHandle

    device = DeviceHandle(adb_client(harness.server_port), harness.adbd.serial)
    wrong = stand_in(tmp_path, "16.7.19")
    with pytest.raises(DeviceError, match=f"16.7.19 .* does not match the host's Frida {host_version()}"):
        deploy(device, cache=tmp_path, binary=wrong)


def test_missing_binary_offline(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match=r"frida-server 17\.\S+ for arm64 is not in .*--frida-server PATH"):
        find_binary(tmp_path, host_version(), "arm64", None, allow_download=False)
    with pytest.raises(ConfigError, match="no such file"):
        find_binary(tmp_path, "1", "arm64", tmp_path / "nope", allow_download=False)
    bad = tmp_path / "x.xz"
    bad.write_bytes(b"not xz")
    with pytest.raises(ConfigError, match="not a valid .xz"):
        find_binary(tmp_path, "1", "arm64", bad, allow_download=False)


@pytest.mark.parametrize("spec", [ServerSpec(name="../evil"), ServerSpec(port=0)])
def test_bad_specs(spec: ServerSpec) -> None:
    with pytest.raises(ConfigError):
        spec.validate()
