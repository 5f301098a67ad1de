"""privmon's mitmproxy addon: records every request as a :class:`FlowRecord`.

Embedded by :mod:`monitor.capture.proxy`, and usable on its own::

    mitmdump -s monitor/capture/addon.py --set privmon_flows=flows.jsonl --set privmon_sandbox=true

With ``privmon_sandbox`` the proxy answers every request itself: no DNS lookup and no upstream
connection is ever made (upstream connects are refused in ``server_connect``).
"""

from __future__ import annotations

import hashlib
import json
import logging
from base64 import b64encode
from pathlib import Path
from typing import IO, Any, cast

from mitmproxy import connection, exceptions, http, tls
from mitmproxy.addonmanager import Loader
from mitmproxy.proxy.server_hooks import ServerConnectionHookData

try:  # works both as part of the package and when loaded by `mitmdump -s` from a checkout
    from monitor.capture.records import MAX_BODY, FlowRecord, FlowSink
except ImportError:  # pragma: no cover - exercised only by mitmdump -s without the package installed
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from monitor.capture.records import MAX_BODY, FlowRecord, FlowSink

log = logging.getLogger(__name__)

SANDBOX_BODY = b'{"code":0,"msg":"ok"}'
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 4.2.2


class JsonlSink:
    """Writes flow records as JSON lines (the standalone ``mitmdump -s`` path)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def on_proxy_activity(self) -> None:
        return None

    def on_flow(self, record: FlowRecord) -> None:
        d = record.__dict__ | {
            "request_body": b64encode(record.request_body).decode(),
            "request_headers": list(record.request_headers),
        }
        self.stream.write(json.dumps(d, ensure_ascii=False) + "\n")
        self.stream.flush()


class PrivmonCapture:
    """Capture addon. Built with a sink (tests pass a fake one); without one it writes ``privmon_flows``."""

    def __init__(self, sink: FlowSink | None = None) -> None:
        self._sink = sink
        self._own_stream: IO[str] | None = None
        self.sandbox = False
        # In-flight accounting, so callers can tell "quiet" from "a TLS handshake is still running":
        # connections that have not sent their first request yet, and requests without a response.
        self._fresh_connections: set[str] = set()
        self._open_requests: set[str] = set()
        self.requests_seen = 0

    def in_flight(self) -> int:
        return len(self._fresh_connections) + len(self._open_requests)

    def _activity(self) -> None:
        if self._sink is not None:
            self._sink.on_proxy_activity()

    def client_connected(self, client: connection.Client) -> None:
        self._fresh_connections.add(client.id)
        self._activity()

    def client_disconnected(self, client: connection.Client) -> None:
        self._fresh_connections.discard(client.id)
        self._activity()

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        self._fresh_connections.discard(flow.client_conn.id)
        self._open_requests.add(flow.id)
        self.requests_seen += 1
        self._activity()

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "privmon_sandbox",
            bool,
            False,
            "Answer every request from the proxy itself; never resolve names or connect upstream.",
        )
        loader.add_option("privmon_flows", cast(type, str | None), None, "Append captured flows as JSON lines to this file.")

    def configure(self, updated: set[str]) -> None:
        from mitmproxy import ctx

        if "privmon_sandbox" in updated:
            self.sandbox = bool(ctx.options.privmon_sandbox)
        # the file sink is ours to (re)open only when no sink was given at construction
        if "privmon_flows" in updated and (self._sink is None or self._own_stream is not None):
            path = ctx.options.privmon_flows
            if self._own_stream is not None:
                self._own_stream.close()
                self._own_stream = None
            if path:
                try:
                    self._own_stream = Path(path).expanduser().open("a", encoding="utf-8")
                except OSError as e:
                    raise exceptions.OptionsError(f"privmon_flows: cannot open {path}: {e}") from e
                self._sink = JsonlSink(self._own_stream)

    def server_connect(self, data: ServerConnectionHookData) -> None:
        if self.sandbox:
            data.server.error = "privmon sandbox: upstream connections are disabled"

    def request(self, flow: http.HTTPFlow) -> None:
        if self.sandbox and flow.response is None:
            key = flow.request.headers.get("Sec-WebSocket-Key")
            if key and flow.request.headers.get("Upgrade", "").lower() == "websocket":
                # the proxy is the WebSocket server: the app's messages are recorded, and answered below
                accept = b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode(), usedforsecurity=False).digest()).decode()
                headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": accept}
                flow.response = http.Response.make(101, b"", headers)
            else:
                flow.response = http.Response.make(200, SANDBOX_BODY, {"Content-Type": "application/json"})
            flow.metadata["privmon_answered"] = True

    def response(self, flow: http.HTTPFlow) -> None:
        self._record(flow, None)
        self._open_requests.discard(flow.id)
        self._activity()

    def error(self, flow: http.HTTPFlow) -> None:
        self._record(flow, flow.error.msg if flow.error else "error")
        self._open_requests.discard(flow.id)
        self._activity()

    def _record(self, flow: http.HTTPFlow, error: str | None) -> None:
        if self._sink is None:
            return
        req = flow.request
        body = req.raw_content or b""  # the bytes on the wire: the matcher undoes Content-Encoding itself
        self._emit(
            FlowRecord(
                ts_ms=int(req.timestamp_start * 1000),
                method=req.method,
                request_headers=tuple((k, v) for k, v in req.headers.items(multi=True)),
                request_body=body[:MAX_BODY],
                body_truncated=len(body) > MAX_BODY,
                response_status=flow.response.status_code if flow.response else None,
                error=error,
                **_where(flow),
            )
        )

    def websocket_message(self, flow: http.HTTPFlow) -> None:
        """Each message the app sends over a WebSocket is a flow of its own (method ``WEBSOCKET``)."""
        if self._sink is None or flow.websocket is None or not flow.websocket.messages:
            return
        message = flow.websocket.messages[-1]
        if not message.from_client:
            return
        if flow.metadata.get("privmon_answered"):  # sandbox: no server behind it; the proxy replies
            message.drop()
            from mitmproxy import ctx

            ctx.master.commands.call("inject.websocket", flow, True, SANDBOX_BODY, True)
        self._emit(
            FlowRecord(
                ts_ms=int(message.timestamp * 1000),
                method="WEBSOCKET",
                request_headers=(),
                request_body=message.content[:MAX_BODY],
                body_truncated=len(message.content) > MAX_BODY,
                response_status=None,
                **_where(flow),
            )
        )

    def tls_failed_client(self, data: tls.TlsData) -> None:
        """The app refused the proxy's certificate (pinning, or the CA is not trusted): nothing of that
        connection was decrypted. Recorded as a flow with method ``TLS`` and the error, per host."""
        if self._sink is None:
            return
        client, address = data.context.client, data.context.server.address
        host = client.sni or (address[0] if address else "") or "?"
        port = address[1] if address else 443
        self._emit(
            FlowRecord(
                ts_ms=int((client.timestamp_start or 0) * 1000),
                method="TLS",
                url=f"https://{host}:{port}/",
                scheme="https",
                host=host,
                port=port,
                path="/",
                http_version="",
                request_headers=(),
                request_body=b"",
                body_truncated=False,
                response_status=None,
                answered_by_proxy=False,
                error=f"client TLS handshake failed: {client.error or 'rejected the proxy certificate'}",
                client_port=_port(client.peername),
                proxy_port=_port(client.sockname),
            )
        )

    def _emit(self, record: FlowRecord) -> None:
        if self._sink is None:
            return
        try:
            self._sink.on_flow(record)
        except Exception:
            # Fail closed (mitmproxy's Save does the same): never keep proxying without recording.
            log.critical("privmon: recording a flow failed; stopping the proxy", exc_info=True)
            from mitmproxy import ctx

            ctx.master.shutdown()
            raise

    def done(self) -> None:
        if self._own_stream is not None:
            self._own_stream.close()
            self._own_stream = None


def _where(flow: http.HTTPFlow) -> dict[str, Any]:
    """The request's address and the connection it came on: fields every record of a flow shares."""
    req = flow.request
    return {
        "url": req.pretty_url,
        "scheme": req.scheme,
        "host": req.pretty_host,
        "port": req.port,
        "path": req.path,
        "http_version": req.http_version,
        "answered_by_proxy": bool(flow.metadata.get("privmon_answered")),
        "server_ip": _peer_ip(flow),
        "client_port": _port(flow.client_conn.peername),
        "proxy_port": _port(flow.client_conn.sockname),
    }


def _port(address: object) -> int | None:
    if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int):
        return address[1]
    return None


def _peer_ip(flow: http.HTTPFlow) -> str | None:
    """The address the proxy connected to upstream (None when it answered the request itself)."""
    peer = flow.server_conn.peername if flow.server_conn else None
    return str(peer[0]) if peer else None


addons = [PrivmonCapture()]
