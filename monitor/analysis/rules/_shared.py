"""Helpers the built-in rules share (grouping and wording); not part of the rule API."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar

from monitor.analysis.datatypes import label
from monitor.analysis.model import Actor
from monitor.analysis.ruleapi import Hit
from monitor.analysis.view import Collected

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

APP = Actor(kind="app", name="the app", prefix="")


def group(items: Iterable[T], key: Callable[[T], K | None]) -> dict[K, list[T]]:
    """Items by key, in first-seen order; items whose key is None are left out."""
    out: dict[K, list[T]] = defaultdict(list)
    for item in items:
        k = key(item)
        if k is not None:
            out[k].append(item)
    return dict(out)


def actor_evidence(actor: Actor) -> dict[str, Any]:
    return {"actor_company": actor.company, "actor_category": actor.category} if actor.kind == "sdk" else {}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def collection_hits(groups: dict[tuple[str, Actor], list[Collected]], what: Callable[[Actor, str, int], str]) -> Iterator[Hit]:
    """One hit per (data type, actor) group of collecting calls, with the usual evidence.
    ``what(actor, label, calls)`` words the summary; the APIs called and OS denials are appended."""
    for (dt, actor), calls in groups.items():
        evs = [c.event for c in calls]
        apis = sorted({e.api for e in evs})
        denied = sum(1 for e in evs if e.thrown)
        summary = f"{what(actor, label(dt), len(evs))} ({plural(len(evs), 'call')}: {', '.join(apis)})"
        if denied:
            summary += f"; {denied} attempt(s) denied by the OS"
        evidence: dict[str, Any] = {
            "events": [e.id for e in evs],
            "apis": apis,
            "denied_attempts": denied,
            "stack": list(evs[0].stack),
            "thread": evs[0].thread_name,
        }
        evidence.update(actor_evidence(actor))
        yield Hit(dt, actor, evs[0].ts_ms, summary, evidence)
