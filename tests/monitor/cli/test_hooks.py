from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from monitor.cli import app
from monitor.store.db import Store
from monitor.store.models import Run
from tests.monitor.report.test_document import populated

runner = CliRunner()


def test_hooks_list_says_which_overloads_take_the_direct_entry(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store.open(f"sqlite:///{db}")
    populated(store, tmp_path)  # the agent_ready fixture: getDeviceId's 2 overloads both direct
    store.close()
    result = runner.invoke(app, ["--db", str(db), "--quiet", "hooks", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "installed (2, 2 direct)" in result.output and "absent" in result.output
    listed = json.loads(runner.invoke(app, ["--db", str(db), "hooks", "list", "--json"]).output)
    assert [h["direct"] for h in listed] == [2, 0, 0]


def test_hooks_list_of_a_run_recorded_before_direct_entries(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = Store.open(f"sqlite:///{db}")
    populated(store, tmp_path)
    with store.session() as s:
        run = s.scalars(select(Run)).one()
        run.hooks = [{k: v for k, v in h.items() if k != "direct"} for h in run.hooks]
    store.close()
    result = runner.invoke(app, ["--db", str(db), "--quiet", "hooks", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "installed (2)" in result.output and "direct" not in result.output
