from __future__ import annotations

from pathlib import Path

from monitor.analysis.attribution import sdk_catalogue
from monitor.analysis.model import ObservedEvent
from monitor.consent.beacons import BEACONS, beacon_calls, sdks_with_beacons


def ev(id: int, hook: str, *args: str) -> ObservedEvent:
    return ObservedEvent(id=id, ts_ms=id * 10, kind="hook:call", hook=hook, category="consent", api="x", args=args)


def test_answers_are_read_from_the_documented_argument() -> None:
    calls = beacon_calls(
        [
            ev(1, "consent.umeng.submitPolicyGrantResult", "ctx", "true"),
            ev(2, "consent.jiguang.setAuth", "ctx", "false"),
            ev(3, "consent.baidu.location.setAgreePrivacy", "true"),
            ev(4, "consent.umeng.preInit", "ctx", "key", "channel"),  # no answer in this call
            ev(5, "consent.iabtcf.putString", "IABTCF_PurposeConsents", "0111"),
            ev(6, "consent.iabtcf.putString", "IABTCF_TCString", "CP..."),
        ]
    )
    assert [(c.vendor, c.granted) for c in calls] == [
        ("Umeng", True),
        ("Aurora (极光)", False),
        ("Baidu", True),
        ("IAB TCF", False),
    ]


def test_every_covered_sdk_is_in_the_catalogue_and_every_hook_is_in_the_agent() -> None:
    names = {e.name for e in sdk_catalogue().entries}
    for hook, spec in BEACONS.items():
        assert set(spec.sdks) <= names, hook
    agent = (Path(__file__).parents[3] / "hooks" / "src" / "android" / "consent.ts").read_text(encoding="utf-8")
    for hook in BEACONS:
        assert f'"{hook.removeprefix("consent.")}"' in agent, hook


def test_sdks_with_beacons_only_for_installed_answer_hooks() -> None:
    assert sdks_with_beacons({"consent.umeng.preInit"}) == {}
    assert sdks_with_beacons({"consent.jiguang.setAuth"})["JPush (极光推送)"] == "JCollectionAuth.setAuth"
