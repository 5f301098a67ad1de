"""Who did it: the app or an SDK, from the Java stack; and who receives a flow, from its host.

The actor is the first frame, from the top of the stack, that is neither the hooked API itself, nor
the framework, nor a *transparent* library (HTTP clients, JSON, Rx... which only act for their
caller). Its class is matched against the SDK catalogue (``data/sdks.json``, longest prefix wins):
an SDK is the actor; a cross-platform *runtime* (Flutter, React Native...) runs the app's own code,
so the app is. Otherwise the app's own package is the app, and anything else is an unknown third
party named by its package (obfuscated code included: ``a.b.c``).

Flows are attributed to a recipient entity (a company) by the longest matching domain suffix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from monitor.analysis.model import Actor

FRAMEWORK_PREFIXES = (
    "android.",
    "androidx.",
    "com.android.",
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "dalvik.",
    "libcore.",
    "org.json.",
    "org.xml.",
    "org.w3c.",
    "kotlin.",
    "kotlinx.",
    "org.apache.harmony.",
)
_FRAME = re.compile(r"^(?:[\w.$-]+/)?(?P<cls>[\w.$]+)\.(?P<method><?[\w$]+>?)\(")

CATEGORIES = frozenset(
    {
        "ab-testing",
        "advertising",
        "ai",
        "analytics",
        "apm",
        "attribution",
        "beacon",
        "cloud",
        "consent",
        "crash-reporting",
        "customer-service",
        "device-id",
        "engagement",
        "face",
        "game",
        "health",
        "hotfix",
        "im",
        "location",
        "location-broker",
        "login",
        "maps",
        "media",
        "network",
        "network-measurement",
        "packer",
        "payment",
        "platform",
        "push",
        "risk-control",
        "rtc",
        "social",
        "speech",
        "survey",
        "webview",
    }
)


@dataclass(frozen=True)
class SdkEntry:
    """One package prefix. ``role``: sdk (an actor), transparent (skipped) or runtime (the app's code)."""

    name: str
    prefix: str
    company: str = ""
    category: str = ""
    role: str = "sdk"


@dataclass(frozen=True)
class Recipient:
    """Who receives a flow: the company behind the host, or unknown."""

    entity: str | None
    domain: str | None  # the matched domain suffix
    party: str  # first | third | unknown


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[SdkEntry, ...]  # longest prefix first
    domains: dict[str, str] = field(default_factory=dict)  # domain suffix -> entity

    @staticmethod
    def of(entries: Iterable[SdkEntry], domains: dict[str, str] | None = None) -> Catalogue:
        return Catalogue(tuple(sorted(entries, key=lambda e: len(e.prefix), reverse=True)), dict(domains or {}))

    @cached_property
    def _by_prefix(self) -> dict[str, SdkEntry]:
        by_prefix: dict[str, SdkEntry] = {}
        for e in self.entries:
            by_prefix.setdefault(e.prefix, e)
        return by_prefix

    def match(self, cls: str) -> SdkEntry | None:
        """The entry with the longest prefix that CLS is (or lies under), looked up package by package."""
        candidate = cls
        while True:
            entry = self._by_prefix.get(candidate)
            if entry is not None:
                return entry
            dot = candidate.rfind(".")
            if dot < 0:
                return None
            candidate = candidate[:dot]

    def recipient(self, host: str, app_package: str = "") -> Recipient:
        host = host.lower().rstrip(".")
        labels = host.split(".")
        for i in range(len(labels) - 1):
            suffix = ".".join(labels[i:])
            if suffix in self.domains:
                return Recipient(self.domains[suffix], suffix, "third")
        own = _package_domain(app_package)
        if own and (host == own or host.endswith("." + own)):
            return Recipient(None, own, "first")
        return Recipient(None, None, "unknown")


def _package_domain(package: str) -> str | None:
    """com.example.app -> example.com (the usual reverse-DNS naming; a hint, not proof)."""
    parts = package.split(".")
    return f"{parts[1]}.{parts[0]}" if len(parts) >= 2 and all(parts[:2]) else None


def load_catalogue(path: Path) -> Catalogue:
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = [SdkEntry(s["name"], p, s["company"], s["category"]) for s in data["sdks"] for p in s["prefixes"]]
    entries += [SdkEntry(t["name"], p, role="transparent") for t in data.get("transparent", []) for p in t["prefixes"]]
    entries += [SdkEntry(r["name"], p, role="runtime") for r in data.get("runtimes", []) for p in r["prefixes"]]
    domains: dict[str, str] = {}
    for e in data.get("entities", []):
        domains.update(dict.fromkeys(e["domains"], e["name"]))
    for s in data["sdks"]:
        domains.update(dict.fromkeys(s.get("domains", []), s["company"]))
    return Catalogue.of(entries, domains)


@lru_cache(maxsize=1)
def sdk_catalogue() -> Catalogue:
    return load_catalogue(Path(__file__).parent / "data" / "sdks.json")


def frame_class(frame: str) -> str | None:
    """``com.a.B.m(B.java:3)`` or ``java.base/java.net.URL.openConnection(...)`` -> class name."""
    m = _FRAME.match(frame.strip())
    return m["cls"] if m else None


def is_framework(cls: str) -> bool:
    return cls.startswith(FRAMEWORK_PREFIXES)


def _under(cls: str, prefix: str) -> bool:
    return cls == prefix or cls.startswith(prefix + ".")


def _caller(stack: Sequence[str], api: str | None, cat: Catalogue) -> tuple[str, SdkEntry | None] | None:
    """The calling class and its catalogue entry. Skips the hooked API's own leading frame(s) (the
    agent's stack includes them), the framework and transparent libraries."""
    at_top = bool(api)
    for frame in stack:
        m = _FRAME.match(frame.strip())
        if m is None:
            at_top = False
            continue
        cls = m["cls"]
        if at_top and f"{cls}.{m['method']}" == api:
            continue
        at_top = False
        entry = cat.match(cls)
        if entry is not None and entry.role == "transparent":
            continue
        if entry is not None or not is_framework(cls):
            return cls, entry
    return None


def caller_class(stack: Sequence[str], api: str | None = None, catalogue: Catalogue | None = None) -> str | None:
    """The class that made the call: skips the API itself, the framework and transparent libraries."""
    found = _caller(stack, api, catalogue if catalogue is not None else sdk_catalogue())
    return found[0] if found else None


def attribute(stack: Sequence[str], app_package: str, catalogue: Catalogue | None = None, api: str | None = None) -> Actor:
    found = _caller(stack, api, catalogue if catalogue is not None else sdk_catalogue())
    if found is None:
        return Actor(kind="unknown", name="system / framework", prefix="")
    cls, entry = found
    if entry is not None and entry.role == "runtime":
        return Actor(kind="app", name=f"{app_package} (via {entry.name})", prefix=entry.prefix)
    in_app = bool(app_package) and _under(cls, app_package)
    if entry is not None and (not in_app or len(entry.prefix) > len(app_package)):  # the more specific prefix wins
        return Actor(kind="sdk", name=entry.name, prefix=entry.prefix, company=entry.company, category=entry.category)
    if in_app:
        return Actor(kind="app", name=app_package, prefix=app_package)
    package = ".".join(cls.split(".")[:-1][:3]) or cls
    return Actor(kind="third-party", name=package, prefix=package)
