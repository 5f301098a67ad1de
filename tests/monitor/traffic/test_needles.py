"""Needle expansion: every form a value may take, matched where it stands on its own."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from urllib.parse import quote

import pytest

from monitor.events import PiValue, ValueType
from monitor.traffic.match import PiMatcher
from monitor.traffic.needles import describe_variant, expand

IMEI = PiValue(ValueType.IMEI, "356938035643809")
AID = PiValue(ValueType.ANDROID_ID, "9774d56d682e549c")
MAC = PiValue(ValueType.MAC, "3c:28:6d:a1:b2:c3")
GEO = PiValue(ValueType.GEO, "39.9042,116.4074")


def variants(value: PiValue, url: str = "https://h/x", body: bytes = b"", headers: tuple[tuple[str, str], ...] = ()) -> set[str]:
    return {m.variant for m in PiMatcher([value]).match(url, headers, body)}


def encodings(value: PiValue, url: str = "https://h/x", body: bytes = b"", headers: tuple[tuple[str, str], ...] = ()) -> set[str]:
    return {m.encoding for m in PiMatcher([value]).match(url, headers, body)}


@pytest.mark.parametrize(
    ("body", "variant"),
    [
        (b'{"imei":"356938035643809"}', "raw"),
        (json.dumps({"h": hashlib.md5(b"356938035643809").hexdigest()}).encode(), "md5(value)"),
        (json.dumps({"h": hashlib.md5(b"356938035643809").hexdigest().upper()}).encode(), "md5(value)"),
        (json.dumps({"h": hashlib.sha1(b"356938035643809").hexdigest()}).encode(), "sha1(value)"),
        (json.dumps({"h": hashlib.sha256(b"356938035643809").hexdigest()}).encode(), "sha256(value)"),
        (json.dumps({"h": base64.b64encode(hashlib.md5(b"356938035643809").digest()).decode()}).encode(), "base64(md5(value))"),
        (b"d=ff00" + b"356938035643809".hex().encode() + b"00ff", "hex"),  # hex of binary: not decoded, found as hex
    ],
)
def test_imei_variants(body: bytes, variant: str) -> None:
    assert variant in variants(IMEI, body=body)


@pytest.mark.parametrize("prefix", [b"\x00", b"\x01\x02", b"\x03\x04\x05", b"\xff\xfe\xfd\xfc"])
def test_base64_inside_a_larger_binary_blob_at_any_alignment(prefix: bytes) -> None:
    # random bytes around the value: the blob does not decode to anything meaningful, so the
    # aligned base64 fragments are what finds it
    blob = base64.b64encode(prefix + b"356938035643809" + b"\x99\x88\x77")
    assert any(v.startswith("base64") for v in variants(IMEI, body=blob))


def test_base64_of_text_is_decoded_and_the_value_found_inside() -> None:
    blob = base64.b64encode(b'{"imei":"356938035643809","more":1}')
    assert encodings(IMEI, body=b"d=" + blob) == {"form > base64 > json > raw"}


def test_urlsafe_base64_and_url_encoding_and_case() -> None:
    value = PiValue(ValueType.CLIPBOARD, "验证码 482913?&")
    assert encodings(value, url="https://h/p?c=" + quote(value.value, safe="")) == {"query > raw"}
    tricky = PiValue(ValueType.CLIPBOARD, "~~~>>>???~~~")  # its base64 has '+' and '/', so the URL-safe form differs
    assert any("urlsafe" in v for v in variants(tricky, body=base64.urlsafe_b64encode(b"\xff\xfe" + tricky.value.encode())))
    assert not any("urlsafe" in v for v in variants(tricky, body=base64.b64encode(b"\xff\xfe" + tricky.value.encode())))
    assert "raw" in variants(AID, body=AID.value.upper().encode())
    assert "sha256(upper-value)" in variants(AID, body=hashlib.sha256(AID.value.upper().encode()).hexdigest().encode())


def test_mac_without_separators_and_location_parts() -> None:
    assert variants(MAC, body=b"mac=3C286DA1B2C3") == {"no-separators+raw"}
    assert "no-separators+md5(value)" in variants(MAC, body=hashlib.md5(b"3c286da1b2c3").hexdigest().encode())
    assert {"latitude+raw", "longitude+raw"} <= variants(GEO, url="https://h/w?lat=39.9042&lon=116.4074")
    assert encodings(GEO, body=base64.b64encode(b"39.9042,116.4074")) == {"base64 > raw"}


def test_truncated_coordinates_count_only_in_pairs_at_the_same_precision() -> None:
    geo = PiValue(ValueType.GEO, "39.904211,116.407395")
    both = variants(geo, url="https://h/w?la=39.904&lo=116.407")
    assert both == {"latitude(3 decimals)+raw", "longitude(3 decimals)+raw"}
    assert variants(geo, url="https://h/w?la=39.90&lo=116.41") == {"latitude(2 decimals)+raw", "longitude(2 decimals)+raw"}
    assert variants(geo, url="https://h/w?la=39.904&x=1") == set()  # a lone truncated latitude is just a number
    assert variants(geo, url="https://h/w?la=39.904&lo=116.41") == set()  # precisions differ


def test_compressed_and_form_bodies_and_headers() -> None:
    assert encodings(IMEI, body=gzip.compress(b'{"imei":"356938035643809"}'), headers=(("Content-Encoding", "gzip"),)) == {
        "gzip > json > raw"
    }
    assert encodings(IMEI, body=b"a=1&imei=356938035643809") == {"form > raw"}
    assert encodings(IMEI, headers=(("X-Device", "356938035643809"),)) == {"raw"}


def test_under_matching() -> None:
    assert variants(IMEI, body=b"nothing to see 35693803564380 here") == set()
    assert variants(IMEI, body=b"ts=1356938035643809") == set()  # inside a longer number
    assert variants(AID, body=b"sig=ab9774d56d682e549c01") == set()  # inside a longer hex string
    short = PiValue(ValueType.PHONE_NUMBER, "12345")
    assert not any(v.endswith("raw") for v in variants(short, body=b"id=12345"))
    # hashes of short values still match: they cannot occur by accident
    assert "md5(value)" in variants(short, body=hashlib.md5(b"12345").hexdigest().encode())


def test_bssid_without_separators_and_cell_id_alone() -> None:
    bssid = PiValue(ValueType.WIFI, "f4:84:8d:12:34:56")
    assert "no-separators+raw" in variants(bssid, body=b"bssid=F4848D123456")
    cell = PiValue(ValueType.CELL, "4362-28437514")
    assert "cell-id+raw" in variants(cell, body=b'{"lac":4362,"cid":28437514}')
    assert variants(cell, body=b'{"lac":4362}') == set()  # the area code alone is too short to match


def test_every_needle_is_described() -> None:
    for value in (IMEI, AID, MAC, GEO):
        for n in expand(value):
            text = describe_variant(n.variant, n.value_type)
            assert text.startswith("the ") and "(" not in text.split(" of ")[0], (n.variant, text)
    assert describe_variant("sha256(upper-value)", ValueType.ANDROID_ID) == "the sha256 hex digest of the Android ID, upper-cased"
    assert describe_variant("no-separators+base64(md5(value))", ValueType.MAC) == (
        "the base64 of the raw md5 digest of the MAC address without separators"
    )
