"""Text for the search benchmark: sentences, titles and keywords from the real public postmortems when
../shared/data is there (the write-ups themselves are mixed in whole), else a built-in vocabulary."""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from learnloop.loops.postmortems import read_path

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CATEGORIES = ["Config change", "Cloud", "Automation", "Security", "Cascading failure", "Hardware", "Time"]
KINDS = ["review"] * 4 + ["lesson"] * 4 + ["retro"] + ["playbook"] + ["decision"]
TEAMS = 200
START = datetime.date(2020, 1, 1)

_NOUNS = [
    "database",
    "replica",
    "cache",
    "queue",
    "broker",
    "certificate",
    "deploy",
    "pipeline",
    "gateway",
    "load",
    "balancer",
    "dns",
    "resolver",
    "disk",
    "memory",
    "cluster",
    "node",
    "scheduler",
    "token",
    "secret",
    "config",
    "flag",
    "migration",
    "index",
    "backup",
    "region",
    "zone",
    "network",
    "switch",
    "router",
    "firewall",
    "api",
    "client",
    "worker",
    "cron",
    "job",
    "lock",
    "leader",
    "election",
    "timeout",
    "retry",
    "budget",
    "alert",
    "pager",
    "runbook",
    "dashboard",
    "metric",
    "log",
    "trace",
    "quota",
    "rate",
    "limiter",
    "storage",
    "bucket",
    "volume",
    "container",
    "image",
    "registry",
    "kernel",
    "clock",
]
_VERBS = [
    "failed",
    "stalled",
    "overloaded",
    "expired",
    "drifted",
    "leaked",
    "crashed",
    "restarted",
    "flapped",
    "timed",
    "out",
    "saturated",
    "rolled",
    "back",
]
_CAUSES = (
    "after a config change",
    "during the deploy",
    "when the primary failed over",
    "because the retry storm grew",
    "while the certificate rotation ran",
    "under peak traffic",
    "after the leap second",
    "as the disk filled up",
)


@dataclass
class Corpus:
    sentences: list[str]
    titles: list[str]
    keywords: list[str]
    summaries: list[str]
    real: list[dict[str, object]] = field(default_factory=list)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if 30 <= len(s.strip()) <= 400]


def load(data: Path | None) -> Corpus:
    folder = (data or DEFAULT_DATA) / "postmortems"
    incidents = read_path(folder)[0] if folder.is_dir() else []
    if not incidents:
        return _builtin()
    corpus = Corpus(sentences=[], titles=[], keywords=[], summaries=[])
    for number, incident in enumerate(incidents):
        corpus.sentences.extend(_sentences(f"{incident.summary} {incident.body}"))
        corpus.titles.append(incident.title)
        corpus.keywords.extend(incident.keywords)
        if incident.summary:
            corpus.summaries.append(incident.summary)
        corpus.real.append(
            {
                "title": incident.title,
                "body": f"{incident.summary}\n\n{incident.body}",
                "tags": [*incident.keywords, *(c.replace("-", " ").capitalize() for c in incident.categories)],
                "categories": [c.replace("-", " ").capitalize() for c in incident.categories],
                "external_id": incident.external_id,
                "team": 1000 + number % 100,
            }
        )
    corpus.keywords = sorted(set(corpus.keywords))
    return corpus


def _builtin() -> Corpus:
    rng = random.Random(7)
    sentences = [
        f"The {rng.choice(_NOUNS)} {rng.choice(_VERBS)} {rng.choice(_CAUSES)} and the {rng.choice(_NOUNS)} "
        f"{rng.choice(_VERBS)} for {rng.randint(2, 90)} minutes."
        for _ in range(3000)
    ]
    titles = [f"{rng.choice(_NOUNS).capitalize()} {rng.choice(_VERBS)} {rng.choice(_CAUSES)}" for _ in range(500)]
    return Corpus(sentences=sentences, titles=titles, keywords=list(_NOUNS), summaries=sentences[:300])


def documents(corpus: Corpus, size: int, seed: int) -> Iterator[tuple[object, ...]]:
    """`size` rows for the index table (the real write-ups first, then composed ones), deterministic per seed."""
    rng = random.Random(seed)
    for number in range(size):
        kind = rng.choice(KINDS)
        if number < len(corpus.real):
            real = corpus.real[number]
            title, body = str(real["title"]), str(real["body"])
            tags, categories = list(real["tags"]), list(real["categories"])  # type: ignore[call-overload]
            external_id: str | None = str(real["external_id"])
            team, kind = int(real["team"]), "review"  # type: ignore[call-overload]
        else:
            title = " ".join(rng.choice(corpus.titles).split()[: rng.randint(4, 9)])
            body = " ".join(rng.sample(corpus.sentences, rng.randint(3, 9)))
            categories = rng.sample(CATEGORIES, rng.randint(0, 2)) if kind == "review" else []
            tags = [*rng.sample(corpus.keywords, min(len(corpus.keywords), rng.randint(1, 4))), *categories]
            external_id, team = None, rng.randint(1, TEAMS)
        yield (
            kind,
            number + 1,
            external_id,
            title[:300],
            body,
            f"|{'|'.join(sorted({t.lower() for t in tags}))}|" if tags else "",
            f"|{'|'.join(sorted({c.lower() for c in categories}))}|" if categories else "",
            team,
            "team" if rng.random() < 0.3 else "organization",
            None,
            rng.random() < 0.03,
            START + datetime.timedelta(days=rng.randint(0, 2000)),
            f"/{kind}s/{number + 1}/",
        )
