from __future__ import annotations

import pytest

from monitor.errors import AgentError, ConfigError, DeviceError, MonitorError, ProxyError, StoreError, map_exceptions
from monitor.exitcodes import ExitCode


def test_exit_codes_per_class() -> None:
    assert ConfigError("x").exit_code == ExitCode.USAGE == 2
    for cls in (DeviceError, AgentError, ProxyError, StoreError):
        assert cls("x").exit_code == ExitCode.ENVIRONMENT == 3
        assert issubclass(cls, MonitorError)


def test_map_exceptions_translates_and_keeps_cause() -> None:
    with pytest.raises(DeviceError, match="ctx: boom") as info, map_exceptions({OSError: DeviceError}, "ctx"):
        raise FileNotFoundError("boom")
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_map_exceptions_leaves_others_and_own_errors_alone() -> None:
    with pytest.raises(KeyError), map_exceptions({OSError: DeviceError}, "ctx"):
        raise KeyError("k")
    with pytest.raises(ConfigError), map_exceptions({Exception: DeviceError}, "ctx"):
        raise ConfigError("mine")
