"""Who did it: the app or an SDK, from the Java stack.

The immediate non-framework caller of the hooked API is the actor. Its class is matched against
the SDK catalogue (``data/sdks.json``, longest prefix wins), then against the app's own package;
anything else is an unknown third party named by its package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
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


@dataclass(frozen=True)
class SdkEntry:
    name: str
    prefix: str


@lru_cache(maxsize=1)
def sdk_catalogue(path: Path | None = None) -> tuple[SdkEntry, ...]:
    data = json.loads((path or Path(__file__).parent / "data" / "sdks.json").read_text(encoding="utf-8"))
    entries = [SdkEntry(sdk["name"], p) for sdk in data["sdks"] for p in sdk["prefixes"]]
    return tuple(sorted(entries, key=lambda e: len(e.prefix), reverse=True))


def frame_class(frame: str) -> str | None:
    """``com.a.B.m(B.java:3)`` or ``java.base/java.net.URL.openConnection(...)`` -> class name."""
    m = _FRAME.match(frame.strip())
    return m["cls"] if m else None


def is_framework(cls: str) -> bool:
    return cls.startswith(FRAMEWORK_PREFIXES)


def _under(cls: str, prefix: str) -> bool:
    return cls == prefix or cls.startswith(prefix + ".")


def caller_class(stack: Sequence[str]) -> str | None:
    for frame in stack:
        cls = frame_class(frame)
        if cls is not None and not is_framework(cls):
            return cls
    return None


def attribute(stack: Sequence[str], app_package: str, catalogue: Iterable[SdkEntry] | None = None) -> Actor:
    cls = caller_class(stack)
    if cls is None:
        return Actor(kind="unknown", name="system / framework", prefix="")
    for entry in catalogue if catalogue is not None else sdk_catalogue():
        if _under(cls, entry.prefix):
            return Actor(kind="sdk", name=entry.name, prefix=entry.prefix)
    if _under(cls, app_package):
        return Actor(kind="app", name=app_package, prefix=app_package)
    package = ".".join(cls.split(".")[:-1][:3]) or cls
    return Actor(kind="third-party", name=package, prefix=package)
