"""Helpers the built-in rules share (grouping and wording); not part of the rule API."""

from __future__ import annotations

import heapq
import ipaddress
import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

import iptocc

from monitor.analysis.datatypes import label
from monitor.analysis.model import Actor
from monitor.analysis.ruleapi import Hit
from monitor.analysis.view import Collected, PiHit, RunView, SentFlow, Site, SiteCalls

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

APP = Actor(kind="app", name="the app", prefix="")
_API = attrgetter("event.api")  # C-level getters: these run over every collected call of a group
_THROWN = attrgetter("event.thrown")


def _device_order(c: Collected) -> tuple[int, int]:
    return c.event.ts_ms, c.event.id


def type_actor(site: Site) -> tuple[str, Actor]:
    return site[0], site[1]


def group(items: Iterable[T], key: Callable[[T], K | None]) -> dict[K, list[T]]:
    """Items by key, in first-seen order; items whose key is None are left out."""
    out: dict[K, list[T]] = defaultdict(list)
    for item in items:
        k = key(item)
        if k is not None:
            out[k].append(item)
    return dict(out)


class FlowGroup(NamedTuple):
    """Flows a traffic rule reports once: the first one (with what it carried) and every flow's id."""

    first: SentFlow
    hits: list[PiHit]  # what the first flow carried that the finding is about
    flows: list[int]


def add_flow(groups: dict[K, FlowGroup], key: K, sent: SentFlow, hits: list[PiHit]) -> None:
    """Put SENT in the group KEY (groups keep their first-seen order, as :func:`group`'s do)."""
    found = groups.get(key)
    if found is None:
        groups[key] = FlowGroup(sent, hits, [sent.flow.id])
    else:
        found.flows.append(sent.flow.id)


def actor_evidence(actor: Actor) -> dict[str, Any]:
    return {"actor_company": actor.company, "actor_category": actor.category} if actor.kind == "sdk" else {}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


MAX_EVIDENCE_EVENTS = 100


def group_sites(
    view: RunView,
    key: Callable[[Site], K | None],
    sites: dict[Site, SiteCalls] | None = None,
    spans: Sequence[tuple[int | None, int | None]] | None = None,
) -> dict[K, list[list[Collected]]]:
    """Call sites (the view's, or SITES) grouped by KEY (None: left out); each group is a list of
    in-order runs. With SPANS (sorted, disjoint, half-open device-time spans), only the calls in them."""
    out: dict[K, list[list[Collected]]] = defaultdict(list)
    for site, calls in (view.sites if sites is None else sites).items():
        k = key(site)
        if k is None:
            continue
        if spans is None:
            out[k].append(calls)
        else:
            out[k] += calls.within(spans)
    return {k: lists for k, lists in out.items() if lists}


def collection_hits(
    groups: dict[tuple[str, Actor], list[list[Collected]]], what: Callable[[Actor, str, int], str]
) -> Iterator[Hit]:
    """One hit per (data type, actor) group of collecting calls, with the usual evidence (the first
    MAX_EVIDENCE_EVENTS event ids, and the count). ``what(actor, label, calls)`` words the summary;
    the APIs called and OS denials are appended."""
    for (dt, actor), lists in groups.items():
        count = sum(len(calls) for calls in lists)
        first = min((calls[0] for calls in lists), key=_device_order).event
        ordered = heapq.merge(*lists, key=_device_order) if len(lists) > 1 else iter(lists[0])
        ids = [c.event.id for c in itertools.islice(ordered, MAX_EVIDENCE_EVENTS)]
        apis = sorted(
            {calls.api for calls in lists if isinstance(calls, SiteCalls)}.union(
                *(map(_API, calls) for calls in lists if not isinstance(calls, SiteCalls))
            )
        )
        denied = sum(calls.thrown if isinstance(calls, SiteCalls) else sum(map(bool, map(_THROWN, calls))) for calls in lists)
        summary = f"{what(actor, label(dt), count)} ({plural(count, 'call')}: {', '.join(apis)})"
        if denied:
            summary += f"; {denied} attempt(s) denied by the OS"
        evidence: dict[str, Any] = {
            "events": ids,
            "calls": count,
            "apis": apis,
            "denied_attempts": denied,
            "stack": list(first.stack),
            "thread": first.thread_name,
        }
        evidence.update(actor_evidence(actor))
        yield Hit(dt, actor, first.ts_ms, summary, evidence)


def unprompted_hits(view: RunView, hooks: Iterable[str], within_ms: int, what: Callable[[Actor, str, int], str]) -> Iterator[Hit]:
    """Calls of HOOKS made with no user click in the WITHIN_MS before them, or in the background: one
    hit per data type and actor (the clipboard, microphone and camera rules)."""
    sites = view.sites_of(hooks)
    yield from collection_hits(group_sites(view, type_actor, sites, view.unprompted_spans(within_ms)), what)


def destination_ip(sent: SentFlow) -> str | None:
    return _global_ip(sent.flow.server_ip, sent.flow.host)


@lru_cache(maxsize=4096)
def _global_ip(server_ip: str | None, host: str) -> str | None:
    for candidate in (server_ip, host.strip("[]")):
        if not candidate:
            continue
        try:
            ip = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if ip.is_global:
            return str(ip)
    return None


@lru_cache(maxsize=4096)
def country_of(ip: str | None) -> str | None:
    """Where an address's block is registered (offline RIR data), or None when unknown."""
    return (iptocc.country_code(ip) or None) if ip is not None else None


def destination_country(sent: SentFlow) -> str | None:
    return country_of(destination_ip(sent))
