"""User-defined hooks from a TOML file (``privmon run --hooks FILE``): Camille's custom module, typed.

    [[hooks]]
    id = "sdk.collect"                      # unique; letters, digits, '.', '_' or '-'
    class = "com.umeng.analytics.internal.DeviceCollector"
    method = "collect"
    category = "identifiers"                # one of the agent's categories
    data_type = "imei"                      # optional: what the call collects (findings use it)
    overload = ["java.lang.String"]         # optional: only this overload (Java type names)
    arg_filter = { index = 0, equals = "x" }  # optional: record only calls whose argument matches

The agent installs them like its own hooks: a missing class or method is reported as a failed hook
(the run says which), never a crash.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.events import Category

_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_JAVA_NAME = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


@dataclass(frozen=True)
class UserHook:
    id: str
    class_name: str
    method: str
    category: Category
    data_type: str | None = None
    overload: tuple[str, ...] | None = None
    arg_index: int | None = None
    arg_equals: str | None = None

    def to_agent(self) -> dict[str, Any]:
        """The spec the agent receives in init (see hooks/src/protocol.ts UserHookSpec)."""
        spec: dict[str, Any] = {
            "id": self.id,
            "className": self.class_name,
            "method": self.method,
            "category": str(self.category),
        }
        if self.overload is not None:
            spec["overload"] = list(self.overload)
        if self.arg_index is not None:
            spec["argFilter"] = {"index": self.arg_index, "equals": self.arg_equals}
        return spec


def load_user_hooks(path: Path) -> list[UserHook]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read hooks file {path}: {e.strerror}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"hooks file {path} is not valid TOML: {e}") from e
    entries = data.get("hooks")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"hooks file {path}: expected one or more [[hooks]] tables")
    hooks: list[UserHook] = []
    for n, entry in enumerate(entries, 1):
        where = f"hooks file {path}, hook #{n}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a table")
        unknown = sorted(set(entry) - {"id", "class", "method", "category", "data_type", "overload", "arg_filter"})
        if unknown:
            raise ConfigError(f"{where}: unknown keys {', '.join(unknown)}")
        hook_id, cls, method, category = entry.get("id"), entry.get("class"), entry.get("method"), entry.get("category")
        if not isinstance(hook_id, str) or not _ID.match(hook_id):
            raise ConfigError(f"{where}: 'id' must be letters, digits, '.', '_' or '-' (got {hook_id!r})")
        if not isinstance(cls, str) or not _JAVA_NAME.match(cls):
            raise ConfigError(f"{where} ({hook_id}): 'class' must be a Java class name like com.example.Foo (got {cls!r})")
        if not isinstance(method, str) or not (method == "$init" or re.match(r"^[A-Za-z_$][\w$]*$", method)):
            raise ConfigError(f"{where} ({hook_id}): 'method' must be a method name or $init (got {method!r})")
        try:
            cat = Category(str(category))
        except ValueError as e:
            raise ConfigError(
                f"{where} ({hook_id}): category {category!r} is not one of {', '.join(c.value for c in Category)}"
            ) from e
        data_type = entry.get("data_type")
        if data_type is not None and (not isinstance(data_type, str) or not re.match(r"^[a-z][a-z0-9-]*$", data_type)):
            raise ConfigError(f"{where} ({hook_id}): 'data_type' must be kebab-case like 'imei' or 'device-serial'")
        overload = entry.get("overload")
        if overload is not None and (not isinstance(overload, list) or not all(isinstance(t, str) for t in overload)):
            raise ConfigError(f"{where} ({hook_id}): 'overload' must be a list of Java type names")
        arg_index = arg_equals = None
        arg_filter = entry.get("arg_filter")
        if arg_filter is not None:
            if (
                not isinstance(arg_filter, dict)
                or not isinstance(arg_filter.get("index"), int)
                or not isinstance(arg_filter.get("equals"), str)
            ):
                raise ConfigError(f"{where} ({hook_id}): 'arg_filter' must be {{ index = N, equals = \"text\" }}")
            arg_index, arg_equals = arg_filter["index"], arg_filter["equals"]
        if any(h.id == hook_id for h in hooks):
            raise ConfigError(f"{where}: duplicate id {hook_id!r}")
        hooks.append(
            UserHook(
                hook_id, cls, method, cat, data_type, tuple(overload) if overload is not None else None, arg_index, arg_equals
            )
        )
    return hooks
