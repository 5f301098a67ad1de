from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest

from monitor.capture.proxy import ProxyThread
from monitor.capture.records import FlowRecord
from monitor.errors import ProxyError


class Sink:
    def __init__(self) -> None:
        self.records: list[FlowRecord] = []

    def on_flow(self, record: FlowRecord) -> None:
        self.records.append(record)

    def on_proxy_activity(self) -> None:
        return None


def https_post_via_proxy(port: int, ca: Path, host: str, body: bytes) -> bytes:
    """A client that does what a device does: CONNECT through the proxy, trust the proxy's CA."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
        assert b" 200 " in raw.recv(4096)
        ctx = ssl.create_default_context(cafile=str(ca))
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(
                b"POST /collect HTTP/1.1\r\nHost: "
                + host.encode()
                + b"\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: close\r\n\r\n"
                + body
            )
            chunks = []
            while chunk := tls.recv(4096):
                chunks.append(chunk)
    return b"".join(chunks)


def test_sandbox_proxy_answers_https_itself_and_records(tmp_path: Path) -> None:
    sink = Sink()
    proxy = ProxyThread(sink, tmp_path / "conf").start()
    try:
        # An unresolvable name: nothing but the proxy itself can answer this.
        reply = https_post_via_proxy(proxy.port, proxy.ca_cert, "tracker.invalid", b"imei=356938035643809")
    finally:
        proxy.stop()
    assert b"200 OK" in reply and b'"msg":"ok"' in reply
    (rec,) = sink.records
    assert rec.url == "https://tracker.invalid/collect" and rec.request_body == b"imei=356938035643809" and rec.answered_by_proxy


def test_busy_port_is_a_proxy_error(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        with pytest.raises(ProxyError, match="cannot listen"):
            ProxyThread(Sink(), tmp_path / "conf", port=s.getsockname()[1]).start()
