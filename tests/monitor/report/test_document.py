from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from monitor.analysis.rules import RuleConfig
from monitor.capture.records import FlowRecord
from monitor.config import Config
from monitor.correlation import RuleInputs, correlate_run
from monitor.errors import ConfigError
from monitor.report.document import as_dict, build, mask, resolve_run
from monitor.store.db import Store
from monitor.store.models import ConsentChange
from monitor.store.writer import RunWriter
from tests.conftest import agent_message
from tests.monitor.store.test_db import make_run

IMEI = "356938035643809"


def populated(store: Store, tmp_path: Path) -> int:
    run_id = make_run(store)
    writer = RunWriter(store, run_id, tmp_path / "art").start()
    writer.on_frida_message({"type": "send", "payload": agent_message("agent_ready")}, None)
    writer.on_frida_message({"type": "send", "payload": agent_message("events_batch")}, None)
    body = json.dumps({"imei_md5": hashlib.md5(IMEI.encode()).hexdigest(), "raw": IMEI}).encode()
    writer.on_flow(
        FlowRecord(
            1795397641500,
            "POST",
            f"https://alog.umeng.com/app_logs?d={IMEI}",
            "https",
            "alog.umeng.com",
            443,
            "/app_logs",
            "HTTP/1.1",
            (),
            body,
            False,
            200,
            True,
        )
    )
    writer.close()
    with store.session() as s:
        s.add(ConsentChange(run_id=run_id, ts_ms=1795397642680, state="granted", source="ui-click", event_id=3))
    correlate_run(store, run_id, RuleInputs(None, Config(RuleConfig())))
    return run_id


def test_document_redacts_by_default(store: Store, tmp_path: Path) -> None:
    doc = build(store, populated(store, tmp_path))
    text = json.dumps(as_dict(doc), ensure_ascii=False)
    assert IMEI not in text and mask(IMEI) in text
    assert [f["rule"] for f in doc.findings] == ["collection-before-consent", "transmission-before-consent"]
    tx = doc.findings[1]
    assert tx["evidence"]["encodings"] == ["json > md5(value)", "json > raw", "query > raw"] and tx["actor"]["kind"] == "sdk"
    assert doc.exit_code == 1 and as_dict(doc)["schema"] == "privmon.report/1"
    kinds = [t.kind for t in doc.timeline]
    assert kinds.index("consent") > kinds.index("flow") and any(t.flagged for t in doc.timeline)
    assert doc.hooks == {"installed": 1, "failed": [doc.hooks["failed"][0]], "total": 2, "absent_optional": 1}


def test_show_values(store: Store, tmp_path: Path) -> None:
    doc = build(store, populated(store, tmp_path), show_values=True)
    assert IMEI in json.dumps(as_dict(doc)) and not doc.redacted


def test_mask() -> None:
    assert mask(IMEI).startswith("356*********809 [sha256:")
    assert mask("abc").startswith("****")


def test_resolve_run(store: Store, tmp_path: Path) -> None:
    run_id = populated(store, tmp_path)
    assert resolve_run(store, "latest") == run_id == resolve_run(store, "ab") == resolve_run(store, str(run_id))
    with pytest.raises(ConfigError, match="no run 'zz'"):
        resolve_run(store, "zz")
