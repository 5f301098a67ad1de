"""The ADB transport, device side: 24-byte packets, CNXN handshake, and multiplexed streams.

Packet: ``<cmd, arg0, arg1, length, checksum, magic>`` little-endian u32s, then the payload.
The host opens a stream with ``OPEN(host_id, 0, "service\\0")``; the device answers
``OKAY(dev_id, host_id)`` or refuses with ``CLSE(0, host_id)``. After each ``WRTE`` the device
waits for the host's ``OKAY`` before sending the next one; every host ``WRTE`` is acknowledged with
``OKAY``. No AUTH is requested (like ``ro.adb.secure=0``), which adb 29 and 36 both accept.
"""

from __future__ import annotations

import asyncio
import logging
import struct
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

A_SYNC, A_CNXN, A_OPEN, A_OKAY = 0x434E5953, 0x4E584E43, 0x4E45504F, 0x59414B4F
A_CLSE, A_WRTE, A_AUTH, A_STLS = 0x45534C43, 0x45545257, 0x48545541, 0x534C5453
A_VERSION = 0x01000001
MAX_PAYLOAD = 1024 * 1024
_HEADER = struct.Struct("<6I")


def packet(cmd: int, arg0: int, arg1: int, data: bytes = b"") -> bytes:
    return _HEADER.pack(cmd, arg0, arg1, len(data), sum(data) & 0xFFFFFFFF, cmd ^ 0xFFFFFFFF) + data


class StreamClosed(ConnectionError):
    pass


class Stream:
    """One service stream, seen from the device."""

    def __init__(self, transport: Transport, local_id: int, remote_id: int) -> None:
        self.transport = transport
        self.local_id = local_id
        self.remote_id = remote_id
        self.closed = False
        self._can_send = asyncio.Event()
        self._can_send.set()
        self._inbox: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._buffer = bytearray()

    async def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            await self._can_send.wait()
            if self.closed:
                raise StreamClosed("stream closed by the host")
            size = self.transport.max_payload
            chunk, view = bytes(view[:size]), view[size:]
            self._can_send.clear()
            self.transport.send(A_WRTE, self.local_id, self.remote_id, chunk)

    async def read(self) -> bytes | None:
        """The next payload the host wrote, or None at end of stream."""
        if self._buffer:
            out = bytes(self._buffer)
            self._buffer.clear()
            return out
        return await self._inbox.get()

    async def readexactly(self, n: int) -> bytes:
        while len(self._buffer) < n:
            data = await self._inbox.get()
            if data is None:
                raise EOFError("stream ended")
            self._buffer += data
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out

    # -- called by the transport -----------------------------------------------------------------
    def _acked(self) -> None:
        self._can_send.set()

    def _received(self, data: bytes) -> None:
        self._inbox.put_nowait(data)

    def _remote_closed(self) -> None:
        self.closed = True
        self._can_send.set()
        self._inbox.put_nowait(None)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._can_send.set()
        self._inbox.put_nowait(None)
        self.transport.send(A_CLSE, self.local_id, self.remote_id)
        self.transport.streams.pop(self.local_id, None)


Handler = Callable[[Stream, str], Awaitable[None]]
Router = Callable[["Transport", str], Handler | None]


class Transport:
    """One host connection (one adb server talking to this device)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, banner: bytes, router: Router) -> None:
        self.reader = reader
        self.writer = writer
        self.banner = banner
        self.router = router
        self.streams: dict[int, Stream] = {}
        self.max_payload = 4096
        self._next_id = 1
        self._tasks: set[asyncio.Task[None]] = set()
        self._pending_opens: dict[int, asyncio.Future[bool]] = {}
        self.on_close: list[Callable[[], None]] = []

    def send(self, cmd: int, arg0: int, arg1: int, data: bytes = b"") -> None:
        if not self.writer.is_closing():
            self.writer.write(packet(cmd, arg0, arg1, data))

    def new_stream(self, remote_id: int) -> Stream:
        stream = Stream(self, self._next_id, remote_id)
        self.streams[stream.local_id] = stream
        self._next_id += 1
        return stream

    def spawn(self, coro: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def open_to_host(self, service: str) -> Stream | None:
        """Device-initiated stream (used by ``adb reverse``): OPEN and wait for the host's answer."""
        stream = self.new_stream(0)
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending_opens[stream.local_id] = future
        self.send(A_OPEN, stream.local_id, 0, service.encode() + b"\0")
        if not await future:
            self.streams.pop(stream.local_id, None)
            return None
        return stream

    async def run(self) -> None:
        try:
            while True:
                header = await self.reader.readexactly(_HEADER.size)
                cmd, arg0, arg1, length, _checksum, magic = _HEADER.unpack(header)
                if magic != cmd ^ 0xFFFFFFFF:
                    log.warning("bad packet magic from the host; closing the connection")
                    return
                data = await self.reader.readexactly(length) if length else b""
                self._dispatch(cmd, arg0, arg1, data)
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            for stream in list(self.streams.values()):
                stream._remote_closed()
            for task in list(self._tasks):
                task.cancel()
            for callback in self.on_close:
                callback()
            self.writer.close()

    def _dispatch(self, cmd: int, arg0: int, arg1: int, data: bytes) -> None:
        if cmd == A_CNXN:
            self.max_payload = max(4096, min(arg1, MAX_PAYLOAD))
            self.send(A_CNXN, A_VERSION, MAX_PAYLOAD, self.banner)
        elif cmd == A_OPEN:
            service = data.rstrip(b"\0").decode("utf-8", "replace")
            handler = self.router(self, service)
            if handler is None:
                log.info("refusing unsupported service %r", service)
                self.send(A_CLSE, 0, arg0)
                return
            stream = self.new_stream(arg0)
            self.send(A_OKAY, stream.local_id, arg0)
            self.spawn(self._serve(stream, handler, service))
        elif cmd == A_OKAY:
            acked = self.streams.get(arg1)
            if acked is not None:
                acked.remote_id = arg0
                acked._acked()
            future = self._pending_opens.pop(arg1, None)
            if future is not None and not future.done():
                future.set_result(True)
        elif cmd == A_WRTE:
            target = self.streams.get(arg1)
            if target is not None:
                target._received(data)
                self.send(A_OKAY, arg1, arg0)
        elif cmd == A_CLSE:
            future = self._pending_opens.pop(arg1, None)
            if future is not None and not future.done():
                future.set_result(False)
            closed = self.streams.pop(arg1, None)
            if closed is not None:
                closed._remote_closed()

    async def _serve(self, stream: Stream, handler: Handler, service: str) -> None:
        try:
            await handler(stream, service)
        except (ConnectionError, EOFError, asyncio.CancelledError):
            pass  # the host went away or closed the stream: nothing left to answer
        except Exception:
            log.exception("service %r failed", service)
        finally:
            stream.close()
