from __future__ import annotations

import importlib
import threading
from pathlib import Path

import pytest

from monitor.device import agent
from monitor.errors import AgentError, DeviceError


def test_missing_bundle_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(AgentError, match="make agent"):
        agent.load_bundle(tmp_path / "_agent.js")


def test_frida_not_importable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, *a: object) -> object:
        if name == "frida":
            raise ImportError("libfrida-core.so: cannot open shared object file")
        return real(name)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(AgentError, match="Frida is not importable.*pip install"):
        agent.frida_module()


def test_frida_errors_map_to_privmon_errors() -> None:
    import frida

    mapping = agent.frida_errors()
    assert mapping[frida.ProcessNotFoundError] is DeviceError
    assert mapping[frida.InvalidArgumentError] is AgentError


def test_the_session_reason_wins_over_a_destroyed_script_that_came_first() -> None:
    """A crash destroys the script and then ends the session: the report must say the process ended,
    even when the runner asks right after the script went."""
    session = agent.AgentSession(device=None, pid=1, on_message=lambda m, d: None)
    session._script_destroyed()
    assert session.detached.is_set()
    later = threading.Timer(0.05, session._detached, args=("process-terminated", None))
    later.start()
    assert session.settled_reason(wait_s=5) == "the app process ended"
    later.join()


def test_an_unloaded_agent_keeps_the_script_reason_after_a_bounded_wait() -> None:
    session = agent.AgentSession(device=None, pid=1, on_message=lambda m, d: None)
    session._script_destroyed()
    assert session.settled_reason(wait_s=0.05) == "the agent was unloaded from the app (its script was destroyed)"
