"""Every issue-7 rule on a sample app that triggers it, and its compliant twin that must not: exact
findings, through the real CLI, Frida and sandbox in a loopback-only network namespace. Also
``privmon correlate`` on a stored run, and the 48-hour rule across two runs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from monitor.correlation import load_observations
from monitor.sandbox.build import JAVA_DIR
from monitor.sandbox.device import sample_app
from monitor.store.db import Store
from tests.e2e.test_sandbox_e2e import in_netns

pytestmark = pytest.mark.e2e

SCOPE = JAVA_DIR / "samples" / "scopeapp" / "scope.toml"
Finding = tuple[str, str, str, str]  # rule, data type, actor kind, actor name

APP_SCOPE = "com.example.scopeapp"
EXPECTED: dict[str, tuple[tuple[str, ...], set[Finding]]] = {
    "scopeapp": (
        ("--scope", str(SCOPE)),
        {
            ("beyond-declared-scope", "imei", "app", APP_SCOPE),
            ("beyond-declared-scope", "imei", "sdk", "Umeng Analytics (友盟统计)"),
            ("sdk-data-beyond-declared", "imei", "sdk", "Umeng Analytics (友盟统计)"),
            ("undeclared-sdk", "android-id", "sdk", "Tencent Bugly"),
            ("undeclared-recipient", "android-id", "app", APP_SCOPE),
        },
    ),
    "scopetwin": (("--scope", str(SCOPE)), set()),
    "quantapp": (
        ("--duration", "6"),
        {
            ("bundled-permission-request", "permission", "app", "com.example.quantapp"),
            ("excessive-frequency", "android-id", "app", "com.example.quantapp"),
            ("app-list-read", "app-list", "app", "com.example.quantapp"),
            ("clipboard-read", "clipboard", "app", "com.example.quantapp"),
            ("mic-without-user-action", "microphone", "app", "com.example.quantapp"),
            ("background-collection", "location", "app", "com.example.quantapp"),
        },
    ),
    "quanttwin": (("--duration", "6"), set()),
    "permapp": (
        ("--permissions", "deny"),
        {
            ("permission-rerequest-within-48h", "permission", "app", "com.example.permapp"),
            ("forced-permission", "permission", "app", "com.example.permapp"),
        },
    ),
    "permtwin": (("--permissions", "deny"), set()),
    "trafficapp": (
        (),
        {
            ("id-linkage", "gaid", "app", "com.example.trafficapp"),
            ("pi-in-cleartext", "android-id", "app", "com.example.trafficapp"),
            ("cross-border-transfer", "android-id", "app", "com.example.trafficapp"),
        },
    ),
    "traffictwin": ((), set()),
    # the background test: the screen is turned off for 3 s after the consent step
    "screenapp": (("--screen-off", "3"), {("background-collection", "location", "sdk", "AMap Location (高德定位)")}),
    "screentwin": (("--screen-off", "3"), set()),
}


def run(tmp_path: Path, app: str, *options: str) -> dict:  # type: ignore[type-arg]
    db = str(tmp_path / "e2e.db")
    argv = ["--db", db, "run", "--sandbox", str(sample_app(app)), "--pre-consent", "0.5", "--observe", "3", "--no-interactive"]
    proc = in_netns(tmp_path, *argv, "--fail-on", "none", "--format", "json", *options)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc: dict = json.loads(proc.stdout)  # type: ignore[type-arg]
    assert doc["run"]["status"] == "complete", doc["run"]
    return doc


def found(doc: dict) -> set[Finding]:  # type: ignore[type-arg]
    return {(f["rule"], f["data_type"], f["actor"]["kind"], f["actor"]["name"]) for f in doc["findings"]}


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_rule_sample(tmp_path: Path, app: str) -> None:
    options, expected = EXPECTED[app]
    doc = run(tmp_path, app, *options)
    assert found(doc) == expected, [f["summary"] for f in doc["findings"]]


def privmon(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return in_netns(tmp_path, "--db", str(tmp_path / "e2e.db"), *args)


def test_correlate_reproduces_the_run_and_applies_a_changed_manifest(tmp_path: Path) -> None:
    doc = run(tmp_path, "scopeapp", "--scope", str(SCOPE))
    uid = doc["run"]["uid"]
    same = json.loads(privmon(tmp_path, "correlate", uid, "--json").stdout)
    assert (same["scope"], same["added"], same["removed"]) == ("scope.toml", 0, 0)
    # The policy now declares the IMEI, Bugly and the ad host: only Umeng's IMEI stays beyond its entry.
    changed = tmp_path / "scope-v2.toml"
    changed.write_text(
        SCOPE.read_text(encoding="utf-8")
        + '\n[collect.imei]\npurpose = "anti-fraud"\n'
        + '\n[[sdk]]\nname = "Tencent Bugly"\nprefixes = ["com.tencent.bugly"]\ncollects = ["android-id"]\n'
        + "\n[domains.extra]\n",
        encoding="utf-8",
    )
    bad = privmon(tmp_path, "correlate", uid, "--scope", str(changed))
    assert bad.returncode == 2 and "domains.extra: unknown field" in bad.stderr
    changed.write_text(
        changed.read_text(encoding="utf-8")
        .replace("\n[domains.extra]\n", "")
        .replace('first_party = ["example.com"]', 'first_party = ["example.com"]\nthird_party = ["adtrack.cn"]'),
        encoding="utf-8",
    )
    proc = privmon(tmp_path, "correlate", uid, "--scope", str(changed), "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    after = json.loads(proc.stdout)
    assert {(f["rule"], f["data_type"], f["actor"]) for f in after["findings"]} == {
        ("sdk-data-beyond-declared", "imei", "Umeng Analytics (友盟统计)")
    }
    report = json.loads(privmon(tmp_path, "report", uid, "--format", "json").stdout)
    assert [f["rule"] for f in report["findings"]] == ["sdk-data-beyond-declared"]


def test_a_denial_in_an_earlier_run_counts_for_48_hours(tmp_path: Path) -> None:
    first = run(tmp_path, "permtwin", "--permissions", "deny")
    assert found(first) == set()
    second = run(tmp_path, "permtwin", "--permissions", "deny")
    (finding,) = second["findings"]
    assert finding["rule"] == "permission-rerequest-within-48h"
    assert finding["evidence"]["denied_in_run"] == first["run"]["uid"]


def test_the_background_test_turns_the_screen_off_and_the_finding_says_so(tmp_path: Path) -> None:
    doc = run(tmp_path, "screenapp", "--screen-off", "3")
    (span,) = doc["device"]["screen_off"]
    assert span["on_ms"] is not None and 2900 <= span["on_ms"] - span["off_ms"] <= 4500, span
    (finding,) = doc["findings"]
    assert finding["evidence"]["screen_off_since_ms"] == span["off_ms"]
    assert span["off_ms"] <= finding["ts_ms"] < span["on_ms"]
    assert finding["summary"].endswith("the screen was off"), finding["summary"]
    # the twin reads the position on the press and again when the screen is back (its activity resumed)
    twin = run(tmp_path, "screentwin", "--screen-off", "3")
    (twin_span,) = twin["device"]["screen_off"]
    store = Store.open(f"sqlite:///{tmp_path / 'e2e.db'}")
    try:
        events, _, _, _ = load_observations(store, 2)
    finally:
        store.close()
    reads = [e.ts_ms for e in events if e.hook == "location.getLastKnownLocation"]
    assert len(reads) == 2 and reads[0] < twin_span["off_ms"] and reads[1] >= twin_span["on_ms"], (reads, twin_span)
