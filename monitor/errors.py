"""privmon's exception hierarchy and the mapping of third-party errors at the boundary.

Small on purpose: callers branch on these classes, and each carries the process exit code that the
CLI uses (see :class:`monitor.exitcodes.ExitCode` and the README's table).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from monitor.exitcodes import ExitCode


class MonitorError(Exception):
    """Root of privmon's errors. The message is one actionable line for the user."""

    exit_code: ExitCode = ExitCode.ENVIRONMENT


class ConfigError(MonitorError):
    """Bad input: arguments, files, app packages, configuration, protocol version mismatch."""

    exit_code = ExitCode.USAGE


class DeviceError(MonitorError):
    """The device (phone, emulator or sandbox) or its tooling is missing or failing."""


class AgentError(MonitorError):
    """The Frida agent could not be built, loaded or initialised."""


class ProxyError(MonitorError):
    """The capture proxy could not start or failed while running."""


class StoreError(MonitorError):
    """The local store (database) could not be opened or written."""


@contextmanager
def map_exceptions(mapping: Mapping[type[BaseException], type[MonitorError]], context: str) -> Iterator[None]:
    """Translate third-party exceptions into privmon's own, keeping the cause (httpx style)."""
    try:
        yield
    except MonitorError:
        raise
    except BaseException as exc:
        for source, target in mapping.items():
            if isinstance(exc, source):
                raise target(f"{context}: {exc}") from exc
        raise
