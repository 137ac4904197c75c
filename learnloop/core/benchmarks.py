"""The `learnloop bench NAME` registry: each app offers its benchmarks in `<app>/bench.py`.

A benchmark reports medians and p95 of repeated runs and, where it has one, the ratio to a
baseline measured in the same process on the same data; never a single absolute time.
"""

from __future__ import annotations

import statistics
import time
from argparse import ArgumentParser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Benchmark:
    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    run: Callable[[BaseCommand, dict[str, Any]], None]


_benchmarks: dict[str, Benchmark] = {}


def register(benchmark: Benchmark) -> Benchmark:
    _benchmarks[benchmark.name] = benchmark
    return benchmark


def benchmarks() -> dict[str, Benchmark]:
    autodiscover_modules("bench")
    return dict(sorted(_benchmarks.items()))


@dataclass(frozen=True)
class Timing:
    """Seconds per call over repeated runs."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def ratio(self, baseline: Timing) -> float:
        """This median over the baseline's median."""
        return self.median / baseline.median if baseline.median else float("inf")


def time_calls(call: Callable[[Any], object], arguments: Iterable[Any], *, warmup: int = 1) -> Timing:
    """Time `call(argument)` once per argument, after `warmup` untimed calls with the first."""
    arguments = list(arguments)
    for _ in range(warmup):
        if arguments:
            call(arguments[0])
    samples = []
    for argument in arguments:
        started = time.perf_counter()
        call(argument)
        samples.append(time.perf_counter() - started)
    return Timing(tuple(samples))


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
