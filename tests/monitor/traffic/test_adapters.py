"""Endpoint adapters: the built-in files load, bad files fail with the file and field named, and
placeholder values never count."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.correlation import flow_origin
from monitor.errors import ConfigError
from monitor.events import ValueType
from monitor.traffic.adapters import builtin_trackers, load_adapters, parse_tracker, plausible

GOOD = """
[tracker]
id = "acme"
name = "Acme SDK"

[[endpoint]]
id = "log"
urls = ['^https://log\\.acme\\.example/v1$']

[[endpoint.field]]
type = "android_id"
at = "body > ** > json[$.d.aid]"
reason = "obvious property name"
"""


def test_builtin_trackers_load_with_reasons() -> None:
    trackers = builtin_trackers()
    assert {t.id for t in trackers} >= {"umeng", "jpush", "getui", "bugly", "baidu", "pangle", "alibaba", "adjust", "appsflyer"}
    for t in trackers:
        for e in t.endpoints:
            assert e.fields or e.opaque
            assert all(f.reason for f in e.fields)


def test_an_extra_folder_adds_trackers_and_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(GOOD)
    adapters = load_adapters([tmp_path])
    (endpoint,) = adapters.endpoints_for("https://log.acme.example/v1?x=1")
    assert endpoint.qualified == "acme/log" and endpoint.fields[0].matches("body > gzip > json[$.d.aid]")
    assert not endpoint.fields[0].matches("body > json[$.aid]")
    (tmp_path / "umeng.toml").write_text(GOOD.replace('"acme"', '"umeng"'))
    with pytest.raises(ConfigError, match="defined twice"):
        load_adapters([tmp_path])
    with pytest.raises(ConfigError, match="does not exist"):
        load_adapters([tmp_path / "missing"])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[tracker\n", "not valid TOML"),
        ("[x]\n", "missing \\[tracker\\]"),
        (GOOD.replace('id = "acme"', 'id = "Acme SDK"'), "kebab-case"),
        (GOOD.replace('"android_id"', '"shoe_size"'), "field #1: unknown type 'shoe_size'"),
        (GOOD.replace("'^https://log", "'(^https://log"), "bad url pattern"),
        (GOOD.replace('reason = "obvious property name"', ""), "field #1: 'reason' must be a non-empty str"),
        (GOOD.replace('at = "body', 'written = "crc32(value)"\nat = "body'), "written must be raw or md5/sha1/sha256"),
        (GOOD.split("[[endpoint.field]]")[0], "needs fields, or 'opaque'"),
        (GOOD.split("[[endpoint]]")[0], "no \\[\\[endpoint\\]\\]"),
    ],
)
def test_bad_adapter_files_name_the_problem(text: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error) as e:
        parse_tracker(text, "acme.toml")
    assert str(e.value).startswith("acme.toml")


@pytest.mark.parametrize(
    ("value_type", "text", "written", "ok"),
    [
        (ValueType.IMEI, "861234567890123", "raw", True),
        (ValueType.IMEI, "000000000000000", "raw", False),
        (ValueType.IMEI, "unknown", "raw", False),
        (ValueType.GAID, "00000000-0000-0000-0000-000000000000", "raw", False),
        (ValueType.MAC, "02:00:00:00:00:00", "raw", False),
        (ValueType.MAC, "3c:28:6d:a1:b2:c3", "raw", True),
        (ValueType.ANDROID_ID, "9774d56d682e549c", "raw", True),
        (ValueType.ANDROID_ID, "hello world", "raw", False),
        (ValueType.IMEI, "ee7312e93d57adefe4b880dcf13ab6b5", "md5(value)", True),
        (ValueType.IMEI, "ee7312e93d57adef", "md5(value)", False),
        (ValueType.GEO, "39.904211", "raw", True),
        (ValueType.GEO, "0.0", "raw", False),
    ],
)
def test_plausible_values_only(value_type: ValueType, text: str, written: str, ok: bool) -> None:
    assert plausible(value_type, text, written) is ok


def test_flow_origin_by_listener() -> None:
    assert flow_origin(8081, 8081) == "app"
    assert flow_origin(8080, 8081) == "other-process"
    assert flow_origin(None, 8081) == "unattributed" and flow_origin(8080, None) == "unattributed"


@pytest.mark.parametrize(
    ("at", "names"),
    [
        ("body > ** > json[$.d.aid]", frozenset({"aid"})),
        ("body > ** > json[*.imei]", frozenset({"imei"})),
        ("body > ** > form[imei]", frozenset()),  # not a JSON leaf
        ("body > ** > json[$.list[*]]", None),  # any element: no name to go by
        ("body > ** > json[*]", None),
        ("body > **", None),
    ],
)
def test_the_json_leaves_an_endpoint_can_name(at: str, names: frozenset[str] | None) -> None:
    tracker = parse_tracker(GOOD.replace("body > ** > json[$.d.aid]", at), "acme.toml")
    assert tracker.endpoints[0].leaf_names == names
