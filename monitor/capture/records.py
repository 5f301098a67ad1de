"""Captured flow records handed from the proxy to the store (plain data, no mitmproxy types)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

MAX_BODY = 1024 * 1024


@dataclass(frozen=True)
class FlowRecord:
    ts_ms: int
    method: str
    url: str
    scheme: str
    host: str
    port: int
    path: str
    http_version: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    body_truncated: bool
    response_status: int | None
    answered_by_proxy: bool
    error: str | None = None
    server_ip: str | None = None
    client_port: int | None = None  # the client's source port as the proxy saw it
    proxy_port: int | None = None  # the proxy listener the client connected to


class FlowSink(Protocol):
    def on_flow(self, record: FlowRecord) -> None: ...

    def on_proxy_activity(self) -> None:
        """A client connected or disconnected, or a request started or ended."""
        ...
