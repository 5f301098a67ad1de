from __future__ import annotations

import json
import socket
import threading

import pytest

from monitor.errors import DeviceError
from monitor.sandbox.control import ControlServer


def fake_device(port: int, replies: list[dict[str, object]], hello: dict[str, object] | None = None) -> threading.Thread:
    def run() -> None:
        with socket.create_connection(("127.0.0.1", port)) as s, s.makefile("rw") as f:
            f.write(json.dumps(hello or {"event": "hello", "package": "p", "pid": 1}) + "\n")
            f.flush()
            for reply in replies:
                req = json.loads(f.readline())
                f.write(json.dumps({"id": req["id"], **reply}) + "\n")
                f.flush()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_request_reply() -> None:
    server = ControlServer()
    fake_device(server.port, [{"ok": True, "pendingDue": 0}, {"ok": False, "error": "anr: main thread busy"}])
    assert server.accept(5)["package"] == "p"
    assert server.request("sync")["pendingDue"] == 0
    with pytest.raises(DeviceError, match="anr"):
        server.request("dump")
    server.close()


def test_no_connection_times_out_with_a_clear_error() -> None:
    server = ControlServer()
    with pytest.raises(DeviceError, match="did not connect"):
        server.accept(0.2)


def test_bad_hello_and_closed_channel() -> None:
    server = ControlServer()
    fake_device(server.port, [], hello={"event": "nope"})
    with pytest.raises(DeviceError, match="unexpected first message"):
        server.accept(5)
    server = ControlServer()
    fake_device(server.port, [])
    server.accept(5)
    with pytest.raises(DeviceError, match="closed|control channel"):
        server.request("dump", timeout=5)


def test_accept_gives_up_when_the_app_is_gone() -> None:
    server = ControlServer()
    with pytest.raises(DeviceError, match="exited before connecting"):
        server.accept(30, alive=lambda: False)
