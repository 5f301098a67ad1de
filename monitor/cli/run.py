"""``privmon run`` and ``privmon demo``."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import queue
import sys
import tempfile
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from monitor.analysis.ruleapi import Severity
from monitor.analysis.rules import resolve
from monitor.cli._common import RichProgress, err, findings_table, handled, open_store, out, state, stop_keys
from monitor.config import load_config
from monitor.consent import ConsentChoice
from monitor.consent.flow import PermissionPolicy
from monitor.correlation import RuleInputs
from monitor.device.adb import adb_client, resolve_device
from monitor.device.fridaserver import ServerSpec
from monitor.errors import ConfigError
from monitor.exitcodes import ExitCode
from monitor.report.document import as_dict, build
from monitor.report.formats import step_line
from monitor.runner import DEVICE_BASELINE_S, RunOptions, RunResult, SessionRunner
from monitor.sandbox.adbd.session import attached_virtual_device
from monitor.sandbox.device import sample_app
from monitor.sandbox.state import DeviceState
from monitor.scope import load_scope
from monitor.store.db import data_dir
from monitor.targets import FridaServerOptions
from monitor.userhooks import load_user_hooks


class ConsentMode(StrEnum):
    AGREE = "agree"
    REFUSE = "refuse"
    NONE = "none"
    MANUAL = "manual"
    ALL = "all"


FAIL_ON_CHOICES = ("none", "info", "low", "medium", "high", "critical")
DEMO_APPS = (
    ("compliant", ConsentChoice.AGREE, "privacy dialog first; location sent to its own host only after 同意"),
    ("violating", ConsentChoice.AGREE, "embedded analytics SDK collects and uploads before the dialog"),
    ("refusepath", ConsentChoice.REFUSE, "keeps collecting after 不同意"),
)


def _fail_on(value: str) -> Severity | None:
    value = value.lower()
    if value not in FAIL_ON_CHOICES:
        raise typer.BadParameter(f"choose one of {', '.join(FAIL_ON_CHOICES)}")
    return None if value == "none" else Severity.parse(value)


def _exit_code(result: RunResult, fail_on: Severity | None) -> int:
    if result.status == "partial":
        return int(ExitCode.PARTIAL)
    if fail_on is not None and any(Severity.parse(f.severity) >= fail_on for f in result.findings):
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)


def _render(result: RunResult, title: str) -> None:
    status = {"complete": "green", "partial": "yellow"}.get(result.status, "red")
    consent = ", ".join(f"{c.state} via {c.source}" for c in result.consent) or "no consent decision"
    out.print(
        f"[bold]{title}[/]  run [cyan]{result.uid}[/]  [{status}]{result.status}[/]  consent: {consent}  "
        f"hooks {result.hooks_installed} installed{', ' + str(len(result.hooks_failed)) + ' FAILED' if result.hooks_failed else ''}  "
        f"events {result.counts.get('events', 0)}  flows {result.counts.get('flows', 0)}"
    )
    if result.exit_reason:
        out.print(f"  [yellow]{result.exit_reason}[/]")
    for step in result.flow.steps:
        out.print(f"  [dim]consent {escape(step_line(step.as_dict()))}[/]", highlight=False)
    if result.flow.steps:
        out.print(f"  [dim]after the consent step: {result.flow.outcome}[/]")
    for note in result.notes:
        out.print(f"  [yellow]note:[/] {note}")
    if result.findings:
        out.print(findings_table(f"{len(result.findings)} finding(s)", result.findings))
    else:
        out.print("  [green]no findings[/]")


def run_command(
    sandbox: Annotated[
        Path | None,
        typer.Option("--sandbox", help="Run this sandbox app package (a jar with AndroidManifest.xml).", metavar="APP.jar"),
    ] = None,
    device: Annotated[
        str | None, typer.Option("--device", "-d", help="Device serial (see 'privmon devices'); the only one if omitted.")
    ] = None,
    package: Annotated[str | None, typer.Option("--package", help="Installed app to monitor (with --device).")] = None,
    apk: Annotated[Path | None, typer.Option("--apk", help="Install this app package first (with --device).")] = None,
    frida_server: Annotated[Path | None, typer.Option("--frida-server", help="frida-server binary (or .xz) to deploy.")] = None,
    frida_server_name: Annotated[
        str, typer.Option(help="frida-server's name on the device (rename it to evade detection).")
    ] = "frida-server",
    frida_server_port: Annotated[int, typer.Option(help="frida-server port on the device.", min=1, max=65535)] = 27042,
    download_frida_server: Annotated[
        bool, typer.Option(help="Download the matching frida-server if not cached (needs network).")
    ] = False,
    adb_port: Annotated[
        int | None, typer.Option("--adb-port", help="adb server port (default: ANDROID_ADB_SERVER_PORT or 5037).")
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Run until q or Ctrl-C with live counts (default: on a terminal without --duration).",
        ),
    ] = None,
    consent: Annotated[
        ConsentMode,
        typer.Option(
            help="How to answer consent dialogs: agree or refuse at every step, none (never touch the UI), "
            "manual (you answer on the phone; each press is still stamped on the device), or all "
            "(none, refuse and agree one after another, each from a clean app state, side by side)."
        ),
    ] = ConsentMode.AGREE,
    clear_data: Annotated[
        bool,
        typer.Option(
            "--clear-data",
            help="Clear the app's data first so it starts from first launch (always on with --consent all; "
            "sandbox runs always start fresh).",
        ),
    ] = False,
    permissions: Annotated[
        PermissionPolicy | None,
        typer.Option(
            help="How to answer runtime-permission dialogs: grant, deny, or ask (leave them to you). "
            "Default: grant when agreeing, deny otherwise."
        ),
    ] = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 if a finding is at or above this severity (none: never).")
    ] = "high",
    hooks: Annotated[
        Path | None, typer.Option("--hooks", help="Extra hooks from a TOML file ([[hooks]] class, method, category...).")
    ] = None,
    scope: Annotated[
        Path | None,
        typer.Option("--scope", help="Declared scope (双清单) TOML: what the privacy policy says; enables the scope rules."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Rules config (privmon.toml): thresholds, disabled rules, plugins.")
    ] = None,
    device_config: Annotated[
        Path | None, typer.Option("--device-config", help="TOML/JSON overrides of the sandbox device state.")
    ] = None,
    observe: Annotated[float, typer.Option(help="Seconds to watch the app after the consent step (at most).", min=0.5)] = 4.0,
    pre_consent: Annotated[
        float, typer.Option("--pre-consent", help="Seconds to watch the dialog before answering (at most).", min=0.0)
    ] = 8.0,
    duration: Annotated[
        float | None,
        typer.Option(help="Observe exactly this many seconds after the consent step (default: until quiet).", min=1.0),
    ] = None,
    proxy_port: Annotated[int, typer.Option("--proxy-port", help="Capture proxy port (0: any free port).", min=0, max=65535)] = 0,
    unpin: Annotated[
        bool,
        typer.Option(
            "--unpin/--no-unpin",
            help="Neutralise certificate pinning in the app (SSLContext trust managers, OkHttp CertificatePinner,"
            " Conscrypt's TrustManagerImpl, network-security-config pins)."
            " With --no-unpin, pinned connections show up as TLS failures per host.",
        ),
    ] = True,
    block_quic: Annotated[
        bool,
        typer.Option(
            "--block-quic/--no-block-quic",
            help="Make UDP port 443 fail in the app so QUIC / HTTP3 falls back to TCP, which the proxy reads.",
        ),
    ] = True,
    direct_entries: Annotated[
        bool,
        typer.Option(
            "--direct-entries/--no-direct-entries",
            help="On the sandbox (HotSpot), hooks of methods of primitives and strings take the agent's own"
            " native entry, far cheaper than frida-java-bridge's. With --no-direct-entries every hook takes"
            " the bridge's entry (the events are the same). Phones always use the bridge's.",
        ),
    ] = True,
    baseline: Annotated[
        float | None,
        typer.Option(
            "--baseline",
            help="Noise baseline: watch the device this many seconds with the proxy on before the app starts;"
            " later flows like those (and not from the app's own listener) are subtracted and reported."
            " Default: 10 on a device, 0 (none) on the sandbox.",
            min=0.0,
        ),
    ] = None,
    screen_off: Annotated[
        float,
        typer.Option(
            "--screen-off",
            help="Background test: after the consent step, turn the screen off for this many seconds (power key),"
            " then on again; what the app collects meanwhile is background-collection. 0: no test.",
            min=0.0,
        ),
    ] = 0.0,
    withdraw: Annotated[
        bool,
        typer.Option(
            "--withdraw",
            help="Withdraw test: after agreeing, find the app's control that withdraws consent (on screen or under"
            " its settings entries), press it and confirm; what the app collects or sends afterwards is flagged.",
        ),
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", help="Result on stdout: text (tables) or json (report document).")
    ] = "text",
    show_values: Annotated[bool, typer.Option("--show-values", help="Include raw PI values in the JSON output.")] = False,
) -> None:
    """Run one privacy session: start the app under the hooks, answer its privacy dialog, capture, correlate."""
    threshold = _fail_on(fail_on)
    if output_format not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")
    with handled():
        if sandbox is not None and (device or package or apk):
            raise ConfigError("--sandbox runs without adb; use either --sandbox APP.jar or --device/--package/--apk")
        device_state = DeviceState.load(device_config) if device_config else DeviceState()
        user_hooks = tuple(load_user_hooks(hooks)) if hooks else ()
        rule_config = load_config(config)
        resolve(rule_config.rules)  # a bad threshold or plugin fails now, not after the run
        declared = load_scope(scope, (h.data_type for h in user_hooks if h.data_type)) if scope else None
        rules = RuleInputs(declared, rule_config, scope.name if scope else "", config.name if config else "")
        if consent is ConsentMode.ALL:
            interactive = False  # three runs in a row: each one stops once the app is quiet
        options = RunOptions(
            consent=ConsentChoice.AGREE if consent is ConsentMode.ALL else ConsentChoice(str(consent)),
            permissions=permissions,
            clear_data=clear_data or consent is ConsentMode.ALL,
            device_state=device_state,
            observe_s=observe,
            pre_consent_s=pre_consent,
            proxy_port=proxy_port,
            unpin=unpin,
            block_quic=block_quic,
            direct_entries=direct_entries,
            baseline_s=baseline if baseline is not None else (0.0 if sandbox is not None else DEVICE_BASELINE_S),
            duration_s=duration,
            screen_off_s=screen_off,
            withdraw=withdraw,
            user_hooks=user_hooks,
            rules=rules,
            interactive=threading.Event()
            if (interactive if interactive is not None else sys.stdin.isatty() and duration is None)
            else None,
        )
        store = open_store()
        progress = RichProgress(state.quiet)
        runner = SessionRunner(store, data_dir(), progress)
        target = (
            sandbox,
            device,
            package,
            apk,
            adb_port,
            frida_server,
            frida_server_name,
            frida_server_port,
            download_frida_server,
        )
        if consent is ConsentMode.ALL:
            results = []
            for choice in (ConsentChoice.NONE, ConsentChoice.REFUSE, ConsentChoice.AGREE):
                err.rule(f"[bold]--consent {choice}[/]")
                results.append(_run_one(runner, dataclasses.replace(options, consent=choice), *target))
            progress.close()
            if output_format == "json":
                docs = [as_dict(build(store, r.run_id, show_values)) for r in results]
                typer.echo(json.dumps({"runs": docs}, ensure_ascii=False, indent=2))
            else:
                for r in results:
                    _render(r, f"{r.package} --consent {r.consent_choice}")
                out.print(side_by_side(results))
            raise typer.Exit(max(_exit_code(r, threshold) for r in results))
        on_key = None
        if consent is ConsentMode.MANUAL:
            marks: queue.SimpleQueue[tuple[str, int]] = queue.SimpleQueue()
            options = dataclasses.replace(options, tester_marks=marks)
            keys_to_state = {b"a": "granted", b"A": "granted", b"r": "refused", b"R": "refused"}

            def on_key(key: bytes) -> None:
                if key in keys_to_state:
                    marks.put((keys_to_state[key], int(time.time() * 1000)))

            err.print(
                "[dim]manual consent: answer on the device; or press a (agreed) / r (refused) here if the press is not seen[/]"
            )
        stop = options.interactive if options.interactive is not None else threading.Event()
        keys = stop_keys(stop, on_key) if options.interactive is not None or on_key is not None else contextlib.nullcontext()
        with keys:
            result = _run_one(runner, options, *target)
        progress.close()
        if output_format == "json":
            typer.echo(json.dumps(as_dict(build(store, result.run_id, show_values)), ensure_ascii=False, indent=2))
        else:
            _render(result, result.package)
            err.print(f"[dim]report: privmon report {result.uid} --format html --output report.html[/]")
        raise typer.Exit(_exit_code(result, threshold))


def side_by_side(results: list[RunResult]) -> Table:
    """The runs of --consent all in columns: how each consent step went and the findings per rule."""
    table = Table(title="consent paths side by side", title_justify="left")
    table.add_column("", overflow="fold")
    for r in results:
        table.add_column(f"--consent {r.consent_choice}\nrun {r.uid}", overflow="fold")
    table.add_row("status", *(r.status for r in results))
    table.add_row(
        "dialogs",
        *(
            "\n".join(f"{s.kind}: {s.action}" + (f" {s.control!r}" if s.control else "") for s in r.flow.steps) or "none"
            for r in results
        ),
    )
    table.add_row("consent", *(", ".join(p.state for p in r.consent) or "none" for r in results))
    table.add_row("after", *(str(r.flow.outcome) for r in results))
    table.add_row("events / flows", *(f"{r.counts.get('events', 0)} / {r.counts.get('flows', 0)}" for r in results))
    rules = sorted({f.rule for r in results for f in r.findings})
    for rule in rules:
        table.add_row(rule, *(str(sum(1 for f in r.findings if f.rule == rule) or "-") for r in results))
    if not rules:
        table.add_row("findings", *("none" for _ in results))
    return table


def _run_one(
    runner: SessionRunner,
    options: RunOptions,
    sandbox: Path | None,
    device: str | None,
    package: str | None,
    apk: Path | None,
    adb_port: int | None,
    frida_server: Path | None,
    frida_server_name: str,
    frida_server_port: int,
    download_frida_server: bool,
) -> RunResult:
    if sandbox is not None:
        return runner.run_sandbox(sandbox, options)
    if package is None and apk is None:
        raise ConfigError("give an app: --sandbox APP.jar, or --device SERIAL with --package PKG or --apk FILE")
    fs_options = FridaServerOptions(
        cache=data_dir() / "frida-server",
        spec=ServerSpec(name=frida_server_name, port=frida_server_port),
        binary=frida_server,
        allow_download=download_frida_server,
    )
    return runner.run_device(resolve_device(adb_client(adb_port), device), package, apk, options, fs_options)


def demo_command(
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 if a finding is at or above this severity (none: never).")
    ] = "none",
    direct: Annotated[
        bool, typer.Option("--direct", help="Drive the sandbox directly instead of through adb and the virtual device.")
    ] = False,
) -> None:
    """Run the three sample apps and show each one's findings: through a real adb server and the virtual device
    (the same path as a phone), or with --direct on the sandbox without adb."""
    threshold = _fail_on(fail_on)
    with handled():
        store = open_store()
        runner = SessionRunner(store, data_dir(), RichProgress(state.quiet))
        worst = int(ExitCode.OK)
        with contextlib.ExitStack() as stack:
            device = None
            if not direct:
                # a new device each time: apps remember consent in their data, and the demo shows first launch
                disk = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="privmon-demo-device-")))
                device = stack.enter_context(attached_virtual_device(disk))
                err.print(f"[dim]virtual device {device.serial} attached to a private adb server[/]")
            for name, choice, what in DEMO_APPS:
                out.rule(f"[bold]{name}[/]: {what}  (--consent {choice})")
                options = RunOptions(consent=choice)
                if device is None:
                    result = runner.run_sandbox(sample_app(name), options)
                else:
                    result = runner.run_device(device, None, sample_app(name), options)
                _render(result, result.package)
                worst = max(worst, _exit_code(result, threshold))
        out.print(
            "\nInspect a run with [bold]privmon runs[/] and [bold]privmon report RUN --format html --output report.html[/]."
        )
        raise typer.Exit(worst)
