"""Opt-in tests on a real phone or emulator: ``PRIVMON_DEVICE=SERIAL pytest -m device``.

Needs a rooted device or an emulator with frida-server available (see the README: "Running on a
phone or an emulator"); ``PRIVMON_FRIDA_SERVER`` may point to the frida-server binary to deploy.
Skipped when PRIVMON_DEVICE is not set: no real Android runs on our build machines.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.device.adb import adb_client, resolve_device
from monitor.device.fridaserver import ServerSpec, deploy

SERIAL = os.environ.get("PRIVMON_DEVICE")
pytestmark = [pytest.mark.device, pytest.mark.skipif(not SERIAL, reason="set PRIVMON_DEVICE=SERIAL to run on a real device")]


def test_facts_of_the_real_device() -> None:
    facts = resolve_device(adb_client(), SERIAL).facts()
    assert facts.state == "device" and facts.api_level >= 21 and facts.abi and not facts.sandbox


def test_frida_server_deploys(tmp_path: Path) -> None:
    device = resolve_device(adb_client(), SERIAL)
    binary = os.environ.get("PRIVMON_FRIDA_SERVER")
    server = deploy(device, tmp_path, ServerSpec(), Path(binary) if binary else None)
    assert server.pid > 0


def test_ui_dump_and_screencap() -> None:
    device = resolve_device(adb_client(), SERIAL)
    assert "<hierarchy" in device.dump_ui()
    assert device.screencap().startswith(b"\x89PNG")
