"""The benchmark's measuring tools, shared by every area's `measure(bench)`.

`bench.page(...)` times GET requests through Django's test client (the whole middleware stack, so the figure is
the server's time for the page, without the network); `bench.posted(...)` times a form's POST the same way,
committed, undoing what it did after each run; `bench.timed(...)` times any callable. Each records the median of
several runs and the number of SQL queries of one run. `bench.record(...)` keeps any other figures.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def settle(*models) -> None:
    """The statistics and visibility map a running service would have after a large write, made as autovacuum
    makes them on its own (this project's benchmark server runs without it: every measure after a load would read
    tables PostgreSQL knows nothing of). The models' tables, or the whole database; VACUUM cannot run inside a
    transaction (the benchmark's own tests run in one): ANALYZE alone then."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        if not models:
            cursor.execute(command)
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


@dataclass
class Figure:
    label: str
    figures: dict = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        target = self.figures.get("target_ms")
        if target is None or "median_ms" not in self.figures:
            return None
        return self.figures["median_ms"] <= target


class Bench:
    def __init__(self, council, users: dict):
        self.council = council  # the largest council (Birmingham, 4,180 families)
        self.users = users  # 'officer', 'approver' (of that council), 'central', 'admin'
        self.results: list[Figure] = []
        self.repeat = 15  # timed requests per page (the tests of the benchmark itself take one)

    def _client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def page(self, label: str, path: str, user, repeat: int | None = None, target_ms: float | None = None) -> Figure:
        repeat = repeat or self.repeat
        client = self._client(user)
        response = client.get(path)  # warm: templates, the session
        if response.status_code != 200:
            raise AssertionError(f"{label}: GET {path} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        query_count = len(queries)  # now: the next request clears the connection's query log
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
        return self.record(
            label,
            median_ms=round(statistics.median(times), 1),
            queries=query_count,
            target_ms=target_ms,
            path=path,
        )

    def timed(self, label: str, fn: Callable[[], object], repeat: int = 5, target_ms: float | None = None) -> Figure:
        with CaptureQueriesContext(connection) as queries:
            fn()
        query_count = len(queries)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        return self.record(
            label, median_ms=round(statistics.median(times), 1), queries=query_count, target_ms=target_ms
        )

    def posted(
        self,
        label: str,
        path: str,
        data: dict,
        user,
        after: Callable[[], object],
        repeat: int | None = None,
        target_ms: float | None = None,
    ) -> Figure:
        """Times a form's POST as its user sends it (committed: no transaction around it), then `after` undoes
        what it did, untimed, so every repetition does the same work."""
        repeat = repeat or min(self.repeat, 5)
        client = self._client(user)
        times, query_count = [], 0
        for run in range(repeat + 1):  # the first warms the templates and counts the queries
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.post(path, data)
                elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 302:
                raise AssertionError(f"{label}: POST {path} answered {response.status_code}, not a redirect")
            if run:
                times.append(elapsed)
            else:
                query_count = len(queries)
            after()
        return self.record(
            label, median_ms=round(statistics.median(times), 1), queries=query_count, target_ms=target_ms, path=path
        )

    def record(self, label: str, **figures) -> Figure:
        figure = Figure(label, {name: value for name, value in figures.items() if value is not None})
        self.results.append(figure)
        print(f"  {label}: {self._describe(figure)}", flush=True)
        return figure

    @staticmethod
    def _describe(figure: Figure) -> str:
        parts = []
        for name, value in figure.figures.items():
            if name == "path":
                continue
            parts.append(
                f"{name}={value:,}" if isinstance(value, int) and not isinstance(value, bool) else f"{name}={value}"
            )
        if figure.met is not None:
            parts.append("target met" if figure.met else "TARGET MISSED")
        return ", ".join(parts)

    def table(self) -> str:
        width = max((len(figure.label) for figure in self.results), default=10)
        lines = [f"{'measure':<{width}}  figures", f"{'-' * width}  {'-' * 40}"]
        lines += [f"{figure.label:<{width}}  {self._describe(figure)}" for figure in self.results]
        return "\n".join(lines)

    def as_json(self) -> list[dict]:
        return [{"label": figure.label, **figure.figures, "target_met": figure.met} for figure in self.results]
