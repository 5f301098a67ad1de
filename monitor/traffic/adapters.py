"""Endpoint adapters: data files that say where a known SDK endpoint puts each PI field, and why.

One TOML file per tracker in ``monitor/traffic/adapters/`` (more with ``[traffic] adapters = [dir]``
in privmon.toml)::

    [tracker]
    id = "adjust"
    name = "Adjust"
    company = "Adjust GmbH"

    [[endpoint]]
    id = "session"
    urls = ['^https://app\\.adjust\\.(com|net\\.in|world)/(session|event|sdk_click)$']

    [[endpoint.field]]
    type = "gaid"                        # a ValueType (imei, android_id, mac, gaid, oaid, geo, ...)
    at = "body > form[gps_adid]"          # steps of the decoded path; "**" is any number of steps
    written = "raw"                       # how the SDK writes it: raw (default), md5(value), sha1(value), ...
    reason = "obvious property name"

``urls`` are regular expressions over the request URL without its query (``scheme://host/path``). The
decoding steps an endpoint needs are the steps of each field's ``at`` path (``body > gzip > json[...]``):
the decoder undoes them on its own, the adapter says which it expects. An endpoint whose body cannot be
read (encrypted) says why in ``opaque``; flows to it are reported as not verifiable instead of clean.

Placeholder values (empty, ``unknown``, ``null``, all-zero IDs, Android's ``02:00:00:00:00:00``) and
values that do not have the shape of their type never count: under-match rather than over-match.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError
from monitor.events import ValueType
from monitor.traffic.decode import Part
from monitor.traffic.model import Match

_PLACEHOLDERS = frozenset({"", "unknown", "null", "none", "nil", "n/a", "na", "0", "-1", "undefined", "nan", "[object object]"})
_HEX_DIGEST = {"md5": 32, "sha1": 40, "sha256": 64}
_SHAPES: dict[ValueType, re.Pattern[str]] = {
    ValueType.IMEI: re.compile(r"\d{14,16}"),
    ValueType.MEID: re.compile(r"[0-9A-Fa-f]{14}"),
    ValueType.IMSI: re.compile(r"\d{14,15}"),
    ValueType.ICCID: re.compile(r"\d{18,21}[Ff]?"),
    ValueType.PHONE_NUMBER: re.compile(r"\+?\d{7,15}"),
    ValueType.ANDROID_ID: re.compile(r"[0-9A-Fa-f]{13,16}"),
    ValueType.MAC: re.compile(r"[0-9A-Fa-f]{2}([:-]?[0-9A-Fa-f]{2}){5}"),
    ValueType.WIFI: re.compile(r"[0-9A-Fa-f]{2}([:-]?[0-9A-Fa-f]{2}){5}"),
    ValueType.GAID: re.compile(r"[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}"),
    ValueType.OAID: re.compile(r"[0-9A-Za-z-]{16,64}"),
    ValueType.SERIAL: re.compile(r"[0-9A-Za-z]{4,32}"),
    ValueType.GEO: re.compile(r"-?\d{1,3}\.\d{2,}"),
}
_NOT_REAL_MACS = frozenset({"020000000000", "000000000000", "ffffffffffff"})
PATH_STEP = " > "
_MAX_CACHED_BASES = 4096


@dataclass(frozen=True)
class Field:
    type: ValueType
    at: tuple[str, ...]
    reason: str
    written: str = "raw"

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """``at`` as one expression over the rendered path (steps joined by " > ")."""
        pieces = []
        for step in self.at:
            if step == "**":
                pieces.append("(?:[^>]* > )*")
            else:
                pieces.append(".*".join(re.escape(piece) for piece in step.split("*")) + " > ")
        return re.compile("".join(pieces))

    def matches(self, where: str) -> bool:
        """``where`` is :meth:`Part.where`."""
        return self.regex.fullmatch(where + " > ") is not None


@dataclass(frozen=True)
class Endpoint:
    tracker: str
    id: str
    urls: tuple[re.Pattern[str], ...]
    fields: tuple[Field, ...]
    opaque: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.tracker}/{self.id}"

    @cached_property
    def leaf_names(self) -> frozenset[str] | None:
        """The last key of every JSON leaf a field can name (``json[*.imei]`` names leaves called
        ``imei``), or None when a field could name any leaf (its last step ends in a wildcard)."""
        names = set()
        for f in self.fields:
            last = f.at[-1]
            if last == "**" or last.startswith("json*") or last.startswith("*"):
                return None
            if not last.startswith("json["):
                continue  # a form, query, protobuf ... field: never a JSON leaf
            name = last[len("json[") : -1].rsplit(".", 1)[-1]
            if not last.endswith("]") or not name or any(c in name for c in "*[]$"):
                return None
            names.add(name)
        return frozenset(names)


@dataclass(frozen=True)
class Tracker:
    id: str
    name: str
    company: str
    endpoints: tuple[Endpoint, ...]
    source: str  # the file it came from


def plausible(value_type: ValueType, text: str, written: str = "raw") -> bool:
    """A field value that really is a value of its type (not a placeholder, not an obvious dummy)."""
    value = text.strip()
    if value.lower() in _PLACEHOLDERS or len(set(value.replace("-", "").replace(":", "").replace(".", ""))) <= 1:
        return False
    algo = written.split("(", 1)[0]
    if algo in _HEX_DIGEST:
        return len(value) == _HEX_DIGEST[algo] and all(c in "0123456789abcdefABCDEF" for c in value)
    if value_type in (ValueType.MAC, ValueType.WIFI) and value.replace(":", "").replace("-", "").lower() in _NOT_REAL_MACS:
        return False
    if value_type == ValueType.GEO:
        try:
            number = float(value)
        except ValueError:
            return False
        return 0 < abs(number) <= 180
    shape = _SHAPES.get(value_type)
    return shape.fullmatch(value) is not None if shape else len(value) >= 4


class AdapterSet:
    """Every loaded tracker; ``apply`` adds (or confirms) the PI fields of the endpoint a request went to."""

    def __init__(self, trackers: Iterable[Tracker]) -> None:
        self.trackers = tuple(trackers)
        self._endpoints = [e for t in self.trackers for e in t.endpoints]
        self._names = {t.id: t.name for t in self.trackers}
        self._by_base: dict[str, list[Endpoint]] = {}  # a run's requests go to few distinct endpoints

    def __len__(self) -> int:
        return len(self._endpoints)

    def endpoints_for(self, url: str) -> list[Endpoint]:
        base = url.split("?", 1)[0].split("#", 1)[0]  # scheme, host and path are all in it
        found = self._by_base.get(base)
        if found is None:
            if len(self._by_base) >= _MAX_CACHED_BASES:
                self._by_base.clear()
            found = self._by_base[base] = self._endpoints_for(base)
        return list(found)

    def _endpoints_for(self, url: str) -> list[Endpoint]:
        split = urlsplit(url)
        bare = f"{split.scheme}://{(split.hostname or '').lower()}{split.path or '/'}"
        trimmed = bare.rstrip("/") if len(split.path) > 1 else bare
        return [e for e in self._endpoints if any(p.search(bare) or p.search(trimmed) for p in e.urls)]

    def leaf_names(self, endpoints: Iterable[Endpoint]) -> frozenset[str] | None:
        """The JSON leaf names these endpoints' fields can name (None: any leaf)."""
        out: set[str] = set()
        for e in endpoints:
            if e.leaf_names is None:
                return None
            out |= e.leaf_names
        return frozenset(out)

    def apply(
        self, url: str, parts: Sequence[Part], matches: list[Match], endpoints: Sequence[Endpoint] | None = None
    ) -> list[Match]:
        """``endpoints``: those of ``url``, when the caller has them already."""
        endpoints = self.endpoints_for(url) if endpoints is None else endpoints
        if not endpoints:
            return matches
        out = list(matches)
        at_path = {(m.path, m.value_type): i for i, m in enumerate(out)}
        wheres = [p.where() for p in parts]
        for endpoint in endpoints:
            for field in endpoint.fields:
                for part, where in zip(parts, wheres, strict=True):
                    if not field.matches(where):
                        continue
                    text = part.data.decode("utf-8", "replace").strip()
                    if not plausible(field.type, text, field.written):
                        continue
                    known = at_path.get((where, field.type))
                    why = f"{self._names[endpoint.tracker]} {endpoint.id}: {field.reason}"
                    if known is not None:
                        m = out[known]
                        out[known] = replace(m, source="value+adapter", adapter=endpoint.qualified, reason=f"{m.reason}; {why}")
                        continue
                    at_path[(where, field.type)] = len(out)
                    out.append(
                        Match(
                            field.type,
                            text,
                            field.written if field.written != "raw" else "field",
                            part.context,
                            where,
                            part.chain,
                            f"{why} (the value was not returned by any hooked API on the device)",
                            source="adapter",
                            adapter=endpoint.qualified,
                        )
                    )
        return out


def _need(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    if not isinstance(value, kind) or (isinstance(value, str | list) and not value):
        raise ConfigError(f"{where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def parse_tracker(text: str, source: str) -> Tracker:
    """One adapter file; every problem is a ConfigError naming the file and the field."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML: {e}") from e
    head = doc.get("tracker")
    if not isinstance(head, dict):
        raise ConfigError(f"{source}: missing [tracker] table")
    tid = _need(head, "id", str, f"{source} [tracker]")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", tid):
        raise ConfigError(f"{source} [tracker]: id '{tid}' must be kebab-case")
    endpoints = []
    for n, raw in enumerate(doc.get("endpoint", []), 1):
        where = f"{source} endpoint #{n}"
        eid = _need(raw, "id", str, where)
        urls = []
        for u in _need(raw, "urls", list, where):
            try:
                urls.append(re.compile(u))
            except (re.error, TypeError) as e:
                raise ConfigError(f"{where} ({eid}): bad url pattern {u!r}: {e}") from e
        fields = []
        for m, f in enumerate(raw.get("field", []), 1):
            fwhere = f"{where} ({eid}) field #{m}"
            try:
                vtype = ValueType(_need(f, "type", str, fwhere))
            except ValueError:
                raise ConfigError(
                    f"{fwhere}: unknown type {f.get('type')!r} (one of {', '.join(t.value for t in ValueType)})"
                ) from None
            at = tuple(s.strip() for s in _need(f, "at", str, fwhere).split(">"))
            written = f.get("written", "raw")
            if written != "raw" and written.split("(", 1)[0] not in _HEX_DIGEST:
                raise ConfigError(f"{fwhere}: written must be raw or md5/sha1/sha256(value), not {written!r}")
            fields.append(Field(vtype, at, _need(f, "reason", str, fwhere), written))
        opaque = raw.get("opaque", "")
        if not fields and not opaque:
            raise ConfigError(f"{where} ({eid}): an endpoint needs fields, or 'opaque' saying why it has none")
        endpoints.append(Endpoint(tid, eid, tuple(urls), tuple(fields), str(opaque)))
    if not endpoints:
        raise ConfigError(f"{source}: no [[endpoint]]")
    return Tracker(tid, _need(head, "name", str, f"{source} [tracker]"), str(head.get("company", "")), tuple(endpoints), source)


def builtin_trackers() -> list[Tracker]:
    folder = resources.files("monitor.traffic") / "adapters"
    return [
        parse_tracker(f.read_text(encoding="utf-8"), f"adapters/{f.name}")
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    ]


def load_adapters(extra_dirs: Iterable[Path] = ()) -> AdapterSet:
    trackers = builtin_trackers()
    for folder in extra_dirs:
        if not folder.is_dir():
            raise ConfigError(f"adapter folder {folder} does not exist")
        for path in sorted(folder.glob("*.toml")):
            trackers.append(parse_tracker(path.read_text(encoding="utf-8"), str(path)))
    seen: dict[str, str] = {}
    for t in trackers:
        if t.id in seen:
            raise ConfigError(f"tracker id '{t.id}' is defined twice ({seen[t.id]} and {t.source})")
        seen[t.id] = t.source
    return AdapterSet(trackers)


@lru_cache(maxsize=1)
def default_adapters() -> AdapterSet:
    """The built-in adapters, parsed once per process."""
    return AdapterSet(builtin_trackers())
