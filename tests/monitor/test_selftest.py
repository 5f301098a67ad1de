from __future__ import annotations

from collections import Counter
from typing import Any

from monitor.sandbox.state import DeviceState
from monitor.selftest import EXPECTED, hook_checks

HOOK = "traffic.appProxy"  # expected to report no calls and no values: the simplest hook to check


def status(hook_id: str = HOOK) -> dict[str, Any]:
    return {"id": hook_id, "api": "x.Y.z", "category": "network", "installed": True, "overloads": 1, "error": None}


def checks(faults: list[dict[str, Any]]) -> dict[str, str | None]:
    out = hook_checks(DeviceState(), [status()], Counter(), {}, faults)
    return {c.id: c.problem for c in out}


def test_a_clean_run_passes_the_hook() -> None:
    assert checks([])[HOOK] is None


def test_an_agent_error_fails_the_hook_it_hit() -> None:
    fault = {"where": HOOK + ".direct", "count": 2, "message": "boom", "hook": HOOK}
    assert checks([fault])[HOOK] == f"agent error: {HOOK}.direct ×2: boom"


def test_an_agent_error_is_added_to_the_hooks_other_problem() -> None:
    fault = {"where": HOOK, "count": 1, "message": "boom", "hook": HOOK}
    out = hook_checks(DeviceState(), [status()], Counter({HOOK: 1}), {}, [fault])
    assert [c.problem for c in out if c.id == HOOK] == [f"1 event(s), expected 0; agent error: {HOOK} ×1: boom"]


def test_an_agent_error_that_hit_no_hook_is_a_check_of_its_own() -> None:
    fault = {"where": "prepareStackKeys", "count": 1, "message": "no JVMTI environment", "hook": None}
    problems = checks([fault])
    assert problems["agent:prepareStackKeys"] == "agent error: prepareStackKeys ×1: no JVMTI environment"
    assert problems[HOOK] is None


def test_expected_hooks_the_agent_did_not_report_fail() -> None:
    problems = checks([])
    assert len(problems) == len(EXPECTED)
    assert all(p == "expected but the agent did not report it" for h, p in problems.items() if h != HOOK)
