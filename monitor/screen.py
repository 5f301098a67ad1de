"""The device's screen over a run: when it was off, on the device clock.

A run's screen-off spans feed ``background-collection`` (personal information collected while nobody
was using the app). They come from two sources:

- privmon's own presses of the power key (``--screen-off SECONDS``), marked when they happen;
- a poll of the device's power state once a second, which sees the tester's own presses.

Times err towards the foreground: a span starts when the screen is known to be off (after the key
press, or at the poll that saw it off) and ends when it may already have been on (before the key
press, or at the last poll that still saw it off). A collection at the edge is never called a
screen-off collection on a guess.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from monitor.errors import DeviceError

log = logging.getLogger(__name__)

POLL_S = 1.0


class Screen(Protocol):
    def screen_on(self) -> bool | None: ...

    def set_screen(self, on: bool) -> None: ...


class ScreenWatch:
    """Polls SCREEN every POLL_S on its own thread from :meth:`start` to :meth:`stop`; :meth:`press`
    turns the screen on or off and marks the moment. NOW_MS is the device clock in milliseconds."""

    def __init__(self, screen: Screen, now_ms: Callable[[], int], poll_s: float = POLL_S) -> None:
        self._screen = screen
        self._now_ms = now_ms
        self._poll_s = poll_s
        self._lock = threading.Lock()
        self._device = threading.Lock()  # a reading and a press never interleave (a stale reading would undo it)
        self._spans: list[list[int | None]] = []  # [off_ms, on_ms or None while off]
        self._last_off_seen: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="privmon-screen", daemon=True)

    def start(self) -> ScreenWatch:
        self._poll()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10.0)

    def press(self, on: bool) -> None:
        """The power key: the screen turns ON or off. Raises DeviceError if the device cannot."""
        with self._device:
            if on:
                now = self._now_ms()  # before the press: an open span was off until at least here
                with self._lock:
                    if self._spans and self._spans[-1][1] is None:
                        self._spans[-1][1] = now
                self._screen.set_screen(True)
            else:
                self._screen.set_screen(False)
                self._observed(False, self._now_ms())  # after the press: the screen is surely off from here

    def off_spans(self) -> list[tuple[int, int | None]]:
        """(off, on) device times in ms, ascending; on is None if the screen was still off."""
        with self._lock:
            return [(int(off), on) for off, on in self._spans if off is not None and off != on]

    def _run(self) -> None:
        while not self._stop.wait(self._poll_s):
            if not self._poll():
                return

    def _poll(self) -> bool:
        """One reading; False once the device cannot say (gone, or no power state): polling stops."""
        with self._device:
            try:
                on = self._screen.screen_on()
            except DeviceError as e:
                log.debug("screen state unreadable, no longer polled: %s", e)
                return False
            if on is None:
                return False
            self._observed(on, self._now_ms())
        return True

    def _observed(self, on: bool, ts: int) -> None:
        """A reading at TS. A span opens at the first reading of off and closes, when the screen is seen
        on, at the last reading of off before it."""
        with self._lock:
            open_span = bool(self._spans) and self._spans[-1][1] is None
            if not on:
                self._last_off_seen = ts
                if not open_span:
                    self._spans.append([ts, None])
            elif open_span:
                self._spans[-1][1] = self._last_off_seen
