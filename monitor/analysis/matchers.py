"""Find PI values (known from hook return values) in captured traffic, in the forms SDKs send them.

Each value expands into needles: raw, lower/upper case, URL-encoded, base64 (standard and
URL-safe, found inside larger base64 blobs at any of the three byte alignments), and md5 / sha1 /
sha256 digests (hex in both cases, and base64 of the raw digest) of the raw and case-folded
forms. MAC addresses and BSSIDs also match without separators; a location also matches as its
latitude and longitude written separately; a cell ("LAC-CID") also as its cell id alone. Under-match rather than over-match: short values never match raw.
"""

from __future__ import annotations

import base64
import bisect
import contextlib
import gzip
import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote_to_bytes

import ahocorasick

from monitor.events import PiValue, ValueType

MIN_RAW_LENGTH = 6


@dataclass(frozen=True)
class Needle:
    value_type: ValueType
    value: str
    encoding: str
    pattern: bytes
    case_insensitive: bool


@dataclass(frozen=True)
class Match:
    value_type: ValueType
    value: str
    encoding: str
    context: str  # url | headers | body
    offset: int


def _b64_fragments(data: bytes, alphabet: str) -> list[tuple[int, str]]:
    """Base64 of ``data`` as it appears inside a larger blob, for each alignment (0, 1, 2 bytes before)."""
    out = []
    for shift in range(3):
        raw = b"\0" * shift + data
        enc = (base64.urlsafe_b64encode(raw) if alphabet == "urlsafe" else base64.b64encode(raw)).decode().rstrip("=")
        start = (0, 2, 3)[shift]
        end = (len(raw) * 8) // 6
        fragment = enc[start:end]
        if len(fragment) >= 4:
            out.append((shift, fragment))
    return out


def _forms(value_type: ValueType, value: str) -> list[tuple[str, str]]:
    """Plain-text forms of a value (name, text) before encodings and hashes are applied."""
    forms = [("raw", value)]
    if value_type in (ValueType.MAC, ValueType.WIFI):
        bare = value.replace(":", "").replace("-", "")
        forms.append(("no-separators", bare))
    if value_type == ValueType.GEO and "," in value:
        lat, lon = value.split(",", 1)
        forms += [("latitude", lat), ("longitude", lon)]
    if value_type == ValueType.CELL and "-" in value:
        forms.append(("cell-id", value.rsplit("-", 1)[1]))
    return forms


def expand(value: PiValue) -> list[Needle]:
    needles: dict[tuple[bytes, bool], Needle] = {}

    def add(encoding: str, pattern: str | bytes, case_insensitive: bool) -> None:
        p = pattern.encode() if isinstance(pattern, str) else pattern
        if case_insensitive:
            p = p.lower()
        key = (p, case_insensitive)
        if p and key not in needles:
            needles[key] = Needle(value.type, value.value, encoding, p, case_insensitive)

    for form_name, text in _forms(value.type, value.value):
        prefix = "" if form_name == "raw" else form_name + "+"
        if len(text) >= MIN_RAW_LENGTH:
            add(prefix + "raw", text, True)
            encoded = quote(text, safe="")
            if encoded != text:
                add(prefix + "url-encoded", encoded, True)
            for alphabet in ("standard", "urlsafe"):
                for shift, fragment in _b64_fragments(text.encode(), alphabet):
                    add(
                        f"{prefix}base64" + ("" if alphabet == "standard" else "-urlsafe") + (f"@{shift}" if shift else ""),
                        fragment,
                        False,
                    )
        for case_name, variant in (("", text), ("lower-", text.lower()), ("upper-", text.upper())):
            if case_name and variant == text:
                continue
            for algo in ("md5", "sha1", "sha256"):
                digest = hashlib.new(algo, variant.encode()).digest()
                add(f"{prefix}{algo}({case_name}value)", digest.hex(), True)
                add(f"{prefix}base64({algo}({case_name}value))", base64.b64encode(digest).decode().rstrip("="), False)
    return list(needles.values())


def _decoded_views(body: bytes, headers: Sequence[tuple[str, str]]) -> list[tuple[str, bytes]]:
    views = [("body", body)]
    encoding = next((v.lower() for k, v in headers if k.lower() == "content-encoding"), "")
    if body[:2] == b"\x1f\x8b" or "gzip" in encoding:
        with contextlib.suppress(OSError, EOFError, zlib.error):  # not gzip after all: the raw body is still searched
            views.append(("body(gunzip)", gzip.decompress(body)))
    elif "deflate" in encoding:
        with contextlib.suppress(zlib.error):  # not deflate after all: the raw body is still searched
            views.append(("body(inflate)", zlib.decompress(body)))
    if b"%" in body:
        views.append(("body(url-decoded)", unquote_to_bytes(body.replace(b"+", b" "))))
    return views


def haystacks(url: str, headers: Sequence[tuple[str, str]], body: bytes) -> list[tuple[str, bytes]]:
    """The searchable parts of a request, each also URL-decoded where that changes it."""
    out = [("url", url.encode())]
    if "%" in url:
        out.append(("url(url-decoded)", unquote_to_bytes(url)))
    out.append(("headers", "\n".join(f"{k}: {v}" for k, v in headers).encode()))
    out.extend(_decoded_views(body, headers))
    return out


class NeedleIndex:
    """Every needle of many values in two Aho-Corasick automata (case-folded and exact), so a request
    is scanned once, all its parts joined, whatever the number of needles. Bytes map 1:1 to text
    (latin-1); the parts are joined with NUL, which no needle contains."""

    def __init__(self, values: Iterable[PiValue]) -> None:
        self._needles: list[Needle] = []
        self._folded = ahocorasick.Automaton()
        self._exact = ahocorasick.Automaton()
        for value in dict.fromkeys(values):
            for needle in expand(value):
                automaton = self._folded if needle.case_insensitive else self._exact
                key = needle.pattern.decode("latin-1")
                found = automaton.get(key, None)
                if found is None:
                    automaton.add_word(key, [len(self._needles)])
                else:
                    found.append(len(self._needles))
                self._needles.append(needle)
        self._passes: list[tuple[Any, bool]] = [
            (a, folded) for a, folded in ((self._folded, True), (self._exact, False)) if len(a)
        ]
        for a, _ in self._passes:
            a.make_automaton()

    def __bool__(self) -> bool:
        return bool(self._passes)

    def search(self, parts: Sequence[tuple[str, bytes]]) -> list[Match]:
        """The first place (in part order) where each needle occurs, like :func:`search`."""
        if not self._passes:
            return []
        data = b"\0".join(d for _, d in parts)
        starts, pos = [], 0
        for _, d in parts:
            starts.append(pos)
            pos += len(d) + 1
        first: dict[int, int] = {}  # needle index -> end of its first occurrence
        for automaton, folded in self._passes:
            for end, indexes in automaton.iter((data.lower() if folded else data).decode("latin-1")):
                for i in indexes:
                    if i not in first:
                        first[i] = end
        out = []
        for i, end in first.items():
            n = self._needles[i]
            start = end - len(n.pattern) + 1
            part = bisect.bisect_right(starts, start) - 1
            out.append(Match(n.value_type, n.value, n.encoding, parts[part][0], start - starts[part]))
        return out


def search(needles: Iterable[Needle], parts: Sequence[tuple[str, bytes]]) -> list[Match]:
    lowered = [(ctx, data, data.lower()) for ctx, data in parts]
    matches = []
    for needle in needles:
        for ctx, data, low in lowered:
            offset = (low if needle.case_insensitive else data).find(needle.pattern)
            if offset >= 0:
                matches.append(Match(needle.value_type, needle.value, needle.encoding, ctx, offset))
                break
    return matches
