"""Device-side ADB services: shell (v1 raw, v2 with exit codes), exec, sync, tcp forward, reverse."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import stat
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.sandbox.adbd.transport import Handler, Stream, Transport

if TYPE_CHECKING:
    from monitor.sandbox.adbd.device import VirtualDevice

log = logging.getLogger(__name__)

# shell protocol v2 packet ids
ID_STDIN, ID_STDOUT, ID_STDERR, ID_EXIT, ID_CLOSE_STDIN, ID_WINDOW_SIZE = 0, 1, 2, 3, 4, 5
SYNC_DATA_MAX = 64 * 1024


def route(device: VirtualDevice) -> object:
    """The service router for one virtual device (bound into each transport)."""

    def router(transport: Transport, service: str) -> Handler | None:
        if service.startswith(("shell:", "shell,")):
            return lambda s, svc: shell(device, s, svc)
        if service.startswith("exec:"):
            return lambda s, svc: raw_command(device, s, svc.removeprefix("exec:"))
        if service == "sync:":
            return lambda s, svc: sync(device, s)
        if service.startswith("tcp:"):
            return lambda s, svc: tcp(s, svc)
        if service.startswith("reverse:"):
            return lambda s, svc: reverse(device, transport, s, svc.removeprefix("reverse:"))
        if service in ("root:", "unroot:") or service.startswith("reboot:"):
            return lambda s, svc: trivial(s, svc)
        return None

    return router


async def trivial(stream: Stream, service: str) -> None:
    if service == "root:":
        await stream.write(b"adbd is already running as root\n")


async def _spawn(device: VirtualDevice, command: str, merge_stderr: bool) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *device.shell_argv(command),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT if merge_stderr else asyncio.subprocess.PIPE,
        start_new_session=True,  # one process group per command: killed as a whole when the stream ends
    )


def _kill_group(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


async def _reap(process: asyncio.subprocess.Process) -> None:
    _kill_group(process)
    await process.wait()
    # Close the transport now: left to the garbage collector it may be finalized after the event loop
    # has closed (device shutdown), which raises inside asyncio. Process has no public close().
    transport = getattr(process, "_transport", None)
    if transport is not None:
        transport.close()


async def raw_command(device: VirtualDevice, stream: Stream, command: str) -> None:
    """``exec:`` and shell v1: stdout and stderr merged, no exit code on the wire."""
    process = await _spawn(device, command, merge_stderr=True)
    assert process.stdin is not None and process.stdout is not None
    stdin = process.stdin

    async def feed() -> None:
        while (data := await stream.read()) is not None:
            stdin.write(data)
            await stdin.drain()
        stdin.close()
        if stream.closed:
            _kill_group(process)  # the host closed the stream: like adbd, end the command (e.g. a logcat that follows)

    feeder = asyncio.ensure_future(feed())
    try:
        while data := await process.stdout.read(65536):
            await stream.write(data)
        await process.wait()
    finally:
        feeder.cancel()
        await _reap(process)


async def shell(device: VirtualDevice, stream: Stream, service: str) -> None:
    head, _, command = service.partition(":")
    options = head.split(",")[1:]
    if "v2" not in options:
        await raw_command(device, stream, command)
        return
    process = await _spawn(device, command, merge_stderr=False)
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    stdin = process.stdin

    async def pump(reader: asyncio.StreamReader, ident: int) -> None:
        while data := await reader.read(65536):
            await stream.write(bytes([ident]) + struct.pack("<I", len(data)) + data)

    async def feed() -> None:
        try:
            while True:
                header = await stream.readexactly(5)
                ident, length = header[0], struct.unpack("<I", header[1:])[0]
                data = await stream.readexactly(length) if length else b""
                if ident == ID_STDIN:
                    stdin.write(data)
                    await stdin.drain()
                elif ident == ID_CLOSE_STDIN:
                    stdin.close()
        except (EOFError, ConnectionError):
            if not stdin.is_closing():
                stdin.close()
            if stream.closed:
                _kill_group(process)  # the host closed the stream: end the command, as adbd does

    feeder = asyncio.ensure_future(feed())
    try:
        await asyncio.gather(pump(process.stdout, ID_STDOUT), pump(process.stderr, ID_STDERR))
        code = await process.wait()
        await stream.write(bytes([ID_EXIT]) + struct.pack("<I", 1) + bytes([code & 0xFF]))
    finally:
        feeder.cancel()
        await _reap(process)


async def _pipe(stream: Stream, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    async def upstream() -> None:
        while (data := await stream.read()) is not None:
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    up = asyncio.ensure_future(upstream())
    try:
        while data := await reader.read(65536):
            await stream.write(data)
    finally:
        up.cancel()
        writer.close()


async def tcp(stream: Stream, service: str) -> None:
    """``tcp:PORT[:HOST]`` (adb forward): the device network is the host's loopback."""
    parts = service.split(":")
    port, host = int(parts[1]), (parts[2] if len(parts) > 2 else "127.0.0.1")
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError as e:
        log.info("tcp:%s:%d refused: %s", host, port, e)
        return
    await _pipe(stream, reader, writer)


def _fail(message: str) -> bytes:
    data = message.encode()
    return b"FAIL" + f"{len(data):04x}".encode() + data


async def reverse(device: VirtualDevice, transport: Transport, stream: Stream, command: str) -> None:
    """``adb reverse``: the device listens (on its reverse host) and opens streams back to the host.

    Replies follow AOSP's device side: one ``OKAY`` (the adb server adds the first one itself), and
    ``list-forward`` answers with the hex-length payload only.
    """
    if command.startswith("forward:"):
        spec = command.removeprefix("forward:").removeprefix("norebind:")
        remote, _, local = spec.partition(";")
        if not remote.startswith("tcp:") or not local:
            await stream.write(_fail(f"cannot bind listener: unsupported spec {spec!r}"))
            return
        device.close_reverse(remote)

        async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            back = await transport.open_to_host(local)
            if back is None:
                writer.close()
                return
            try:
                await _pipe(back, reader, writer)
            finally:
                back.close()

        try:
            server = await asyncio.start_server(on_connection, device.reverse_host, int(remote.split(":")[1]))
        except OSError as e:
            await stream.write(_fail(f"cannot bind listener: {e.strerror}"))
            return
        port = server.sockets[0].getsockname()[1]
        device.reverses[remote] = (local, server)

        def forget() -> None:
            device.close_reverse(remote)

        transport.on_close.append(forget)
        reply = b"OKAY"
        if remote == "tcp:0":
            reply += f"{len(str(port)):04x}{port}".encode()
        await stream.write(reply)
    elif command == "list-forward":
        body = "".join(f"{device.serial} {remote} {local}\n" for remote, (local, _) in device.reverses.items()).encode()
        await stream.write(f"{len(body):04x}".encode() + body)
    elif command.startswith("killforward:"):
        key = command.removeprefix("killforward:")
        if device.close_reverse(key):
            await stream.write(b"OKAY")
        else:
            await stream.write(_fail(f"listener '{key}' not found"))
    elif command == "killforward-all":
        for key in list(device.reverses):
            device.close_reverse(key)
        await stream.write(b"OKAY")
    else:
        await stream.write(_fail("unknown reverse command"))


async def sync(device: VirtualDevice, stream: Stream) -> None:
    """The file sync protocol: STAT, STA2, LST2, LIST, SEND, RECV, QUIT."""
    while True:
        try:
            header = await stream.readexactly(8)
        except EOFError:
            return
        request, length = header[:4], struct.unpack("<I", header[4:])[0]
        if request == b"QUIT":
            return
        path = (await stream.readexactly(length)).decode("utf-8", "replace")
        if request == b"STAT":
            try:
                st = os.stat(device.fs.path(path))
                await stream.write(b"STAT" + struct.pack("<III", st.st_mode, st.st_size & 0xFFFFFFFF, int(st.st_mtime)))
            except OSError:
                await stream.write(b"STAT" + b"\0" * 12)
        elif request in (b"STA2", b"LST2"):
            try:
                st = (os.lstat if request == b"LST2" else os.stat)(device.fs.path(path))
                body = struct.pack(
                    "<IQQIIIIQqqq",
                    0,
                    st.st_dev,
                    st.st_ino,
                    st.st_mode,
                    st.st_nlink,
                    st.st_uid,
                    st.st_gid,
                    st.st_size,
                    int(st.st_atime),
                    int(st.st_mtime),
                    int(st.st_ctime),
                )
            except OSError as e:
                body = struct.pack("<I", e.errno or errno.ENOENT) + b"\0" * 64  # exactly 72 bytes with the id (adb 29)
            await stream.write(request + body)
        elif request == b"LIST":
            await stream.write(_list(device.fs.path(path)))
        elif request == b"SEND":
            if not await _receive_file(device, stream, path):
                return
        elif request == b"RECV":
            await _send_file(device, stream, path)
        else:
            message = f"unknown sync request {request!r}".encode()
            await stream.write(b"FAIL" + struct.pack("<I", len(message)) + message)
            return


def _list(directory: Path) -> bytes:
    out = bytearray()
    try:
        names = [".", ".."] + sorted(os.listdir(directory))
    except OSError:
        names = []
    for name in names:
        try:
            st = os.lstat(directory / name)
        except OSError:
            continue
        encoded = name.encode()
        out += b"DENT" + struct.pack("<IIII", st.st_mode, st.st_size & 0xFFFFFFFF, int(st.st_mtime), len(encoded)) + encoded
    return bytes(out + b"DONE" + b"\0" * 16)


async def _receive_file(device: VirtualDevice, stream: Stream, spec: str) -> bool:
    """SEND: DATA chunks then DONE(mtime). Written to a temporary name, renamed when complete."""
    device_path, _, mode_text = spec.rpartition(",")
    target = device.fs.path(device_path)
    partial = target.with_name(target.name + ".adbd-part")
    error: str | None = None
    handle = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = partial.open("wb")
    except OSError as e:
        error = f"{device_path}: {e.strerror}"
    mtime = 0
    try:
        while True:
            header = await stream.readexactly(8)
            kind, size = header[:4], struct.unpack("<I", header[4:])[0]
            if kind == b"DATA":
                chunk = await stream.readexactly(size)
                if handle is not None:
                    handle.write(chunk)
            elif kind == b"DONE":
                mtime = size
                break
            else:
                error = f"unexpected sync message {kind!r}"
                break
    finally:
        if handle is not None:
            handle.close()
    if error is None:
        os.replace(partial, target)
        mode = int(mode_text or "420")
        os.chmod(target, stat.S_IMODE(mode) or 0o644)
        if mtime:
            os.utime(target, (mtime, mtime))
        await stream.write(b"OKAY" + b"\0" * 4)
        return True
    with contextlib.suppress(OSError):
        partial.unlink()
    message = error.encode()
    await stream.write(b"FAIL" + struct.pack("<I", len(message)) + message)
    return not error.startswith("unexpected")


async def _send_file(device: VirtualDevice, stream: Stream, path: str) -> None:
    try:
        with device.fs.path(path).open("rb") as f:
            batch = bytearray()
            while chunk := f.read(SYNC_DATA_MAX):
                batch += b"DATA" + struct.pack("<I", len(chunk)) + chunk
                if len(batch) >= stream.transport.max_payload:
                    await stream.write(bytes(batch))
                    batch.clear()
            await stream.write(bytes(batch) + b"DONE" + b"\0" * 4)
    except OSError as e:
        message = f"{path}: {e.strerror}".encode()
        await stream.write(b"FAIL" + struct.pack("<I", len(message)) + message)
