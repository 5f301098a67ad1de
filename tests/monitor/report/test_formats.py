from __future__ import annotations

import json
import re
from pathlib import Path

from monitor.report.document import build
from monitor.report.formats import ReportFormat, fmt_rel
from monitor.store.db import Store
from tests.monitor.report.test_document import IMEI, populated


def test_all_formats_render_and_redact(store: Store, tmp_path: Path) -> None:
    doc = build(store, populated(store, tmp_path))
    text = ReportFormat.TEXT.to_formatter().format(doc)
    assert "collection-before-consent" in text and "191号" in text and "masked" in text and IMEI not in text
    data = json.loads(ReportFormat.JSON.to_formatter().format(doc))
    assert data["exit_code"] == 1 and len(data["findings"]) == 2
    page = ReportFormat.HTML.to_formatter().format(doc)
    assert page.startswith("<!doctype html>") and "consent granted" in page and IMEI not in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page), "the HTML report must be self-contained"


def test_html_escapes_app_controlled_text(store: Store, tmp_path: Path) -> None:
    doc = build(store, populated(store, tmp_path))
    doc.app["package"] = "<script>alert(1)</script>"
    assert "<script>" not in ReportFormat.HTML.to_formatter().format(doc)


def test_relative_time() -> None:
    assert fmt_rel(-1234) == "-1.234 s" and fmt_rel(5) == "+0.005 s" and fmt_rel(None) == "no consent decision"
