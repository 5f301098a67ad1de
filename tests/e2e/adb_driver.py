"""Runs inside a loopback-only network namespace: an adb server (a given binary, private port), the
virtual device (`privmon sandbox start`), and `privmon` sessions against it. Writes what happened as
JSON for the pytest side to assert on.

    python -m tests.e2e.adb_driver SCENARIO ADB OUT.json DB
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

APPS = {"compliant": "agree", "violating": "agree", "refusepath": "refuse"}


def privmon(*args: str, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def wait_until(predicate: Any, timeout: float) -> bool:
    stop = threading.Event()
    deadline = timeout
    while deadline > 0:
        if predicate():
            return True
        stop.wait(0.1)
        deadline -= 0.1
    return False


def main() -> int:
    scenario, adb, out_path, db = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    from monitor.sandbox.device import SAMPLES_DIR
    from monitor.sandbox.devicefs import DeviceFS
    from monitor.store.db import data_dir

    port = "15199"
    os.environ["ANDROID_ADB_SERVER_PORT"] = port
    os.environ["ADBUTILS_ADB_PATH"] = adb
    subprocess.run([adb, "-P", port, "start-server"], check=True, capture_output=True, timeout=60)
    device = privmon("sandbox", "start", "--name", "e2e", "--adb-port", port)
    assert device.stdout is not None
    serial = device.stdout.readline().strip()
    result: dict[str, Any] = {"serial": serial, "runs": {}}
    fs = DeviceFS(data_dir() / "devices" / "virtual" / "e2e")
    try:
        devices = subprocess.run([adb, "-P", port, "devices"], capture_output=True, text=True, timeout=30).stdout
        result["adb_devices"] = devices
        common = (
            "--db",
            db,
            "-q",
            "run",
            "--device",
            serial,
            "--adb-port",
            port,
            "--format",
            "json",
            "--fail-on",
            "none",
            "--baseline",
            "1",
        )
        if scenario == "findings":
            for app, choice in APPS.items():
                proc = privmon(*common, "--apk", str(SAMPLES_DIR / f"{app}.jar"), "--consent", choice)
                stdout, stderr = proc.communicate(timeout=240)
                result["runs"][app] = {
                    "code": proc.returncode,
                    "stderr": stderr[-2000:],
                    "doc": json.loads(stdout) if stdout else None,
                }
            result["proxy_after"] = fs.get_setting("global", "http_proxy")
        elif scenario == "device-lost":
            proc = privmon(*common, "--apk", str(SAMPLES_DIR / "violating.jar"), "--consent", "none", "--duration", "60")
            result["app_started"] = wait_until(lambda: fs.pid_of("com.example.violating") is not None, 60)
            wait_until(lambda: False, 1.5)  # let the pre-consent collection and upload happen
            device.send_signal(signal.SIGKILL)  # the device disappears
            stdout, stderr = proc.communicate(timeout=120)
            result["run"] = {"code": proc.returncode, "stderr": stderr[-2000:], "doc": json.loads(stdout) if stdout else None}
            result["app_left_running"] = fs.pid_of("com.example.violating") is not None
        elif scenario == "controller-killed":
            fs.put_setting("global", "http_proxy", "10.0.0.9:3128")  # the tester's own proxy, to be put back
            proc = privmon(*common, "--apk", str(SAMPLES_DIR / "compliant.jar"), "--consent", "none", "--duration", "60")
            result["proxy_set"] = wait_until(lambda: (fs.get_setting("global", "http_proxy") or "").startswith("127.0.0.1:"), 60)
            result["ledgers_during"] = sorted(p.name for p in (data_dir() / "devices").glob("*.json"))
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            result["proxy_after_kill"] = fs.get_setting("global", "http_proxy")
            restore = privmon("devices", "restore", "--adb-port", port)
            r_out, r_err = restore.communicate(timeout=60)
            result["restore"] = {"code": restore.returncode, "stdout": r_out, "stderr": r_err}
            result["proxy_after_restore"] = fs.get_setting("global", "http_proxy")
            result["ledgers_after"] = sorted(p.name for p in (data_dir() / "devices").glob("*.json"))
            subprocess.run([adb, "-P", port, "-s", serial, "shell", "am", "force-stop", "com.example.compliant"], timeout=30)
    finally:
        if device.poll() is None:
            device.send_signal(signal.SIGTERM)
            device.wait(30)
        subprocess.run([adb, "-P", port, "kill-server"], capture_output=True, timeout=30)
        out_path.write_text(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
