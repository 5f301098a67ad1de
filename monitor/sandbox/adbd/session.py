"""A virtual device attached to a private adb server, for the length of a ``with`` block.

Used by ``privmon demo``: the whole session goes through a real adb server and the device-side
ADB protocol, without touching the user's own adb server (port 5037) or its devices.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import adbutils
from adbutils._utils import adb_path

from monitor.device.adb import DeviceHandle, adb_client, resolve_device
from monitor.errors import DeviceError
from monitor.sandbox.adbd.device import VirtualDevice
from monitor.sandbox.adbd.server import AdbdServer
from monitor.sandbox.device import framework_jar
from monitor.sandbox.state import DeviceState


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def attached_virtual_device(root: Path, state: DeviceState | None = None) -> Iterator[DeviceHandle]:
    """Provision and serve a virtual device, start a private adb server, ``adb connect`` it."""
    device = VirtualDevice(root, state or DeviceState())
    device.provision(framework_jar())
    try:
        adb = adb_path()
    except adbutils.AdbError as e:
        raise DeviceError(f"adb not found: {e} (Debian: apt-get install adb)") from e
    port = _free_port()
    env = dict(os.environ, ANDROID_ADB_SERVER_PORT=str(port))
    server = AdbdServer(device).start()
    try:
        started = subprocess.run([adb, "-P", str(port), "start-server"], capture_output=True, text=True, timeout=60, env=env)
        if started.returncode != 0:
            raise DeviceError(f"could not start an adb server ({adb}): {started.stderr.strip()}")
        try:
            client = adb_client(port)
            client.connect(server.serial, timeout=10)
            yield resolve_device(client, server.serial)
        finally:
            subprocess.run([adb, "-P", str(port), "kill-server"], capture_output=True, timeout=30, env=env)
    finally:
        server.stop()
