"""privmon's exception hierarchy and the mapping of third-party errors at the boundary.

Small on purpose: callers branch on these classes, and each carries the process exit code that the
CLI uses (see :class:`monitor.exitcodes.ExitCode` and the README's table).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

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


def read_text_file(path: Path, what: str) -> str:
    """A user's UTF-8 text file (config, manifest); unreadable or undecodable is a one-line ConfigError."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read {what} {path}: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path.name}: not UTF-8 text ({e.reason} at byte {e.start})") from e
