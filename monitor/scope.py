"""The declared scope (双清单): what the app's privacy policy says it collects and shares, as a
TOML file the rules compare a run against (``privmon run --scope FILE``, ``privmon correlate RUN
--scope FILE``; ``privmon scope init RUN`` drafts one). Commented example: ``docs/scope.example.toml``.

    app = "com.example.shop"            # optional: the package it describes (checked when given)

    [collect.location]                  # 个人信息收集清单: one table per data type
    purpose = "show nearby stores"
    functions = ["store finder"]
    precision = "coarse"                # location only: coarse | precise

    [[sdk]]                             # 第三方共享清单: one table per third-party SDK
    name = "Umeng Analytics"
    prefixes = ["com.umeng"]            # Java package prefixes of the SDK's code
    collects = ["android-id", "oaid"]   # data types it may collect
    recipients = ["umeng.com"]          # domains it may send to (subdomains included)

    [domains]
    first_party = ["example.com"]       # the app's own servers
    third_party = ["cdn.example.net"]   # other recipients the policy names

    [cross_border]
    allowed = false                     # may PI leave the home country (PIPL ch. III)?
    countries = []                      # destinations the policy names (ISO 3166 alpha-2)

Every error names the field: ``scope.toml: sdk[2].collects[0]: unknown data type 'imie'``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.analysis.datatypes import LABELS
from monitor.errors import ConfigError, read_text_file

if TYPE_CHECKING:
    from monitor.analysis.view import RunView

NOT_PI = frozenset({"consent", "permission"})
DATA_TYPES = frozenset(LABELS) - NOT_PI
PRECISIONS = ("coarse", "precise")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_JAVA_PREFIX = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class DeclaredData:
    type: str
    purpose: str
    functions: tuple[str, ...] = ()
    precision: str | None = None  # location: coarse | precise


@dataclass(frozen=True)
class DeclaredSdk:
    name: str
    prefixes: tuple[str, ...]
    collects: frozenset[str]
    recipients: tuple[str, ...] = ()
    purpose: str = ""

    def covers(self, cls: str) -> bool:
        return any(cls == p or cls.startswith(p + ".") for p in self.prefixes)


@dataclass(frozen=True)
class ScopeManifest:
    data: dict[str, DeclaredData]
    sdks: tuple[DeclaredSdk, ...] = ()
    first_party: tuple[str, ...] = ()
    third_party: tuple[str, ...] = ()
    cross_border_allowed: bool = False
    countries: tuple[str, ...] = ()
    app: str | None = None
    source: str = ""  # the file's text, kept with the run so `privmon correlate` can re-apply it

    def sdk_for(self, cls: str | None, name: str = "") -> DeclaredSdk | None:
        """The declared SDK whose longest prefix covers CLS (or, failing that, with this NAME)."""
        best: tuple[int, DeclaredSdk] | None = None
        for sdk in self.sdks:
            for p in sdk.prefixes:
                if cls and (cls == p or cls.startswith(p + ".")) and (best is None or len(p) > best[0]):
                    best = (len(p), sdk)
        if best is not None:
            return best[1]
        return next((s for s in self.sdks if name and s.name.casefold() == name.casefold()), None)

    def declared_domains(self) -> tuple[str, ...]:
        return self.first_party + self.third_party + tuple(d for s in self.sdks for d in s.recipients)

    def domain_declared(self, host: str, domains: Iterable[str] | None = None) -> bool:
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in (self.declared_domains() if domains is None else domains))


class _Reader:
    """Typed access to a parsed TOML table with one-line errors that name the field."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, field: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where}: {field}: {message}")

    def table(self, data: dict[str, Any], field: str, allowed: Sequence[str], required: Sequence[str] = ()) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(f"{field}.{key}" if field else key, f"unknown field (expected one of: {', '.join(allowed)})")
        for key in required:
            if key not in data:
                raise self.fail(field or key, f"missing field '{key}'")

    def string(self, data: dict[str, Any], key: str, field: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(field, "expected a non-empty string" if default is None else "expected a string")
        return value

    def strings(self, data: dict[str, Any], key: str, field: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(field, "expected a list of strings")
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                raise self.fail(f"{field}[{i}]", "expected a non-empty string")
        return value

    def data_type(self, value: str, field: str, known: frozenset[str]) -> str:
        if value not in known:
            raise self.fail(field, f"unknown data type '{value}' (known: {', '.join(sorted(known))})")
        return value

    def domains(self, data: dict[str, Any], key: str, field: str) -> tuple[str, ...]:
        out = []
        for i, d in enumerate(self.strings(data, key, field)):
            d = d.lower().rstrip(".")
            if not _DOMAIN.match(d):
                raise self.fail(f"{field}[{i}]", f"'{d}' is not a domain name (example.com; subdomains are included)")
            out.append(d)
        return tuple(out)


def parse_scope(text: str, where: str = "scope", extra_types: Iterable[str] = ()) -> ScopeManifest:
    r = _Reader(where)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: not valid TOML: {e}") from e
    known = DATA_TYPES | frozenset(extra_types)
    r.table(data, "", ("app", "collect", "sdk", "domains", "cross_border"))
    app = data.get("app")
    if app is not None and (not isinstance(app, str) or not _JAVA_PREFIX.match(app)):
        raise r.fail("app", "expected a package name (com.example.app)")
    collect = data.get("collect", {})
    if not isinstance(collect, dict):
        raise r.fail("collect", "expected tables: [collect.<data type>]")
    declared: dict[str, DeclaredData] = {}
    for dt, entry in collect.items():
        field = f"collect.{dt}"
        r.data_type(dt, field, known)
        if not isinstance(entry, dict):
            raise r.fail(field, "expected a table with purpose and functions")
        r.table(entry, field, ("purpose", "functions", "precision"), ("purpose",))
        precision = entry.get("precision")
        if precision is not None and (dt != "location" or precision not in PRECISIONS):
            why = "only location has a precision" if dt != "location" else f"expected one of: {', '.join(PRECISIONS)}"
            raise r.fail(f"{field}.precision", why)
        purpose = r.string(entry, "purpose", f"{field}.purpose")
        declared[dt] = DeclaredData(dt, purpose, tuple(r.strings(entry, "functions", f"{field}.functions")), precision)
    sdks = data.get("sdk", [])
    if not isinstance(sdks, list):
        raise r.fail("sdk", "expected an array of tables: [[sdk]]")
    parsed_sdks = []
    for i, s in enumerate(sdks):
        field = f"sdk[{i}]"
        if not isinstance(s, dict):
            raise r.fail(field, "expected a table")
        r.table(s, field, ("name", "prefixes", "collects", "recipients", "purpose"), ("name", "prefixes"))
        prefixes = r.strings(s, "prefixes", f"{field}.prefixes")
        if not prefixes:
            raise r.fail(f"{field}.prefixes", "expected at least one Java package prefix")
        for j, p in enumerate(prefixes):
            if not _JAVA_PREFIX.match(p):
                raise r.fail(f"{field}.prefixes[{j}]", f"'{p}' is not a Java package prefix (com.umeng)")
        collects = [
            r.data_type(t, f"{field}.collects[{j}]", known) for j, t in enumerate(r.strings(s, "collects", f"{field}.collects"))
        ]
        parsed_sdks.append(
            DeclaredSdk(
                name=r.string(s, "name", f"{field}.name"),
                prefixes=tuple(prefixes),
                collects=frozenset(collects),
                recipients=r.domains(s, "recipients", f"{field}.recipients"),
                purpose=r.string(s, "purpose", f"{field}.purpose", default=""),
            )
        )
    domains = data.get("domains", {})
    if not isinstance(domains, dict):
        raise r.fail("domains", "expected a table: [domains]")
    r.table(domains, "domains", ("first_party", "third_party"))
    border = data.get("cross_border", {})
    if not isinstance(border, dict):
        raise r.fail("cross_border", "expected a table: [cross_border]")
    r.table(border, "cross_border", ("allowed", "countries"))
    allowed = border.get("allowed", False)
    if not isinstance(allowed, bool):
        raise r.fail("cross_border.allowed", "expected true or false")
    countries = r.strings(border, "countries", "cross_border.countries")
    for i, c in enumerate(countries):
        if not _COUNTRY.match(c):
            raise r.fail(f"cross_border.countries[{i}]", f"'{c}' is not an ISO 3166 alpha-2 code (US, SG, DE)")
    return ScopeManifest(
        data=declared,
        sdks=tuple(parsed_sdks),
        first_party=r.domains(domains, "first_party", "domains.first_party"),
        third_party=r.domains(domains, "third_party", "domains.third_party"),
        cross_border_allowed=allowed,
        countries=tuple(countries),
        app=app,
        source=text,
    )


def load_scope(path: Path, extra_types: Iterable[str] = ()) -> ScopeManifest:
    return parse_scope(read_text_file(path, "the scope manifest"), path.name, extra_types)


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


_TWO_LEVEL_SUFFIXES = frozenset(
    {"com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "com.hk", "co.uk", "co.jp", "com.au", "com.tw"}
)


def site(host: str) -> str:
    """The registrable part of a host (api.umeng.com -> umeng.com), by a short suffix list."""
    labels = host.lower().rstrip(".").split(".")
    n = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 2
    return ".".join(labels[-n:])


def draft_scope(view: RunView, run_uid: str) -> str:
    """A declared-scope manifest that states what the run observed, for the tester to edit into what
    the privacy policy says. Purposes are TODOs: privmon cannot know them."""
    lines = [
        f"# Declared scope (双清单) drafted by privmon from run {run_uid} of {view.package}.",
        "# It states what the app DID. Edit it into what the privacy policy SAYS, then apply it with",
        f"#   privmon correlate {run_uid} --scope THIS_FILE",
        "# A data type you cannot give a purpose for should not be collected: delete its table.",
        "",
        f"app = {toml_string(view.package)}",
        "",
    ]
    by_type: dict[str, dict[str, int]] = {}
    for c in view.collected:
        by_type.setdefault(c.data_type, {}).setdefault(c.actor.name, 0)
        by_type[c.data_type][c.actor.name] += 1
    for dt, actors in sorted(by_type.items()):
        seen = "; ".join(f"{name} ×{n}" for name, n in sorted(actors.items()))
        lines += [f"[collect.{dt}]  # seen: {seen}", 'purpose = "TODO: the purpose the privacy policy states"', "functions = []"]
        if dt == "location":
            lines.append('precision = "coarse"  # or "precise"')
        lines.append("")
    sdks: dict[str, tuple[str, set[str], set[str]]] = {}
    for c in view.collected:
        if c.actor.kind in ("sdk", "third-party") and c.actor.prefix:
            sdks.setdefault(c.actor.name, (c.actor.prefix, set(), set()))[1].add(c.data_type)
    first, third = set(), set()
    for sent in view.sent:
        domain = sent.recipient.domain or site(sent.flow.host)
        if sent.actor.name in sdks:
            sdks[sent.actor.name][2].add(domain)
        elif sent.recipient.party == "first" or sent.actor.kind == "app" and domain == sent.recipient.domain:
            first.add(domain)
        else:
            third.add(domain)
    for name, (prefix, types, domains) in sorted(sdks.items()):
        lines += [
            "[[sdk]]",
            f"name = {toml_string(name)}",
            f"prefixes = {toml_list([prefix])}",
            f"collects = {toml_list(sorted(types))}",
            f"recipients = {toml_list(sorted(domains))}",
            'purpose = "TODO: what the SDK does for the app"',
            "",
        ]
    lines += [
        "[domains]",
        f"first_party = {toml_list(sorted(first))}",
        f"third_party = {toml_list(sorted(third))}",
        "",
        "[cross_border]",
        "allowed = false  # true if the policy says PI may leave the home country",
        "countries = []   # the destinations it names (ISO 3166 alpha-2)",
        "",
    ]
    return "\n".join(lines)
