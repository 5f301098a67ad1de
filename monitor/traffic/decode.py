"""Take a captured request apart into every value it carries, each with the path that leads to it.

A request (URL, headers, body bytes as the proxy saw them, or one WebSocket message) becomes a flat
list of :class:`Part`. The roots are the URL, each header and the body; every part that can be decoded
gets children: the URL's query fields, the cookies of a ``Cookie`` header, and for any bytes

- compression: gzip, zlib/deflate, brotli (brotli only where ``Content-Encoding`` says so: it has no
  magic number);
- structure: JSON (nested, each leaf), ``k=v&…`` forms, ``multipart/form-data``, JWT (header and
  payload), schema-less protobuf (strict: every byte must parse);
- text layers: URL-encoding (percent escapes, repeatedly), base64 (standard and URL-safe) and hex, when
  what they decode to is itself meaningful (text, JSON, compressed or a protobuf message); random hex
  or random base64 never becomes a child.

Each part keeps its ``path`` (the steps from its root, e.g. ``body > gzip > protobuf[2] > base64 >
json[$.imei]``), so a match says where the value sat and which encodings were undone to see it.
Decoding is bounded (depth, number of parts, decompressed bytes) so a hostile body cannot stall a run.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from email.parser import BytesParser
from email.policy import HTTP
from http.cookies import CookieError, SimpleCookie
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

import brotli
import orjson

MAX_DEPTH = 10
MAX_PARTS = 5000
MAX_INFLATED = 8 * 1024 * 1024  # decompressed bytes per request, all layers together
MIN_ENCODED = 12  # shorter base64/hex strings are not decoded (too likely to be accidental)
MIN_SEARCHED = 5  # no needle is shorter (raw forms >= 6, truncated coordinates >= 5, base64 fragments >= 7)


MEMO_ENTRIES = 4096  # decodings a memo keeps (then it starts again)
MEMO_MAX_BYTES = 256  # longer values (blobs: mostly one of a kind) are decoded every time


class Part(NamedTuple):
    context: str  # url | header | body | ws
    path: tuple[str, ...]  # steps from the root; a step is "decoder" or "decoder[key]"
    data: bytes
    parent: int  # index of the part this was decoded from; -1 for a root
    searched: bool = True  # False for compressed bytes (their decompressed child is searched instead)

    @property
    def chain(self) -> tuple[str, ...]:
        """The decoders undone to reach this part, outermost first (keys dropped)."""
        return tuple(step.split("[", 1)[0] for step in self.path[1:])

    def where(self) -> str:
        return " > ".join(self.path)


_HEX_DIGITS = b"0123456789abcdefABCDEF"
_B64_STANDARD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_URLSAFE = _B64_STANDARD[:-2] + b"-_"
_PERCENT = re.compile(rb"%[0-9A-Fa-f]{2}")
_FORM = re.compile(rb"[^=&\s]{1,128}=(?!=)[^&\s]*(?:&[^=&\s]{1,128}=(?!=)[^&\s]*)*&?")  # "x==" is base64 padding
_JWT = re.compile(rb"(eyJ[A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)")
_BOUNDARY = re.compile(r'boundary="?([^";,]+)"?', re.IGNORECASE)
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


def looks_textual(data: bytes) -> bool:
    """UTF-8 text made of printable characters (a few control bytes tolerated)."""
    if not data:
        return False
    if data.isascii():
        return _count_unprintable(data) * 20 <= len(data)
    if len(data.translate(None, _NEVER_UTF8)) != len(data):
        return False  # a byte no UTF-8 text has (random binary, mostly): no decoding attempt needed
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    bad = sum(1 for ch in text if not ch.isprintable() and ch not in "\t\r\n")
    return bad * 20 <= len(text)


_UNPRINTABLE_TABLE = bytes(range(256)).translate(None, bytes(sorted(_PRINTABLE)))
_NEVER_UTF8 = bytes([0xC0, 0xC1, *range(0xF5, 0x100)])  # bytes that occur in no UTF-8 text


def _count_unprintable(data: bytes) -> int:
    return len(data) - len(data.translate(None, _UNPRINTABLE_TABLE))


_CONTROLS = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D)) + b"\x7f"


def _is_hex(text: bytes) -> bool:
    """Pairs of hex digits, nothing else (``bytes.translate`` deletes the digits: ~30x a regex)."""
    return bool(text) and len(text) % 2 == 0 and not text.translate(None, _HEX_DIGITS)


def _is_base64(text: bytes) -> bool:
    """One base64 alphabet (standard or URL-safe) and at most two ``=`` of padding."""
    stripped = text.rstrip(b"=")
    if not stripped or len(text) - len(stripped) > 2:
        return False
    return not stripped.translate(None, _B64_STANDARD) or not stripped.translate(None, _B64_URLSAFE)


def _inert_hex(leaf: bytes) -> bool:
    """Hex long enough to decode (not all decimal) that decodes to nothing meaningful: a JSON leaf
    like that becomes a part, is decoded as hex to nothing and is taken back (random IDs, hashes,
    padding); this says so without building the part."""
    return len(leaf) >= MIN_ENCODED and _is_hex(leaf) and not leaf.isdigit() and not _meaningful(binascii.unhexlify(leaf))


def _has_controls(data: bytes) -> bool:
    return len(data.translate(None, _CONTROLS)) != len(data)


class Decoder:
    """Decodes one request; :attr:`parts` is the result. Use :func:`decode_request`.

    With ``lazy``, JSON leaves that cannot hold anything more to decode (a number, a short string) and
    that appear byte for byte in their JSON text (no escapes in it) are not made parts at once but kept
    in :attr:`deferred`, by the index of their JSON part: whatever such a leaf matches, its JSON part
    matches too, at the same place. The matcher searches the JSON part first and calls
    :meth:`realise` only where it found something, to say in which leaf. Typical SDK bodies are
    mostly such leaves (timestamps, counters, event names), so this halves the parts built per request.
    """

    def __init__(self, lazy: bool = False, memo: DecodeMemo | None = None) -> None:
        self.parts: list[Part] = []
        self.deferred: dict[int, list[tuple[tuple[str, ...], JsonRef, bytes]]] = {}
        self._lazy = lazy
        self._inflated = 0  # decompressed bytes so far, all layers (bounded by MAX_INFLATED)
        self._memo = memo

    # -- roots -----------------------------------------------------------------------------------
    def add_url(self, url: str) -> None:
        self._remembered(("url", url), (), lambda: self._add_url(url))

    def _add_url(self, url: str) -> None:
        raw = url.encode("utf-8", "surrogateescape")
        root = self._add("url", ("url",), raw, -1)
        split = urlsplit(url)
        if split.path and _PERCENT.search(split.path.encode()):
            self._add("url", ("url", "path", "url-decoded"), unquote_to_bytes(split.path), root)
        for key, value in _query_fields(split.query):
            self._child(root, ("url", f"query[{key}]"), value, depth=1)

    def add_headers(self, headers: Sequence[tuple[str, str]]) -> None:
        self._remembered(("headers", tuple(headers)), (), lambda: self._add_headers(headers))

    def _add_headers(self, headers: Sequence[tuple[str, str]]) -> None:
        for name, value in headers:
            low = name.lower()
            if low in _SKIP_HEADERS:
                continue
            data = value.encode("utf-8", "surrogateescape")
            root = self._add("header", (f"header[{name}]",), data, -1)
            if low == "cookie":
                for key, morsel in _cookies(value):
                    self._child(root, (f"header[{name}]", f"cookie[{key}]"), morsel.encode("utf-8", "surrogateescape"), 1)
            elif low == "authorization" and " " in value:
                scheme, _, credentials = value.partition(" ")
                self._child(root, (f"header[{name}]", scheme.lower()), credentials.encode(), 1)
            else:
                self._expand(root, 0)

    def add_body(self, body: bytes, headers: Sequence[tuple[str, str]], context: str = "body") -> None:
        if not body:
            return
        root = self._add(context, (context,), body, -1)
        encoding = _header(headers, "content-encoding").lower()
        ctype = _header(headers, "content-type")
        if "br" in [e.strip() for e in encoding.split(",")]:
            inflated = self._inflate(brotli.decompress, body)
            if inflated is not None:
                self._compressed(root)
                root = self._add(context, (context, "brotli"), inflated, root)
        elif "deflate" in encoding and body[:1] != b"\x78":
            inflated = self._zlib(body, -15)
            if inflated is not None:
                self._compressed(root)
                root = self._add(context, (context, "deflate"), inflated, root)
        boundary = _BOUNDARY.search(ctype) if ctype.lower().startswith("multipart/") else None
        if boundary:
            self._multipart(root, self.parts[root].path, self.parts[root].data, boundary.group(1), 1)
        else:
            self._expand(root, 0)

    # -- machinery -------------------------------------------------------------------------------
    def _add(self, context: str, path: tuple[str, ...], data: bytes, parent: int) -> int:
        self.parts.append(Part(context, path, data, parent))
        return len(self.parts) - 1

    def realise(self, parents: Iterable[int], wanted: Callable[[int, JsonRef, bytes], bool] | None = None) -> list[int]:
        """Make the deferred leaves of these JSON parts parts of their own (only those ``wanted(parent,
        where, data)`` says yes to, if given); returns their indexes."""
        out: list[int] = []
        for parent in parents:
            kept = []
            for path, ref, data in self.deferred.pop(parent, ()):
                if wanted is not None and not wanted(parent, ref, data):
                    kept.append((path, ref, data))
                elif len(self.parts) < MAX_PARTS:
                    out.append(self._add(self.parts[parent].context, (*path, f"json[{_json_path(ref)}]"), data, parent))
            if kept:
                self.deferred[parent] = kept
        return out

    def _compressed(self, index: int) -> None:
        self.parts[index] = self.parts[index]._replace(searched=False)

    def _child(self, parent: int, path: tuple[str, ...], data: bytes, depth: int) -> None:
        if len(data) < MIN_SEARCHED or len(self.parts) >= MAX_PARTS:
            return
        index = self._add(self.parts[parent].context, path, data, parent)
        if len(data) >= MIN_ENCODED or b"%" in data or _compression(data) == "gzip":
            # shorter values are searched, but hold nothing decodable
            if len(data) <= MEMO_MAX_BYTES:
                self._remembered((self.parts[parent].context, data, depth), path, lambda: self._expand(index, depth), index)
            else:
                self._expand(index, depth)

    # -- memo: what a URL, the headers or a value decoded to, replayed when they come again ------
    def _remembered(self, key: Hashable, prefix: tuple[str, ...], decode: Callable[[], None], owner: int | None = None) -> None:
        """Run DECODE (which adds parts after the last one, under paths that start with PREFIX, and
        may defer leaves of those parts or of part OWNER), or replay what it did when KEY was decoded
        before. Only a decoding that met none of the bounds (number of parts, decompressed bytes) is
        remembered, and replayed only where it meets none either: the parts are then exactly those
        DECODE would add."""
        memo = self._memo
        if memo is None:
            decode()
            return
        start = len(self.parts)
        found = memo.get(key)
        if found is not None and start + len(found[0]) < MAX_PARTS:
            self._replay(found, start, prefix)
            return
        inflated = self._inflated
        decode()
        if self._inflated == inflated and len(self.parts) < MAX_PARTS:
            if len(memo) >= MEMO_ENTRIES:
                memo.clear()
            memo[key] = self._record(start, prefix, start if owner is None else owner)

    def _record(self, start: int, prefix: tuple[str, ...], owner: int) -> _Recorded:
        cut = len(prefix)
        parts = tuple(
            (p.context, p.path[cut:], p.data, None if p.parent < 0 else p.parent - start, p.searched) for p in self.parts[start:]
        )
        deferred = tuple(
            (at - start, tuple((path[cut:], ref, leaf) for path, ref, leaf in entries))
            for at, entries in self.deferred.items()
            if at >= owner
        )
        return parts, deferred

    def _replay(self, found: _Recorded, start: int, prefix: tuple[str, ...]) -> None:
        parts, deferred = found
        add = self.parts.append
        for context, path, data, parent, searched in parts:
            add(Part(context, prefix + path, data, -1 if parent is None else parent + start, searched))
        for at, entries in deferred:
            self.deferred[at + start] = [(prefix + path, ref, leaf) for path, ref, leaf in entries]

    def _room(self) -> int:
        return max(MAX_INFLATED - self._inflated, 0)

    def _inflate(self, fn: Callable[[bytes], bytes], data: bytes) -> bytes | None:
        if self._room() <= 0:
            return None
        try:
            out = fn(data)
        except (zlib.error, brotli.error, OSError, EOFError, ValueError):
            return None
        if not isinstance(out, bytes) or not out:
            return None
        out = out[: self._room()]
        self._inflated += len(out)
        return out

    def _zlib(self, data: bytes, wbits: int) -> bytes | None:
        """zlib family: ``wbits`` 16+15 gzip, 15 zlib, -15 raw deflate; never more than the room left."""
        return self._inflate(lambda d: zlib.decompressobj(wbits).decompress(d, self._room()), data)

    def _expand(self, index: int, depth: int) -> None:
        """Add the children of part ``index``, whichever decoders apply."""
        if depth >= MAX_DEPTH or len(self.parts) >= MAX_PARTS:
            return
        part = self.parts[index]
        data, path = part.data, part.path
        if len(data) < 4:
            return
        kind = _compression(data)
        if kind is not None:
            inflated = self._zlib(data, 16 + zlib.MAX_WBITS if kind == "gzip" else zlib.MAX_WBITS)
            if inflated is not None:
                self._compressed(index)
                self._child(index, (*path, kind), inflated, depth + 1)
                return
        controls = _has_controls(data)
        if controls:  # binary: a protobuf message (strict), else nothing more to decode
            fields = parse_protobuf(data)
            if fields:
                self._protobuf(index, fields, path, depth)
                return
        if (not controls and data.isascii()) or looks_textual(data):  # ASCII without controls is text
            self._text(index, data.strip(), path, depth)

    def _text(self, index: int, text: bytes, path: tuple[str, ...], depth: int) -> None:
        first = text[:1]
        if first not in (b"{", b"[") and len(text) >= MIN_ENCODED and _is_hex(text) and not text.isdigit():
            # hex digits only: none of the structures below can start or hold that (no braces, dots,
            # dashes, "=" or "%"), so this is where the checks below would end up
            self._hex(index, text, path, depth)
            return
        if first in (b"{", b"["):
            doc = _json_document(text)
            if isinstance(doc, dict | list):
                literal = self._lazy and b"\\" not in text  # every string and integer leaf is in the text as is
                deferred = []
                for ref, leaf, exact in _json_leaves(doc):
                    if literal and exact and (leaf.isdigit() or (len(leaf) < MIN_ENCODED and b"%" not in leaf)):
                        # inert: _child would add it and decode nothing out of it
                        if len(leaf) >= MIN_SEARCHED:
                            deferred.append((path, ref, leaf))
                    elif literal and exact and len(self.parts) < MAX_PARTS and _inert_hex(leaf):
                        deferred.append((path, ref, leaf))  # what _child below would come to, without a part
                    else:
                        at = len(self.parts)
                        self._child(index, (*path, f"json[{_json_path(ref)}]"), leaf, depth + 1)
                        if literal and exact and len(self.parts) == at + 1 and at not in self.deferred:
                            # it decoded to nothing (random hex, an opaque token): like the leaves
                            # above, it is searched within its JSON text, and made a part on a hit
                            self.parts.pop()
                            deferred.append((path, ref, leaf))
                if deferred:
                    self.deferred[index] = deferred
                return
        if first == b"e" and (jwt := _JWT.fullmatch(text)):
            for name, segment in (("header", jwt.group(1)), ("payload", jwt.group(2))):
                decoded = _b64decode(segment)
                if decoded is not None:
                    self._child(index, (*path, f"jwt[{name}]"), decoded, depth + 1)
            return
        if text.startswith(b"--") and b"\r\n" in text[:200]:
            boundary = text[2 : text.index(b"\r\n")].decode("latin-1")
            if self._multipart(index, path, text, boundary, depth + 1):
                return
        if b"=" in text and _FORM.fullmatch(text):
            fields = _query_fields(text.decode("utf-8", "surrogateescape"))
            for key, value in fields:
                self._child(index, (*path, f"form[{key}]"), value, depth + 1)
            if fields:
                return
        if b"%" in text and _PERCENT.search(text):
            self._child(index, (*path, "url-decoded"), unquote_to_bytes(text), depth + 1)
            return
        if len(text) < MIN_ENCODED or text.isdigit():  # a decimal number is a number, not hex or base64
            return
        if _is_hex(text):
            self._hex(index, text, path, depth)
            return
        if _is_base64(text):
            decoded = _b64decode(text)
            if decoded is not None and _meaningful(decoded):
                self._child(index, (*path, "base64"), decoded, depth + 1)

    def _hex(self, index: int, text: bytes, path: tuple[str, ...], depth: int) -> None:
        decoded = binascii.unhexlify(text)
        if _meaningful(decoded):
            self._child(index, (*path, "hex"), decoded, depth + 1)

    def _protobuf(self, index: int, fields: list[tuple[int, int, bytes | int]], path: tuple[str, ...], depth: int) -> None:
        for number, wire, value in fields:
            step = f"protobuf[{number}]"
            if wire == 2:
                assert isinstance(value, bytes)
                self._child(index, (*path, step), value, depth + 1)
            elif wire == 0:
                assert isinstance(value, int)
                self._child(index, (*path, step), str(value).encode(), depth + 1)
            else:  # fixed64 / fixed32: kept as the number they most plausibly are (coordinates are doubles)
                assert isinstance(value, int)
                for text in _fixed_texts(wire, value):
                    self._child(index, (*path, step), text, depth + 1)

    def _multipart(self, index: int, path: tuple[str, ...], data: bytes, boundary: str, depth: int) -> bool:
        head = f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n".encode()
        try:
            message = BytesParser(policy=HTTP).parsebytes(head + data)
        except (ValueError, TypeError):
            return False
        if not message.is_multipart():
            return False
        found = False
        for n, sub in enumerate(message.iter_parts()):
            name = sub.get_param("name", header="content-disposition") or sub.get_filename() or str(n)
            payload = sub.get_payload(decode=True)
            if isinstance(payload, bytes):
                found = True
                self._child(index, (*path, f"multipart[{name}]"), payload, depth + 1)
        return found


# what one decoding added: (context, path after the prefix, data, parent relative to the first part
# added or None for a root, searched) a part, and (part relative to the first added, entries) deferred
_Recorded = tuple[
    tuple[tuple[str, tuple[str, ...], bytes, int | None, bool], ...],
    tuple[tuple[int, tuple[tuple[tuple[str, ...], "JsonRef", bytes], ...]], ...],
]
DecodeMemo = dict[Hashable, _Recorded]

_SKIP_HEADERS = frozenset({"content-length", "host", "connection", "accept-encoding", "content-encoding", "content-type"})


def _header(headers: Sequence[tuple[str, str]], name: str) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


def _query_fields(query: str) -> list[tuple[str, bytes]]:
    """``k=v`` pairs with both sides URL-decoded; values as bytes. A value with a ``+`` is given twice,
    with ``+`` as a space (form encoding) and kept (SDKs put raw base64 in query strings)."""
    if not query:
        return []
    out = []
    for key, value in parse_qsl(query, keep_blank_values=False, encoding="latin-1", errors="strict"):
        out.append((key.encode("latin-1").decode("utf-8", "replace"), value.encode("latin-1")))
    if "+" in query:
        for pair in query.split("&"):
            key, sep, value = pair.partition("=")
            if sep and "+" in value:
                name = unquote_to_bytes(key.replace("+", " ")).decode("utf-8", "replace")
                out.append((name, unquote_to_bytes(value)))
    return out


def _cookies(value: str) -> list[tuple[str, str]]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(value)
    except CookieError:
        return [(k.strip(), v.strip()) for k, _, v in (c.partition("=") for c in value.split(";")) if k.strip()]
    return [(k, m.value) for k, m in jar.items()]


# where a JSON leaf sits, built as (parent, key or index) links and written out only when needed
JsonRef = tuple[Any, str | int] | None


def _json_leaves(doc: dict[str, Any] | list[Any]) -> list[tuple[JsonRef, bytes, bool]]:
    """(where, leaf as bytes, whether those bytes are how the leaf is written in unescaped JSON text),
    in document order. A stack of iterators, not recursion: orjson parses 1024 levels deep."""
    out: list[tuple[JsonRef, bytes, bool]] = []
    add = out.append
    stack: list[tuple[JsonRef, Iterator[tuple[Any, Any]]]] = [(None, iter(doc.items() if type(doc) is dict else enumerate(doc)))]
    while stack:
        ref, items = stack[-1]
        for key, node in items:
            kind = type(node)
            if kind is str:
                if node:
                    add(((ref, key), node.encode("utf-8", "surrogatepass"), True))
            elif kind is int:
                add(((ref, key), str(node).encode(), True))
            elif kind is dict:
                stack.append(((ref, key), iter(node.items())))
                break  # its leaves first, then the rest of this container
            elif kind is list:
                stack.append(((ref, key), iter(enumerate(node))))
                break
            elif kind is float:
                add(((ref, key), repr(node).encode(), False))  # as json.dumps writes it, maybe not as the text did
        else:
            stack.pop()
    return out


def _json_document(text: bytes) -> object:
    """The JSON document TEXT holds, or None. orjson first (a fifth of the time); what it refuses
    and the standard library accepts (NaN, integers beyond 64 bits, lone surrogates, UTF-16) is
    parsed as before, so the result is the same either way."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except ValueError:
        return None


def leaf_named(ref: JsonRef, names: frozenset[str]) -> bool:
    """The leaf's last key is one of ``names`` (or ends with "." and one of them)."""
    if ref is None or not isinstance(ref[1], str):
        return False
    key = ref[1]
    return key in names or ("." in key and key.rsplit(".", 1)[-1] in names)


def _json_path(ref: JsonRef) -> str:
    steps = []
    while ref is not None:
        ref, step = ref
        steps.append(f"[{step}]" if isinstance(step, int) else f".{step}")
    return "$" + "".join(reversed(steps))


def _compression(data: bytes) -> str | None:
    """gzip or zlib by their magic numbers (a zlib header is 0x78 and a multiple of 31), else None."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if len(data) >= 2 and data[0] == 0x78 and (data[0] * 256 + data[1]) % 31 == 0:
        return "zlib"
    return None


def _b64decode(text: bytes) -> bytes | None:
    padded = text.rstrip(b"=")
    padded += b"=" * (-len(padded) % 4)
    if len(padded) % 4 == 1:
        return None
    try:
        if b"-" in text or b"_" in text:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def _meaningful(decoded: bytes) -> bool:
    """Worth decoding further: text, JSON, compressed data or a protobuf message (not random bytes)."""
    if len(decoded) < 4:
        return False
    if _compression(decoded) is not None:
        return True
    if looks_textual(decoded):
        return True
    fields = parse_protobuf(decoded)
    # a random blob parses as protobuf now and then; require a message with a readable string in it
    return fields is not None and any(w == 2 and isinstance(v, bytes) and len(v) >= 4 and looks_textual(v) for _, w, v in fields)


def _fixed_texts(wire: int, value: int) -> list[bytes]:
    if wire == 1:
        (number,) = struct.unpack("<d", value.to_bytes(8, "little"))
    else:
        (number,) = struct.unpack("<f", value.to_bytes(4, "little"))
    if number != number or number in (float("inf"), float("-inf")) or not (1e-6 < abs(number) < 1e12):
        return []
    if wire == 5:  # a float has ~7 significant digits: print it the way an SDK would have typed it
        return [f"{number:.7g}".encode()]
    return [repr(number).encode()]


def parse_protobuf(data: bytes) -> list[tuple[int, int, bytes | int]] | None:
    """Schema-less protobuf wire format: (field number, wire type, value) or None when any byte does
    not parse (strict, so text and random bytes are rejected). Groups (wire types 3/4) are rejected."""
    fields: list[tuple[int, int, bytes | int]] = []
    pos, end = 0, len(data)
    while pos < end:
        key = data[pos]
        if key < 0x80:  # a one-byte key (field numbers up to 15): most of them
            pos += 1
        else:
            long_key, pos = _varint(data, pos)
            if long_key is None:
                return None
            key = long_key
        number, wire = key >> 3, key & 7
        if number < 1 or number > 536_870_911:
            return None
        if wire == 0:
            value, pos = _varint(data, pos)
            if value is None:
                return None
            fields.append((number, 0, value))
        elif wire == 1 or wire == 5:
            size = 8 if wire == 1 else 4
            if pos + size > end:
                return None
            fields.append((number, wire, int.from_bytes(data[pos : pos + size], "little")))
            pos += size
        elif wire == 2:
            length, pos = _varint(data, pos)
            if length is None or pos + length > end:
                return None
            fields.append((number, 2, data[pos : pos + length]))
            pos += length
        else:
            return None
    return fields or None


def _varint(data: bytes, pos: int) -> tuple[int | None, int]:
    result = shift = 0
    while pos < len(data) and shift < 64:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
    return None, pos


def decode_request(url: str, headers: Sequence[tuple[str, str]], body: bytes, context: str = "body") -> list[Part]:
    """Every part of a request: the URL, each header and the body, and all that decodes out of them."""
    return decoder_for(url, headers, body, context).parts


def decoder_for(
    url: str,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    context: str = "body",
    lazy: bool = False,
    memo: DecodeMemo | None = None,
) -> Decoder:
    """A :class:`Decoder` that has decoded the request (with ``lazy``, some JSON leaves are deferred).
    MEMO (a dict kept from request to request) remembers what URLs, headers and values decoded to."""
    d = Decoder(lazy, memo)
    d.add_url(url)
    d.add_headers(headers)
    d.add_body(body, headers, context)
    return d
