"""What to look for: each PI value expanded into the byte patterns ("needles") an SDK may send.

A value's plain forms (the value; a MAC or BSSID without separators; a location's latitude and
longitude apart, and truncated or rounded to 2–6 decimals; a cell's id alone) are each written as:

- raw text, matched without regard to case; URL-encoded; hex of its bytes;
- base64 (standard and URL-safe), as it appears inside a larger base64 blob at any of the three byte
  alignments;
- md5 / sha1 / sha256 digests of the form as is, lower-cased and upper-cased: hex (either case) and
  base64 of the raw digest.

Under-match rather than over-match:

- short forms (under :data:`MIN_RAW_LENGTH` characters) are never matched as raw text, only hashed;
- a raw form must stand on its own: an IMEI inside a longer run of digits, or an Android ID inside a
  longer hex string, is not a match (see :attr:`Needle.bounded`);
- truncated coordinates count only when latitude and longitude are both found at the same precision
  in the same request (:attr:`Needle.pair`).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import quote

from monitor.events import PiValue, ValueType

MIN_RAW_LENGTH = 6
BOUNDED_BELOW = 24  # raw forms shorter than this must not be part of a longer token
COORDINATE_DECIMALS = range(2, 7)

_DIGITS = frozenset(b"0123456789")
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True, slots=True)
class Needle:
    value_type: ValueType
    value: str
    variant: str  # how the value is written: raw, md5(lower-value), no-separators+raw, base64@1, ...
    pattern: bytes  # lower-cased when case_insensitive
    case_insensitive: bool
    token: frozenset[int] = frozenset()  # bounded: the match may not touch a byte of this class
    pair: str = ""  # "latitude@3": kept only if its partner ("longitude@3") matched in the same request

    @property
    def bounded(self) -> bool:
        return bool(self.token)

    def describe(self) -> str:
        return describe_variant(self.variant, self.value_type)


NAMES: dict[str, str] = {
    "imei": "IMEI",
    "meid": "MEID",
    "imsi": "IMSI",
    "iccid": "ICCID",
    "phone_number": "phone number",
    "android_id": "Android ID",
    "mac": "MAC address",
    "wifi": "Wi-Fi BSSID",
    "geo": "location",
    "cell": "cell identity",
    "serial": "serial number",
    "gaid": "advertising ID (GAID)",
    "oaid": "OAID",
}


def describe_variant(variant: str, value_type: ValueType | str) -> str:
    """A phrase for a report: 'the sha256 hex digest of the Android ID, upper-cased'."""
    name = NAMES.get(str(value_type), str(value_type).replace("_", " "))
    form, _, how = variant.rpartition("+")
    if form.startswith(("latitude", "longitude")):
        side, _, decimals = form.partition("(")
        subject = f"the {side} of the {name}" + (f", to {decimals.rstrip(')')}" if decimals else "")
    elif form == "no-separators":
        subject = f"the {name} without separators"
    elif form == "cell-id":
        subject = "the cell id of the cell identity"
    else:
        subject = f"the {name}"
    if how in ("raw", "field"):
        return f"{subject} as plain text"
    if how == "url-encoded":
        return f"{subject}, URL-encoded"
    if how == "hex":
        return f"{subject}, hex-encoded"
    if how.startswith("base64("):
        inner = how[len("base64(") : -1]
        algo, _, case = inner.partition("(")
        return f"the base64 of the raw {algo} digest of {_cased(case[:-1], subject)}"
    if how.startswith("base64"):
        return f"{subject}, base64-encoded" + (" (URL-safe alphabet)" if "urlsafe" in how else "")
    algo, _, case = how.partition("(")
    return f"the {algo} hex digest of {_cased(case[:-1], subject)}"


def _cased(case: str, subject: str) -> str:
    if case.startswith("lower-"):
        return subject + ", lower-cased"
    if case.startswith("upper-"):
        return subject + ", upper-cased"
    return subject


def _b64_fragments(data: bytes, urlsafe: bool) -> list[tuple[int, str]]:
    """Base64 of ``data`` as it appears inside a larger blob, for each alignment (0, 1, 2 bytes before):
    the characters that depend only on ``data``."""
    out = []
    for shift in range(3):
        raw = b"\0" * shift + data
        enc = (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode().rstrip("=")
        start = (0, 2, 3)[shift]
        end = (len(raw) * 8) // 6
        fragment = enc[start:end]
        if len(fragment) >= 4:
            out.append((shift, fragment))
    return out


def _coordinate(text: str, decimals: int, rounding: str) -> str | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return str(number.quantize(Decimal(1).scaleb(-decimals), rounding=rounding))


def _forms(value_type: ValueType, value: str) -> list[tuple[str, str, str]]:
    """Plain-text forms of a value: (name, text, pair key) before encodings and hashes are applied."""
    forms = [("", value, "")]
    if value_type in (ValueType.MAC, ValueType.WIFI):
        bare = value.replace(":", "").replace("-", "")
        forms.append(("no-separators", bare, ""))
    if value_type == ValueType.GEO and "," in value:
        lat, lon = (s.strip() for s in value.split(",", 1))
        forms += [("latitude", lat, ""), ("longitude", lon, "")]
        for side, text in (("latitude", lat), ("longitude", lon)):
            decimals = len(text.partition(".")[2])
            for n in COORDINATE_DECIMALS:
                if n >= decimals:
                    break
                for rounding in (ROUND_DOWN, ROUND_HALF_UP):  # truncated or rounded
                    short = _coordinate(text, n, rounding)
                    if short is not None:
                        forms.append((f"{side}({n} decimals)", short, str(n)))
    if value_type == ValueType.CELL and "-" in value:
        forms.append(("cell-id", value.rsplit("-", 1)[1], ""))
    return forms


def _token_class(pattern: bytes) -> frozenset[int]:
    body = pattern.lstrip(b"-")
    if body and all(b in _DIGITS or b == 0x2E for b in body):  # digits, maybe a decimal point
        return _DIGITS
    if all(b in _ALNUM for b in pattern):
        return _ALNUM
    return frozenset()


def expand(value: PiValue) -> list[Needle]:
    needles: dict[tuple[bytes, bool], Needle] = {}

    def add(variant: str, pattern: str | bytes, case_insensitive: bool, bounded: bool, pair: str = "") -> None:
        p = pattern.encode() if isinstance(pattern, str) else pattern
        if case_insensitive:
            p = p.lower()
        key = (p, case_insensitive)
        if not p or key in needles:
            return
        token = _token_class(p) if bounded and len(p) < BOUNDED_BELOW else frozenset()
        needles[key] = Needle(value.type, value.value, variant, p, case_insensitive, token, pair)

    for form, text, pair in _forms(value.type, value.value):
        prefix = form + "+" if form else ""
        if pair:
            # a truncated coordinate is only a number: plain text, paired with its partner
            side = form.split("(", 1)[0]
            add(prefix + "raw", text, True, True, f"{side}@{pair}")
            continue
        if len(text) >= MIN_RAW_LENGTH:
            add(prefix + "raw", text, True, True)
            encoded = quote(text, safe="")
            if encoded != text:
                add(prefix + "url-encoded", encoded, True, False)
            add(prefix + "hex", text.encode().hex(), True, False)  # >= 12 hex digits: no accidental match
            for urlsafe in (False, True):
                for shift, fragment in _b64_fragments(text.encode(), urlsafe):
                    name = "base64" + ("-urlsafe" if urlsafe else "") + (f"@{shift}" if shift else "")
                    add(prefix + name, fragment, False, False)
        for case_name, variant in (("", text), ("lower-", text.lower()), ("upper-", text.upper())):
            if case_name and variant == text:
                continue
            for algo in ("md5", "sha1", "sha256"):
                digest = hashlib.new(algo, variant.encode()).digest()
                add(f"{prefix}{algo}({case_name}value)", digest.hex(), True, False)
                add(f"{prefix}base64({algo}({case_name}value))", base64.b64encode(digest).decode().rstrip("="), False, False)
    return list(needles.values())
