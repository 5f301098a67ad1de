"""Reading a run back for the rules: which flows are the app's, and the noise baseline subtracted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitor.correlation import flow_origin, flow_signature, load_observations
from monitor.report.document import as_dict, build
from monitor.store.db import Store
from monitor.store.models import Flow, HookEvent, Run
from tests.monitor.analysis.rules.factories import APP_STACK, view
from tests.monitor.store.test_db import make_run

APP_PORT, GLOBAL_PORT = 9001, 9000
IMEI = "356938035643809"


@pytest.mark.parametrize(
    ("proxy_port", "app_port", "in_baseline", "like_baseline", "origin"),
    [
        (APP_PORT, APP_PORT, False, False, "app"),
        (GLOBAL_PORT, APP_PORT, False, False, "other-process"),
        (GLOBAL_PORT, None, False, False, "unattributed"),
        (GLOBAL_PORT, APP_PORT, True, True, "baseline"),
        (GLOBAL_PORT, APP_PORT, False, True, "noise"),
        (GLOBAL_PORT, None, False, True, "noise"),
        (APP_PORT, APP_PORT, False, True, "app"),  # the app's own listener wins over the baseline
    ],
)
def test_flow_origin(proxy_port: int, app_port: int | None, in_baseline: bool, like_baseline: bool, origin: str) -> None:
    assert flow_origin(proxy_port, app_port, in_baseline, like_baseline) == origin


def test_flow_signature_keeps_the_path_shape_and_drops_ids_and_query() -> None:
    a = flow_signature("post", "Push.Example.com", "https://push.example.com/v2/device/8f14e45fceea167a/ping?t=1")
    b = flow_signature("POST", "push.example.com", "https://push.example.com/v2/device/c9f0f895fb98ab91/ping?t=2")
    assert a == b == ("POST", "push.example.com", "/v2/device/*/ping")
    assert flow_signature("GET", "h", "https://h/generate_204") != flow_signature("GET", "h", "https://h/other")
    assert flow_signature("GET", "h", "https://h/u/12345/x") == flow_signature("GET", "h", "https://h/u/678/x")


def _flow(run_id: int, ts_ms: int, url: str, port: int | None, body: bytes = b"") -> Flow:
    host = url.split("/")[2]
    return Flow(
        run_id=run_id,
        ts_ms=ts_ms,
        method="POST",
        url=url,
        scheme="https",
        host=host,
        port=443,
        path="/" + url.split("/", 3)[3],
        request_body=body,
        proxy_port=port,
    )


def _seed(store: Store, app_port: int | None, baseline_end: int | None, uid: str = "abc") -> int:
    run_id = make_run(store, uid)
    with store.session() as s:
        run = s.get(Run, run_id)
        assert run is not None
        run.app_proxy_port, run.baseline_end_ms = app_port, baseline_end
        s.add(
            HookEvent(
                run_id=run_id,
                seq=1,
                kind="hook:call",
                ts_ms=1_000,
                mono_ns=0,
                hook="identifiers.imei",
                category="identifiers",
                api="android.telephony.TelephonyManager.getImei",
                values=[{"type": "imei", "value": IMEI}],
                stack=list(APP_STACK),
            )
        )
        body = f"imei={IMEI}".encode()
        s.add_all(
            [
                _flow(run_id, 500, "https://sync.os.example/v1/dev/0123456789ab/hb", GLOBAL_PORT, body),  # baseline
                _flow(run_id, 2_000, "https://sync.os.example/v1/dev/ba9876543210/hb", GLOBAL_PORT, body),  # noise
                _flow(run_id, 2_100, "https://sync.os.example/v1/dev/ba9876543210/hb", app_port, body),  # the app's
                _flow(run_id, 2_200, "https://t.sdk.example/log", GLOBAL_PORT, body),  # not like the baseline
            ]
        )
    return run_id


def test_the_baseline_is_labelled_and_flows_like_it_are_subtracted_unless_the_apps(store: Store) -> None:
    run_id = _seed(store, APP_PORT, baseline_end=1_500)
    _, flows, _, _ = load_observations(store, run_id)
    assert [f.origin for f in flows] == ["baseline", "noise", "app", "other-process"]
    assert [f.the_apps for f in flows] == [False, False, True, False]


def test_without_an_app_listener_the_baseline_is_what_keeps_noise_out_of_the_findings(store: Store) -> None:
    run_id = _seed(store, None, baseline_end=1_500)
    events, flows, _, _ = load_observations(store, run_id)
    assert [f.origin for f in flows] == ["baseline", "noise", "noise", "unattributed"]
    sent = view(events, flows).sent
    assert [h.flow.url for h in sent] == ["https://t.sdk.example/log"]
    # the same run without its baseline analyses every flow as the app's (the first one precedes the IMEI read)
    assert len(view(events, [replace(f, origin="unattributed") for f in flows]).sent) == 3


def test_the_report_counts_and_lists_the_baseline(store: Store) -> None:
    run_id = _seed(store, APP_PORT, baseline_end=1_500)
    doc = as_dict(build(store, run_id))
    assert doc["counts"]["baseline_flows"] == 1 and doc["counts"]["noise_flows"] == 1
    assert doc["noise_baseline"]["hosts"] == [{"host": "sync.os.example", "baseline": 1, "subtracted": 1}]
    flows = [t for t in doc["timeline"] if t["kind"] == "flow"]
    assert "noise baseline" in flows[0]["detail"] and "like the noise baseline" in flows[1]["detail"]
    without = as_dict(build(store, _seed(store, APP_PORT, baseline_end=None, uid="def")))
    assert without["noise_baseline"] is None
