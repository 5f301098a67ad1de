"""The rule API: what a rule is, what it returns, and how its thresholds are declared.

A rule is a pure function over one stored run (a :class:`~monitor.analysis.view.RunView`) that
yields :class:`Hit` objects; the engine turns each hit into a finding carrying the rule's stable
id, severity and clauses. Rules do no I/O. A rule module looks like::

    '''``my-rule``: the test it makes, in one paragraph (shown by ``privmon rules show``).'''
    from monitor.analysis.ruleapi import Hit, Param, Rule, Severity
    from monitor.analysis.view import RunView

    def check(view: RunView, params: Params) -> Iterator[Hit]:
        for c in view.collected:
            if c.data_type == "location" and c.actor.kind == "sdk":
                yield Hit(c.data_type, c.actor, c.event.ts_ms, f"{c.actor.name} read the location")

    RULE = Rule(id="my-rule", title="...", severity=Severity.MEDIUM, clauses=(...), check=check,
                doc=__doc__ or "", params={"max": Param(3, "calls allowed")})

Built-in rules live in ``monitor/analysis/rules/`` (one module each); plugins add theirs through
the ``privmon.rules`` entry point group or ``[rules] plugins = ["pkg.module:RULE"]`` in the config.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from monitor.analysis.model import Actor

if TYPE_CHECKING:
    from monitor.analysis.view import RunView

RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Clause:
    """A clause a finding evidences. ``text`` quotes the source where it is quoted (191号), otherwise
    it is a short summary; the reference is what a regulator looks up."""

    source: str
    ref: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "ref": self.ref, "text": self.text}


@dataclass(frozen=True)
class Hit:
    """One thing a rule found. The engine adds the rule id, severity, clauses and consent-relative time."""

    data_type: str
    actor: Actor
    ts_ms: int
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)


ParamValue = int | float | str | bool | tuple[str, ...]
Params = Mapping[str, Any]
Check = Callable[["RunView", Params], Iterable[Hit]]


@dataclass(frozen=True)
class Param:
    """A threshold in the config (``[rules.<id>] name = value``): its default, and where the default comes from."""

    default: ParamValue
    help: str

    def coerce(self, value: object) -> ParamValue | None:
        """VALUE as this parameter's type, or None when it has the wrong type."""
        d = self.default
        if isinstance(d, bool):
            return value if isinstance(value, bool) else None
        if isinstance(d, int):
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        if isinstance(d, float):
            return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        if isinstance(d, str):
            return value if isinstance(value, str) else None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        return None

    @property
    def type_name(self) -> str:
        d = self.default
        if isinstance(d, bool):
            return "true or false"
        if isinstance(d, int | float):
            return "a number"
        return "a string" if isinstance(d, str) else "a list of strings"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    clauses: tuple[Clause, ...]
    check: Check
    doc: str = ""
    params: Mapping[str, Param] = field(default_factory=dict)
    needs: frozenset[str] = frozenset()  # inputs without which the rule cannot run: "scope"
    origin: str = "builtin"  # builtin | config | plugin NAME
    # reads ``view.sent``: run after the other rules, which overlap the flow search (worker processes)
    reads_flows: bool = False

    @cached_property
    def clause_dicts(self) -> list[dict[str, str]]:
        """The clauses as findings carry them (built once, not per finding)."""
        return [c.as_dict() for c in self.clauses]

    def defaults(self) -> dict[str, ParamValue]:
        return {name: p.default for name, p in self.params.items()}

    @property
    def summary(self) -> str:
        """The first paragraph of the docstring, without the leading id."""
        first = self.doc.strip().split("\n\n", 1)[0]
        return " ".join(re.sub(r"^``[a-z0-9-]+``:\s*", "", first).split())
