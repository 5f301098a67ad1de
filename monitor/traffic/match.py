"""Find PI in a decoded request: known values in all their forms, and the fields endpoint adapters name.

:class:`PiMatcher` is built once per run from the PI values the hooks returned (and device ground
truth). ``match`` decodes a request into parts (:mod:`monitor.traffic.decode`), searches every part
at once with one Aho-Corasick automaton over the lower-cased bytes (``ahocorasick_rs``, a DFA: a few
ns a byte), and keeps, for each value, only the
most specific places it was found: a hit in ``body`` explained by the same value in ``body > gzip >
json[$.imei]`` is dropped. Endpoint adapters (:mod:`monitor.traffic.adapters`) run on the same parts;
an adapter field that holds a known value confirms the match, and one that holds a value the hooks
never saw is reported on its own with the adapter's reason.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

import ahocorasick_rs

from monitor.events import PiValue, ValueType
from monitor.traffic.adapters import AdapterSet
from monitor.traffic.decode import DecodeMemo, Part, decoder_for, leaf_named
from monitor.traffic.model import Match
from monitor.traffic.needles import Needle, expand

MAX_MADE = 65_536  # matches kept for reuse per matcher (then the cache starts again)


class PiMatcher:
    """All needles of many values in one automaton, so a request is scanned once whatever their number.

    The parts are joined with NUL, which no needle contains."""

    def __init__(self, values: Iterable[PiValue], adapters: AdapterSet | None = None, lazy: bool = True) -> None:
        """``lazy=False`` decodes every JSON leaf up front: same matches, slower (kept for tests)."""
        self.adapters = adapters
        self._lazy = lazy
        self._needles: list[Needle] = []
        # one automaton over lower-cased bytes; case-sensitive needles (base64) are checked exactly after
        keys: dict[bytes, list[int]] = {}  # lower-cased pattern -> the needles that have it
        for value in dict.fromkeys(values):
            for needle in expand(value):
                keys.setdefault(needle.pattern.lower(), []).append(len(self._needles))
                self._needles.append(needle)
        self._by_key = list(keys.values())
        # (needle, context, path) -> its Match: a run's requests repeat their shapes, and a Match's
        # wording (reason, path, chain) takes longer to build than the search that found it
        self._made: dict[tuple[int, str, tuple[str, ...]], Match] = {}
        self._memo: DecodeMemo = {}  # what URLs, headers and values decoded to (they repeat too)
        self._automaton = (
            ahocorasick_rs.BytesAhoCorasick(list(keys), implementation=ahocorasick_rs.Implementation.DFA) if keys else None
        )

    @property
    def needle_count(self) -> int:
        return len(self._needles)

    def match(self, url: str, headers: Sequence[tuple[str, str]], body: bytes, context: str = "body") -> list[Match]:
        endpoints = self.adapters.endpoints_for(url) if self.adapters is not None else []
        if self._automaton is None and not endpoints:
            return []
        # plain JSON leaves are searched within their JSON text first, and made parts only where it
        # holds a hit (the result is the same as decoding every leaf); adapters name leaves, so see all
        decoder = decoder_for(url, headers, body, context, lazy=self._lazy, memo=self._memo)
        parts = decoder.parts
        if endpoints and self.adapters is not None and decoder.deferred:
            names = self.adapters.leaf_names(endpoints)
            decoder.realise(list(decoder.deferred), None if names is None else lambda _, ref, __: leaf_named(ref, names))
        found: dict[tuple[int, int], int] = {}
        if self._automaton is not None:
            found = self._search(parts, [i for i, p in enumerate(parts) if p.searched])
            # the leaves that hold what was found in their JSON text (in any case: a needle matched
            # without regard to case may be written otherwise in another leaf; a leaf made a part for
            # nothing only costs its search)
            seen: dict[int, set[bytes]] = {}
            deferred = decoder.deferred
            for (i, part), offset in found.items():
                if part in deferred:
                    hit = parts[part].data[offset : offset + len(self._needles[i].pattern)].lower()
                    held = seen.get(part)
                    if held is None:
                        seen[part] = {hit}
                    else:
                        held.add(hit)
            if seen:
                found.update(self._search(parts, decoder.realise(sorted(seen), _holding(seen))))
            found = self._pairs_only(found)
        matches = _most_specific(found, parts, self._needles, self._made)
        if endpoints and self.adapters is not None:
            matches = self.adapters.apply(url, parts, matches, endpoints)
        return matches

    def _search(self, parts: Sequence[Part], searched: Sequence[int]) -> dict[tuple[int, int], int]:
        """(needle, part) -> offset of the first acceptable occurrence in the part, for these parts."""
        if not searched or self._automaton is None:
            return {}
        data = b"\0".join(parts[i].data for i in searched)
        starts, pos = [], 0
        for i in searched:
            starts.append(pos)
            pos += len(parts[i].data) + 1
        out: dict[tuple[int, int], int] = {}
        by_key = self._by_key
        for key, start, stop in self._automaton.find_matches_as_indexes(data.lower(), overlapping=True):
            end = stop - 1
            for i in by_key[key]:
                n = self._needles[i]
                k = bisect.bisect_right(starts, start) - 1
                part = searched[k]
                if (i, part) in out:
                    continue
                if not n.case_insensitive and data[start : end + 1] != n.pattern:
                    continue
                if n.token and ((start > 0 and data[start - 1] in n.token) or (end + 1 < len(data) and data[end + 1] in n.token)):
                    continue
                out[(i, part)] = start - starts[k]
        return out

    def _pairs_only(self, found: dict[tuple[int, int], int]) -> dict[tuple[int, int], int]:
        """Truncated coordinates count only in pairs (latitude and longitude at the same precision)."""
        pairs = {(self._needles[i].value, self._needles[i].pair) for i, _ in found if self._needles[i].pair}
        return {
            (i, part): offset
            for (i, part), offset in found.items()
            if not self._needles[i].pair or (self._needles[i].value, _partner(self._needles[i].pair)) in pairs
        }


def _holding(seen: dict[int, set[bytes]]) -> Callable[[int, object, bytes], bool]:
    """Whether a deferred leaf of a JSON part holds one of the (lower-cased) hits found in that part."""

    def wanted(parent: int, _ref: object, data: bytes) -> bool:
        low = data.lower()
        for hit in seen[parent]:  # noqa: SIM110 -- a loop, not any(): no generator for every deferred leaf
            if hit in low:
                return True
        return False

    return wanted


def _partner(pair: str) -> str:
    side, _, key = pair.partition("@")
    return ("longitude" if side == "latitude" else "latitude") + "@" + key


def _reason(n: Needle, part: Part) -> str:
    undone = f" after decoding {' > '.join(part.chain)}" if part.chain else ""
    return f"{n.describe()}, found in the {part.context}{undone}"


def _most_specific(
    found: dict[tuple[int, int], int],
    parts: Sequence[Part],
    needles: Sequence[Needle],
    made: dict[tuple[int, str, tuple[str, ...]], Match],
) -> list[Match]:
    """One match per (value, variant, part), dropping a part's match when a part decoded from it holds
    the same value (the deeper part says more precisely where it was), and a piece of a value where
    the whole value is found in the same part. MADE holds the matches built for earlier requests."""
    if not found:
        return []
    by_value: dict[tuple[ValueType, str], set[int]] = {}
    for i, part in found:
        n = needles[i]
        by_value.setdefault((n.value_type, n.value), set()).add(part)
    explained: set[tuple[tuple[ValueType, str], int]] = set()
    for key, at in by_value.items():
        for part in at:
            parent = parts[part].parent
            while parent >= 0:
                explained.add((key, parent))
                parent = parts[parent].parent
    whole = {(needles[i].value_type, needles[i].value, part) for i, part in found if "+" not in needles[i].variant}
    out: dict[tuple[ValueType, str, str, str], Match] = {}
    for i, part in sorted(found):
        n = needles[i]
        key = (n.value_type, n.value)
        if (key, part) in explained:
            continue
        if "+" in n.variant and (n.value_type, n.value, part) in whole:
            continue  # a piece of the value (a latitude, a bare MAC) where the whole value is found too
        p = parts[part]
        key4 = (n.value_type, n.value, n.variant, p.where())
        if key4 in out:
            continue
        made_key = (i, p.context, p.path)
        m = made.get(made_key)
        if m is None:
            if len(made) >= MAX_MADE:
                made.clear()
            m = made[made_key] = _match(n, p)
        out[key4] = m
    return list(out.values())


def _match(n: Needle, part: Part) -> Match:
    return Match(n.value_type, n.value, n.variant, part.context, part.where(), part.chain, _reason(n, part))
