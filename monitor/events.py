"""Agent <-> host protocol: the source of truth.

The TypeScript mirror is ``hooks/src/protocol.ts``; the golden fixtures in
``tests/fixtures/agent_messages/`` must parse here and type-check there.

Every ``send()`` payload is an object with ``v`` (protocol version) and ``type`` (``namespace:verb``).
An ``events:batch`` carries its events inline or, as the agent sends them, in the message's binary
data (see :func:`batch_events`).
Known payloads parse into frozen dataclasses; anything else becomes a :class:`ForeignMessage` that
is logged and kept, never a crash (user scripts may ``send()`` too). For ingest, a batch's events are
decoded and checked in one pass into wire structs (:class:`HookCallWire`, :class:`UiClickWire`) that
mirror the dataclasses field for field (a test keeps them in step); anything unusual falls back to
the field-by-field parse, which names what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import msgspec
import orjson

PROTOCOL_VERSION = 1


class Category(StrEnum):
    IDENTIFIERS = "identifiers"
    LOCATION = "location"
    CONTACTS = "contacts"
    MICROPHONE = "microphone"
    CAMERA = "camera"
    CLIPBOARD = "clipboard"
    APP_LIST = "app_list"
    PERMISSION = "permission"
    NETWORK = "network"
    LIFECYCLE = "lifecycle"
    UI = "ui"
    SENSORS = "sensors"
    ACCOUNTS = "accounts"
    PROCESS = "process"
    CONSENT = "consent"  # what the app tells its SDKs (consent beacons, IAB TCF preferences)


class ValueType(StrEnum):
    IMEI = "imei"
    IMSI = "imsi"
    ICCID = "iccid"
    PHONE_NUMBER = "phone_number"
    ANDROID_ID = "android_id"
    MAC = "mac"
    GEO = "geo"
    CLIPBOARD = "clipboard"
    PACKAGE = "package"
    CONTACT = "contact"
    SERIAL = "serial"
    ACCOUNT = "account"
    MEID = "meid"
    GAID = "gaid"
    OAID = "oaid"
    CELL = "cell"  # serving cell: "MCC-MNC-LAC/TAC-CID"
    WIFI = "wifi"  # an access point's BSSID (connected or scanned)


class ProtocolError(ValueError):
    """A payload claims a known type but does not match its schema."""


@dataclass(frozen=True)
class PiValue:
    type: ValueType
    value: str


@dataclass(frozen=True)
class ThreadInfo:
    id: int
    name: str


@dataclass(frozen=True)
class HookCall:
    """One intercepted API call (kind ``hook:call``)."""

    seq: int
    ts: int
    mono: int
    hook: str
    category: Category
    api: str
    args: tuple[str, ...]
    target: str | None
    ret: str | None
    thrown: str | None
    values: tuple[PiValue, ...]
    thread: ThreadInfo
    stack: tuple[str, ...]
    kind: str = field(default="hook:call", init=False)


@dataclass(frozen=True)
class UiClick:
    """A view was clicked on the device (kind ``ui:click``), stamped before its listener ran."""

    seq: int
    ts: int
    mono: int
    view_class: str
    view_id: int
    text: str
    thread: ThreadInfo
    stack: tuple[str, ...]
    kind: str = field(default="ui:click", init=False)


AgentEvent = HookCall | UiClick


@dataclass(frozen=True)
class HookStatus:
    id: str
    api: str
    category: Category
    installed: bool
    overloads: int
    error: str | None
    optional: bool = False  # an SDK entry point: absent from most apps, and that is not a failure
    direct: int = 0  # overloads whose calls take the agent's direct entry (HotSpot: hooks/src/lib/direct.ts)

    @property
    def failed(self) -> bool:
        """Did not install, and was expected to (an absent SDK's hook is not a failure)."""
        return not self.installed and not self.optional

    @property
    def absent(self) -> bool:
        """An optional hook whose class is not in this app."""
        return self.optional and not self.installed


@dataclass(frozen=True)
class EventsBatch:
    events: tuple[AgentEvent, ...]


@dataclass(frozen=True)
class AgentReady:
    pid: int
    runtime: str
    hooks: tuple[HookStatus, ...]


@dataclass(frozen=True)
class AgentFault:
    """An error reported by the agent (``agent:error``) or an uncaught script exception."""

    where: str
    message: str
    stack: str | None
    count: int = 1  # occurrences this message stands for (the agent counts repeats instead of resending)


@dataclass(frozen=True)
class ForeignMessage:
    """A payload privmon does not know; kept raw for the log."""

    raw: Any


Message = EventsBatch | AgentReady | AgentFault | ForeignMessage


def _get(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in d:
        raise ProtocolError(f"missing field {key!r}")
    value = d[key]
    if isinstance(value, bool) and kind in (int, (int, float)):
        raise ProtocolError(f"field {key!r}: expected number, got bool")
    if not isinstance(value, kind):
        raise ProtocolError(f"field {key!r}: expected {kind}, got {type(value).__name__}")
    return value


def _opt_str(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise ProtocolError(f"field {key!r}: expected string or null")
    return value


def _strings(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = _get(d, key, list)
    if not all(isinstance(x, str) for x in items):
        raise ProtocolError(f"field {key!r}: expected a list of strings")
    return tuple(items)


def _thread(d: Mapping[str, Any]) -> ThreadInfo:
    t = _get(d, "thread", dict)
    return ThreadInfo(id=int(_get(t, "id", (int, float))), name=_get(t, "name", str))


def _enum(cls: type[StrEnum], value: Any, what: str) -> Any:
    try:
        return cls(value)
    except ValueError as e:
        raise ProtocolError(f"unknown {what} {value!r}") from e


_CATEGORY_OF = {c.value: c for c in Category}
_VALUE_TYPE_OF = {v.value: v for v in ValueType}


# A category and a value type as sent: checked against the enums' values, kept as the plain strings
# (an enum member bound to an SQL statement goes through the driver's adaptation lookups, which cost
# more than the rest of the row; the event objects get the members: event_of_wire).
if TYPE_CHECKING:
    CategoryText = str
    ValueTypeText = str
else:
    CategoryText = Literal[tuple(c.value for c in Category)]
    ValueTypeText = Literal[tuple(v.value for v in ValueType)]


class PiValueWire(msgspec.Struct, frozen=True, gc=False):
    """:class:`PiValue` as sent (frozen: a call's values are a cache key in the store writer)."""

    type: ValueTypeText
    value: str


class ThreadWire(msgspec.Struct, gc=False):
    """:class:`ThreadInfo` as sent."""

    id: int
    name: str


class HookCallWire(msgspec.Struct, tag_field="kind", tag="hook:call", gc=False):
    """A ``hook:call`` as sent, decoded and checked in C (:func:`batch_wire_events`): :class:`HookCall`'s
    fields, in its order, with the wire structs above for its parts (a test keeps the two in step).
    Ingest-bound: the store writer builds rows from these without making event objects."""

    kind: ClassVar[str] = "hook:call"
    seq: int
    ts: int
    mono: int
    hook: str
    category: CategoryText
    api: str
    args: tuple[str, ...]
    target: str | None
    ret: str | None
    thrown: str | None
    values: tuple[PiValueWire, ...]
    thread: ThreadWire
    stack: tuple[str, ...]


class UiClickWire(msgspec.Struct, tag_field="kind", tag="ui:click", rename="camel", gc=False):
    """A ``ui:click`` as sent (``viewClass``, ``viewId``): :class:`UiClick`'s fields."""

    kind: ClassVar[str] = "ui:click"
    seq: int
    ts: int
    mono: int
    view_class: str
    view_id: int
    text: str
    thread: ThreadWire
    stack: tuple[str, ...]


WireEvent = HookCallWire | UiClickWire
_WIRE_EVENTS = list[WireEvent]
# The structs hold strings, numbers and tuples of them (gc=False: the cyclic collector never tracks
# them, and a backlog of decoded events does not make it run more often).
_wire_array = msgspec.json.Decoder(_WIRE_EVENTS)
_wire_lines = msgspec.json.Decoder(WireEvent)


def event_of_wire(w: WireEvent) -> AgentEvent:
    """The event object of a decoded wire event."""
    thread = ThreadInfo(w.thread.id, w.thread.name)
    if isinstance(w, HookCallWire):
        values = tuple(PiValue(_VALUE_TYPE_OF[v.type], v.value) for v in w.values)
        category = _CATEGORY_OF[w.category]
        return HookCall(w.seq, w.ts, w.mono, w.hook, category, w.api, w.args, w.target, w.ret, w.thrown, values, thread, w.stack)
    return UiClick(w.seq, w.ts, w.mono, w.view_class, w.view_id, w.text, thread, w.stack)


def _wire_event(d: Any) -> WireEvent | None:
    try:
        wire: WireEvent = msgspec.convert(d, WireEvent)
        return wire
    except msgspec.ValidationError:
        return None


def parse_event(d: Mapping[str, Any]) -> AgentEvent:
    wire = _wire_event(d)
    if wire is not None:
        return event_of_wire(wire)
    kind = _get(d, "kind", str)
    if kind == "hook:call":
        values = []
        for v in _get(d, "values", list):
            if not isinstance(v, dict):
                raise ProtocolError("values: expected objects")
            values.append(PiValue(type=_enum(ValueType, v.get("type"), "value type"), value=_get(v, "value", str)))
        return HookCall(
            seq=int(_get(d, "seq", (int, float))),
            ts=int(_get(d, "ts", (int, float))),
            mono=int(_get(d, "mono", (int, float))),
            hook=_get(d, "hook", str),
            category=_enum(Category, d.get("category"), "category"),
            api=_get(d, "api", str),
            args=_strings(d, "args"),
            target=_opt_str(d, "target"),
            ret=_opt_str(d, "ret"),
            thrown=_opt_str(d, "thrown"),
            values=tuple(values),
            thread=_thread(d),
            stack=_strings(d, "stack"),
        )
    if kind == "ui:click":
        return UiClick(
            seq=int(_get(d, "seq", (int, float))),
            ts=int(_get(d, "ts", (int, float))),
            mono=int(_get(d, "mono", (int, float))),
            view_class=_get(d, "viewClass", str),
            view_id=int(_get(d, "viewId", (int, float))),
            text=_get(d, "text", str),
            thread=_thread(d),
            stack=_strings(d, "stack"),
        )
    raise ProtocolError(f"unknown event kind {kind!r}")


BATCH_DATA = ("events-jsonl", "events")  # how a batch's binary data holds its events (the agent sends the first)


def batch_events(payload: Mapping[str, Any], data: bytes | None) -> list[Any]:
    """An ``events:batch``'s events, unchecked: inline (``events``) or, as the agent sends them, in the
    message's binary data (``count`` of them): UTF-8 JSON Lines, one event a line (``"data":
    "events-jsonl"``), or a JSON array (``"data": "events"``, what agents sent before). Frida then
    parses only the small header on its own thread; the events are parsed (with orjson) by the store
    writer, and wait in its queue as bytes, which the cyclic garbage collector never walks."""
    if "events" in payload:
        inline: list[Any] = _get(payload, "events", list)
        return inline
    form = payload.get("data")
    if form not in BATCH_DATA:
        raise ProtocolError(
            "events:batch carries no events (neither 'events' nor " + " nor ".join(f'"data": "{f}"' for f in BATCH_DATA) + ")"
        )
    if data is None:
        raise ProtocolError("events:batch: its events were to come as the message's binary data, and none came")
    # JSON text holds no raw line break (strings escape theirs), so the lines' breaks are the separators
    text = b"[" + data.rstrip(b"\n").replace(b"\n", b",") + b"]" if form == "events-jsonl" else data
    try:
        events = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        raise ProtocolError(
            f"events:batch: its binary data is not {'JSON Lines' if form == 'events-jsonl' else 'JSON'} ({e})"
        ) from e
    if type(events) is not list:
        raise ProtocolError(f"events:batch: its binary data is a JSON {type(events).__name__}, not an array")
    count = _get(payload, "count", (int, float))
    if len(events) != count:
        raise ProtocolError(f"events:batch: {len(events)} events in its binary data, {count} announced")
    return events


def batch_wire_events(payload: Mapping[str, Any], data: bytes | None) -> list[WireEvent] | None:
    """An ``events:batch``'s events decoded and checked against their schema in one pass, in C (the
    store writer's way); None if anything in the batch is unusual (malformed, a missing field, an
    unknown kind, a float where an integer goes, a count that does not match), which
    :func:`batch_events` and :func:`parse_event` then take field by field, with the precise error."""
    try:
        if "events" in payload:
            inline: list[WireEvent] = msgspec.convert(payload["events"], _WIRE_EVENTS)
            return inline
        form = payload.get("data")
        if data is None or form not in BATCH_DATA:
            return None
        events = _wire_lines.decode_lines(data) if form == "events-jsonl" else _wire_array.decode(data)
    except msgspec.DecodeError:  # ValidationError is one
        return None
    count = payload.get("count")
    return events if type(count) is int and len(events) == count else None


def batch_lines(payload: Mapping[str, Any], data: bytes | None) -> bytes | None:
    """The JSON Lines of a batch whose events came as such (ending with a line break), to be stored as
    they came; None for any other batch. Call it on a batch :func:`batch_events` accepted."""
    if data is None or "events" in payload or payload.get("data") != "events-jsonl":
        return None
    return data if data.endswith(b"\n") else data + b"\n"


def parse_payload(payload: Any, data: bytes | None = None) -> Message:
    """Parse one ``send()`` payload (and the binary DATA sent with it). Raises :class:`ProtocolError`
    for a known type with a bad shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        return ForeignMessage(payload)
    mtype = payload["type"]
    if mtype not in ("events:batch", "agent:ready", "agent:error"):
        return ForeignMessage(payload)
    version = payload.get("v")
    if version != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {version!r} (host speaks {PROTOCOL_VERSION})")
    if mtype == "events:batch":
        return EventsBatch(events=tuple(parse_event(e) for e in batch_events(payload, data)))
    if mtype == "agent:ready":
        hooks = []
        for h in _get(payload, "hooks", list):
            hooks.append(
                HookStatus(
                    id=_get(h, "id", str),
                    api=_get(h, "api", str),
                    category=_enum(Category, h.get("category"), "category"),
                    installed=bool(_get(h, "installed", bool)),
                    overloads=int(_get(h, "overloads", (int, float))),
                    error=_opt_str(h, "error"),
                    optional=bool(_get(h, "optional", bool)) if "optional" in h else False,
                    direct=int(_get(h, "direct", (int, float))) if "direct" in h else 0,
                )
            )
        return AgentReady(pid=int(_get(payload, "pid", (int, float))), runtime=_get(payload, "runtime", str), hooks=tuple(hooks))
    count = int(_get(payload, "count", (int, float))) if "count" in payload else 1
    if count < 1:
        raise ProtocolError(f"field 'count': expected a positive number, got {count}")
    return AgentFault(
        where=_get(payload, "where", str), message=_get(payload, "message", str), stack=_opt_str(payload, "stack"), count=count
    )


def parse_frida_message(message: Mapping[str, Any], data: bytes | None = None) -> Message:
    """Parse a message as Frida delivers it: ``{"type": "send", "payload": ...}`` (with the binary DATA
    sent along, if any) or ``{"type": "error", ...}``."""
    if message.get("type") == "send":
        return parse_payload(message.get("payload"), data)
    if message.get("type") == "error":
        return AgentFault(
            where=f"{message.get('fileName', '?')}:{message.get('lineNumber', '?')}",
            message=str(message.get("description", "uncaught agent exception")),
            stack=message.get("stack") if isinstance(message.get("stack"), str) else None,
        )
    return ForeignMessage(dict(message))


def hook_statuses_summary(hooks: Sequence[HookStatus]) -> tuple[int, int]:
    """(installed, failed) counts; optional hooks whose class is absent count as neither."""
    ok = sum(1 for h in hooks if h.installed)
    return ok, sum(1 for h in hooks if h.failed)
