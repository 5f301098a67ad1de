"""Embedded mitmproxy: one Master on its own thread and event loop (mitmproxy state is process-global,
so one proxy per process at a time; sequential restarts are fine)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from pathlib import Path

from mitmproxy import ctx, options
from mitmproxy.addons import default_addons
from mitmproxy.master import Master

from monitor.capture.addon import PrivmonCapture
from monitor.capture.records import FlowSink
from monitor.errors import ProxyError

log = logging.getLogger(__name__)


class _DropShutdownCancellations(logging.Filter):
    """Python 3.11/3.12 log a harmless CancelledError per open client connection when mitmproxy stops."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, asyncio.CancelledError)


logging.getLogger("asyncio").addFilter(_DropShutdownCancellations())


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class _Ready:
    def __init__(self, owner: ProxyThread) -> None:
        self.owner = owner

    def running(self) -> None:
        proxyserver = ctx.master.addons.get("proxyserver")
        self.owner.listen_addrs = list(proxyserver.listen_addrs())
        if len(self.owner.listen_addrs) < (2 if self.owner.app_listener else 1):
            problems = [str(getattr(s, "last_exception", "")) for s in getattr(proxyserver, "servers", [])]
            self.owner.startup_error = "; ".join(p for p in problems if p) or "no listening socket"
        self.owner.ready.set()


class ProxyThread:
    """mitmproxy in regular (HTTP proxy) mode on ``host:port`` (port 0 picks a free one)."""

    def __init__(
        self,
        sink: FlowSink,
        confdir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        sandbox: bool = True,
        app_listener: bool = False,
    ) -> None:
        """With ``app_listener`` a second listener is opened for the app under test alone (its agent
        points the app's proxy at it), so flows can be told apart from other processes' traffic, which
        reaches the first listener through the device's global proxy."""
        self.app_listener = app_listener
        self._app_port: int | None = None
        self.sink = sink
        self.confdir = confdir
        self.host = host
        self.port_wanted = port
        self.sandbox = sandbox
        self.ready = threading.Event()
        self.listen_addrs: list[tuple[str, int]] = []
        self.startup_error: str | None = None
        self.error: BaseException | None = None
        self._capture = PrivmonCapture(sink)
        self._master: Master | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, name="privmon-mitmproxy", daemon=True)

    @property
    def port(self) -> int:
        """The listener the device's global proxy points at."""
        return self._main_port()

    @property
    def app_port(self) -> int | None:
        """The app under test's own listener (None without ``app_listener``)."""
        return self._app_port

    def _main_port(self) -> int:
        return next(a[1] for a in self.listen_addrs if a[1] != self._app_port)

    def in_flight(self) -> int:
        """Connections still before their first request plus requests without a response yet."""
        return self._capture.in_flight()

    @property
    def requests_seen(self) -> int:
        return self._capture.requests_seen

    @property
    def ca_cert(self) -> Path:
        return self.confdir / "mitmproxy-ca-cert.pem"

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # SystemExit from mitmproxy internals, OSError, ...
            self.error = e
        finally:
            self.ready.set()

    async def _main(self) -> None:
        self.confdir.mkdir(parents=True, exist_ok=True)
        modes = [f"regular@{self.host}:{self.port_wanted}"]
        if self.app_listener:
            self._app_port = _free_port(self.host)  # two "port 0" modes would be one mode
            modes.append(f"regular@{self.host}:{self._app_port}")
        opts = options.Options(confdir=str(self.confdir), mode=modes)
        self._master = Master(opts)  # needs the running loop
        self._loop = asyncio.get_running_loop()
        self._master.addons.add(*default_addons())
        self._master.addons.add(self._capture, _Ready(self))
        # lazy + no upstream cert: nothing is dialled before a request needs it (never, in sandbox mode).
        opts.update(privmon_sandbox=self.sandbox, connection_strategy="lazy", upstream_cert=False)
        await self._master.run()

    def start(self, timeout: float = 20.0) -> ProxyThread:
        self._thread.start()
        if not self.ready.wait(timeout):
            raise ProxyError(f"mitmproxy did not start within {timeout:.0f} s")
        if self.error is not None:
            raise ProxyError(f"mitmproxy failed to start: {self.error}")
        if self.startup_error is not None:
            self.stop()
            raise ProxyError(f"cannot listen on {self.host}:{self.port_wanted}: {self.startup_error}")
        if not self.ca_cert.exists():
            self.stop()
            raise ProxyError(f"mitmproxy CA certificate missing in {self.confdir}")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._master is not None and self._thread.is_alive():
            self._master.shutdown()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("mitmproxy thread did not stop within %.0f s", timeout)
