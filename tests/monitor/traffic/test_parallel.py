"""Flow matching in worker processes gives exactly the matches of matching in this process."""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json

import pytest

from monitor.events import PiValue, ValueType
from monitor.traffic import parallel
from monitor.traffic.adapters import default_adapters
from monitor.traffic.parallel import MatchJob, Request

VALUES = [
    PiValue(ValueType.IMEI, "356938035643809"),
    PiValue(ValueType.ANDROID_ID, "9774d56d682e549c"),
    PiValue(ValueType.GEO, "39.904200,116.407400"),
]
IMEI, AID = VALUES[0].value, VALUES[1].value


def requests(n: int) -> list[Request]:
    """N requests of several shapes: raw and hashed values, gzip to an adapter endpoint, nothing."""
    out: list[Request] = []
    for i in range(n):
        shape = i % 5
        if shape == 0:
            out.append((f"https://api.example.com/c?i={i}&imei={IMEI}", (("User-Agent", "okhttp"),), b"", "body"))
        elif shape == 1:
            body = json.dumps({"d": hashlib.md5(AID.encode()).hexdigest(), "n": i}).encode()
            out.append(("https://t.adtrack.cn/e", (), body, "body"))
        elif shape == 2:
            body = gzip.compress(json.dumps({"header": {"imei": IMEI}, "n": i}).encode())
            out.append(("https://ulogs.umeng.com/unify_logs", (("Content-Encoding", "gzip"),), body, "body"))
        elif shape == 3:
            out.append(("https://h.example/f", (), b"p=" + base64.b64encode(json.dumps({"lat": "39.9042"}).encode()), "body"))
        else:
            out.append(("https://h.example/none", (), json.dumps({"n": i}).encode(), "ws"))
    return out


def test_workers_give_the_matches_of_one_process() -> None:
    reqs = requests(60)
    serial = MatchJob(VALUES, default_adapters(), reqs, workers=1)
    assert not serial.parallel
    expected = serial.results()
    assert sum(map(len, expected)) >= 36  # the test means something: most requests match

    monkey = pytest.MonkeyPatch()
    monkey.setattr(parallel, "CHUNK", 7)  # several chunks per worker, the last one short
    try:
        job = MatchJob(VALUES, default_adapters(), reqs, workers=2, min_parallel=1)
        assert job.parallel
        assert job.results() == expected
        # the workers were still starting: this process matched the chunks they had not taken, from
        # the back, and the whole still comes in request order
        assert job.stolen >= 1
    finally:
        monkey.undo()


def test_the_calling_process_is_one_of_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """WORKERS counts this process, which matches while it waits: the pool has one process fewer."""
    spawned: list[int] = []
    spawn = MatchJob._spawn

    def recording(self: MatchJob, workers: int) -> object:
        spawned.append(workers)
        return spawn(self, workers)

    monkeypatch.setattr(MatchJob, "_spawn", recording)
    monkeypatch.setattr(parallel, "CHUNK", 5)
    reqs = requests(30)
    for workers in (3, 2):
        job = MatchJob(VALUES, default_adapters(), reqs, workers=workers, min_parallel=1)
        assert job.parallel
        assert job.results() == MatchJob(VALUES, default_adapters(), reqs, workers=1).results()
    assert spawned == [2, 1]


def test_small_jobs_stay_in_this_process() -> None:
    job = MatchJob(VALUES, default_adapters(), requests(10), workers=4)  # below MIN_PARALLEL
    assert not job.parallel
    assert len(job.results()) == 10


def test_no_pool_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that may not have children (a Celery prefork worker) matches on its own."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refuse)
    reqs = requests(20)
    job = MatchJob(VALUES, default_adapters(), reqs, workers=2, min_parallel=1)
    assert not job.parallel
    assert job.results() == MatchJob(VALUES, default_adapters(), reqs, workers=1).results()


def test_close_stops_unused_workers() -> None:
    job = MatchJob(VALUES, default_adapters(), requests(20), workers=2, min_parallel=1)
    assert job.parallel
    job.close()
    assert not job.parallel


def test_unpicklable_adapters_are_matched_in_this_process() -> None:
    """Adapters a plugin made unpicklable cannot go to a worker: the job matches here instead."""
    adapters = copy.copy(default_adapters())  # the built-in set is shared: not changed for other tests
    adapters.hook = lambda: None  # type: ignore[attr-defined]  # a lambda does not pickle
    reqs = requests(20)
    job = MatchJob(VALUES, adapters, reqs, workers=2, min_parallel=1)
    assert not job.parallel
    assert job.results() == MatchJob(VALUES, default_adapters(), reqs, workers=1).results()


def test_values_gathered_while_the_workers_start() -> None:
    gathered: list[int] = []

    def values() -> list[PiValue]:
        gathered.append(1)
        return VALUES

    reqs = requests(30)
    job = MatchJob(values, default_adapters(), reqs, workers=2, min_parallel=1)
    assert job.parallel and gathered == [1]
    assert job.results() == MatchJob(VALUES, default_adapters(), reqs, workers=1).results()
