from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.scope import load_scope, parse_scope, site

EXAMPLE = Path(__file__).parents[2] / "docs" / "scope.example.toml"


def test_the_documented_example_is_valid() -> None:
    scope = load_scope(EXAMPLE)
    assert scope.app and scope.data and scope.sdks and scope.first_party


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[collect.imie]\npurpose = 'x'\n", "collect.imie: unknown data type 'imie'"),
        ("[collect.imei]\n", "collect.imei: missing field 'purpose'"),
        ("[collect.imei]\npurpose = ''\n", "collect.imei.purpose: expected a non-empty string"),
        ("[collect.imei]\npurpose = 'x'\npurpse = 'y'\n", "collect.imei.purpse: unknown field"),
        ("[collect.imei]\npurpose = 'x'\nprecision = 'coarse'\n", "collect.imei.precision: only location has a precision"),
        (
            "[collect.location]\npurpose = 'x'\nprecision = 'exact'\n",
            "collect.location.precision: expected one of: coarse, precise",
        ),
        ("[collect.imei]\npurpose = 'x'\nfunctions = 'login'\n", "collect.imei.functions: expected a list of strings"),
        ("[[sdk]]\nprefixes = ['com.umeng']\n", "sdk[0]: missing field 'name'"),
        ("[[sdk]]\nname = 'U'\nprefixes = []\n", "sdk[0].prefixes: expected at least one Java package prefix"),
        ("[[sdk]]\nname = 'U'\nprefixes = ['com..umeng']\n", "sdk[0].prefixes[0]: 'com..umeng' is not a Java package prefix"),
        ("[[sdk]]\nname = 'U'\nprefixes = ['com.umeng']\ncollects = ['imie']\n", "sdk[0].collects[0]: unknown data type 'imie'"),
        ("[[sdk]]\nname = 'U'\nprefixes = ['com.umeng']\nrecipients = ['https://umeng.com']\n", "sdk[0].recipients[0]:"),
        ("[domains]\nfirst_party = ['ex ample.com']\n", "domains.first_party[0]: 'ex ample.com' is not a domain name"),
        ("[domains]\nown = ['example.com']\n", "domains.own: unknown field"),
        ("[cross_border]\nallowed = 'no'\n", "cross_border.allowed: expected true or false"),
        ("[cross_border]\ncountries = ['China']\n", "cross_border.countries[0]: 'China' is not an ISO 3166 alpha-2 code"),
        ("app = 'not a package!'\n", "app: expected a package name"),
        ("scope = 1\n", "scope: unknown field"),
        ("[collect\n", "not valid TOML"),
    ],
)
def test_each_malformed_manifest_is_rejected_with_one_line_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse_scope(text, "scope.toml")
    message = str(e.value)
    assert message.startswith("scope.toml: ") and field in message and "\n" not in message


def test_sdk_lookup_by_longest_prefix_and_domains_by_suffix() -> None:
    scope = parse_scope(
        "[[sdk]]\nname = 'A'\nprefixes = ['com.a']\n[[sdk]]\nname = 'B'\nprefixes = ['com.a.b']\nrecipients = ['b.cn']\n"
    )
    assert scope.sdk_for("com.a.b.C").name == "B"  # type: ignore[union-attr]
    assert scope.sdk_for("com.a.x.C").name == "A"  # type: ignore[union-attr]
    assert scope.sdk_for("com.ab.C") is None
    assert scope.domain_declared("api.b.cn") and not scope.domain_declared("xb.cn")


def test_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_scope(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_scope(bad)


def test_site() -> None:
    assert site("alog.umeng.com") == "umeng.com"
    assert site("a.b.example.com.cn") == "example.com.cn"
