from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.sandbox.state import DeviceState, luhn_check_digit, luhn_valid


def test_luhn() -> None:
    assert luhn_check_digit("49015420323751") == "8"  # a documented example IMEI: 490154203237518
    assert luhn_valid("490154203237518") and not luhn_valid("490154203237519")


@pytest.mark.parametrize("seed", range(20))
def test_generated_devices_are_realistic(seed: int) -> None:
    d = DeviceState.generate(seed)
    d.validate()
    assert len(d.imei) == 15 and luhn_valid(d.imei)
    assert d.imsi.startswith("460") and len(d.imsi) == 15
    assert d.iccid.startswith("8986") and luhn_valid(d.iccid)
    assert len(d.android_id) == 16 and int(d.android_id, 16) >= 0
    assert len(d.wifi_mac.split(":")) == 6


def test_default_device_is_valid_and_deterministic() -> None:
    DeviceState().validate()
    assert DeviceState.generate(3) == DeviceState.generate(3) != DeviceState.generate(4)


def test_overrides_from_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "d.toml"
    toml.write_text(
        'model = "Mi 14"\nlatitude = 31.2304\ncontacts = [{name = "王五", phone = "13700137000"}]\ngranted = []\n',
        encoding="utf-8",
    )
    d = DeviceState.load(toml)
    assert d.model == "Mi 14" and d.latitude == 31.2304 and d.contacts[0].name == "王五" and d.granted == ()
    scan = tmp_path / "scan.toml"
    scan.write_text('wifi_scan = [{ssid = "Cafe", bssid = "00:11:22:33:44:55"}]\n', encoding="utf-8")
    assert DeviceState.load(scan).wifi_scan[0].bssid == "00:11:22:33:44:55"
    js = tmp_path / "d.json"
    js.write_text('{"prompt_answer": "grant"}')
    assert DeviceState.load(js).prompt_answer == "grant"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ('imei = "356938035643808"', "Luhn"),
        ('android_id = "XYZ"', "16 lowercase hex"),
        ("shoe_size = 42", "unknown keys shoe_size"),
        ("model = ", "not valid TOML"),
        ('prompt_answer = "maybe"', "prompt_answer"),
        ('ca_store = "sdcard"', "ca_store must be 'system' or 'user'"),
        ("latitude = 123.0", "out of range"),
        ('wifi_scan = [{ssid = "x"}]', "wifi_scan entries need"),
    ],
)
def test_bad_device_config(tmp_path: Path, content: str, error: str) -> None:
    f = tmp_path / "d.toml"
    f.write_text(content)
    with pytest.raises(ConfigError, match=error):
        DeviceState.load(f)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read device config"):
        DeviceState.load(tmp_path / "nope.toml")


def test_props_and_device_json() -> None:
    d = DeviceState(model="Mi 14", prompt_answer="grant")
    props = d.build_props()
    assert props["ro.product.model"] == "Mi 14" and props["ro.build.version.sdk"] == "34" and props["ro.privmon.sandbox"] == "1"
    j = d.device_json()
    assert j["telephony"]["imei"] == d.imei and j["promptAnswer"] == "grant" and j["contacts"][0]["name"] == "张伟"
