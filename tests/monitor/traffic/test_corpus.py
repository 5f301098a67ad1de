"""The recorded corpus (tests/fixtures/traffic, rebuilt by build_corpus.py through the real proxy):
exact matches per flow, every encoding chain covered, traps never match."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from monitor.events import PiValue, ValueType
from monitor.traffic.adapters import default_adapters
from monitor.traffic.match import PiMatcher
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "traffic" / "corpus.jsonl"
VALUES = json.loads((FIXTURES / "traffic" / "values.json").read_text())
FLOWS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def matcher() -> PiMatcher:
    return PiMatcher([PiValue(ValueType(k), v) for k, v in VALUES.items()], default_adapters())


def found(matcher: PiMatcher, flow: dict[str, Any]) -> list[list[str]]:
    body = base64.b64decode(flow["body_b64"])
    headers = [tuple(h) for h in flow["headers"]]
    matches = matcher.match(flow["url"], headers, body, flow["context"])
    return sorted([str(m.value_type), m.variant, m.path, m.source] for m in matches)


@pytest.mark.parametrize("flow", FLOWS, ids=[f["id"] for f in FLOWS])
def test_exact_matches(matcher: PiMatcher, flow: dict[str, Any]) -> None:
    assert found(matcher, flow) == flow["expect"]


def test_the_corpus_covers_every_decoder_and_has_traps() -> None:
    steps = {step.split("[", 1)[0] for f in FLOWS for _, _, path, _ in f["expect"] for step in path.split(" > ")[1:]}
    assert {"query", "form", "json", "cookie", "bearer", "jwt", "multipart", "gzip", "deflate", "zlib", "brotli"} <= steps
    assert {"base64", "url-decoded", "hex", "protobuf"} <= steps
    variants = {v for f in FLOWS for _, v, _, _ in f["expect"]}
    assert {"raw", "md5(value)", "sha256(value)", "base64(sha1(upper-value))", "hex", "base64@1", "no-separators+raw"} <= variants
    assert any(v.startswith("latitude(") for v in variants)
    assert {"ws", "header", "url", "body"} <= {f["context"] for f in FLOWS} | {
        p.split(" > ")[0].split("[")[0] for f in FLOWS for _, _, p, _ in f["expect"]
    }
    assert sum(1 for f in FLOWS if f["id"].startswith("trap-") and f["expect"] == []) >= 3
    assert all(f["recorded"] for f in FLOWS if f["method"] != "WEBSOCKET")


def test_every_match_says_why(matcher: PiMatcher) -> None:
    for flow in FLOWS:
        body = base64.b64decode(flow["body_b64"])
        for m in matcher.match(flow["url"], [tuple(h) for h in flow["headers"]], body, flow["context"]):
            assert m.reason and m.path.startswith(m.context if m.context != "header" else "header[")
            if m.source != "value":
                assert m.adapter and "/" in m.adapter
