"""The sandbox device's state: identity, sensors, settings, contacts, packages, permission grants.

Values are realistic (an IMEI with a valid Luhn check digit, a China Mobile IMSI, an ICCID, a
16-hex Android ID, a vendor-OUI Wi-Fi MAC, an MSA-style OAID, a GPS fix) and configurable: a TOML
or JSON file can override any field (``privmon run --device-config FILE``).
"""

from __future__ import annotations

import json
import random
import tomllib
import uuid
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.sandbox.devicefs import DeviceFS


def luhn_check_digit(body: str) -> str:
    """Luhn check digit for a string of digits (IMEI, ICCID)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_check_digit(number[:-1]) == number[-1]


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


@dataclass(frozen=True)
class AccessPoint:
    ssid: str
    bssid: str
    level: int = -60


@dataclass(frozen=True)
class DeviceState:
    model: str = "Pixel 7"
    manufacturer: str = "Google"
    sdk: int = 34
    release: str = "14"
    imei: str = "356938035643809"
    meid: str = "A1000049A2B3C4"
    imsi: str = "460001357924680"
    iccid: str = "89860012345678901238"
    line1: str = "+8613800138000"
    android_id: str = "9774d56d682e549c"
    wifi_mac: str = "3c:28:6d:a1:b2:c3"
    wifi_ssid: str = "ChinaNet-5G"
    wifi_bssid: str = "f4:84:8d:12:34:56"
    oaid: str = "a8c6b0e4-3f1d-4b7a-9e2c-5d6f7a8b9c0d"
    gaid: str = "38400000-8cf0-11bd-b23e-10b96e40000d"
    wifi_scan: tuple[AccessPoint, ...] = (
        AccessPoint("CMCC-Home", "a4:50:46:11:22:33", -48),
        AccessPoint("TP-LINK_5G_8A2F", "64:09:80:44:55:66", -71),
    )
    cell_lac: int = 4362
    cell_id: int = 28437514
    bt_mac: str = "3c:28:6d:a1:b2:c4"
    accounts: tuple[str, ...] = ("zhang.wei@example.com",)
    latitude: float = 39.9042
    longitude: float = 116.4074
    accuracy: float = 12.5
    city: str = "北京市"
    clipboard: str = "验证码 482913"
    contacts: tuple[Contact, ...] = (
        Contact("张伟", "13800138001"),
        Contact("李娜", "13900139002"),
        Contact("Wang Fang", "+8618600186003"),
    )
    packages: tuple[str, ...] = ("com.tencent.mm", "com.eg.android.AlipayGphone", "com.sina.weibo", "com.ss.android.ugc.aweme")
    granted: tuple[str, ...] | None = None  # None: every manifest permission granted at install (adb install -g)
    prompt_answer: str = "dialog"
    """How runtime permission prompts are answered: grant | deny (at once, no UI) | dialog (the
    permission controller's dialog is shown and waits for a tap, as on a phone)."""
    ca_store: str = "system"
    """Where privmon's CA certificate is installed: system (a rooted phone or an emulator) or user (an
    unrooted phone: apps and WebView trust only system CAs, so only unpinning opens their TLS)."""

    @staticmethod
    def generate(seed: int) -> DeviceState:
        """A different, equally realistic device for the given seed."""
        rng = random.Random(seed)
        tac = rng.choice(["35693803", "86891204", "35328811", "86716104"])
        body = tac + "".join(rng.choice("0123456789") for _ in range(6))
        iccid_body = "898600" + "".join(rng.choice("0123456789") for _ in range(13))
        oui = rng.choice(["3c:28:6d", "f0:ee:10", "a4:50:46", "64:09:80"])
        mac = oui + ":" + ":".join(f"{rng.randrange(256):02x}" for _ in range(3))
        return replace(
            DeviceState(),
            imei=body + luhn_check_digit(body),
            imsi="46000" + "".join(rng.choice("0123456789") for _ in range(10)),
            iccid=iccid_body + luhn_check_digit(iccid_body),
            android_id=f"{rng.getrandbits(64):016x}",
            wifi_mac=mac,
            oaid=f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-{rng.getrandbits(16):04x}-{rng.getrandbits(48):012x}",
            gaid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            latitude=round(rng.uniform(22.0, 40.0), 4),
            longitude=round(rng.uniform(100.0, 121.0), 4),
        )

    @staticmethod
    def load(path: Path, base: DeviceState | None = None) -> DeviceState:
        """Overrides from a TOML or JSON file; unknown keys are an error, not silently ignored."""
        try:
            text = path.read_text(encoding="utf-8")
            data: dict[str, Any] = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        except OSError as e:
            raise ConfigError(f"cannot read device config {path}: {e.strerror}") from e
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as e:
            raise ConfigError(f"device config {path} is not valid {'TOML' if path.suffix == '.toml' else 'JSON'}: {e}") from e
        known = {f.name for f in fields(DeviceState)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"device config {path}: unknown keys {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        try:
            if "contacts" in data:
                data["contacts"] = tuple(Contact(**c) for c in data["contacts"])
            if "wifi_scan" in data:
                data["wifi_scan"] = tuple(AccessPoint(**ap) for ap in data["wifi_scan"])
        except TypeError as e:
            raise ConfigError(f"device config {path}: contacts and wifi_scan entries need the documented keys: {e}") from e
        for key in ("packages", "granted", "accounts"):
            if data.get(key) is not None:
                data[key] = tuple(data[key])
        state = replace(base or DeviceState(), **data)
        state.validate()
        return state

    def validate(self) -> None:
        if not luhn_valid(self.imei) or len(self.imei) != 15:
            raise ConfigError(f"imei {self.imei!r} is not a 15-digit number with a valid Luhn check digit")
        if len(self.android_id) != 16 or any(c not in "0123456789abcdef" for c in self.android_id):
            raise ConfigError(f"android_id {self.android_id!r} must be 16 lowercase hex digits")
        if self.ca_store not in ("system", "user"):
            raise ConfigError(f"ca_store must be 'system' or 'user', not {self.ca_store!r}")
        if self.prompt_answer not in ("grant", "deny", "dialog"):
            raise ConfigError(f"prompt_answer must be 'grant', 'deny' or 'dialog', not {self.prompt_answer!r}")
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise ConfigError("latitude/longitude out of range")

    def build_props(self) -> dict[str, str]:
        """``system/build.prop`` of the device (getprop; ``android.os.Build`` reads these)."""
        return {
            "ro.product.model": self.model,
            "ro.product.manufacturer": self.manufacturer,
            "ro.product.brand": self.manufacturer.lower(),
            "ro.product.name": self.model.lower().replace(" ", "_"),
            "ro.product.device": self.model.lower().replace(" ", "_"),
            "ro.product.cpu.abi": "x86_64",
            "ro.build.version.sdk": str(self.sdk),
            "ro.build.version.release": self.release,
            "ro.build.type": "userdebug",
            "ro.debuggable": "1",
            "ro.serialno": self.imei[-8:],
            "ro.privmon.sandbox": "1",
        }

    def write_identity(self, fs: DeviceFS) -> None:
        """What the device's services, settings and ``/sys`` say about it (both sandbox set-ups)."""
        fs.write_device(self.device_json())
        fs.put_setting("secure", "android_id", self.android_id)
        fs.put_setting("secure", "bluetooth_address", self.bt_mac.upper())
        wlan0 = fs.root / "sys" / "class" / "net" / "wlan0"
        wlan0.mkdir(parents=True, exist_ok=True)
        (wlan0 / "address").write_text(self.wifi_mac + "\n", encoding="ascii")

    def device_json(self) -> dict[str, Any]:
        """``data/system/device.json``: what the telephony, Wi-Fi, location, contacts... services serve."""
        return {
            "telephony": {
                "imei": self.imei,
                "imsi": self.imsi,
                "iccid": self.iccid,
                "line1": self.line1,
                "meid": self.meid,
                "simOperator": self.imsi[:5],
                "operatorName": "中国移动",
            },
            "wifi": {
                "mac": self.wifi_mac,
                "ssid": self.wifi_ssid,
                "bssid": self.wifi_bssid,
                "ip": 0x0A01A8C0,
                "scan": [asdict(ap) for ap in self.wifi_scan],
            },
            "cell": {"lac": self.cell_lac, "cid": self.cell_id},
            "location": {"latitude": self.latitude, "longitude": self.longitude, "accuracy": self.accuracy, "city": self.city},
            "ads": {"oaid": self.oaid, "gaid": self.gaid},
            "bluetooth": {"mac": self.bt_mac},
            "accounts": [{"name": a, "type": "com.google"} for a in self.accounts],
            "clipboard": {"text": self.clipboard},
            "contacts": [asdict(c) for c in self.contacts],
            "packages": [{"name": p} for p in self.packages],
            "promptAnswer": self.prompt_answer,
        }
