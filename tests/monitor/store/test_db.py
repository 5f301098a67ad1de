from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.errors import StoreError
from monitor.store.db import Store, default_db_url, normalise_url
from monitor.store.models import App, Device, Run


def make_run(store: Store, uid: str = "abc") -> int:
    with store.session() as s:
        app, dev = App(package="p"), Device(serial="s", kind="sandbox")
        s.add_all([app, dev])
        s.flush()
        run = Run(
            uid=uid,
            started_at=datetime.now(UTC),
            mode="sandbox",
            consent_policy="agree",
            tool_version="t",
            protocol_version=1,
            app_id=app.id,
            device_id=dev.id,
        )
        s.add(run)
        s.flush()
        return run.id


def test_schema_roundtrip(store: Store) -> None:
    run_id = make_run(store)
    with store.session() as s:
        run = s.scalars(select(Run)).one()
        assert run.id == run_id and run.status == "running" and run.app.package == "p"


def test_failed_write_rolls_back_and_raises_store_error(store: Store) -> None:
    make_run(store)
    with pytest.raises(StoreError, match="store write failed"), store.session() as s:
        s.add(
            Run(
                uid="abc",
                started_at=datetime.now(UTC),
                mode="m",
                consent_policy="c",
                tool_version="t",
                protocol_version=1,
                app_id=1,
                device_id=1,
            )
        )
    with store.session() as s:
        assert len(s.scalars(select(Run)).all()) == 1


def test_unusable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(f"sqlite:///{blocker}/sub/db.sqlite")


def test_url_defaults(privmon_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_db_url() == f"sqlite:///{privmon_home / 'privmon.db'}"
    monkeypatch.setenv("PRIVMON_DB", str(tmp_path / "x.db"))
    assert default_db_url() == f"sqlite:///{tmp_path / 'x.db'}"
    assert normalise_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_schema_compiles_for_postgresql() -> None:
    """The farm uses PostgreSQL: every table must have DDL there too (types, JSON, binary, big integers)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from monitor.store.models import Base

    ddl = "\n".join(str(CreateTable(t).compile(dialect=postgresql.dialect())) for t in Base.metadata.sorted_tables)
    assert "CREATE TABLE hook_events" in ddl and "JSON" in ddl and "BYTEA" in ddl and "BIGINT" in ddl
