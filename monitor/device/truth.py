"""Device ground truth: identifiers read from the device itself, not from the app.

Hooks see what the app reads through the APIs they hook. An SDK can also read an identifier another
way: native code, a static field such as ``Build.SERIAL`` (fields cannot be hooked), a file such as
``/sys/class/net/wlan0/address``. The value it sends is still the device's, so the matcher also looks
for the values read here. A match on one of them says so: the value was sent, and no hook saw the
app collect it.

Read with ordinary shell commands (no root): the same commands over ADB on a phone, an emulator and the
virtual device, and against the sandbox's own state in ``--direct`` mode. Whatever a device does not
give (a command refused, a placeholder value) is left out, never guessed. The Android ID is read only
below Android 8: from then on each app gets its own, which the device-wide setting is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from monitor.events import ValueType
from monitor.sandbox.state import luhn_valid

Shell = Callable[[Sequence[str]], str | None]
"""Runs one command on the device: its output if it succeeded, None if not."""

ANDROID_O = 26  # per-app Android IDs from here on
ANDROID_Q = 29  # iphonesubinfo refuses the shell from here on

_MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
_PLACEHOLDER_MACS = {"00:00:00:00:00:00", "02:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"}
_PLACEHOLDERS = {"", "unknown", "null", "0", "0123456789abcdef", "0123456789ABCDEF"}
_PARCEL_WORD = re.compile(r"\b([0-9a-fA-F]{8})\b")


@dataclass(frozen=True)
class TruthValue:
    """One identifier the device gave, and the command that read it."""

    type: ValueType
    value: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"type": str(self.type), "value": self.value, "source": self.source}

    @staticmethod
    def from_dict(d: dict[str, str]) -> TruthValue:
        return TruthValue(ValueType(d["type"]), d["value"], d["source"])


def _mac(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    return value if _MAC.match(value) and value not in _PLACEHOLDER_MACS else None


def _plain(text: str | None) -> str | None:
    value = (text or "").strip()
    return value if value not in _PLACEHOLDERS and "\n" not in value and len(value) <= 64 else None


def parcel_string(output: str | None) -> str | None:
    """The string in ``service call``'s reply: ``Result: Parcel(0x00000000: 00000000 0000000f 00350033 ...)``.

    Words are 32-bit little-endian: an exception code (0), the length in UTF-16 units, then two units per
    word, the low half first. None for an error reply or anything unexpected."""
    if not output or "Parcel(" not in output:
        return None
    words = [int(w, 16) for line in output.splitlines() for w in _PARCEL_WORD.findall(line.split("'", 1)[0].split(":", 1)[-1])]
    if len(words) < 2 or words[0] != 0 or not 0 < words[1] <= 64:
        return None
    units = [u for w in words[2:] for u in (w & 0xFFFF, w >> 16)][: words[1]]
    if len(units) < words[1] or any(not 0x20 <= u < 0x7F for u in units):
        return None
    return "".join(map(chr, units))


def read_ground_truth(shell: Shell, api_level: int) -> list[TruthValue]:
    """The identifiers this device gives to a shell (see the module docstring)."""
    out: list[TruthValue] = []

    def add(value_type: ValueType, value: str | None, source: str) -> None:
        if value is not None and all(v.value != value or v.type != value_type for v in out):
            out.append(TruthValue(value_type, value, source))

    for prop in ("ro.serialno", "ro.boot.serialno"):
        add(ValueType.SERIAL, _plain(shell(["getprop", prop])), f"getprop {prop}")
    if api_level < ANDROID_O:
        android_id = _plain(shell(["settings", "get", "secure", "android_id"]))
        if android_id is not None and re.fullmatch(r"[0-9a-fA-F]{13,16}", android_id):
            add(ValueType.ANDROID_ID, android_id.lower(), "settings get secure android_id")
    add(ValueType.MAC, _mac(shell(["cat", "/sys/class/net/wlan0/address"])), "cat /sys/class/net/wlan0/address")
    add(ValueType.MAC, _mac(shell(["settings", "get", "secure", "bluetooth_address"])), "settings get secure bluetooth_address")
    if api_level < ANDROID_Q:
        imei = parcel_string(shell(["service", "call", "iphonesubinfo", "1"]))
        if imei is not None and re.fullmatch(r"\d{15}", imei) and luhn_valid(imei):
            add(ValueType.IMEI, imei, "service call iphonesubinfo 1")
    return out
