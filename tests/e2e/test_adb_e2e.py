"""End to end over a real adb server (adb 29 and adb 36) and the virtual device, in a loopback-only
network namespace: the same findings as the walking skeleton, a device lost mid-session, and a
controller killed with -9 whose proxy change is repaired."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import adbutils
import pytest

from tests.e2e.netns import assert_isolated, netns_argv, netns_env

pytestmark = pytest.mark.e2e
BUNDLED = Path(adbutils.__file__).parent / "binaries" / "adb"
ADBS = {"adb29": shutil.which("adb"), "adb36": str(BUNDLED)}


def drive(tmp_path: Path, scenario: str, adb_name: str) -> dict[str, Any]:
    adb = ADBS[adb_name]
    if adb is None:
        pytest.fail("Debian's adb is missing: make system-deps")
    out, db = tmp_path / "out.json", tmp_path / "e2e.db"
    command = netns_argv(sys.executable, "-m", "tests.e2e.adb_driver", scenario, adb, str(out), str(db))
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=600, env=netns_env(tmp_path), cwd=Path(__file__).parents[2]
    )
    assert_isolated(tmp_path, proc.stderr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def summary(doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return sorted((f["rule"], f["data_type"], f["actor"]["kind"], f["actor"]["name"]) for f in doc["findings"])


@pytest.mark.parametrize("adb_name", sorted(ADBS))
def test_same_findings_through_adb(tmp_path: Path, adb_name: str, built: dict[str, Path]) -> None:
    data = drive(tmp_path, "findings", adb_name)
    assert data["serial"] in data["adb_devices"]
    runs = data["runs"]
    for app, run in runs.items():
        assert run["code"] == 0, (app, run["stderr"])
        assert run["doc"]["run"]["status"] == "complete" and run["doc"]["run"]["mode"] == "device"
        assert run["doc"]["device"]["kind"] == "sandbox" and run["doc"]["hooks"]["failed"] == []
        assert run["doc"]["noise_baseline"] == {"ended_at": run["doc"]["noise_baseline"]["ended_at"], "hosts": []}
        # device ground truth over adb: the shims' getprop and settings, and the device's /sys (Android 14: no
        # device-wide Android ID for apps, no IMEI for the shell)
        assert [t["source"] for t in run["doc"]["device"]["ground_truth"]] == [
            "getprop ro.serialno",
            "cat /sys/class/net/wlan0/address",
            "settings get secure bluetooth_address",
        ]
    umeng = "Umeng Analytics (友盟统计)"
    assert summary(runs["violating"]["doc"]) == sorted(
        [("collection-before-consent", dt, "sdk", umeng) for dt in ("android-id", "contacts", "imei", "location")]
        + [("transmission-before-consent", dt, "sdk", umeng) for dt in ("android-id", "imei", "location")]
    )
    encodings = {
        f["data_type"]: f["evidence"]["encodings"] for f in runs["violating"]["doc"]["findings"] if "encodings" in f["evidence"]
    }
    assert encodings["android-id"] == ["json > raw"] and encodings["imei"] == ["json > md5(value)"]
    assert encodings["location"] == ["json > base64 > raw"]
    assert summary(runs["compliant"]["doc"]) == []
    assert summary(runs["refusepath"]["doc"]) == [
        ("collection-after-refusal", dt, "app", "com.example.refusepath") for dt in ("clipboard", "imei", "location")
    ]
    assert data["proxy_after"] is None  # the device proxy was put back
    evidence = Path(runs["violating"]["doc"]["run"]["artifacts_dir"])
    assert (evidence / "consent-00-privacy.png").read_bytes().startswith(b"\x89PNG")  # taken with the device's screencap
    assert "I/ActivityManager: Start proc " in (evidence / "logcat.txt").read_text(encoding="utf-8", errors="replace")


def test_device_lost_mid_session_is_partial_and_keeps_data(tmp_path: Path, built: dict[str, Path]) -> None:
    data = drive(tmp_path, "device-lost", "adb29")
    assert data["app_started"]
    run = data["run"]
    assert run["code"] == 4, run["stderr"]
    doc = run["doc"]
    assert doc["run"]["status"] == "partial" and "lost" in doc["run"]["exit_reason"]
    assert any("devices restore" in n for n in doc["run"]["notes"])  # the proxy could not be put back: the ledger is kept
    assert {f["data_type"] for f in doc["findings"] if f["rule"] == "collection-before-consent"} == {
        "android-id",
        "contacts",
        "imei",
        "location",
    }
    assert not data["app_left_running"]


def test_proxy_restored_after_the_controller_is_killed(tmp_path: Path, built: dict[str, Path]) -> None:
    data = drive(tmp_path, "controller-killed", "adb36")
    assert data["proxy_set"] and len(data["ledgers_during"]) == 1
    assert data["proxy_after_kill"].startswith("127.0.0.1:")  # left changed by the killed controller
    assert data["restore"]["code"] == 0 and "restored" in data["restore"]["stdout"]
    assert data["proxy_after_restore"] == "10.0.0.9:3128" and data["ledgers_after"] == []
