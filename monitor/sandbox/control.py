"""Host side of the sandbox control channel: JSON lines over a loopback TCP connection that the
sandbox process opens back to us (the sandbox's equivalent of adb shell uiautomator/input/am)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from monitor.errors import DeviceError


class ControlServer:
    """Listens on 127.0.0.1:0; the sandbox connects once, after it starts."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1)
        self.port: int = self._listener.getsockname()[1]
        self._conn: socket.socket | None = None
        self._file: Any = None
        self._lock = threading.Lock()
        self._next_id = 0
        self.hello: dict[str, Any] = {}

    def accept(self, timeout: float, alive: Callable[[], bool] | None = None) -> dict[str, Any]:
        """Wait for the sandbox to connect and say hello; give up early once ``alive()`` says the app is gone."""
        deadline = time.monotonic() + timeout
        self._listener.settimeout(0.2)
        try:
            while True:
                try:
                    conn, _ = self._listener.accept()
                    break
                except TimeoutError as e:
                    if alive is not None and not alive():
                        raise DeviceError("the sandbox app exited before connecting its control channel") from e
                    if time.monotonic() >= deadline:
                        raise DeviceError(f"the sandbox app did not connect its control channel within {timeout:.0f} s") from e
        finally:
            self._listener.close()
        conn.settimeout(timeout)
        self._conn = conn
        self._file = conn.makefile("rw", encoding="utf-8", newline="\n")
        self.hello = self._read()
        if self.hello.get("event") != "hello":
            raise DeviceError(f"unexpected first message on the control channel: {self.hello!r}")
        return self.hello

    def _read(self) -> dict[str, Any]:
        try:
            line = self._file.readline()
        except (OSError, TimeoutError) as e:
            raise DeviceError(f"control channel: {e}") from e
        if not line:
            raise DeviceError("control channel closed: the sandbox app is gone")
        try:
            msg = json.loads(line)
        except json.JSONDecodeError as e:
            raise DeviceError(f"control channel: bad reply {line[:80]!r}") from e
        if not isinstance(msg, dict):
            raise DeviceError(f"control channel: bad reply {line[:80]!r}")
        return msg

    def request(self, cmd: str, timeout: float = 15.0, **args: Any) -> dict[str, Any]:
        if self._conn is None:
            raise DeviceError("control channel not connected")
        with self._lock:
            self._next_id += 1
            rid = self._next_id
            self._conn.settimeout(timeout)
            try:
                self._file.write(json.dumps({"id": rid, "cmd": cmd, **args}) + "\n")
                self._file.flush()
            except OSError as e:
                raise DeviceError(f"control channel: {e}") from e
            reply = self._read()
        if reply.get("id") != rid:
            raise DeviceError(f"control channel: reply for {reply.get('id')!r}, expected {rid}")
        if not reply.get("ok", False):
            raise DeviceError(f"sandbox refused {cmd!r}: {reply.get('error', 'unknown error')}")
        return reply

    def close(self) -> None:
        for closable in (self._file, self._conn, self._listener):
            if closable is not None:
                try:
                    closable.close()
                except OSError:
                    continue


class SandboxUi:
    """:class:`monitor.device.ui.UiDriver` for the sandbox device."""

    def __init__(self, control: ControlServer) -> None:
        self.control = control

    def dump(self) -> str:
        xml = self.control.request("dump").get("xml")
        if not isinstance(xml, str):
            raise DeviceError("sandbox dump returned no hierarchy")
        return xml

    def tap(self, x: int, y: int) -> None:
        self.control.request("tap", x=x, y=y)

    def main_looper_idle(self) -> bool:
        return int(self.control.request("sync").get("pendingDue", 1)) == 0
