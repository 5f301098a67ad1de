"""Progress reporting for long work. The engine calls these; the CLI renders them (rich)."""

from __future__ import annotations

from typing import Protocol


class ProgressReporter(Protocol):
    def step(self, message: str) -> None:
        """A new phase of the run started."""
        ...

    def note(self, message: str) -> None:
        """Something the user should know (a warning that does not stop the run)."""
        ...

    def live(self, counts: dict[str, int]) -> None:
        """Running totals during an interactive session (events, flows, findings so far)."""
        ...


class NullProgress:
    def step(self, message: str) -> None:
        return None

    def note(self, message: str) -> None:
        return None

    def live(self, counts: dict[str, int]) -> None:
        return None


class RecordingProgress:
    """Keeps messages (tests, JSON output)."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.notes: list[str] = []
        self.counts: list[dict[str, int]] = []

    def step(self, message: str) -> None:
        self.steps.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def live(self, counts: dict[str, int]) -> None:
        self.counts.append(dict(counts))
