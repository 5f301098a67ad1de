"""The view's span cuts give exactly the calls that judging each call alone gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from monitor.analysis.model import ConsentPoint, ObservedEvent
from monitor.analysis.view import RunView, SentFlows, unprompted
from monitor.events import PiValue, ValueType

APP = "com.example.app"
STACKS = [("com.example.app.Main.run(Main.java:1)",), ("com.umeng.analytics.Collector.run(Collector.java:2)",)]


def events(seed: int) -> list[ObservedEvent]:
    """Clipboard and IMEI reads from two call sites (some denied by the OS), clicks, and the app going
    to the background and back, at random."""
    rng = random.Random(seed)
    out: list[ObservedEvent] = []
    t = 1_700_000_000_000
    for i in range(3000):
        t += rng.choice((0, 0, 1, 7, 300, 1500))
        r = rng.random()
        if r < 0.02:
            out.append(ObservedEvent(i, t, "hook:call", "ui.View.performClick", "ui", "android.view.View.performClick"))
        elif r < 0.03:
            out.append(ObservedEvent(i, t, "ui:click", "", "ui", ""))
        elif r < 0.04:
            hook = rng.choice(("lifecycle.Activity.onPause", "lifecycle.Activity.onResume"))
            out.append(ObservedEvent(i, t, "hook:call", hook, "lifecycle", "android.app.Activity." + hook.rsplit(".", 1)[1]))
        elif r < 0.5:
            out.append(
                ObservedEvent(
                    i,
                    t,
                    "hook:call",
                    "clipboard.getPrimaryClip",
                    "clipboard",
                    "android.content.ClipboardManager.getPrimaryClip",
                    stack=rng.choice(STACKS),
                    thrown="java.lang.SecurityException" if rng.random() < 0.1 else None,
                )
            )
        else:
            out.append(
                ObservedEvent(
                    i,
                    t,
                    "hook:call",
                    "telephony.getImei",
                    "identifiers",
                    "android.telephony.TelephonyManager.getImei",
                    values=(PiValue(ValueType.IMEI, "356938035643809"),),
                    stack=rng.choice(STACKS),
                )
            )
    return out


def view(seed: int) -> RunView:
    evs = events(seed)
    return RunView(events=evs, flows=[], consent=[ConsentPoint(evs[1000].ts_ms, "granted", "ui-click")], package=APP)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("within_ms", [0, 200, 2000])
def test_unprompted_spans_hold_exactly_the_unprompted_calls(seed: int, within_ms: int) -> None:
    v = view(seed)
    spans = v.unprompted_spans(within_ms)
    cut = [c for calls in v.sites_of({"clipboard.getPrimaryClip"}).values() for run in calls.within(spans) for c in run]
    one_by_one = [c for c in v.collected_by_hook({"clipboard.getPrimaryClip"}) if unprompted(v, c.event.ts_ms, within_ms)]
    assert sorted(c.event.id for c in cut) == sorted(c.event.id for c in one_by_one)
    assert 0 < len(one_by_one) < len(v.collected_by_hook({"clipboard.getPrimaryClip"}))  # the test means something


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_background_cuts_and_their_denials(seed: int) -> None:
    v = view(seed)
    grace = 1000
    spans: list[tuple[int | None, int | None]] = [(start + grace + 1, end) for start, end in v.background_spans]
    runs = [run for calls in v.sites.values() for run in calls.within(spans)]
    expected = [c for start, end in v.background_spans for c in v.collected_between(start + grace + 1, end)]
    assert sorted(c.event.id for run in runs for c in run) == sorted(c.event.id for c in expected)
    assert all([c.event.ts_ms for c in run] == sorted(c.event.ts_ms for c in run) for run in runs)
    # each cut knows its own OS denials, as counting its calls would
    assert all(run.thrown == sum(1 for c in run if c.event.thrown) for run in runs)
    assert sum(run.thrown for run in runs) > 0


class _Source:
    """SentFlows' source, counting what has been taken from it (stand-ins for SentFlow objects)."""

    def __init__(self, n: int, fail_at: int | None = None) -> None:
        self.n, self.fail_at, self.taken = n, fail_at, 0

    def __iter__(self) -> _Source:
        return self

    def __next__(self) -> Any:
        if self.taken == self.fail_at:
            raise RuntimeError("the search broke off")
        if self.taken >= self.n:
            raise StopIteration
        self.taken += 1
        return self.taken - 1


def test_sent_flows_are_read_as_they_come_and_every_reader_sees_all() -> None:
    source = _Source(5)
    sent = SentFlows(source)
    first = iter(sent)
    assert [next(first), next(first)] == [0, 1] and source.taken == 2  # no waiting for the rest
    assert list(sent) == [0, 1, 2, 3, 4]  # a second reader meanwhile: everything, in order
    assert list(first) == [2, 3, 4]
    assert len(sent) == 5 and sent[-1] == 4 and sent[1:3] == [1, 2]
    lazy = SentFlows(_Source(3))
    assert len(lazy) == 3 and list(lazy) == [0, 1, 2]  # len() waits for the whole search


def test_a_search_that_breaks_off_is_never_a_shorter_list() -> None:
    sent = SentFlows(_Source(5, fail_at=3))
    with pytest.raises(RuntimeError):
        list(sent)
    with pytest.raises(RuntimeError):  # and every later reader is told so too
        len(sent)
    with pytest.raises(RuntimeError):
        list(sent)
