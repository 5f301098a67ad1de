from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor import runner as runner_module
from monitor.errors import AgentError, ConfigError, DeviceError, ProxyError
from monitor.runner import RunOptions, SessionRunner
from monitor.screen import ScreenWatch
from monitor.store.db import Store
from monitor.store.models import Run


def runs(store: Store) -> list[Run]:
    with store.session() as s:
        return list(s.scalars(select(Run)).all())


def test_bad_app_records_no_run(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        SessionRunner(store, tmp_path).run_sandbox(tmp_path / "nope.jar")
    assert runs(store) == []


def test_missing_agent_records_no_run(
    store: Store, tmp_path: Path, built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> str:
        raise AgentError("agent bundle missing: run 'make agent'")

    monkeypatch.setattr(runner_module, "load_bundle", missing)
    with pytest.raises(AgentError):
        SessionRunner(store, tmp_path).run_sandbox(built["violating"])
    assert runs(store) == []


def test_busy_proxy_port_fails_the_run_and_never_marks_it_complete(store: Store, tmp_path: Path, built: dict[str, Path]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        with pytest.raises(ProxyError, match="cannot listen"):
            SessionRunner(store, tmp_path).run_sandbox(built["violating"], RunOptions(proxy_port=s.getsockname()[1]))
    (run,) = runs(store)
    assert run.status == "failed" and "cannot listen" in run.exit_reason and run.ended_at is not None


def test_agent_faults_are_summarised_per_place_with_their_hook() -> None:
    from monitor.events import AgentFault
    from monitor.runner import summarise_faults

    faults = [
        AgentFault("location.getLastKnownLocation.values", "boom", "stack"),
        AgentFault("protocol", "missing field 'seq'", None),
        AgentFault("location.getLastKnownLocation.values", "repeated", None, count=41),
        AgentFault("user.spy", "no such method", None),
    ]
    summary = summarise_faults(faults, ["location.getLastKnownLocation", "location.getLastKnownLocationX", "user.spy"])
    assert summary == [
        {
            "where": "location.getLastKnownLocation.values",
            "count": 42,
            "message": "boom",
            "hook": "location.getLastKnownLocation",
        },
        {"where": "protocol", "count": 1, "message": "missing field 'seq'", "hook": None},
        {"where": "user.spy", "count": 1, "message": "no such method", "hook": "user.spy"},
    ]
    assert summarise_faults([AgentFault("x", "repeated", None, count=3)], [])[0]["message"] == "repeated"


class _Sleepless:
    """A device whose screen will not turn off, and a session that stays attached."""

    def __init__(self, gone: bool = False) -> None:
        self.gone = gone
        self.detached = threading.Event()

    def screen_on(self) -> bool | None:
        return True

    def set_screen(self, on: bool) -> None:
        raise DeviceError("the screen did not turn off")

    def heartbeat(self) -> None:
        if self.gone:
            raise DeviceError("device offline")


def test_a_screen_that_will_not_turn_off_is_noted_and_a_gone_device_is_lost(store: Store, tmp_path: Path) -> None:
    runner = SessionRunner(store, tmp_path)
    device = _Sleepless()
    notes: list[str] = []
    runner._background_test(ScreenWatch(device, lambda: 0), device, device, 1.0, notes)  # type: ignore[arg-type]
    assert notes == ["background test not done: the screen did not turn off"]
    gone = _Sleepless(gone=True)
    with pytest.raises(DeviceError, match="offline"):
        runner._background_test(ScreenWatch(gone, lambda: 0), gone, gone, 1.0, [])  # type: ignore[arg-type]
