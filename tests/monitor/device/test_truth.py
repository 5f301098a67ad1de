"""Device ground truth: what each shell answer gives, and what is left out."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from monitor.device.truth import TruthValue, parcel_string, read_ground_truth
from monitor.events import ValueType

# `service call iphonesubinfo 1` on an Android 7 phone (IMEI 356938035643809)
IMEI_PARCEL = """Result: Parcel(
  0x00000000: 00000000 0000000f 00350033 00390036 '........3.5.6.9.'
  0x00000010: 00380033 00330030 00360035 00330034 '3.8.0.3.5.6.4.3.'
  0x00000020: 00300038 00000039                   '8.0.9...        ')"""
REFUSED_PARCEL = """Result: Parcel(
  0x00000000: ffffffff 00000042 00650052 00750071 '....B...R.e.q.u.'
  0x00000010: 00720069 00730065 00520020 00410045 'i.r.e.s. .R.E.A.')"""


def shell_of(answers: dict[str, str]) -> tuple[list[str], object]:
    asked: list[str] = []

    def shell(args: Sequence[str]) -> str | None:
        command = " ".join(args)
        asked.append(command)
        return answers.get(command)

    return asked, shell


PHONE = {
    "getprop ro.serialno": "R58N91ABCDE\n",
    "getprop ro.boot.serialno": "R58N91ABCDE\n",
    "settings get secure android_id": "9774d56d682e549c\n",
    "cat /sys/class/net/wlan0/address": "3C:28:6D:A1:B2:C3\n",
    "settings get secure bluetooth_address": "3c:28:6d:a1:b2:c4",
    "service call iphonesubinfo 1": IMEI_PARCEL,
}


def test_an_old_phone_gives_serial_android_id_macs_and_imei() -> None:
    asked, shell = shell_of(PHONE)
    got = read_ground_truth(shell, 25)  # type: ignore[arg-type]
    assert got == [
        TruthValue(ValueType.SERIAL, "R58N91ABCDE", "getprop ro.serialno"),
        TruthValue(ValueType.ANDROID_ID, "9774d56d682e549c", "settings get secure android_id"),
        TruthValue(ValueType.MAC, "3c:28:6d:a1:b2:c3", "cat /sys/class/net/wlan0/address"),
        TruthValue(ValueType.MAC, "3c:28:6d:a1:b2:c4", "settings get secure bluetooth_address"),
        TruthValue(ValueType.IMEI, "356938035643809", "service call iphonesubinfo 1"),
    ]
    assert all(TruthValue.from_dict(t.as_dict()) == t for t in got)


def test_a_modern_phone_is_not_asked_for_what_it_would_not_give_an_app() -> None:
    asked, shell = shell_of(PHONE)
    got = read_ground_truth(shell, 34)  # type: ignore[arg-type]
    assert {t.type for t in got} == {ValueType.SERIAL, ValueType.MAC}  # per-app Android ID; IMEI refused to the shell
    assert not any("android_id" in a or "iphonesubinfo" in a for a in asked)


@pytest.mark.parametrize(
    "answers",
    [
        {},  # every command failed
        {
            "getprop ro.serialno": "unknown",
            "getprop ro.boot.serialno": "\n",
            "settings get secure android_id": "null",
            "cat /sys/class/net/wlan0/address": "02:00:00:00:00:00",
            "settings get secure bluetooth_address": "null",
            "service call iphonesubinfo 1": REFUSED_PARCEL,
        },
        {
            "cat /sys/class/net/wlan0/address": "not a mac",
            "service call iphonesubinfo 1": IMEI_PARCEL.replace("00000039", "00000038"),
        },
    ],
    ids=["refused", "placeholders", "malformed"],
)
def test_nothing_is_guessed(answers: dict[str, str]) -> None:
    _, shell = shell_of(answers)
    assert read_ground_truth(shell, 25) == []  # type: ignore[arg-type]


def test_parcel_strings() -> None:
    assert parcel_string(IMEI_PARCEL) == "356938035643809"
    assert parcel_string(REFUSED_PARCEL) is None
    assert parcel_string("Result: Parcel(00000000 00000000   '........')") is None  # empty
    assert parcel_string("service: not found") is None and parcel_string(None) is None
