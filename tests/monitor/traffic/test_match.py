"""The matcher's lazy JSON leaves: searched inside their JSON text first, made parts only where it
holds a hit, with exactly the matches of decoding every leaf up front."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from typing import Any

import pytest

from monitor.events import PiValue, ValueType
from monitor.traffic.adapters import default_adapters
from monitor.traffic.decode import decoder_for
from monitor.traffic.match import PiMatcher
from tests.conftest import FIXTURES

VALUES = [
    PiValue(ValueType.IMEI, "356938035643809"),
    PiValue(ValueType.ANDROID_ID, "9774d56d682e549c"),
    PiValue(ValueType.GEO, "39.904200,116.407400"),
    PiValue(ValueType.MAC, "02:1a:11:f0:4c:7e"),
]
IMEI, AID = VALUES[0].value, VALUES[1].value
MD5_AID = hashlib.md5(AID.encode()).hexdigest()

BODIES: list[tuple[str, str, bytes]] = [
    ("integer leaf", "https://h/a", json.dumps({"ts": 1700000000000, "dev": {"imei": int(IMEI)}}).encode()),
    ("short string leaves", "https://h/a", json.dumps({"ev": ["open", "shut"], "id": AID[:10], "a": AID}).encode()),
    # floats are leaves as Python writes them (39.9042), not as the text did: never deferred
    ("float leaves", "https://h/a", b'{"lat": 39.904200000000001, "lon": 116.40739999999999}'),
    ("escaped text", "https://h/a", b'{"u":"http:\\/\\/x\\/","imei":"\\u0033' + IMEI[1:].encode() + b'"}'),
    ("dotted key", "https://h/a", json.dumps({"dev.imei": IMEI, "n": [1, 2, {"k": AID}]}).encode()),
    ("base64 json in a form", "https://h/f", b"p=" + base64.b64encode(json.dumps({"x": {"aid": AID}}).encode())),
    ("adapter endpoint", "https://ulogs.umeng.com/unify_logs", gzip.compress(json.dumps({"header": {"imei": IMEI}}).encode())),
    (
        "adapter field, unknown value",
        "https://ulogs.umeng.com/unify_logs",
        json.dumps({"header": {"imei": "860000000000017"}}).encode(),
    ),
    ("no pi", "https://h/a", json.dumps({"k": [{"ts": 1700000000000 + i} for i in range(50)]}).encode()),
    # long leaves that decode to nothing (random hex, a digest) wait in their JSON text too; a digest
    # matched without regard to case is found in each leaf, whichever case it is written in
    (
        "opaque leaves",
        "https://h/a",
        json.dumps({"sig": "9f" * 40, "a": MD5_AID, "b": [MD5_AID.upper(), "x" + MD5_AID], "c": f"{AID}-{AID}"}).encode(),
    ),
    # hex leaves that do decode (text, JSON) beside ones that do not (random bytes around a digest)
    (
        "hex leaves",
        "https://h/a",
        json.dumps(
            {
                "t": IMEI.encode().hex(),
                "j": json.dumps({"aid": AID}).encode().hex().upper(),
                "r": "c7" * 30 + MD5_AID + "e1" * 30,
                "d": "1234567890" * 3,
            }
        ).encode(),
    ),
]


def result(matcher: PiMatcher, url: str, body: bytes) -> list[tuple[str, ...]]:
    return sorted((str(m.value_type), m.variant, m.path, m.source, m.reason) for m in matcher.match(url, [("X", "1")], body))


@pytest.fixture(scope="module")
def both() -> tuple[PiMatcher, PiMatcher]:
    return PiMatcher(VALUES, default_adapters()), PiMatcher(VALUES, default_adapters(), lazy=False)


@pytest.mark.parametrize(("url", "body"), [b[1:] for b in BODIES], ids=[b[0] for b in BODIES])
def test_lazy_leaves_give_the_same_matches(both: tuple[PiMatcher, PiMatcher], url: str, body: bytes) -> None:
    lazy, full = both
    assert result(lazy, url, body) == result(full, url, body)


def test_the_cases_above_find_what_they_are_about(both: tuple[PiMatcher, PiMatcher]) -> None:
    lazy, _ = both
    paths = {name: {p for _, _, p, _, _ in result(lazy, url, body)} for name, url, body in BODIES}
    assert "body > json[$.dev.imei]" in paths["integer leaf"]
    assert paths["float leaves"] == {"body > json[$.lat]", "body > json[$.lon]"}
    assert "body > json[$.imei]" in paths["escaped text"]
    assert "body > json[$.dev.imei]" in paths["dotted key"]
    assert "body > json[$.n[2].k]" in paths["dotted key"]
    assert "body > form[p] > base64 > json[$.x.aid]" in paths["base64 json in a form"]
    assert paths["adapter field, unknown value"] == {"body > json[$.header.imei]"}
    assert paths["no pi"] == set()
    assert {"body > json[$.a]", "body > json[$.b[0]]", "body > json[$.c]"} <= paths["opaque leaves"]
    assert {"body > json[$.t]", "body > json[$.j] > hex > json[$.aid]", "body > json[$.r]"} <= paths["hex leaves"]


def test_plain_leaves_are_deferred_and_escaped_text_is_not() -> None:
    plain = decoder_for("https://h/a", [], json.dumps({"k": [{"ts": 1700000000000 + i} for i in range(50)]}).encode(), lazy=True)
    assert len(plain.parts) == 2 and len(plain.deferred[1]) == 50  # url, body; the leaves wait
    escaped = decoder_for("https://h/a", [], b'{"a":"x\\/y","ts":1700000000000}', lazy=True)
    assert not escaped.deferred and [p.path[-1] for p in escaped.parts] == ["url", "body", "json[$.ts]"]
    opaque = decoder_for("https://h/a", [], json.dumps({"sig": "9f" * 40, "n": 1700000000000}).encode(), lazy=True)
    assert len(opaque.parts) == 2 and [leaf for _, _, leaf in opaque.deferred[1]] == [b"9f" * 40, b"1700000000000"]
    full = decoder_for("https://h/a", [], json.dumps({"ts": 1700000000000}).encode())
    assert not full.deferred and full.parts[-1].path == ("body", "json[$.ts]")


def test_the_corpus_matches_the_same_lazily() -> None:
    values = json.loads((FIXTURES / "traffic" / "values.json").read_text())
    pis = [PiValue(ValueType(k), v) for k, v in values.items()]
    lazy, full = PiMatcher(pis, default_adapters()), PiMatcher(pis, default_adapters(), lazy=False)
    for line in (FIXTURES / "traffic" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        flow: dict[str, Any] = json.loads(line)
        body = base64.b64decode(flow["body_b64"])
        headers = [tuple(h) for h in flow["headers"]]
        assert sorted(map(repr, lazy.match(flow["url"], headers, body, flow["context"]))) == sorted(
            map(repr, full.match(flow["url"], headers, body, flow["context"]))
        ), flow["id"]
