from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from monitor.cli import app
from monitor.store.db import Store
from tests.monitor.report.test_document import IMEI, populated

runner = CliRunner()


def test_runs_and_report_commands(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    store = Store.open(f"sqlite:///{db}")
    populated(store, tmp_path)
    store.close()
    result = runner.invoke(app, ["--db", str(db), "runs", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)[0]["findings"] == 2
    result = runner.invoke(app, ["--db", str(db), "report", "latest", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["redacted"] is True
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--db", str(db), "report", "latest", "--format", "html", "--output", str(out), "--show-values"])
    assert result.exit_code == 0 and IMEI in out.read_text(encoding="utf-8")


def test_unknown_run_and_unwritable_output(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    result = runner.invoke(app, ["--db", db, "report", "nope"])
    assert result.exit_code == 2 and "no run 'nope'" in result.output
    result = runner.invoke(app, ["--db", db, "runs"])
    assert result.exit_code == 0 and "no runs yet" in result.output
