"""Process exit codes: the contract with CI systems (documented in the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Run completed; no finding at or above ``--fail-on``."""
    FINDINGS = 1
    """Findings at or above ``--fail-on``."""
    USAGE = 2
    """Usage or configuration error (bad arguments, bad app package, protocol mismatch)."""
    ENVIRONMENT = 3
    """Environment error: no device, Frida or JDK missing, proxy port busy, store unusable."""
    PARTIAL = 4
    """Partial run: the app or device failed mid-run; findings may be incomplete."""
    INTERRUPTED = 130
    """Interrupted by the user (SIGINT)."""
