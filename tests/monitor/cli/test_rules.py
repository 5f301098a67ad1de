from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from monitor.cli import app
from monitor.store.db import Store
from tests.monitor.report.test_document import populated

runner = CliRunner()


def _db(tmp_path: Path) -> str:
    db = tmp_path / "r.db"
    store = Store.open(f"sqlite:///{db}")
    populated(store, tmp_path)
    store.close()
    return str(db)


def test_rules_list_and_show() -> None:
    result = runner.invoke(app, ["rules", "list", "--json"])
    assert result.exit_code == 0
    rules = {r["id"]: r for r in json.loads(result.output)}
    assert len(rules) == 25 and rules["excessive-frequency"]["params"]["max_calls"]["value"] == 3
    assert any("191" in c["source"] for c in rules["collection-before-consent"]["clauses"])
    result = runner.invoke(app, ["rules", "show", "permission-rerequest-within-48h"])
    assert result.exit_code == 0 and "threshold hours = 48" in result.output and "164号" in result.output
    result = runner.invoke(app, ["rules", "show", "nope-nope"])
    assert result.exit_code == 2 and "no rule 'nope-nope'" in result.output


def test_correlate_reproduces_and_applies_a_changed_manifest(tmp_path: Path) -> None:
    db = _db(tmp_path)
    stored = json.loads(runner.invoke(app, ["--db", db, "report", "latest", "--format", "json"]).output)["findings"]
    result = runner.invoke(app, ["--db", db, "correlate", "latest", "--json"])
    assert result.exit_code == 0, result.output
    again = json.loads(result.output)
    assert (again["added"], again["removed"]) == (0, 0)
    assert sorted(f["rule"] for f in again["findings"]) == sorted(f["rule"] for f in stored)

    scope = tmp_path / "scope.toml"
    scope.write_text('[collect.android-id]\npurpose = "login"\n', encoding="utf-8")
    result = runner.invoke(app, ["--db", db, "correlate", "latest", "--scope", str(scope), "--json"])
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["scope"] == "scope.toml"
    new_rules = {f["rule"] for f in data["findings"]}
    assert {"beyond-declared-scope", "undeclared-recipient"} <= new_rules
    # the manifest is now stored with the run: a plain re-correlation keeps applying it
    plain = json.loads(runner.invoke(app, ["--db", db, "correlate", "latest", "--json"]).output)
    assert (plain["scope"], plain["added"], plain["removed"]) == ("scope.toml", 0, 0)
    report = json.loads(runner.invoke(app, ["--db", db, "report", "latest", "--format", "json"]).output)
    assert {f["rule"] for f in report["findings"]} == new_rules
    dropped = json.loads(runner.invoke(app, ["--db", db, "correlate", "latest", "--no-scope", "--dry-run", "--json"]).output)
    assert dropped["saved"] is False and "beyond-declared-scope" not in {f["rule"] for f in dropped["findings"]}


def test_correlate_with_thresholds_and_bad_inputs(tmp_path: Path) -> None:
    db = _db(tmp_path)
    config = tmp_path / "privmon.toml"
    config.write_text("[rules]\ndisable = ['collection-before-consent', 'transmission-before-consent']\n")
    data = json.loads(runner.invoke(app, ["--db", db, "correlate", "latest", "--config", str(config), "--json"]).output)
    assert data["findings"] == [] and data["removed"] == 2
    config.write_text("[rules.excessive-frequency]\nmax_calls = 'x'\n")
    result = runner.invoke(app, ["--db", db, "correlate", "latest", "--config", str(config)])
    assert result.exit_code == 2 and "rules.excessive-frequency.max_calls: expected a number" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[collect.imie]\npurpose = 'x'\n")
    result = runner.invoke(app, ["--db", db, "correlate", "latest", "--scope", str(bad)])
    assert result.exit_code == 2 and "bad.toml: collect.imie: unknown data type" in result.output
    other = tmp_path / "other.toml"
    other.write_text("app = 'com.other.app'\n")
    result = runner.invoke(app, ["--db", db, "correlate", "latest", "--scope", str(other)])
    assert result.exit_code == 2 and "describes com.other.app" in result.output
    # nothing above changed the stored findings
    report = json.loads(runner.invoke(app, ["--db", db, "report", "latest", "--format", "json"]).output)
    assert report["findings"] == []


def test_scope_init_drafts_a_valid_manifest_and_check(tmp_path: Path) -> None:
    db = _db(tmp_path)
    out = tmp_path / "draft.toml"
    result = runner.invoke(app, ["--db", db, "scope", "init", "latest", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "[collect.imei]" in text and "TODO" in text
    result = runner.invoke(app, ["scope", "check", str(out)])
    assert result.exit_code == 0 and "ok:" in result.output
    result = runner.invoke(app, ["--db", db, "scope", "init", "latest", "-o", str(out)])
    assert result.exit_code == 2 and "exists" in result.output
    # the draft, applied as it is, leaves no scope finding: it states what the run did
    data = json.loads(runner.invoke(app, ["--db", db, "correlate", "latest", "--scope", str(out), "--json"]).output)
    scope_rules = {"beyond-declared-scope", "undeclared-sdk", "sdk-data-beyond-declared", "undeclared-recipient"}
    assert not scope_rules & {f["rule"] for f in data["findings"]}
