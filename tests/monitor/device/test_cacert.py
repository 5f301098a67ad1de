from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from monitor.capture.proxy import ProxyThread
from monitor.capture.records import FlowRecord
from monitor.device.cacert import APEX_STORE, SYSTEM_STORE, subject_hash_old, system_store_plan


class Sink:
    def on_flow(self, record: FlowRecord) -> None:
        return None

    def on_proxy_activity(self) -> None:
        return None


def test_subject_hash_matches_openssl(tmp_path: Path) -> None:
    proxy = ProxyThread(Sink(), tmp_path / "conf").start()
    proxy.stop()
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is needed for this check")
    expected = subprocess.run(
        [openssl, "x509", "-noout", "-subject_hash_old", "-in", str(proxy.ca_cert)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert subject_hash_old(proxy.ca_cert.read_bytes()) == expected


def test_plan_before_android_14() -> None:
    plan = system_store_plan(33, "c8750f0d.0")
    assert plan[1] == f"cp {SYSTEM_STORE}/* /data/local/tmp/privmon-cacerts/store/"
    assert f"mount -t tmpfs tmpfs {SYSTEM_STORE}" in plan and not any("nsenter" in s for s in plan)
    assert plan.index(f"mount -t tmpfs tmpfs {SYSTEM_STORE}") < plan.index(
        f"cp /data/local/tmp/privmon-cacerts/store/* {SYSTEM_STORE}/"
    )
    assert plan[-1].startswith("rm -rf")


def test_plan_on_android_14_binds_into_the_apex_in_every_namespace() -> None:
    plan = system_store_plan(34, "c8750f0d.0")
    assert plan[1].startswith(f"cp {APEX_STORE}/* ")  # the live store is the APEX one
    (bind,) = [s for s in plan if "nsenter" in s]
    assert "zygote zygote64" in bind and f"mount --bind {SYSTEM_STORE} {APEX_STORE}" in bind


def test_plan_quotes_the_name() -> None:
    assert "'a b.0'" in system_store_plan(30, "a b.0")[2]
