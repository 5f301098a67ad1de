"""Builders for rule tests: events, flows, views, and running one rule with its thresholds."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

from monitor.analysis.model import ConsentPoint, ObservedEvent, ObservedFlow
from monitor.analysis.ruleapi import Hit
from monitor.analysis.view import PermissionAnswer, RunView
from monitor.device.truth import TruthValue
from monitor.events import PiValue, ValueType
from monitor.scope import ScopeManifest, parse_scope

APP = "com.example.app"
APP_STACK = ("com.example.app.Main.run(Main.java:3)",)
UMENG_STACK = ("com.umeng.analytics.internal.DeviceCollector.collect(DeviceCollector.java:9)",)
IMEI = "356938035643809"
OAID = "a1b2c3d4-0000-1111-2222-333344445555"


def ev(
    id: int,
    ts: int,
    hook: str,
    api: str = "",
    args: tuple[str, ...] = (),
    stack: tuple[str, ...] = APP_STACK,
    values: tuple[PiValue, ...] = (),
    **kw: Any,
) -> ObservedEvent:
    return ObservedEvent(
        id=id,
        ts_ms=ts,
        kind="hook:call",
        hook=hook,
        category=hook.split(".", 1)[0],
        api=api or f"x.{hook}",
        args=args,
        stack=stack,
        values=values,
        **kw,
    )


def imei(id: int, ts: int, stack: tuple[str, ...] = APP_STACK) -> ObservedEvent:
    return ev(
        id,
        ts,
        "telephony.getImei",
        "android.telephony.TelephonyManager.getImei",
        stack=stack,
        values=(PiValue(ValueType.IMEI, IMEI),),
    )


def oaid(id: int, ts: int, stack: tuple[str, ...] = APP_STACK) -> ObservedEvent:
    return ev(id, ts, "ads.oaid.msa", "com.bun.miitmdid.IdSupplier.getOAID", stack=stack, values=(PiValue(ValueType.OAID, OAID),))


def lifecycle(id: int, ts: int, what: str) -> ObservedEvent:
    return ev(id, ts, f"lifecycle.Activity.{what}", f"android.app.Activity.{what}")


def click(id: int, ts: int) -> ObservedEvent:
    return ev(id, ts, "ui.View.performClick", "android.view.View.performClick", text="OK")


def request(id: int, ts: int, *perms: str) -> ObservedEvent:
    rendered = "[" + ",".join(f"android.permission.{p}" for p in perms) + "]"
    return ev(id, ts, "permission.request", "android.app.Activity.requestPermissions", (rendered, "7"))


def result(id: int, ts: int, perm: str, granted: bool) -> ObservedEvent:
    return ev(
        id,
        ts,
        "permission.result",
        "android.app.Activity.dispatchRequestPermissionsResult",
        ("7", f"[android.permission.{perm}]", "[0]" if granted else "[-1]"),
    )


def flow(id: int, ts: int, body: bytes, url: str = "https://api.example.com/c", server_ip: str | None = None) -> ObservedFlow:
    from urllib.parse import urlsplit

    return ObservedFlow(
        id=id, ts_ms=ts, method="POST", url=url, host=urlsplit(url).hostname or "", body=body, server_ip=server_ip
    )


def view(
    events: Sequence[ObservedEvent],
    flows: Sequence[ObservedFlow] = (),
    consent: Sequence[ConsentPoint] = (),
    scope: ScopeManifest | str | None = None,
    history: Sequence[PermissionAnswer] = (),
    truth: Sequence[TruthValue] = (),
    screen_off: Sequence[tuple[int, int | None]] = (),
) -> RunView:
    manifest = parse_scope(scope) if isinstance(scope, str) else scope
    return RunView(
        events=events,
        flows=flows,
        consent=consent,
        package=APP,
        scope=manifest,
        history=history,
        truth=truth,
        screen_off=screen_off,
    )


def hits(module: ModuleType, v: RunView, **params: Any) -> list[Hit]:
    rule = module.RULE
    return list(rule.check(v, rule.defaults() | params))


AGREED = ConsentPoint(0, "granted", "ui-click")
