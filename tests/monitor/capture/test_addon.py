from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy import exceptions
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
        assert addon.in_flight() == 1
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
