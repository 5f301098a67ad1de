from __future__ import annotations

import importlib
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
