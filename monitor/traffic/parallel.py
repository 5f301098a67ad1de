"""Match many requests on every core: the PI search of a large run in worker processes.

Decoding and searching a request is pure Python (about 35 µs for a 1 KiB JSON body), so a run with
100 k flows spends seconds on one core. :class:`MatchJob` hands the requests, in chunks, to a pool of
worker processes that each build their own :class:`~monitor.traffic.match.PiMatcher` from the same PI
values and adapters, and gives the matches back in request order, exactly as
``PiMatcher.match`` would have returned them one by one. The calling process matches too, once it
waits for the result (see :meth:`MatchJob.iter_results`), so a job of N processes starts N - 1
workers (one a core puts three processes on two cores: about 8 % more time and 10 % more CPU
than one worker beside the caller, in ``bench/bench_correlate.py``).

The workers are started with ``spawn`` (a fresh interpreter: forking a process that may run proxy or
Frida threads is unsafe), and the job starts at once, so the caller can do other work (typing the hook
events) while they search. Small runs, one-core machines and processes that may not have children (a
Celery prefork worker is a daemon) are matched in the calling process; so is everything, should the
pool break. The results are the same either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from monitor.events import PiValue
from monitor.traffic.adapters import AdapterSet
from monitor.traffic.match import PiMatcher
from monitor.traffic.model import Match

log = logging.getLogger(__name__)

Request = tuple[str, tuple[tuple[str, str], ...], bytes, str]  # url, headers, body, context
MIN_PARALLEL = 10_000  # fewer requests are matched in the calling process (a worker takes ~0.3 s to start)
CHUNK = 2_000  # requests per task: large enough that pickling is a small share, small enough to balance
MAX_WORKERS = 8


def default_workers() -> int:
    """The cores this process may run on (at most MAX_WORKERS): processes that match, this one included."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class MatchJob:
    """The matches of REQUESTS against VALUES (and ADAPTERS), in worker processes when it pays.

    ``workers``: the processes that match, this one included (None: :func:`default_workers`; 1: this
    one only), so the pool has ``workers - 1``; ``min_parallel``: the smallest number of requests
    worth a pool. VALUES may be a function that gathers them: the workers are started first, so
    that they boot while it runs. Call :meth:`results` (or :meth:`iter_results`) once; it waits for the workers
    and shuts the pool down."""

    def __init__(
        self,
        values: Iterable[PiValue] | Callable[[], Iterable[PiValue]],
        adapters: AdapterSet | None,
        requests: Sequence[Request],
        workers: int | None = None,
        min_parallel: int = MIN_PARALLEL,
    ) -> None:
        self._adapters = adapters
        self._requests = requests
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[list[Match]]]] = []
        self.stolen = 0  # chunks this process matched itself while it waited (see results)
        self._chunk = CHUNK
        workers = default_workers() if workers is None else workers
        pool = None
        if workers > 1 and len(requests) >= max(min_parallel, 1):
            pool = self._spawn(min(workers - 1, -(-len(requests) // self._chunk)))
        self._values = list(values() if callable(values) else values)
        if pool is not None:
            if self._values or adapters:
                self._submit(pool)
            else:
                pool.shutdown(wait=True, cancel_futures=True)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def _spawn(self, workers: int) -> ProcessPoolExecutor | None:
        """A pool whose workers are starting (a task each makes them start now)."""
        pool: ProcessPoolExecutor | None = None
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            for _ in range(workers):
                pool.submit(_warm)
        # AssertionError: a daemon may not have children
        except (OSError, AssertionError, RuntimeError, BrokenProcessPool) as e:
            log.warning("matching flows in this process only: no worker pool (%s)", e)
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            return None
        return pool

    def _submit(self, pool: ProcessPoolExecutor) -> None:
        token = uuid.uuid4().hex  # which matcher a chunk is for: a worker builds it once
        try:
            pickle.dumps(self._adapters)  # adapters a plugin made unpicklable: found here, not in a worker
            self._futures = [
                pool.submit(_match_chunk, token, self._values, self._adapters, list(self._requests[i : i + self._chunk]))
                for i in range(0, len(self._requests), self._chunk)
            ]
        except (OSError, RuntimeError, BrokenProcessPool, pickle.PicklingError, TypeError, AttributeError) as e:
            log.warning("matching flows in this process only: no worker pool (%s)", e)
            self._futures = []
            pool.shutdown(wait=True, cancel_futures=True)
            return
        self._pool = pool

    def results(self) -> list[list[Match]]:
        """The matches of each request, in request order."""
        return list(self.iter_results())

    def iter_results(self) -> Iterator[list[Match]]:
        """The matches of each request, in request order, each chunk as soon as it is done (so the
        caller can work on the first ones while the workers match the rest).

        The caller does not sit idle meanwhile either: while the next chunk in order is not done, it
        takes the last chunk that no worker has started (cancelled in the pool) and matches it itself,
        so the workers take chunks from the front and this process from the back until they meet.
        Should the pool break, the requests not yet given are matched in this process."""
        if self._pool is None:
            yield from _serial(self._values, self._adapters, self._requests)
            return
        futures, size = self._futures, self._chunk
        mine: dict[int, list[list[Match]]] = {}  # chunks matched here, by index
        matcher: PiMatcher | None = None
        lo, hi = 0, len(futures)
        try:
            while lo < len(futures):
                if lo < hi and not futures[lo].done() and futures[hi - 1].cancel():
                    if matcher is None:
                        matcher = PiMatcher(self._values, self._adapters)
                    hi -= 1
                    mine[hi] = [matcher.match(*request) for request in self._requests[hi * size : (hi + 1) * size]]
                    self.stolen += 1
                    continue
                # done, or every chunk left is with a worker (the pool hands them out in order)
                try:
                    chunk = mine.pop(lo) if lo >= hi else futures[lo].result()
                except (BrokenProcessPool, OSError) as e:
                    log.warning("the flow-matching workers failed (%s); matching in this process", e)
                    for future in futures:
                        future.cancel()
                    yield from _serial(self._values, self._adapters, self._requests[lo * size :])
                    return
                lo += 1
                yield from chunk
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Stop the workers if :meth:`results` was never called (nothing needed the flows)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _serial(values: Sequence[PiValue], adapters: AdapterSet | None, requests: Sequence[Request]) -> list[list[Match]]:
    matcher = PiMatcher(values, adapters)
    return [matcher.match(url, headers, body, context) for url, headers, body, context in requests]


_matcher: tuple[str, PiMatcher] | None = None  # a worker's own, built for the first chunk of a job


def _warm() -> None:
    """Nothing: a worker that runs it has started (and imported this module)."""


def _match_chunk(token: str, values: list[PiValue], adapters: AdapterSet | None, requests: list[Request]) -> list[list[Match]]:
    global _matcher
    if _matcher is None or _matcher[0] != token:
        _matcher = (token, PiMatcher(values, adapters))
    matcher = _matcher[1]
    return [matcher.match(url, headers, body, context) for url, headers, body, context in requests]
