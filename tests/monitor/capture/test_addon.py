from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy import exceptions
from mitmproxy.flow import Flow
from mitmproxy.proxy.server_hooks import ServerConnectionHookData
from mitmproxy.test import taddons, tflow

from monitor.capture.addon import SANDBOX_BODY, PrivmonCapture
from monitor.capture.records import FlowRecord


class FakeSink:
    def __init__(self) -> None:
        self.records: list[FlowRecord] = []
        self.activity = 0

    def on_flow(self, record: FlowRecord) -> None:
        self.records.append(record)

    def on_proxy_activity(self) -> None:
        self.activity += 1


def test_sandbox_mode_answers_and_records() -> None:
    sink = FakeSink()
    addon = PrivmonCapture(sink)
    with taddons.context(addon) as tctx:
        tctx.configure(addon, privmon_sandbox=True)
        f = tflow.tflow()
        f.request.content = b'{"imei":"1"}'
        addon.requestheaders(f)
        assert addon.in_flight() == 1 and addon.requests_seen == 1
        addon.request(f)
        assert f.response is not None and f.response.content == SANDBOX_BODY
        addon.response(f)
    assert addon.in_flight() == 0
    (rec,) = sink.records
    assert rec.answered_by_proxy and rec.response_status == 200 and rec.request_body == b'{"imei":"1"}'
    assert rec.method == f.request.method and rec.host == f.request.pretty_host and sink.activity >= 2


def test_sandbox_mode_refuses_upstream_connections() -> None:
    addon = PrivmonCapture(FakeSink())
    with taddons.context(addon) as tctx:
        tctx.configure(addon, privmon_sandbox=True)
        data = ServerConnectionHookData(server=tflow.tserver_conn(), client=tflow.tclient_conn())
        data.server.error = None
        addon.server_connect(data)
        assert data.server.error and "disabled" in data.server.error


def test_passthrough_mode_leaves_requests_alone() -> None:
    addon = PrivmonCapture(FakeSink())
    with taddons.context(addon) as tctx:
        tctx.configure(addon, privmon_sandbox=False)
        f = tflow.tflow()
        addon.request(f)
        assert f.response is None
        data = ServerConnectionHookData(server=tflow.tserver_conn(), client=tflow.tclient_conn())
        data.server.error = None
        addon.server_connect(data)
        assert data.server.error is None


def test_errors_are_recorded_and_in_flight_tracks_connections() -> None:
    sink = FakeSink()
    addon = PrivmonCapture(sink)
    with taddons.context(addon):
        client = tflow.tclient_conn()
        addon.client_connected(client)
        assert addon.in_flight() == 1
        addon.client_disconnected(client)
        f = tflow.tflow(err=True)
        addon.requestheaders(f)
        addon.error(f)
    assert addon.in_flight() == 0 and sink.records[0].error


def test_standalone_jsonl_sink(tmp_path: Path) -> None:
    out = tmp_path / "flows.jsonl"
    addon = PrivmonCapture()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, privmon_flows=str(out), privmon_sandbox=True)
        f = tflow.tflow()
        addon.request(f)
        addon.response(f)
        addon.done()
    line = json.loads(out.read_text().splitlines()[0])
    assert line["url"] == f.request.pretty_url and line["answered_by_proxy"] is True


def test_unwritable_flows_file_is_an_options_error(tmp_path: Path) -> None:
    addon = PrivmonCapture()
    with taddons.context(addon) as tctx, pytest.raises(exceptions.OptionsError, match="cannot open"):
        tctx.configure(addon, privmon_flows=str(tmp_path / "missing-dir" / "x.jsonl"))


def test_recording_failure_stops_the_proxy() -> None:
    class Broken(FakeSink):
        def on_flow(self, record: FlowRecord) -> None:
            raise OSError("disk full")

    addon = PrivmonCapture(Broken())
    with taddons.context(addon) as tctx:
        stopped: list[bool] = []
        tctx.master.shutdown = lambda: stopped.append(True)  # type: ignore[method-assign]
        with pytest.raises(OSError):
            addon.response(tflow.tflow(resp=True))
        assert stopped == [True]


def test_loads_under_plain_mitmdump(tmp_path: Path) -> None:
    """The same addon file works standalone: mitmdump -s monitor/capture/addon.py."""
    import shutil
    import socket
    import subprocess
    import sys

    from tests.monitor.capture.test_proxy import https_post_via_proxy

    mitmdump = shutil.which("mitmdump", path=str(Path(sys.executable).parent))
    assert mitmdump is not None
    addon_file = Path(__file__).resolve().parents[3] / "monitor" / "capture" / "addon.py"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    flows = tmp_path / "flows.jsonl"
    proc = subprocess.Popen(
        [
            mitmdump,
            "-q",
            "--listen-host",
            "127.0.0.1",
            "--listen-port",
            str(port),
            "--set",
            f"confdir={tmp_path / 'conf'}",
            "-s",
            str(addon_file),
            "--set",
            f"privmon_flows={flows}",
            "--set",
            "privmon_sandbox=true",
            "--set",
            "connection_strategy=lazy",
            "--set",
            "upstream_cert=false",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):  # bounded: up to ~10 s for mitmdump to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                try:
                    proc.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    continue
                pytest.fail(f"mitmdump exited: {proc.stdout.read() if proc.stdout else ''!r}")
        reply = https_post_via_proxy(port, tmp_path / "conf" / "mitmproxy-ca-cert.pem", "sdk.invalid", b"aid=9774d56d682e549c")
    finally:
        proc.terminate()
        proc.wait(10)
    assert b"200 OK" in reply
    rec = json.loads(flows.read_text().splitlines()[0])
    assert rec["url"] == "https://sdk.invalid/collect" and rec["answered_by_proxy"] is True


def test_the_wire_bytes_and_the_connection_ports_are_recorded() -> None:
    sink = FakeSink()
    addon = PrivmonCapture(sink)
    with taddons.context(addon):
        f = tflow.tflow(resp=True)
        f.request.headers["Content-Encoding"] = "gzip"
        f.request.raw_content = b"\x1f\x8b not really gzip"
        f.client_conn.peername = ("127.0.0.1", 40123)
        f.client_conn.sockname = ("127.0.0.1", 8081)
        addon.response(f)
    (rec,) = sink.records
    assert rec.request_body == b"\x1f\x8b not really gzip"  # not decoded by the proxy: the matcher does that
    assert (rec.client_port, rec.proxy_port) == (40123, 8081)


def test_websocket_messages_the_app_sends_are_flows() -> None:
    sink = FakeSink()
    addon = PrivmonCapture(sink)
    with taddons.context(addon):
        f = tflow.twebsocketflow()
        for message in f.websocket.messages:  # type: ignore[union-attr]
            f.websocket.messages = [message]  # type: ignore[union-attr]
            addon.websocket_message(f)
    sent = [m for m in tflow.twebsocketflow().websocket.messages if m.from_client]  # type: ignore[union-attr]
    assert [r.method for r in sink.records] == ["WEBSOCKET"] * len(sent) and sent
    assert [r.request_body for r in sink.records] == [m.content for m in sent]


def test_sandbox_mode_accepts_a_websocket_upgrade_and_answers_each_message() -> None:
    sink = FakeSink()
    addon = PrivmonCapture(sink)
    with taddons.context(addon) as tctx:
        tctx.configure(addon, privmon_sandbox=True)
        injected: list[tuple[object, ...]] = []

        def inject(flow: Flow, to_client: bool, message: bytes, is_text: bool = True) -> None:
            injected.append((flow, to_client, message, is_text))

        tctx.master.commands.add("inject.websocket", inject)
        f = tflow.tflow()
        # RFC 6455 section 1.3's example key and accept value
        f.request.headers.update(
            {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
        )
        addon.request(f)
        assert f.response is not None and f.response.status_code == 101
        assert f.response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        ws = tflow.twebsocketflow()
        ws.metadata["privmon_answered"] = True
        messages = list(ws.websocket.messages)  # type: ignore[union-attr]
        for message in messages:
            ws.websocket.messages = [message]  # type: ignore[union-attr]
            addon.websocket_message(ws)
    sent = [m for m in messages if m.from_client]
    assert all(m.dropped for m in sent)  # nothing to forward: there is no server
    assert injected == [(ws, True, SANDBOX_BODY, True)] * len(sent) and len(sink.records) == len(sent)
