"""``mic-without-user-action``: the microphone (``AudioRecord``, ``MediaRecorder``,
``SpeechRecognizer``) or the camera was started with no user click in the ``within_ms`` before
it, or while the app was in the background. One finding per device and actor."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_28, R164_1_1
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import unprompted_hits
from monitor.analysis.view import RunView

STARTS = frozenset(
    {"audio.startRecording", "media.MediaRecorder.start", "speech.startListening", "camera.open", "camera2.openCamera"}
)


def check(view: RunView, params: Params) -> Iterator[Hit]:
    yield from unprompted_hits(
        view,
        STARTS,
        int(params["within_ms"]),
        lambda actor, what, _n: f"{actor.name} started the {what} without a user action",
    )


RULE = Rule(
    id="mic-without-user-action",
    title="Microphone or camera started without a user action",
    severity=Severity.HIGH,
    clauses=(R164_1_1, PIPL_28),
    check=check,
    doc=__doc__ or "",
    params={"within_ms": Param(2000, "a click this long before the start makes it user-initiated")},
)
