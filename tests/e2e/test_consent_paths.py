"""Each consent sample app under --consent none, refuse and agree: the exact consent timeline (every
dialog, the control pressed and how its time was taken), what the app did after, and exactly the
expected findings. Real CLI, Frida and sandbox, in a loopback-only network namespace."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from monitor.sandbox.device import sample_app
from tests.e2e.test_sandbox_e2e import in_netns

pytestmark = pytest.mark.e2e

Step = tuple[str, str, str]  # dialog kind, action, how the press was timed
Finding = tuple[str, str, str]  # rule, data type, actor kind

UNANSWERED: tuple[list[Step], list[str], str, set[Finding]] = ([("privacy", "none", "none")], [], "unanswered", set())
AMAP_BEFORE = {("collection-before-consent", "location", "sdk"), ("sdk-collected-before-authorised", "location", "sdk")}

EXPECTED: dict[tuple[str, str], tuple[list[Step], list[str], str, set[Finding]]] = {
    ("checkbox", "none"): UNANSWERED,
    ("checkbox", "refuse"): ([("privacy", "refuse", "ui-click")], ["refused"], "continued", set()),
    ("checkbox", "agree"): (
        [("privacy", "tick", "ui-click"), ("privacy", "agree", "ui-click")],
        ["granted"],
        "continued",
        set(),
    ),
    ("guideapp", "none"): UNANSWERED,
    ("guideapp", "refuse"): ([("privacy", "refuse", "ui-click")], ["refused"], "continued", set()),
    # after the agreement, the onboarding guide is skipped to the home screen (a step, not a consent change)
    ("guideapp", "agree"): ([("privacy", "agree", "ui-click"), ("guide", "skip", "ui-click")], ["granted"], "continued", set()),
    ("secondconfirm", "none"): UNANSWERED,
    ("secondconfirm", "refuse"): (
        [("privacy", "refuse", "ui-click"), ("privacy-confirm", "refuse", "ui-click")],
        ["refused", "refused"],
        "continued",
        set(),
    ),
    ("secondconfirm", "agree"): ([("privacy", "agree", "ui-click")], ["granted"], "continued", set()),
    ("exitrefuse", "none"): UNANSWERED,
    ("exitrefuse", "refuse"): (
        [("privacy", "refuse", "ui-click")],
        ["refused"],
        "exited",
        {("forced-exit-after-refusal", "consent", "app")},
    ),
    ("exitrefuse", "agree"): ([("privacy", "agree", "ui-click")], ["granted"], "continued", set()),
    ("reaskperm", "none"): (
        [("permission", "none", "none")],
        [],
        "unanswered",
        {("permission-request-before-consent", "permission", "app")},
    ),
    ("reaskperm", "refuse"): (
        [("permission", "deny", "ui-click"), ("permission", "deny", "ui-click"), ("privacy", "refuse", "ui-click")],
        ["refused"],
        "continued",
        {("permission-request-before-consent", "permission", "app"), ("permission-rerequest-within-48h", "permission", "app")},
    ),
    ("reaskperm", "agree"): (
        [("permission", "grant", "ui-click"), ("privacy", "agree", "ui-click")],
        ["granted"],
        "continued",
        {("permission-request-before-consent", "permission", "app")},
    ),
    ("cmpapp", "none"): ([("cmp", "none", "none")], [], "unanswered", set()),
    ("cmpapp", "refuse"): ([("cmp", "refuse", "dump-diff")], ["refused"], "continued", set()),
    ("cmpapp", "agree"): ([("cmp", "agree", "dump-diff")], ["granted"], "continued", set()),
    ("sdklate", "none"): ([("privacy", "none", "none")], [], "unanswered", AMAP_BEFORE),
    ("sdklate", "refuse"): (
        [("privacy", "refuse", "ui-click")],
        ["refused"],
        "continued",
        AMAP_BEFORE | {("consent-signals-disagree", "consent", "app")},
    ),
    ("sdklate", "agree"): ([("privacy", "agree", "ui-click")], ["granted"], "continued", AMAP_BEFORE),
}


# Apps whose permission dialogs are part of the path: nothing granted at install, the policy answers.
PERMISSIONS = {"reaskperm": {"none": "deny", "refuse": "deny", "agree": "grant"}}


def privmon_run(tmp_path: Path, app: str, *options: str) -> subprocess.CompletedProcess[str]:
    """``privmon run`` on a sample app, short observation windows, in the loopback-only namespace."""
    db = str(tmp_path / "e2e.db")
    return in_netns(
        tmp_path, "--db", db, "run", "--sandbox", str(sample_app(app)), "--pre-consent", "0.5", "--observe", "2", *options
    )


def run_json(tmp_path: Path, app: str, path: str) -> dict:  # type: ignore[type-arg]
    policy = PERMISSIONS.get(app, {}).get(path)
    proc = privmon_run(
        tmp_path,
        app,
        "--consent",
        path,
        "--no-interactive",
        "--fail-on",
        "none",
        "--format",
        "json",
        *(["--permissions", policy] if policy else []),
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc: dict = json.loads(proc.stdout)  # type: ignore[type-arg]
    return doc


@pytest.mark.parametrize(("app", "path"), sorted(EXPECTED))
def test_consent_path(tmp_path: Path, app: str, path: str) -> None:
    steps, states, outcome, findings = EXPECTED[(app, path)]
    doc = run_json(tmp_path, app, path)
    assert doc["run"]["status"] == "complete", doc["run"]
    flow = doc["consent_flow"]
    assert [(s["kind"], s["action"], s["source"]) for s in flow["steps"]] == steps, flow
    assert [c["state"] for c in doc["consent"]] == states
    assert flow["outcome"] == outcome
    got = {(f["rule"], f["data_type"], f["actor"]["kind"]) for f in doc["findings"]}
    assert got == findings, [f["summary"] for f in doc["findings"]]
    for step in flow["steps"]:
        assert (Path(doc["run"]["artifacts_dir"]) / f"{step['screen']}.xml").is_file()  # evidence of each screen


def test_sdk_told_too_late_timeline(tmp_path: Path) -> None:
    doc = run_json(tmp_path, "sdklate", "agree")
    calls = [(c["vendor"], c["call"], c["granted"]) for c in doc["sdk_consent_calls"]]
    assert calls == [("AMap", "AMapLocationClient.updatePrivacyAgree", True)]
    told = doc["sdk_consent_calls"][0]["rel_ms"]
    assert told is not None and told >= 0  # told after the user agreed...
    late = next(f for f in doc["findings"] if f["rule"] == "sdk-collected-before-authorised")
    assert late["actor"]["name"] == "AMap Location (高德定位)" and late["rel_ms"] < 0  # ...after it had collected
    assert late["evidence"]["told_at_ms"] == doc["sdk_consent_calls"][0]["ts_ms"]


def test_refused_permission_is_asked_again(tmp_path: Path) -> None:
    doc = run_json(tmp_path, "reaskperm", "refuse")
    before, again = sorted(doc["findings"], key=lambda f: f["rule"])
    assert len(before["evidence"]["events"]) == 2 and before["evidence"]["permissions"] == ["CAMERA"]
    assert again["rule"] == "permission-rerequest-within-48h" and again["evidence"]["denied_in_run"] is None


def test_webview_consent_is_bracketed_and_findings_say_so(tmp_path: Path) -> None:
    doc = run_json(tmp_path, "cmpapp", "agree")
    (point,) = doc["consent"]
    assert point["source"] == "dump-diff" and point["ts_ms"] <= point["bracket_end_ms"]
    assert any("dump-diff" in note or "bracketed" in note for note in doc["run"]["notes"])
    assert [(c["vendor"], c["granted"]) for c in doc["sdk_consent_calls"]] == [("IAB TCF", True)]


def test_consent_all_runs_three_paths_from_a_clean_state(tmp_path: Path) -> None:
    proc = privmon_run(tmp_path, "sdklate", "--consent", "all", "--format", "json")
    assert proc.returncode == 1, proc.stderr[-3000:]  # high-severity findings (--fail-on high)
    runs = json.loads(proc.stdout)["runs"]
    assert [r["run"]["consent_policy"] for r in runs] == ["none", "refuse", "agree"]
    assert [r["consent_flow"]["outcome"] for r in runs] == ["unanswered", "continued", "continued"]
    assert [[c["state"] for c in r["consent"]] for r in runs] == [[], ["refused"], ["granted"]]
    # each from a clean state: the dialog is shown again every time, and each run has its own device
    assert len({r["run"]["artifacts_dir"] for r in runs}) == 3
    text = privmon_run(tmp_path, "exitrefuse", "--consent", "all", "--fail-on", "none")
    assert text.returncode == 0, text.stderr[-3000:]
    assert "consent paths side by side" in text.stdout and "forced-exit-after-refusal" in text.stdout


WITHDRAW_STEPS = [
    ("privacy", "agree", "ui-click"),
    ("withdraw", "open", "ui-click"),  # 设置
    ("withdraw", "withdraw", "ui-click"),  # 撤回隐私政策同意
    ("withdraw", "confirm", "ui-click"),  # 确定
]


@pytest.mark.parametrize(
    ("app", "findings"),
    [("withdrawapp", {("collection-after-refusal", "android-id", "sdk")}), ("withdrawtwin", set())],
)
def test_withdrawing_consent_through_the_apps_settings(tmp_path: Path, app: str, findings: set[Finding]) -> None:
    proc = privmon_run(
        tmp_path,
        app,
        "--consent",
        "agree",
        "--withdraw",
        "--duration",
        "5",
        "--no-interactive",
        "--fail-on",
        "none",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc = json.loads(proc.stdout)
    steps = doc["consent_flow"]["steps"]
    assert [(s["kind"], s["action"], s["source"]) for s in steps] == WITHDRAW_STEPS, steps
    assert [s["control"] for s in steps[1:]] == ["设置", "撤回隐私政策同意", "确定"]
    assert [(c["state"], c["source"]) for c in doc["consent"]] == [("granted", "ui-click"), ("withdrawn", "ui-click")]
    assert {(f["rule"], f["data_type"], f["actor"]["kind"]) for f in doc["findings"]} == findings, doc["findings"]
    for f in doc["findings"]:
        assert f["summary"].startswith("Tencent Bugly collected") and "after the user withdrew consent" in f["summary"], f
        assert f["evidence"]["consent_state"] == "withdrawn"
