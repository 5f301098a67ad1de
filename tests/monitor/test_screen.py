from __future__ import annotations

import threading

from monitor.errors import DeviceError
from monitor.screen import ScreenWatch


class FakeScreen:
    """A device whose power state is read from a script (then held), on a clock the test moves."""

    def __init__(self, readings: list[bool | None | Exception]) -> None:
        self.readings = readings
        self.on = True
        self.presses: list[bool] = []
        self.now = 1000
        self.polled = threading.Event()
        self.reads = 0

    def screen_on(self) -> bool | None:
        self.reads += 1
        self.now += 100
        self.polled.set()
        if self.readings:
            r = self.readings.pop(0)
            if isinstance(r, Exception):
                raise r
            return r
        return self.on

    def set_screen(self, on: bool) -> None:
        self.now += 50  # a key press takes a moment
        self.on = on
        self.presses.append(on)

    def now_ms(self) -> int:
        return self.now


def test_presses_mark_the_span_on_the_safe_side() -> None:
    screen = FakeScreen([True])
    watch = ScreenWatch(screen, screen.now_ms, poll_s=3600)  # only the first reading: the presses decide
    watch.start()
    watch.press(False)  # read at 1100; the press ends at 1150: off from 1150
    screen.now = 4000
    watch.press(True)  # off until 4000, when the key is pressed
    watch.stop()
    assert screen.presses == [False, True]
    assert watch.off_spans() == [(1150, 4000)]


def test_polls_see_the_testers_own_presses() -> None:
    # readings at 1100, 1200, ... : off at the 2nd and 3rd, on from the 4th
    screen = FakeScreen([True, False, False, True, True])
    watch = ScreenWatch(screen, screen.now_ms, poll_s=0.001).start()
    while screen.reads < 5:
        screen.polled.wait(1)
        screen.polled.clear()
    watch.stop()
    # the span runs from the first reading of off to the last one (the switch on is somewhere after)
    assert watch.off_spans()[0] == (1200, 1300)


def test_a_screen_still_off_at_the_end_has_an_open_span() -> None:
    screen = FakeScreen([False])
    watch = ScreenWatch(screen, screen.now_ms, poll_s=3600).start()
    watch.stop()
    assert watch.off_spans() == [(1100, None)]


def test_polling_stops_when_the_device_cannot_say() -> None:
    for last in (None, DeviceError("device gone")):
        screen = FakeScreen([True, last])
        watch = ScreenWatch(screen, screen.now_ms, poll_s=0.001).start()
        watch._thread.join(5)  # the thread ends by itself
        assert not watch._thread.is_alive() and screen.reads == 2
        watch.stop()
        assert watch.off_spans() == []


def test_pressing_on_while_on_adds_no_span() -> None:
    screen = FakeScreen([True])
    watch = ScreenWatch(screen, screen.now_ms, poll_s=3600).start()
    watch.press(True)
    watch.stop()
    assert watch.off_spans() == []


def test_a_reading_taken_before_a_press_does_not_undo_it() -> None:
    class SlowScreen(FakeScreen):
        def __init__(self) -> None:
            super().__init__([])
            self.reading = threading.Event()
            self.release = threading.Event()

        def screen_on(self) -> bool | None:
            if self.reads == 1:  # the second reading (the poller's) is slow, and says on
                self.reads += 1
                self.reading.set()
                self.release.wait(5)
                return True
            return super().screen_on()

    screen = SlowScreen()
    watch = ScreenWatch(screen, screen.now_ms, poll_s=0.001).start()
    assert screen.reading.wait(5)
    pressed = threading.Thread(target=watch.press, args=(False,))
    pressed.start()
    pressed.join(0.2)
    assert pressed.is_alive()  # the press waits for the reading in progress
    screen.release.set()
    pressed.join(5)
    watch.stop()
    (span,) = watch.off_spans()
    assert span[1] is None  # off since the press: the stale "on" came first and closed nothing
