"""The demo's knowledge: Northwind playbooks with months of revisions, decision notes, and reuse across teams.

Runs after the loop's demo steps (INSTALLED_APPS order), so one playbook revision can write down a
change recorded on a Platform action item. Idempotent: items are keyed by their slug, and reuse is
only added together with the playbooks it refers to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from learnloop.core.search import reindex
from learnloop.knowledge import services
from learnloop.knowledge.models import DecisionNote, Playbook, PlaybookRevision, ReuseEvent
from learnloop.loops.models import ActionItem, Lesson, Visibility
from learnloop.people.demo import DemoContext, DemoStep

ORG, TEAM = Visibility.ORGANIZATION, Visibility.TEAM


@dataclass(frozen=True)
class DemoRevision:
    days_ago: int
    author: int  # demo person number
    note: str
    body: str
    from_change: bool = False  # write down the first change Platform recorded on an action item


@dataclass(frozen=True)
class DemoPlaybook:
    slug: str
    team: str
    title: str
    visibility: str
    review_in_days: int  # negative: already stale
    tags: tuple[str, ...]
    revisions: tuple[DemoRevision, ...]


DEPLOY_V1 = """Deploys go out from the main branch through the pipeline, never from a laptop.

1. Merge to main after review; the pipeline builds and tests.
2. Announce the deploy in #deploys with the change list.
3. Promote to production from the pipeline page.
4. Watch the error-rate dashboard for ten minutes.
"""
DEPLOY_V2 = DEPLOY_V1.replace(
    "4. Watch the error-rate dashboard for ten minutes.",
    "4. Watch the error-rate and latency dashboards for fifteen minutes.\n"
    "5. If either rises, roll back first and investigate after (see *Rolling back*).",
)
DEPLOY_V3 = (
    DEPLOY_V2.replace("never from a laptop.", "never from a laptop. No deploys after 16:00 on Fridays.")
    + "\n## Rolling back\n\nRun the pipeline's **Roll back** step; it redeploys the previous build in under "
    "five minutes. Say so in #deploys.\n"
)
DEPLOY_V4 = (
    DEPLOY_V3.replace(
        "3. Promote to production from the pipeline page.",
        "3. Promote to the canary stage (5% of traffic) and wait for the automatic health check.\n"
        "4. Promote to production from the pipeline page once the canary is green.",
    )
    .replace("4. Watch the error-rate and latency", "5. Watch the error-rate and latency")
    .replace("5. If either rises", "6. If either rises")
)

INCIDENT_V1 = """When an alert pages you:

1. Acknowledge the page within five minutes.
2. Open an incident channel named after the symptom, not a person.
3. Post what you see, what you will try next, and when you will update.
"""
INCIDENT_V2 = INCIDENT_V1 + "4. If customers are affected, ask Support to post on the status page.\n"
INCIDENT_V3 = INCIDENT_V2.replace(
    "3. Post what you see", "3. Name an incident lead and a scribe; the lead does not debug.\n4. Post what you see"
).replace("4. If customers", "5. If customers")

PLAYBOOKS: tuple[DemoPlaybook, ...] = (
    DemoPlaybook(
        "deploying-to-production",
        "platform",
        "Deploying to production",
        ORG,
        75,
        ("deploys", "release"),
        (
            DemoRevision(118, 11, "First version.", DEPLOY_V1),
            DemoRevision(84, 12, "Watch latency too; roll back before investigating.", DEPLOY_V2),
            DemoRevision(47, 13, "Friday cut-off and the rollback steps.", DEPLOY_V3),
            DemoRevision(12, 11, "Canary stage before production.", DEPLOY_V4, from_change=True),
        ),
    ),
    DemoPlaybook(
        "incident-response-first-15-minutes",
        "platform",
        "Incident response: the first 15 minutes",
        ORG,
        -9,
        ("incidents", "on-call"),
        (
            DemoRevision(110, 10, "First version.", INCIDENT_V1),
            DemoRevision(71, 16, "Status page through Support.", INCIDENT_V2),
            DemoRevision(40, 12, "An incident lead who does not debug.", INCIDENT_V3),
        ),
    ),
    DemoPlaybook(
        "rotating-payment-provider-keys",
        "payments",
        "Rotating payment provider keys",
        TEAM,
        30,
        ("security", "payments"),
        (
            DemoRevision(
                95, 21, "First version.", "Rotate keys every 90 days.\n\n1. Create the new key.\n2. Deploy it.\n"
            ),
            DemoRevision(
                33,
                24,
                "Keep the old key valid for a day.",
                "Rotate keys every 90 days.\n\n1. Create the new key.\n2. Deploy it.\n"
                "3. Keep the old key valid for 24 hours, then revoke it.\n",
            ),
        ),
    ),
    DemoPlaybook(
        "backfilling-a-pipeline-safely",
        "data",
        "Backfilling a pipeline safely",
        ORG,
        45,
        ("data", "pipelines"),
        (
            DemoRevision(
                88, 41, "First version.", "Backfill into a staging table first; swap when the counts match.\n"
            ),
            DemoRevision(
                26,
                42,
                "Throttle to protect the warehouse.",
                "Backfill into a staging table first; swap when the counts match.\n\n"
                "Throttle to one day of data per minute, so dashboards stay fast.\n",
            ),
        ),
    ),
    DemoPlaybook(
        "releasing-the-mobile-apps",
        "mobile",
        "Releasing the mobile apps",
        ORG,
        -21,
        ("release", "mobile"),
        (
            DemoRevision(120, 31, "First version.", "Release every second Tuesday.\n\n1. Cut the release branch.\n"),
            DemoRevision(
                80,
                32,
                "Staged rollout.",
                "Release every second Tuesday.\n\n1. Cut the release branch.\n2. Roll out to 10% for two days.\n",
            ),
            DemoRevision(
                52,
                33,
                "Crash-rate gate.",
                "Release every second Tuesday.\n\n1. Cut the release branch.\n2. Roll out to 10% for two days.\n"
                "3. Halt the rollout if the crash-free rate drops below 99.5%.\n",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoDecision:
    slug: str
    team: str
    author: int
    days_ago: int
    title: str
    status: str
    visibility: str
    context: str
    options: str
    decision: str
    consequences: str
    review_in_days: int | None = None
    superseded_by: str | None = None


DECISIONS: tuple[DemoDecision, ...] = (
    DemoDecision(
        "canary-deploys-for-every-service",
        "platform",
        11,
        30,
        "Canary deploys for every service",
        "accepted",
        ORG,
        "Two incidents this quarter reached every customer before anyone noticed.",
        "- Canary stage at 5% of traffic with an automatic health check\n- Blue/green switch for the API only",
        "Every service deploys through a canary stage first.",
        "Deploys take about ten minutes longer. The pipeline owns the health check.",
        review_in_days=150,
    ),
    DemoDecision(
        "blue-green-deploys-for-the-api",
        "platform",
        10,
        105,
        "Blue/green deploys for the API",
        "superseded",
        ORG,
        "Rollbacks of the API took twenty minutes.",
        "- Blue/green switch\n- Faster rollback scripts",
        "Use a blue/green switch for the API.",
        "Twice the servers during a deploy.",
        superseded_by="canary-deploys-for-every-service",
    ),
    DemoDecision(
        "nightly-batch-for-finance-reports",
        "data",
        41,
        64,
        "Nightly batch, not streaming, for finance reports",
        "accepted",
        ORG,
        "Finance needs exact daily totals; nobody reads them before 9:00.",
        "- Streaming aggregation\n- Nightly batch with reconciliation",
        "A nightly batch with a reconciliation step.",
        "Numbers are a day old; they are exact.",
        review_in_days=20,
    ),
    DemoDecision(
        "retry-card-payments-at-most-twice",
        "payments",
        21,
        9,
        "Retry card payments at most twice",
        "proposed",
        ORG,
        "Unlimited retries caused duplicate charges in one incident.",
        "- No retries\n- At most two retries with an idempotency key\n- Unlimited retries",
        "At most two retries, each with the same idempotency key.",
        "Some payments fail that a third retry would have saved.",
        review_in_days=60,
    ),
    DemoDecision(
        "feature-flags-through-remote-config",
        "mobile",
        31,
        58,
        "Feature flags through remote config",
        "accepted",
        TEAM,
        "App-store review delays made hotfixes slow.",
        "- Remote config flags\n- A third-party flag service",
        "Use remote config for feature flags; every flag has an owner and an expiry date.",
        "Flags need cleaning up every quarter.",
    ),
)

# (person number, playbook or decision slug or None for a lesson, action, days ago, where)
REUSE: tuple[tuple[int, str, str, int, str], ...] = (
    (22, "deploying-to-production", "opened", 70, ""),
    (22, "deploying-to-production", "applied", 68, ""),
    (32, "deploying-to-production", "opened", 44, ""),
    (42, "deploying-to-production", "opened", 20, ""),
    (42, "deploying-to-production", "cited", 19, "Data pipeline release checklist"),
    (33, "deploying-to-production", "opened", 6, ""),
    (81, "incident-response-first-15-minutes", "opened", 35, ""),
    (81, "incident-response-first-15-minutes", "applied", 34, ""),
    (23, "incident-response-first-15-minutes", "opened", 15, ""),
    (12, "backfilling-a-pipeline-safely", "opened", 22, ""),
    (21, "releasing-the-mobile-apps", "opened", 40, ""),
    (43, "canary-deploys-for-every-service", "opened", 18, ""),
    (31, "canary-deploys-for-every-service", "applied", 10, ""),
    (22, "nightly-batch-for-finance-reports", "cited", 25, "Payments reconciliation design"),
    (14, "retry-card-payments-at-most-twice", "opened", 4, ""),
)
LESSON_READERS = (22, 32, 42, 81, 52)


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _moment(days_ago: int) -> datetime.datetime:
    return timezone.now().replace(hour=10, minute=30, second=0, microsecond=0) - datetime.timedelta(days=days_ago)


def _platform_change(context: DemoContext) -> ActionItem | None:
    return (
        ActionItem.objects.filter(team=context.teams["platform"], status=ActionItem.Status.DONE)
        .select_related("change")
        .order_by("closed_at", "id")
        .first()
    )


def add_playbooks(context: DemoContext) -> None:
    existing = set(Playbook.objects.filter(slug__in=[spec.slug for spec in PLAYBOOKS]).values_list("slug", flat=True))
    item = _platform_change(context)
    for spec in PLAYBOOKS:
        if spec.slug in existing:
            continue
        first, *later = spec.revisions
        playbook = services.playbook_create(
            actor=context.people[first.author],
            team=context.teams[spec.team],
            title=spec.title,
            body=first.body,
            slug=spec.slug,
            review_by=timezone.localdate() + datetime.timedelta(days=spec.review_in_days),
            visibility=spec.visibility,
            tags=list(spec.tags),
            note=first.note,
        )
        for revision in later:
            change = item.change if revision.from_change and item is not None else None
            playbook = services.playbook_update(
                actor=context.people[revision.author],
                playbook=playbook,
                version=playbook.version,
                title=spec.title,
                body=revision.body,
                review_by=playbook.review_by,
                visibility=spec.visibility,
                note=revision.note,
                change=change,
            )
        for revision in spec.revisions:
            number = spec.revisions.index(revision) + 1
            PlaybookRevision.objects.filter(playbook=playbook, number=number).update(
                created_at=_moment(revision.days_ago)
            )
        Playbook.objects.filter(pk=playbook.pk).update(
            created_at=_moment(first.days_ago), updated_at=_moment(spec.revisions[-1].days_ago)
        )
        context.created["playbooks"] += 1
        context.created["playbook revisions"] += len(spec.revisions)


def add_decisions(context: DemoContext) -> None:
    existing = set(
        DecisionNote.objects.filter(slug__in=[spec.slug for spec in DECISIONS]).values_list("slug", flat=True)
    )
    # Successors first, so a superseded note can name its successor.
    for spec in sorted(DECISIONS, key=lambda spec: spec.superseded_by is not None):
        if spec.slug in existing:
            continue
        note = services.decision_create(
            actor=context.people[spec.author],
            team=context.teams[spec.team],
            title=spec.title,
            slug=spec.slug,
            context=spec.context,
            options=spec.options,
            decision=spec.decision,
            consequences=spec.consequences,
            status=spec.status,
            superseded_by=DecisionNote.objects.get(slug=spec.superseded_by) if spec.superseded_by else None,
            review_on=timezone.localdate() + datetime.timedelta(days=spec.review_in_days)
            if spec.review_in_days is not None
            else None,
            visibility=spec.visibility,
        )
        DecisionNote.objects.filter(pk=note.pk).update(created_at=_moment(spec.days_ago))
        context.created["decision notes"] += 1


def add_reuse(context: DemoContext) -> None:
    """Other teams opening, applying and citing: added once, with the playbooks' first run."""
    anchor = Playbook.objects.filter(slug=PLAYBOOKS[0].slug).first()
    if anchor is None or ReuseEvent.objects.filter(playbook=anchor).exists():
        return
    playbooks = {playbook.slug: playbook for playbook in Playbook.objects.filter(slug__in=[s.slug for s in PLAYBOOKS])}
    notes = {note.slug: note for note in DecisionNote.objects.filter(slug__in=[s.slug for s in DECISIONS])}
    for number, slug, action, days_ago, where in REUSE:
        item = playbooks.get(slug) or notes[slug]
        event = services.reuse_record(
            actor=context.people[number], item=item, action=action, where=where, day=_day(days_ago)
        )
        context.created["reuse events"] += event is not None
    shared_lessons = Lesson.objects.filter(visibility=Visibility.ORGANIZATION).order_by("created_at", "id")[:4]
    for index, lesson in enumerate(shared_lessons):
        for offset, number in enumerate(LESSON_READERS[index : index + 2]):
            reader = context.people[number]
            event = services.reuse_record(actor=reader, item=lesson, action="opened", day=_day(5 + 7 * index + offset))
            context.created["reuse events"] += event is not None
            if offset == 0 and index % 2 == 0:
                event = services.reuse_record(actor=reader, item=lesson, action="applied", day=_day(4 + 7 * index))
                context.created["reuse events"] += event is not None


def refresh_search_index(context: DemoContext) -> None:
    """The demo dates its history by updating rows in bulk, which the index's signals do not
    see: rebuild the index once so search shows the history's real dates. A re-run that added
    nothing leaves the index as the first run left it."""
    if any(context.created.values()):
        reindex()


DEMO_STEPS: tuple[DemoStep, ...] = (add_playbooks, add_decisions, add_reuse, refresh_search_index)
