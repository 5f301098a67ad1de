"""Issue 8: another app's traffic, running at the same time on the sandbox device, is never
attributed to the app under test. The neighbour sends the same device's Android ID to the same host
as trafficapp, through the device-wide proxy; trafficapp's agent points it at its own listener. A
noise baseline is taken first: the neighbour's flows are the baseline's, then subtracted as noise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.correlation import load_observations
from monitor.sandbox.device import sample_app
from monitor.store.db import Store
from monitor.store.models import Finding, Run
from tests.e2e.test_sandbox_e2e import in_netns

pytestmark = pytest.mark.e2e

EXPECTED = {
    ("id-linkage", "gaid"),
    ("pi-in-cleartext", "android-id"),
    ("cross-border-transfer", "android-id"),
}


def test_another_apps_traffic_is_never_the_apps(tmp_path: Path, built: dict[str, Path]) -> None:
    db = tmp_path / "n.db"
    argv = [
        "--db",
        str(db),
        "run",
        "--sandbox",
        str(sample_app("trafficapp")),
        "--pre-consent",
        "0.5",
        "--duration",
        "6",
        "--baseline",
        "1.5",
    ]
    proc = in_netns(
        tmp_path, *argv, "--no-interactive", "--fail-on", "none", "--format", "json", module="tests.e2e.neighbour_run"
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.session() as s:
            run = s.scalars(select(Run)).one()
            assert run.status == "complete" and run.app_proxy_port, (run.status, run.exit_reason)
            findings = s.scalars(select(Finding).where(Finding.run_id == run.id)).all()
            found = {(f.rule, f.data_type) for f in findings}
            evidence_flows = {f.evidence.get("flow") for f in findings}
            run_id = run.id
        _, flows, _, _ = load_observations(store, run_id)
    finally:
        store.close()
    neighbour = [f for f in flows if b"from=neighbour" in f.body]
    own = [f for f in flows if b"from=neighbour" not in f.body]
    assert len(neighbour) >= 5, [f.url for f in flows]
    # the neighbour ran through the noise baseline (the app not started yet), then alongside the app:
    # its later flows are like the baseline's and subtracted as noise; the app's own stay the app's
    assert {f.origin for f in neighbour} == {"baseline", "noise"}, [(f.url, f.origin) for f in neighbour]
    assert own and {f.origin for f in own} == {"app"}, [(f.url, f.origin) for f in own]
    assert found == EXPECTED
    assert not evidence_flows & {f.id for f in neighbour}
    report = json.loads(proc.stdout)
    counts = report["counts"]
    assert counts["baseline_flows"] + counts["noise_flows"] == len(neighbour) and counts["other_process_flows"] == 0
    assert [h["host"] for h in report["noise_baseline"]["hosts"]] == sorted({f.host for f in neighbour})


DEFAULT_TRAFFIC_HOOKS = (
    "traffic.appProxy",
    "traffic.blockQuic",
    "tls.SSLContext.init",
    "tls.okhttp3.CertificatePinner",
    "tls.conscrypt.TrustManagerImpl",
    "tls.nsc.checkPins",
    "tls.webview.onReceivedSslError",
)


def _run_pinapp(tmp_path: Path, *options: str, app: str = "pinapp") -> dict:  # type: ignore[type-arg]
    argv = ["--db", str(tmp_path / "p.db"), "run", "--sandbox", str(sample_app(app)), "--pre-consent", "2", "--observe", "3"]
    proc = in_netns(tmp_path, *argv, "--no-interactive", "--fail-on", "none", "--format", "json", *options)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc: dict = json.loads(proc.stdout)  # type: ignore[type-arg]
    assert doc["run"]["status"] == "complete", doc["run"]
    return doc


def test_pinned_sdk_sending_gzipped_protobuf_with_sha256_android_id_is_caught(tmp_path: Path, built: dict[str, Path]) -> None:
    doc = _run_pinapp(tmp_path)
    sent = [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [(f["data_type"], f["actor"]["kind"], f["actor"]["name"]) for f in sent] == [
        ("android-id", "sdk", "Umeng Analytics (友盟统计)")
    ]
    evidence = sent[0]["evidence"]
    assert evidence["encodings"] == ["gzip > protobuf > sha256(value)"]
    assert [m["path"] for m in evidence["matches"]] == ["body > gzip > protobuf[2]"]
    assert evidence["host"] == "ulogs.umeng.com" and doc["tls_failures"] == []
    store = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with store.session() as s:
            hooks = {h["id"]: h for h in s.scalars(select(Run)).one().hooks}
    finally:
        store.close()
    assert all(hooks[h]["installed"] for h in DEFAULT_TRAFFIC_HOOKS), {h: hooks.get(h) for h in DEFAULT_TRAFFIC_HOOKS}


def test_without_unpinning_the_pinned_host_is_reported_as_not_decrypted(tmp_path: Path, built: dict[str, Path]) -> None:
    doc = _run_pinapp(tmp_path, "--no-unpin")
    assert not [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [t["host"] for t in doc["tls_failures"]] == ["ulogs.umeng.com"]


def test_quic_is_blocked_so_the_sdk_falls_back_to_https_through_the_proxy(tmp_path: Path, built: dict[str, Path]) -> None:
    doc = _run_pinapp(tmp_path, app="quicapp")  # QUIC blocking is on by default
    sent = [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [(f["data_type"], f["actor"]["name"], f["evidence"]["host"]) for f in sent] == [
        ("android-id", "Tencent Beacon (灯塔)", "otheve.beacon.qq.com")
    ]
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert "QUIC failed, falling back to HTTPS: java.net.ConnectException" in log


def test_without_quic_blocking_the_upload_goes_over_udp_and_the_proxy_sees_nothing(
    tmp_path: Path, built: dict[str, Path]
) -> None:
    doc = _run_pinapp(tmp_path, "--no-block-quic", app="quicapp")
    assert not [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert doc["counts"]["flows"] == 0
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert "sent over QUIC" in log


def test_pins_of_the_network_security_config_are_neutralised_in_the_platform(tmp_path: Path, built: dict[str, Path]) -> None:
    # nscapp has no TLS code: the platform's default context (Conscrypt + the app's network security
    # config) enforces its pin, so only the platform hooks (verifyChain, checkPins) can open it
    doc = _run_pinapp(tmp_path, app="nscapp")
    sent = [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [(f["data_type"], f["actor"]["name"], f["evidence"]["host"]) for f in sent] == [
        ("android-id", "Baidu Mobstat (百度统计)", "hmma.baidu.com")
    ]
    assert doc["tls_failures"] == []


def test_without_unpinning_the_network_security_config_pin_holds(tmp_path: Path, built: dict[str, Path]) -> None:
    doc = _run_pinapp(tmp_path, "--no-unpin", app="nscapp")
    assert not [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [t["host"] for t in doc["tls_failures"]] == ["hmma.baidu.com"]
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert "Pin verification failed" in log


def test_a_serial_read_from_a_field_no_hook_sees_is_caught_through_device_ground_truth(
    tmp_path: Path, built: dict[str, Path]
) -> None:
    # on Android 7, serialapp's GeTui SDK reads Build.SERIAL, a field (no method runs, no hook fires), and
    # sends its md5; only the serial the device gave to `getprop ro.serialno` shows it in the traffic
    android7 = tmp_path / "android7.toml"
    android7.write_text('sdk = 25\nrelease = "7.1.2"\n', encoding="utf-8")
    doc = _run_pinapp(tmp_path, "--device-config", str(android7), app="serialapp")
    sent = [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [(f["data_type"], f["actor"]["name"], f["evidence"]["host"]) for f in sent] == [
        ("device-serial", "GeTui (个推)", "sdk.open.phone.igexin.com")
    ]
    evidence = sent[0]["evidence"]
    assert evidence["device_truth"] == ["getprop ro.serialno"] and evidence["value_events"] == []
    assert evidence["encodings"] == ["json > md5(value)"] and "no hook saw it collected" in sent[0]["summary"]
    truth = doc["device"]["ground_truth"]
    assert [(t["type"], t["source"]) for t in truth] == [
        ("serial", "getprop ro.serialno"),
        ("android_id", "settings get secure android_id"),  # below Android 8: the device-wide ID is the app's
        ("mac", "cat /sys/class/net/wlan0/address"),
        ("mac", "settings get secure bluetooth_address"),
    ]
    assert all("*" in t["value"] for t in truth)  # redacted by default


def test_sdks_that_ask_for_no_proxy_are_sent_to_the_apps_listener(tmp_path: Path, built: dict[str, Path]) -> None:
    # noproxyapp's JPush SDK opens its connection with Proxy.NO_PROXY, and its GeTui SDK builds its bundled
    # OkHttp with proxy(Proxy.NO_PROXY); left alone, both would connect directly (and fail: no route out)
    doc = _run_pinapp(tmp_path, app="noproxyapp")
    sent = sorted(
        (f["data_type"], f["actor"]["name"], f["evidence"]["host"])
        for f in doc["findings"]
        if f["rule"] == "transmission-before-consent"
    )
    assert sent == [
        ("android-id", "GeTui (个推)", "sdk.open.phone.igexin.com"),
        ("android-id", "JPush (极光推送)", "stats.jpush.cn"),
    ]
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert "ReportService: HTTP 200" in log and "GtReporter: HTTP 200" in log, log[-2000:]
    store = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        _, flows, _, _ = load_observations(store, 1)
        with store.session() as s:
            hooks = {h["id"]: h for h in s.scalars(select(Run)).one().hooks}
    finally:
        store.close()
    assert {(f.host, f.origin) for f in flows} == {("stats.jpush.cn", "app"), ("sdk.open.phone.igexin.com", "app")}
    assert hooks["traffic.okhttp3.proxy"]["installed"] and hooks["net.okhttp3.newCall"]["installed"]


def test_a_message_sent_over_a_websocket_is_caught_and_attributed(tmp_path: Path, built: dict[str, Path]) -> None:
    # wsapp's Tencent push SDK opens wss://push.tpns.tencent.com/v3/ws with its bundled OkHttp and sends
    # the Android ID in its first message; in sandbox mode the proxy itself accepts the upgrade and replies
    doc = _run_pinapp(tmp_path, app="wsapp")
    sent = [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [(f["data_type"], f["actor"]["name"], f["evidence"]["host"]) for f in sent] == [
        ("android-id", "Tencent Push (TPNS / 信鸽)", "push.tpns.tencent.com")
    ]
    assert [m["path"] for m in sent[0]["evidence"]["matches"]] == ["ws > json[$.token]"]
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert 'XGPushChannel: server said {"code":0,"msg":"ok"}' in log, log[-2000:]
    store = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        _, flows, _, _ = load_observations(store, 1)
    finally:
        store.close()
    assert sorted(f.method for f in flows) == ["GET", "WEBSOCKET"]  # the upgrade (answered 101), the message


def _user_ca(tmp_path: Path) -> str:
    """An unrooted phone: privmon's CA only in the user store."""
    config = tmp_path / "unrooted.toml"
    config.write_text('ca_store = "user"\n', encoding="utf-8")
    return str(config)


def test_a_webview_that_refuses_the_user_store_ca_is_unpinned(tmp_path: Path, built: dict[str, Path]) -> None:
    # webviewapp's ad SDK loads its tracking page (the Android ID in the URL) in a WebView before consent;
    # Chromium does not trust the user-store CA and the SDK's client cancels on SSL errors, by default
    doc = _run_pinapp(tmp_path, "--device-config", _user_ca(tmp_path), app="webviewapp")
    sent = [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [(f["data_type"], f["evidence"]["host"]) for f in sent] == [("android-id", "api-access.pangolin-sdk-toutiao.com")]
    assert [m["path"] for m in sent[0]["evidence"]["matches"]] == ["url > query[aid]"]
    assert sent[0]["evidence"]["recipient"]["entity"] == "ByteDance" and doc["tls_failures"] == []
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert "SSL error on https://api-access" in log and "I/BannerAd: ad page loaded" in log, log[-2000:]


def test_without_unpinning_the_webview_cancels_and_the_host_is_not_decrypted(tmp_path: Path, built: dict[str, Path]) -> None:
    doc = _run_pinapp(tmp_path, "--no-unpin", "--device-config", _user_ca(tmp_path), app="webviewapp")
    assert not [f for f in doc["findings"] if f["rule"] == "transmission-before-consent"]
    assert [t["host"] for t in doc["tls_failures"]] == ["api-access.pangolin-sdk-toutiao.com"]
    log = (Path(doc["run"]["artifacts_dir"]) / "logcat.txt").read_text(encoding="utf-8", errors="replace")
    assert "load cancelled: https://api-access" in log, log[-2000:]
