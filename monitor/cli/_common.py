"""Shared CLI plumbing: consoles, the store, the error boundary, rendering of findings."""

from __future__ import annotations

import logging
import os
import select
import signal
import sys
import termios
import threading
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer
from rich.console import Console
from rich.live import Live
from rich.logging import RichHandler
from rich.table import Table
from rich.text import Text

from monitor.analysis.datatypes import label
from monitor.analysis.model import FindingDraft
from monitor.errors import MonitorError
from monitor.exitcodes import ExitCode
from monitor.report.formats import fmt_rel
from monitor.store.db import Store, data_dir, default_db_url, normalise_url

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class Context:
    db_url: str | None = None
    verbose: int = 0
    quiet: bool = False


state = Context()


def setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=err, show_path=False)], force=True)
    # privmon reports proxy failures itself (one line, exit 3); mitmproxy's own log only with -v.
    logging.getLogger("mitmproxy").setLevel({0: logging.CRITICAL, 1: logging.ERROR}.get(verbose, logging.DEBUG))


def open_store() -> Store:
    return Store.open(normalise_url(state.db_url) if state.db_url else default_db_url())


def home() -> object:
    return data_dir()


@contextmanager
def handled() -> Iterator[None]:
    """The error boundary: one actionable line and the documented exit code; a traceback only with -v."""
    try:
        yield
    except MonitorError as e:
        err.print(f"[bold red]error:[/] {e}", markup=True, highlight=False)
        if state.verbose:
            err.print_exception(show_locals=False)
        raise typer.Exit(int(e.exit_code)) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


class RichProgress:
    """ProgressReporter on stderr; live counts as one updating line."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet or bool(os.environ.get("PRIVMON_QUIET"))
        self._live: Live | None = None

    def _end_live(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def step(self, message: str) -> None:
        self._end_live()
        if not self.quiet:
            err.print(f"[dim]• {message}[/]", highlight=False)

    def note(self, message: str) -> None:
        self._end_live()
        err.print(f"[yellow]! {message}[/]", highlight=False)

    def live(self, counts: dict[str, int]) -> None:
        text = Text("  live: " + "   ".join(f"{k} {v}" for k, v in counts.items()) + "   (q or Ctrl-C to end)", style="bold")
        if self._live is None:
            self._live = Live(text, console=err, refresh_per_second=4, transient=False)
            self._live.start()
        else:
            self._live.update(text)

    def close(self) -> None:
        self._end_live()


def findings_table(title: str, findings: list[FindingDraft]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    table.add_column("rule", no_wrap=True)
    table.add_column("sev", no_wrap=True)
    table.add_column("data", overflow="fold")
    table.add_column("actor", overflow="fold")
    table.add_column("when", no_wrap=True)
    table.add_column("evidence", overflow="fold")
    for f in findings:
        ev = f.evidence
        evidence = (
            f"{ev['method']} {ev['host']} as {', '.join(ev['encodings'])}"
            if "encodings" in ev
            else ", ".join(a.rsplit(".", 2)[-2] + "." + a.rsplit(".", 1)[-1] for a in ev.get("apis", []))
        )
        table.add_row(f.rule, f.severity, label(f.data_type), f"{f.actor.name} [{f.actor.kind}]", fmt_rel(f.rel_ms), evidence)
    return table


def is_tty() -> bool:
    return sys.stderr.isatty()


@contextmanager
def stop_keys(stop: threading.Event, on_key: Callable[[bytes], None] | None = None) -> Iterator[None]:
    """While active: 'q' on the terminal or Ctrl-C sets ``stop`` (a second Ctrl-C interrupts for real);
    other keys go to ``on_key``."""
    previous = signal.getsignal(signal.SIGINT)

    def on_sigint(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    signal.signal(signal.SIGINT, on_sigint)
    saved = None
    fd = sys.stdin.fileno() if sys.stdin.isatty() else None
    if fd is not None:
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd)

        def read_keys() -> None:
            while not stop.is_set():
                ready, _, _ = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                key = os.read(fd, 1)
                if key in (b"q", b"Q"):
                    stop.set()
                elif on_key is not None:
                    on_key(key)

        threading.Thread(target=read_keys, name="privmon-keys", daemon=True).start()
    try:
        yield
    finally:
        stop.set()
        if fd is not None and saved is not None:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGINT, previous)
