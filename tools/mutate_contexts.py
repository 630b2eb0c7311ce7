"""A pytest plugin for tools/mutate.py: each test's lines are recorded under its node id.

Loaded with `-p mutate_contexts` inside `coverage run`. The node id is also put in the
environment (MUTATE_TEST_ID), which the coverage configuration uses as the static context
of every `python -m huishang` a test starts, so lines run only in a subprocess count too.
Each test's outcome and duration are written to MUTATE_TIMINGS (JSON lines): the mutation
runner leaves out tests that fail without a mutant and runs the fastest first.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import coverage
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    cov = coverage.Coverage.current()
    os.environ["MUTATE_TEST_ID"] = item.nodeid
    if cov is not None:
        cov.switch_context(item.nodeid)
    yield
    if cov is not None:
        cov.switch_context("")
    os.environ.pop("MUTATE_TEST_ID", None)


_seconds: dict[str, float] = {}
_failed: set[str] = set()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _seconds[report.nodeid] = _seconds.get(report.nodeid, 0.0) + report.duration
    if report.failed:
        _failed.add(report.nodeid)


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("MUTATE_TIMINGS")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as out:
        for nodeid, seconds in _seconds.items():
            out.write(json.dumps({"test": nodeid, "seconds": seconds,
                                  "failed": nodeid in _failed}) + "\n")
