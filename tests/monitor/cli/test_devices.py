from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("adb_name", ["adb29"])
def test_sandbox_start_devices_and_restore(tmp_path: Path, built: dict[str, Path], adb_name: str) -> None:
    adb = shutil.which("adb")
    assert adb is not None, "Debian's adb is needed: make system-deps"
    port = "15211"
    env = dict(os.environ, ANDROID_ADB_SERVER_PORT=port, PRIVMON_HOME=str(tmp_path / "home"))
    subprocess.run([adb, "-P", port, "start-server"], check=True, capture_output=True, env=env, timeout=60)
    device = subprocess.Popen(
        [sys.executable, "-m", "monitor", "sandbox", "start", "--name", "t", "--adb-port", port],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert device.stdout is not None
        serial = device.stdout.readline().strip()
        assert serial.startswith("127.0.0.1:")
        listed = subprocess.run(
            [sys.executable, "-m", "monitor", "devices", "--json", "--adb-port", port],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        (facts,) = [d for d in json.loads(listed.stdout) if d["serial"] == serial]
        assert (
            facts["kind"] == "sandbox" and facts["model"] == "Pixel 7" and facts["api_level"] == 34 and facts["abi"] == "x86_64"
        )
        table = subprocess.run(
            [sys.executable, "-m", "monitor", "devices", "--adb-port", port],
            capture_output=True,
            text=True,
            env=dict(env, COLUMNS="200"),
            timeout=60,
        )
        assert serial in table.stdout and "sandbox" in table.stdout
        nothing = subprocess.run(
            [sys.executable, "-m", "monitor", "devices", "restore", "--adb-port", port],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert nothing.returncode == 0 and "nothing to restore" in nothing.stderr
        # a run on two devices without --device is refused with the serials listed
        missing = subprocess.run(
            [sys.executable, "-m", "monitor", "run", "--device", "nope:1", "--package", "x", "--adb-port", port],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert missing.returncode == 3 and "no device 'nope:1'" in missing.stderr and serial in missing.stderr
    finally:
        device.send_signal(signal.SIGTERM)
        device.wait(30)
        subprocess.run([adb, "-P", port, "kill-server"], capture_output=True, env=env, timeout=30)
