"""The decoder on hostile or odd input: bounded, and it never raises."""

from __future__ import annotations

import base64
import gzip
import json

from monitor.traffic.decode import MAX_INFLATED, MAX_PARTS, decode_request, parse_protobuf


def test_a_decompression_bomb_is_bounded() -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))
    parts = decode_request("https://h/x", [("Content-Encoding", "gzip")], bomb)
    assert sum(len(p.data) for p in parts if p.path[-1:] == ("gzip",)) <= MAX_INFLATED


def test_deep_nesting_and_many_leaves_are_bounded() -> None:
    layer = b'{"imei":"356938035643809"}'
    for _ in range(40):
        layer = b"d=" + base64.b64encode(layer)
    assert len(decode_request("https://h/x", [], layer)) < 100
    wide = json.dumps({f"k{i}": f"value-{i:08d}" for i in range(20000)}).encode()
    assert len(decode_request("https://h/x", [], wide)) <= MAX_PARTS + 1


def test_garbage_never_raises() -> None:
    for body in (
        b"\x1f\x8b\x08garbage",
        b"\x78\x9cnot zlib",
        b"{not json",
        b"eyJhbGciOi.x.y",
        b"--b\r\nnothing",
        bytes(range(256)),
    ):
        decode_request("https://h/x?%zz=%", [("Cookie", '"; =; a'), ("Content-Encoding", "br")], body)


def test_protobuf_is_strict() -> None:
    assert parse_protobuf(b"\x0a\x03abc\x10\x01") == [(1, 2, b"abc"), (2, 0, 1)]
    assert parse_protobuf(b"hello world") is None  # text is not a message
    assert parse_protobuf(b"\x0a\x09abc") is None  # length past the end
    assert parse_protobuf(b"\x0b\x0c") is None  # groups are refused
