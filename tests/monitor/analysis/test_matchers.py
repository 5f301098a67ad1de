from __future__ import annotations

import base64
import gzip
import hashlib
import json
from urllib.parse import quote

import pytest

from monitor.analysis.matchers import expand, haystacks, search
from monitor.events import PiValue, ValueType

IMEI = PiValue(ValueType.IMEI, "356938035643809")
AID = PiValue(ValueType.ANDROID_ID, "9774d56d682e549c")
MAC = PiValue(ValueType.MAC, "3c:28:6d:a1:b2:c3")
GEO = PiValue(ValueType.GEO, "39.9042,116.4074")


def find(value: PiValue, url: str = "https://h/x", body: bytes = b"", headers: tuple[tuple[str, str], ...] = ()) -> set[str]:
    return {m.encoding for m in search(expand(value), haystacks(url, headers, body))}


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (b'{"imei":"356938035643809"}', "raw"),
        (json.dumps({"h": hashlib.md5(b"356938035643809").hexdigest()}).encode(), "md5(value)"),
        (json.dumps({"h": hashlib.md5(b"356938035643809").hexdigest().upper()}).encode(), "md5(value)"),
        (json.dumps({"h": hashlib.sha1(b"356938035643809").hexdigest()}).encode(), "sha1(value)"),
        (json.dumps({"h": hashlib.sha256(b"356938035643809").hexdigest()}).encode(), "sha256(value)"),
        (json.dumps({"h": base64.b64encode(hashlib.md5(b"356938035643809").digest()).decode()}).encode(), "base64(md5(value))"),
        (b"d=" + base64.b64encode(b"356938035643809"), "base64"),
    ],
)
def test_imei_encodings(body: bytes, encoding: str) -> None:
    assert encoding in find(IMEI, body=body)


@pytest.mark.parametrize("prefix", [b"", b"x", b"xy", b'{"imei":"'])
def test_base64_inside_a_larger_blob_at_any_alignment(prefix: bytes) -> None:
    blob = base64.b64encode(prefix + b"356938035643809" + b'","more":1}')
    assert any(e.startswith("base64") for e in find(IMEI, body=blob))


def test_urlsafe_base64_and_url_encoding_and_case() -> None:
    value = PiValue(ValueType.CLIPBOARD, "验证码 482913?&")
    assert "url-encoded" in find(value, url="https://h/p?c=" + quote(value.value, safe=""))
    tricky = PiValue(ValueType.CLIPBOARD, "~~~>>>???~~~")  # its base64 has '+' and '/', so the URL-safe form differs
    assert any("urlsafe" in e for e in find(tricky, body=base64.urlsafe_b64encode(b"\xff\xfe" + tricky.value.encode())))
    assert not any("urlsafe" in e for e in find(tricky, body=base64.b64encode(tricky.value.encode())))
    assert "raw" in find(AID, body=AID.value.upper().encode())
    assert "sha256(upper-value)" in find(AID, body=hashlib.sha256(AID.value.upper().encode()).hexdigest().encode())


def test_mac_without_separators_and_location_parts() -> None:
    assert "no-separators+raw" in find(MAC, body=b"mac=3C286DA1B2C3")
    assert "no-separators+md5(value)" in find(MAC, body=hashlib.md5(b"3c286da1b2c3").hexdigest().encode())
    enc = find(GEO, url="https://h/w?lat=39.9042&lon=116.4074")
    assert {"latitude+raw", "longitude+raw"} <= enc
    assert "base64" in find(GEO, body=base64.b64encode(b"39.9042,116.4074"))


def test_compressed_and_form_bodies_and_headers() -> None:
    assert "raw" in find(IMEI, body=gzip.compress(b'{"imei":"356938035643809"}'), headers=(("Content-Encoding", "gzip"),))
    assert "raw" in find(IMEI, body=b"a=1&imei=356938035643809")
    assert "raw" in find(IMEI, headers=(("X-Device", "356938035643809"),))


def test_under_matching() -> None:
    assert find(IMEI, body=b"nothing to see 35693803564380 here") == set()
    short = PiValue(ValueType.PHONE_NUMBER, "12345")
    assert not any(e.endswith("raw") for e in find(short, body=b"id=12345"))
    # hashes of short values still match: they cannot occur by accident
    assert "md5(value)" in find(short, body=hashlib.md5(b"12345").hexdigest().encode())


def test_bssid_without_separators_and_cell_id_alone() -> None:
    bssid = PiValue(ValueType.WIFI, "f4:84:8d:12:34:56")
    assert "no-separators+raw" in find(bssid, body=b"bssid=F4848D123456")
    cell = PiValue(ValueType.CELL, "4362-28437514")
    assert "cell-id+raw" in find(cell, body=b'{"lac":4362,"cid":28437514}')
    assert find(cell, body=b'{"lac":4362}') == set()  # the area code alone is too short to match
