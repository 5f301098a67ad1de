from __future__ import annotations

import copy
import json
from collections.abc import Callable

import pytest

from monitor.events import (
    PROTOCOL_VERSION,
    AgentFault,
    AgentReady,
    Category,
    EventsBatch,
    ForeignMessage,
    HookCall,
    ProtocolError,
    UiClick,
    ValueType,
    batch_lines,
    hook_statuses_summary,
    parse_frida_message,
    parse_payload,
)
from tests.conftest import agent_message


def test_golden_batch_parses_into_typed_events() -> None:
    msg = parse_payload(agent_message("events_batch"))
    assert isinstance(msg, EventsBatch)
    call, net, click = msg.events
    assert isinstance(call, HookCall) and call.category is Category.IDENTIFIERS
    assert call.values[0].type is ValueType.IMEI and call.values[0].value == "356938035643809"
    assert call.thread.name == "main" and call.stack[1].startswith("com.umeng")
    assert isinstance(net, HookCall) and net.target == "https://alog.umeng.com/app_logs"
    assert isinstance(click, UiClick) and click.text == "Agree" and click.view_class == "android.widget.Button"


def test_golden_ready_and_error() -> None:
    ready = parse_payload(agent_message("agent_ready"))
    assert isinstance(ready, AgentReady)
    assert [h.installed for h in ready.hooks] == [True, False, False]
    assert "ClassNotFoundException" in (ready.hooks[1].error or "")
    assert [h.absent for h in ready.hooks] == [False, False, True]  # an SDK hook whose SDK is not in the app
    assert [h.direct for h in ready.hooks] == [2, 0, 0]
    assert hook_statuses_summary(ready.hooks) == (1, 1)


def test_ready_from_an_older_agent_without_optional_or_direct() -> None:
    msg = agent_message("agent_ready")
    for h in msg["hooks"]:
        del h["optional"], h["direct"]
    ready = parse_payload(msg)
    assert isinstance(ready, AgentReady) and not any(h.optional or h.direct for h in ready.hooks)
    fault = parse_payload(agent_message("agent_error"))
    assert isinstance(fault, AgentFault) and fault.where.startswith("location.")


def test_foreign_payloads_are_kept_not_fatal() -> None:
    assert isinstance(parse_payload("hello"), ForeignMessage)
    assert isinstance(parse_payload({"type": "user:custom", "x": 1}), ForeignMessage)
    assert isinstance(parse_payload({"no": "type"}), ForeignMessage)


def test_version_mismatch_is_a_protocol_error() -> None:
    msg = agent_message("agent_ready")
    msg["v"] = PROTOCOL_VERSION + 1
    with pytest.raises(ProtocolError, match="protocol version"):
        parse_payload(msg)


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        (("events", 0, "seq"), "two", "seq"),
        (("events", 0, "category"), "mind-reading", "unknown category"),
        (("events", 0, "values", 0, "type"), "shoe-size", "unknown value type"),
        (("events", 0, "args"), [1, 2], "list of strings"),
        (("events", 0, "kind"), "hook:teleport", "unknown event kind"),
        (("events", 0, "ts"), True, "expected number"),
    ],
)
def test_malformed_known_messages_are_rejected(path: tuple[object, ...], value: object, error: str) -> None:
    msg = copy.deepcopy(agent_message("events_batch"))
    target = msg
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(ProtocolError, match=error):
        parse_payload(msg)


def test_missing_field_is_named() -> None:
    msg = copy.deepcopy(agent_message("events_batch"))
    del msg["events"][0]["hook"]
    with pytest.raises(ProtocolError, match="'hook'"):
        parse_payload(msg)


def test_frida_envelopes() -> None:
    assert isinstance(parse_frida_message({"type": "send", "payload": agent_message("agent_error")}), AgentFault)
    err = parse_frida_message({"type": "error", "description": "ReferenceError: x", "fileName": "a.js", "lineNumber": 3})
    assert isinstance(err, AgentFault) and err.where == "a.js:3" and "ReferenceError" in err.message
    assert isinstance(parse_frida_message({"type": "log", "payload": 1}), ForeignMessage)


def test_one_pass_and_field_by_field_parsing_agree() -> None:
    """Well-formed events are decoded in one pass; anything unusual falls back and is still accepted
    (floats from JS, a missing optional field) or rejected with the precise error."""
    from monitor.events import _wire_event, event_of_wire, parse_event

    for event in agent_message("events_batch")["events"]:
        wire = _wire_event(event)
        assert wire is not None and event_of_wire(wire) == parse_event(event)
    event = next(e for e in agent_message("events_batch")["events"] if e["kind"] == "hook:call" and e["values"])
    one_pass = event_of_wire(_wire_event(event))  # type: ignore[arg-type]
    as_float = dict(event, mono=float(event["mono"]))
    assert _wire_event(as_float) is None and parse_event(as_float) == one_pass
    no_target = {k: v for k, v in event.items() if k != "target"}
    assert _wire_event(no_target) is None and parse_event(no_target) == one_pass
    with pytest.raises(ProtocolError, match="field 'seq'"):
        parse_event(dict(event, seq=True))
    with pytest.raises(ProtocolError, match="unknown value type"):
        parse_event(dict(event, values=[{"type": "shoe_size", "value": "42"}]))


def test_wire_structs_mirror_the_event_models() -> None:
    """The one-pass decoder's structs have the models' fields, in order, with the same types (the
    models are the source of truth; the structs only decode faster)."""
    import dataclasses
    import typing

    import msgspec

    from monitor.events import (
        Category,
        HookCall,
        HookCallWire,
        PiValue,
        PiValueWire,
        ThreadInfo,
        ThreadWire,
        UiClick,
        UiClickWire,
        ValueType,
        event_of_wire,
    )

    def fields_of_model(model: type) -> list[tuple[str, object]]:
        hints = typing.get_type_hints(model)
        return [(f.name, hints[f.name]) for f in dataclasses.fields(model) if f.init]

    def fields_of_wire(struct: type) -> list[tuple[str, object]]:
        wire_of = {PiValueWire: PiValue, ThreadWire: ThreadInfo}
        hints = typing.get_type_hints(struct)
        out = []
        for name in struct.__struct_fields__:  # type: ignore[attr-defined]
            hint = hints[name]
            if typing.get_origin(hint) is typing.Literal:  # an enum's values, as sent: the enum
                hint = next(e for e in (Category, ValueType) if set(typing.get_args(hint)) == {m.value for m in e})
            if typing.get_origin(hint) is tuple and typing.get_args(hint)[0] in wire_of:
                hint = tuple[wire_of[typing.get_args(hint)[0]], ...]  # type: ignore[valid-type]
            out.append((name, wire_of.get(hint, hint)))
        return out

    for model, wire in [(HookCall, HookCallWire), (UiClick, UiClickWire), (PiValue, PiValueWire), (ThreadInfo, ThreadWire)]:
        assert fields_of_wire(wire) == fields_of_model(model), model.__name__
    for model, wire in [(HookCall, HookCallWire), (UiClick, UiClickWire)]:
        assert wire.kind == model.kind == msgspec.inspect.type_info(wire).tag  # type: ignore[attr-defined]
    # and the wire names are the protocol's: an event written back from its struct is the event sent
    for event in agent_message("events_batch")["events"]:
        wire = msgspec.convert(event, HookCallWire | UiClickWire)  # type: ignore[arg-type]
        assert json.loads(msgspec.json.encode(wire)) == event
        assert isinstance(event_of_wire(wire), HookCall if event["kind"] == "hook:call" else UiClick)


def test_agent_fault_counts() -> None:
    fault = parse_payload(agent_message("agent_error") | {"count": 7})
    assert isinstance(fault, AgentFault) and fault.count == 7
    legacy = {k: v for k, v in agent_message("agent_error").items() if k != "count"}
    assert parse_payload(legacy).count == 1  # type: ignore[union-attr]
    with pytest.raises(ProtocolError, match="count"):
        parse_payload(agent_message("agent_error") | {"count": 0})


def _batch_array() -> bytes:
    return json.dumps(agent_message("events_batch")["events"], ensure_ascii=False).encode("utf-8")


def _batch_lines() -> bytes:
    """As the agent writes them: one event a line (JSON.stringify has no line breaks), each line ended."""
    return b"".join(json.dumps(e, ensure_ascii=False).encode("utf-8") + b"\n" for e in agent_message("events_batch")["events"])


@pytest.mark.parametrize(("fixture", "data"), [("events_batch_data", _batch_lines), ("events_batch_array", _batch_array)])
def test_a_batch_whose_events_come_as_binary_data_parses_as_the_inline_one(fixture: str, data: Callable[[], bytes]) -> None:
    """As the agent sends batches: a small header, the events as the message's binary data (UTF-8 JSON
    Lines; a JSON array from agents before them)."""
    header = agent_message(fixture)
    assert parse_payload(header, data()) == parse_payload(agent_message("events_batch"))
    assert parse_frida_message({"type": "send", "payload": header}, data()) == parse_payload(agent_message("events_batch"))


def test_json_lines_keep_line_breaks_inside_strings_escaped() -> None:
    """A value with a line break is one line all the same (JSON escapes it), and the last line may end
    without one."""
    events = agent_message("events_batch")["events"]
    events[0] = dict(events[0], ret="line one\nline two", args=["a\r\nb"])
    data = b"\n".join(json.dumps(e).encode() for e in events)
    header = {"v": PROTOCOL_VERSION, "type": "events:batch", "data": "events-jsonl", "count": 3}
    assert parse_payload(header, data) == parse_payload({"v": PROTOCOL_VERSION, "type": "events:batch", "events": events})
    assert batch_lines(header, data) == data + b"\n" and batch_lines(header, data + b"\n") == data + b"\n"
    assert batch_lines(agent_message("events_batch_array"), _batch_array()) is None


@pytest.mark.parametrize(
    ("header", "data", "error"),
    [
        ({"data": "events", "count": 3}, None, "none came"),
        ({"data": "events", "count": 3}, b"[{", "not JSON"),
        ({"data": "events", "count": 3}, b'{"kind": "hook:call"}', "JSON dict, not an array"),
        ({"data": "events", "count": 2}, "array", "3 events in its binary data, 2 announced"),
        ({"data": "events-jsonl", "count": 3}, None, "none came"),
        ({"data": "events-jsonl", "count": 3}, b'{"kind": "hook:call"}{"kind": "hook:call"}', "not JSON Lines"),
        ({"data": "events-jsonl", "count": 3}, b'{"kind": "hook:call"}\n\n{"kind": "hook:call"}', "not JSON Lines"),
        ({"data": "events-jsonl", "count": 2}, "lines", "3 events in its binary data, 2 announced"),
        ({}, None, "carries no events"),
        ({"data": "other", "count": 3}, None, "carries no events"),
    ],
)
def test_a_batch_with_bad_binary_data_is_a_protocol_error(
    header: dict[str, object], data: bytes | str | None, error: str
) -> None:
    payload = {"v": PROTOCOL_VERSION, "type": "events:batch", **header}
    raw = {"array": _batch_array, "lines": _batch_lines}[data]() if isinstance(data, str) else data
    with pytest.raises(ProtocolError, match=error):
        parse_payload(payload, raw)
