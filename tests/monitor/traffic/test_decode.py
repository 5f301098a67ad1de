"""The decoder on hostile or odd input: bounded, and it never raises."""

from __future__ import annotations

import base64
import gzip
import json

from monitor.traffic.decode import MAX_INFLATED, MAX_PARTS, DecodeMemo, decode_request, decoder_for, looks_textual, parse_protobuf
from tests.conftest import FIXTURES


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


def test_json_nested_deeper_than_the_recursion_limit() -> None:
    """orjson parses 1024 levels: the leaves are walked without recursion, in document order."""
    depth = 1000
    body = b"[" * depth + b'"356938035643809",{"a":[1700000000000,"x-y-z"]}' + b"]" * depth
    parts = decode_request("https://h/x", [], body)
    leaves = [p for p in parts if p.path[-1].startswith("json[")]
    inner = "$" + "[0]" * (depth - 1)
    assert [(p.path[-1], p.data) for p in leaves] == [
        (f"json[{inner}[0]]", b"356938035643809"),
        (f"json[{inner}[1].a[0]]", b"1700000000000"),
        (f"json[{inner}[1].a[1]]", b"x-y-z"),
    ]


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


def _decoded(request: tuple[str, list[tuple[str, str]], bytes, str], memo: DecodeMemo | None) -> tuple[object, ...]:
    d = decoder_for(*request, lazy=True, memo=memo)
    return tuple(d.parts), {k: [(path, _ref_path(ref), leaf) for path, ref, leaf in v] for k, v in d.deferred.items()}


def _ref_path(ref: object) -> str:
    steps = []
    while ref is not None:
        assert isinstance(ref, tuple)
        ref, step = ref
        steps.append(repr(step))
    return "/".join(reversed(steps))


def _requests() -> list[tuple[str, list[tuple[str, str]], bytes, str]]:
    corpus = [json.loads(line) for line in (FIXTURES / "traffic" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    out = [(f["url"], [(k, v) for k, v in f["headers"]], base64.b64decode(f["body_b64"]), f["context"]) for f in corpus]
    inner = json.dumps({"imei": "356938035643809", "ts": 1700000000000}).encode()
    nested = {"a": base64.b64encode(inner).decode(), "b": json.dumps({"x": inner.hex(), "n": 7}), "c": "k=v&w=" + inner.hex()}
    out.append(
        (
            "https://h/p?q=" + base64.b64encode(inner).decode(),
            [("Cookie", "s=" + inner.hex())],
            json.dumps(nested).encode(),
            "body",
        )
    )
    return out


def test_the_memo_replays_exactly_what_decoding_gives() -> None:
    """URLs, headers and values seen before are replayed from the memo: the parts and the deferred
    leaves are those of decoding afresh, wherever in a request the value comes again."""
    requests = _requests()
    memo: DecodeMemo = {}
    for _ in range(2):  # the second round is served from the memo
        for request in requests:
            assert _decoded(request, memo) == _decoded(request, None)
    assert memo
    # the same value at another place of another request: its parts hang from the new place
    value = base64.b64encode(json.dumps({"imei": "356938035643809"}).encode()).decode()
    first = ("https://h/a", [], json.dumps({"x": value}).encode(), "body")
    second = ("https://h/b", [("X-Id", value)], json.dumps({"deep": [{"y": value}]}).encode(), "ws")
    memo = {}
    for request in (first, second, second):
        assert _decoded(request, memo) == _decoded(request, None)


def test_the_memo_keeps_to_the_bounds() -> None:
    """Where a request reaches MAX_PARTS, replaying would add parts that decoding would not: the
    memo is not used there, so the parts stop at the same place."""
    leaf = base64.b64encode(b'{"a":"356938035643809","b":"0123456789ab","c":"abcdefabcdef12"}').decode()  # 4 parts
    wide = ("https://h/x", [], json.dumps({f"k{i}": leaf for i in range(MAX_PARTS)}).encode(), "body")
    memo: DecodeMemo = {}
    assert _decoded(wide, memo) == _decoded(wide, None)
    assert _decoded(wide, memo) == _decoded(wide, None)
    assert len(_decoded(wide, memo)[0]) <= MAX_PARTS + 1


def test_text_and_binary() -> None:
    assert looks_textual("中文的说明 and ASCII".encode())
    assert not looks_textual(bytes(range(256)))
    assert not looks_textual(b"\xc0\x80abc")  # an overlong encoding: never UTF-8
    assert not looks_textual(b"abc\x00\x01\x02\x03\x04")
