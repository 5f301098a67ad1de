"""The store on PostgreSQL (the farm's database): opt-in, with PRIVMON_TEST_PG set to a SQLAlchemy URL
of an empty database (e.g. ``postgresql+pg8000://user@127.0.0.1:5432/privmon``, with a driver installed);
skipped otherwise. SQLite runs everything else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.correlation import load_observations
from monitor.store.db import Store
from monitor.store.models import CallSite
from monitor.store.writer import RunWriter
from tests.conftest import agent_message
from tests.monitor.store.test_db import make_run

URL = os.environ.get("PRIVMON_TEST_PG", "")
pytestmark = [pytest.mark.postgresql, pytest.mark.skipif(not URL, reason="PRIVMON_TEST_PG is not set")]


def test_two_runs_written_and_read_back_with_shared_call_sites(tmp_path: Path) -> None:
    store = Store.open(URL)
    runs = [make_run(store, f"pg-{os.getpid()}-{n}") for n in range(2)]
    batch = agent_message("events_batch")
    ids: list[int] = []
    for run_id in runs:
        writer = RunWriter(store, run_id, tmp_path / str(run_id)).start()
        writer.add_listener(lambda pairs: ids.extend(i for i, _ in pairs))
        for n in range(3):
            events = [dict(e, seq=n * 10 + j) for j, e in enumerate(batch["events"])]
            writer.on_frida_message({"type": "send", "payload": dict(batch, events=events)}, None)
        writer.close()
    events, _, _, seq_of = load_observations(store, runs[1])
    assert sorted(seq_of) == sorted(ids[len(ids) // 2 :])  # the ids RETURNING gave are the rows'
    written = {
        j: (e["api"] if e["kind"] == "hook:call" else "android.view.View.performClick", tuple(e["stack"]))
        for j, e in enumerate(batch["events"])
    }
    assert {seq_of[e.id] % 10: (e.api, e.stack) for e in events} == written
    with store.session() as s:
        sites = s.scalars(select(CallSite.id).where(CallSite.api.in_([api for api, _ in written.values()]))).all()
        assert len(sites) == len(set(written.values()))  # one row a site, whichever run wrote it first
        assert s.scalar(select(func.count()).select_from(CallSite)) >= len(sites)
