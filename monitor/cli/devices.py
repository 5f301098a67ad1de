"""``privmon devices`` (list, restore) and ``privmon sandbox start`` (the virtual device)."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from monitor.cli._common import err, handled, out
from monitor.device.adb import adb_client, list_devices, restore_pending
from monitor.errors import DeviceError
from monitor.sandbox.adbd.device import VirtualDevice
from monitor.sandbox.adbd.server import AdbdServer
from monitor.sandbox.device import framework_jar
from monitor.sandbox.state import DeviceState
from monitor.store.db import data_dir

devices_app = typer.Typer(help="Devices over ADB: list them, repair ones a killed run left changed.", no_args_is_help=False)
sandbox_app = typer.Typer(help="The virtual device: a sandbox device that a real adb server accepts.", no_args_is_help=True)

AdbPortOpt = Annotated[int | None, typer.Option("--adb-port", help="adb server port (default: ANDROID_ADB_SERVER_PORT or 5037).")]


@devices_app.callback(invoke_without_command=True)
def devices_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adb_port: AdbPortOpt = None,
) -> None:
    """List attached devices with their facts (model, Android version, ABI, rooted, emulator or phone)."""
    if ctx.invoked_subcommand is not None:
        return
    with handled():
        facts = list_devices(adb_client(adb_port))
        if as_json:
            typer.echo(json.dumps([f.as_dict() for f in facts], indent=2))
            return
        if not facts:
            err.print("no devices: attach a phone with USB debugging, start an emulator, or run 'privmon sandbox start'")
            return
        table = Table(title="devices", title_justify="left")
        for col in ("serial", "state", "kind", "model", "Android", "API", "ABI", "rooted"):
            table.add_column(col, no_wrap=col in ("serial", "state"))
        for f in facts:
            table.add_row(
                f.serial,
                f.state,
                f.kind if f.state == "device" else "",
                f.model,
                f.release,
                str(f.api_level or ""),
                f.abi,
                ("yes" if f.rooted else "no") if f.state == "device" else "",
            )
        out.print(table)


@devices_app.command("restore")
def restore_command(adb_port: AdbPortOpt = None) -> None:
    """Put back device settings (HTTP proxy, adb reverse) that an interrupted run left changed."""
    with handled():
        outcomes = restore_pending(adb_client(adb_port), data_dir() / "devices")
        if not outcomes:
            err.print("nothing to restore")
        for serial, outcome in outcomes:
            out.print(f"{serial}: {outcome}")


@sandbox_app.command("start")
def sandbox_start(
    port: Annotated[int, typer.Option(help="TCP port for adb to connect to (0: any free port).", min=0, max=65535)] = 0,
    name: Annotated[str, typer.Option(help="Device name; its disk is $PRIVMON_HOME/devices/virtual/NAME.")] = "default",
    device_config: Annotated[
        Path | None, typer.Option("--device-config", help="TOML/JSON overrides of the device state.")
    ] = None,
    connect: Annotated[bool, typer.Option(help="Run 'adb connect' to it (through the adb server).")] = True,
    adb_port: AdbPortOpt = None,
) -> None:
    """Start the virtual device and print its serial; it serves until Ctrl-C (or SIGTERM)."""
    with handled():
        state = DeviceState.load(device_config) if device_config else DeviceState()
        device = VirtualDevice(data_dir() / "devices" / "virtual" / name, state)
        device.provision(framework_jar())
        server = AdbdServer(device, port=port).start()
        client = adb_client(adb_port) if connect else None
        if client is not None:
            try:
                client.connect(server.serial, timeout=10)
            except Exception as e:  # adbutils raises several kinds here; the device itself is up either way
                server.stop()
                raise DeviceError(f"adb connect {server.serial} failed: {e} (is adb installed? start with --no-connect)") from e
        typer.echo(server.serial)
        err.print(f"virtual device serving on {server.serial} (disk: {device.root}); Ctrl-C to stop")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass  # Ctrl-C is the normal way to stop a foreground device
        finally:
            if client is not None:
                try:
                    client.disconnect(server.serial)
                except Exception as e:  # best effort: the adb server may be gone already
                    err.print(f"adb disconnect {server.serial}: {e}")
            server.stop()
