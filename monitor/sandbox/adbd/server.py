"""Serve a virtual device on loopback TCP, for ``adb connect 127.0.0.1:PORT``."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import cast

from monitor.errors import DeviceError
from monitor.sandbox.adbd.device import VirtualDevice
from monitor.sandbox.adbd.services import route
from monitor.sandbox.adbd.transport import Router, Transport

log = logging.getLogger(__name__)


class AdbdServer:
    """The virtual adbd on its own thread and event loop."""

    def __init__(self, device: VirtualDevice, host: str = "127.0.0.1", port: int = 0) -> None:
        self.device = device
        self.host = host
        self.port_wanted = port
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._transports: set[Transport] = set()
        self._thread = threading.Thread(target=self._run, name="privmon-adbd", daemon=True)

    @property
    def serial(self) -> str:
        return f"{self.host}:{self.port}"

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:
            self._error = e
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        router = cast(Router, route(self.device))

        async def on_host(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            transport = Transport(reader, writer, self.device.banner(), router)
            self._transports.add(transport)
            try:
                await transport.run()
            finally:
                self._transports.discard(transport)

        self._server = await asyncio.start_server(on_host, self.host, self.port_wanted)
        self.port = self._server.sockets[0].getsockname()[1]
        self.device.serial = self.serial
        self._ready.set()
        async with self._server:
            await self._server.serve_forever()

    def start(self, timeout: float = 10.0) -> AdbdServer:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise DeviceError("the virtual device did not start")
        if self._error is not None:
            raise DeviceError(f"the virtual device could not listen on {self.host}:{self.port_wanted}: {self._error}")
        return self

    def _call(self, fn: Callable[[], None]) -> None:
        if self._loop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(fn)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving: the adb server then sees the device go offline."""

        def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            for transport in list(self._transports):
                transport.writer.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        self._call(shutdown)
        self._thread.join(timeout)
