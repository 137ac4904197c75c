"""`learnloop bench equity-audit`: the distribution audit's computation at 10,000 to 1,000,000 people.

Generated in memory (never in the project's database): a team tree about five levels deep with
skewed team sizes, learning records per person drawn from a skewed distribution. Timed: the
joint release of the team tree through the anonymity guard (every team's subtree at once), and
the report assembly (Gini, Theil split, ratios) by a level of the tree. Baseline: the plainest
per-group mean of the same numbers, with no guard and no inequality indices.

Then the whole release every audit request needs (`equity.release.release_for`): the tree and an
attribute crossed with every period (two years, their quarters), kind (three) and minimum count,
through `ProfileGuard`, and the record totals' check; on smaller organizations (`--release-people`).
"""

from __future__ import annotations

import datetime
import random
from argparse import ArgumentParser, ArgumentTypeError
from collections import Counter, defaultdict
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.anonymity import minimum_group_size
from learnloop.core.benchmarks import Benchmark, milliseconds, register, time_calls
from learnloop.equity.distribution import assemble_report
from learnloop.equity.release import EquityData, decide, release_for, release_team_tree


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ArgumentTypeError(f"{text!r}: give sizes as numbers separated by commas, e.g. 10000,100000") from None
    if not sizes or min(sizes) < 1:
        raise ArgumentTypeError(f"{text!r}: every size must be at least 1")
    return sizes


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--people", type=_sizes, default=[10_000, 100_000, 1_000_000], help="people per run")
    parser.add_argument("--teams", type=int, default=2_000, help="teams in the tree (default 2000)")
    parser.add_argument("--level", type=int, default=2, help="the team level audited (default 2)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--release-people", type=_sizes, default=[1_000, 10_000], help="people per run of the whole release"
    )


def team_paths(teams: int, rng: random.Random) -> list[str]:
    """A company-like tree: parents come before children, about five levels deep."""
    paths = ["/1/"]
    for pk in range(2, teams + 1):
        parent = rng.randint(max(1, pk // 8), pk - 1)
        paths.append(f"{paths[parent - 1]}{pk}/")
    return paths


def people(count: int, paths: list[str], rng: random.Random) -> list[tuple[str, int]]:
    """(team path, learning records) per person; a quarter of the teams are small."""
    weights = [rng.uniform(0.1, 0.5) if rng.random() < 0.25 else rng.lognormvariate(0, 1.0) for _ in paths]
    chosen = rng.choices(paths, weights=weights, k=count)
    return [(path, min(40, int(rng.expovariate(0.4)))) for path in chosen]


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    rng = random.Random(options["seed"])
    paths = team_paths(options["teams"], rng)
    level = options["level"]
    command.stdout.write(
        f"equity-audit: {options['teams']} teams, audit by team level {level}, {options['repeat']} timed runs each"
    )
    for count in options["people"]:
        command.stdout.write(measure(people(count, paths, rng), level=level, repeat=options["repeat"]))
    command.stdout.write("whole release (the tree and one attribute, by 11 periods, 4 kinds and every minimum count):")
    for count in options["release_people"]:
        command.stdout.write(measure_release(records_data(count, paths, rng), repeat=max(1, options["repeat"] // 2)))


def measure(staff: list[tuple[str, int]], *, level: int, repeat: int) -> str:
    atoms = Counter(path for path, _ in staff)
    amounts: dict[str, list[int]] = defaultdict(list)
    for path, records in staff:
        ids = path.strip("/").split("/")
        amounts[ids[level] if len(ids) > level else "above"].append(records)
    released = release_team_tree(atoms)
    hidden = {key: "hidden" for key in amounts if key == "above" or not released[("team", int(key))]}
    visible = set(amounts) - set(hidden)

    def report(_: object) -> object:
        by = f"team-level:{level}"
        return assemble_report(by=by, min_count=1, start=None, end=None, amounts=amounts, hidden=hidden)

    guard = time_calls(lambda _: release_team_tree(atoms), range(repeat))
    figures = time_calls(report, range(repeat))
    baseline = time_calls(lambda _: {key: sum(values) / len(values) for key, values in amounts.items()}, range(repeat))
    return (
        f"  {len(staff):>9,} people, {len(amounts)} groups ({len(amounts) - len(visible)} hidden): "
        f"guard median {milliseconds(guard.median)} (p95 {milliseconds(guard.p95)}); "
        f"figures median {milliseconds(figures.median)} (p95 {milliseconds(figures.p95)}); "
        f"plain group means {milliseconds(baseline.median)}; "
        f"guard + figures = {(figures.median + guard.median) / baseline.median:.0f}x the plain means"
    )


KINDS = ("course", "conference", "mentoring")
DAYS = [datetime.date(2024, 1, 1) + datetime.timedelta(days=day) for day in range(0, 730, 7)]


def records_data(count: int, paths: list[str], rng: random.Random) -> EquityData:
    """People on the tree with a skewed attribute and dated records of three kinds over two years."""
    data = EquityData(paths={}, attributes={"Band": {}})
    for person, (path, records) in enumerate(people(count, paths, rng)):
        data.paths[person] = path
        data.attributes["Band"][person] = rng.choices("ABCDEF", weights=[40, 25, 15, 10, 6, 4])[0]
        data.records[person] = [(rng.choice(DAYS), rng.choice(KINDS)) for _ in range(min(records, 12))]
    return data


def measure_release(data: EquityData, *, repeat: int) -> str:
    """The decision itself (what the first request after a change waits for), then a request's own
    share when the decision is cached: loading aside, the fingerprint of the data."""
    minimum = minimum_group_size()
    decided = time_calls(lambda _: decide(data, minimum=minimum), range(repeat))
    release = release_for(data)
    cached = time_calls(lambda _: release_for(data), range(repeat))
    refused = len(release.profile.refused)
    hidden = sum(len(groups - release.small[key]) for key, groups in release.profile.hidden.items())
    return (
        f"  {len(data.paths):>9,} people: decided in {milliseconds(decided.median)} "
        f"(p95 {milliseconds(decided.p95)}), then {milliseconds(cached.median)} per request; "
        f"{refused} filter combinations refused, {hidden} more groups hidden than on head counts alone"
    )


register(
    Benchmark(
        name="equity-audit",
        help="the distribution audit's guard and figures at 10,000 to 1,000,000 generated people",
        add_arguments=add_arguments,
        run=run,
    )
)
