"""The demo's blameless reviews: timelines, factors, lessons and action items."""

from __future__ import annotations

from learnloop.loops.demo.specs import (
    CUSTOMER,
    DETECTED,
    DRAFT,
    EVENT,
    EVIDENCE,
    IN_REVIEW,
    INCIDENT,
    MITIGATED,
    ORGANIZATION,
    PROJECT,
    PUBLISHED,
    RESOLVED,
    STARTED,
    TEAM,
    DemoItem,
    DemoLesson,
    DemoReview,
    Done,
)

REVIEWS: tuple[DemoReview, ...] = (
    DemoReview(
        number=1,
        team="platform",
        kind=INCIDENT,
        title="Stale feature configuration deployed to production",
        author=12,
        days_ago=104,
        status=PUBLISHED,
        visibility=ORGANIZATION,
        severity="sev2",
        summary=(
            "A deploy shipped a configuration bundle built from an outdated branch. Report exports failed for "
            "38 % of customers for 52 minutes, until we rolled the configuration back."
        ),
        impact=(
            "Scheduled report exports failed for about 38 % of customers between 09:12 and 10:04. 214 support "
            "tickets; no data lost; the failed exports re-ran after the rollback."
        ),
        detection="The export error-rate alert fired 9 minutes after the deploy; Support saw tickets at the same time.",
        went_well="The rollback took four minutes once decided. The deploy dashboard showed which config was live.",
        got_lucky="The bad bundle only touched exports: checkout reads a different configuration namespace.",
        timeline=(
            (0, "09:03", EVENT, "Release 418 deploy starts; its config bundle was built from a stale release branch"),
            (0, "09:12", STARTED, "Export jobs start failing with unknown feature-key errors"),
            (0, "09:21", DETECTED, "The export error-rate alert pages the on-call engineer"),
            (0, "09:34", EVENT, "Incident declared; Support posts a status page notice"),
            (0, "09:58", MITIGATED, "Config bundle rolled back to the previous release"),
            (0, "10:04", RESOLVED, "Export error rate back to normal; failed exports re-queued"),
        ),
        factors=(
            ("Config change", "Config bundles are built from whichever branch the pipeline points at, unchecked."),
            ("Process gap", "The release checklist does not say which branch the config is built from."),
        ),
        lessons=(
            DemoLesson(
                "Configuration must be checked against the release it ships with",
                "Config change",
                item=DemoItem(
                    "Validate the config bundle against the release's schema in the pipeline",
                    owner=12,
                    due_in=14,
                    outcome=Done(
                        days=-3,
                        what="The deploy pipeline refuses a config bundle whose schema differs from the release's",
                        where="CI pipeline (main deploy)",
                        evidence=f"{EVIDENCE}/platform/ci/-/merge_requests/377",
                    ),
                ),
                tags=("config", "deploys"),
            ),
            DemoLesson(
                "An error-rate alert on a batch job found the problem in nine minutes",
                3,
                tags=("alerting",),
            ),
        ),
    ),
    DemoReview(
        number=2,
        team="payments",
        kind=INCIDENT,
        title="Card payments failed after the provider rotated its certificates",
        author=21,
        days_ago=65,
        status=PUBLISHED,
        visibility=ORGANIZATION,
        severity="sev1",
        summary=(
            "Our payment provider rotated its intermediate TLS certificate and our pinned bundle rejected it. "
            "12 % of card payments failed for 47 minutes."
        ),
        impact=(
            "About 380 card payments failed between 14:02 and 14:49, mostly renewals. Finance reconciled them "
            "by hand over two days; 31 customers contacted Support."
        ),
        detection=(
            "No alert fired: the failure-rate alert only fires above 20 %. A Support lead noticed a cluster of "
            "payment tickets and asked in #payments."
        ),
        went_well="The fallback-provider switch in the runbook worked first time; the channel kept a timeline.",
        got_lucky="It happened on a Tuesday afternoon with the whole team around, not during the month-end run.",
        timeline=(
            (0, "14:02", STARTED, "The provider serves its new intermediate certificate; our pinned bundle rejects it"),
            (0, "14:19", DETECTED, "A Support lead reports a cluster of failed-payment tickets in #payments"),
            (0, "14:26", EVENT, "Incident declared; certificate errors found in the provider client logs"),
            (0, "14:35", MITIGATED, "Renewals routed to the fallback provider; failures stop"),
            (0, "15:40", EVENT, "Updated certificate bundle deployed"),
            (0, "15:49", RESOLVED, "Traffic back on the primary provider; monitoring normal"),
        ),
        factors=(
            ("Dependency failure", "The provider rotated its certificate; its notice went to an unread mailbox."),
            ("Monitoring gap", "The payment failure-rate alert only fires above 20 %."),
        ),
        lessons=(
            DemoLesson(
                "One global failure threshold hides partial outages",
                "Monitoring gap",
                item=DemoItem(
                    "Alert on the failure rate per provider above 5 % for five minutes",
                    owner=24,
                    due_in=10,
                    outcome=Done(
                        days=-2,
                        what="Per-provider failure-rate alerts at 5 % over five minutes page Payments on call",
                        where="Payments alert rules",
                        evidence=f"{EVIDENCE}/payments/alerts/-/merge_requests/61",
                    ),
                ),
                tags=("alerting", "payments"),
            ),
            DemoLesson(
                "Pinning a provider's intermediate certificate turns their routine rotation into our outage",
                "Dependency failure",
                item=DemoItem(
                    "Pin the provider's root instead of its intermediate and test a rotation in staging",
                    owner=22,
                    due_in=21,
                    outcome=Done(
                        days=-1,
                        what="The client pins the provider's root certificate; a staging job rotates a test "
                        "intermediate monthly",
                        where="Payments provider client and staging jobs",
                        evidence=f"{EVIDENCE}/payments/provider-client/-/merge_requests/19",
                    ),
                ),
                tags=("dependencies", "certificates"),
            ),
        ),
    ),
    DemoReview(
        number=3,
        team="data",
        kind=PROJECT,
        title="Project review: moving the nightly pipelines to the new orchestrator",
        author=41,
        days_ago=100,
        status=PUBLISHED,
        visibility=TEAM,
        severity="",
        summary=(
            "Over six weeks we moved 63 nightly pipelines from cron scripts to the new orchestrator. It finished "
            "two weeks late; nothing was lost, and three pipelines nobody used were retired."
        ),
        impact="Two weeks' delay for the churn model; two nights of late dashboards for Customer Success.",
        detection="The migration board showed the slip from week three.",
        went_well="Batches of ten ran in parallel with cron and were compared row by row before switching.",
        got_lucky="Both late nights fell on a weekend.",
        timeline=(
            (-42, "10:00", STARTED, "Migration starts with the ten simplest pipelines"),
            (
                -28,
                "15:30",
                EVENT,
                "Batch three blocked: four pipelines read from a server nobody could name an owner for",
            ),
            (-20, "09:30", DETECTED, "The migration board shows we are two weeks behind"),
            (-13, "14:00", EVENT, "The legacy server's owner found in Platform; credentials moved to the vault"),
            (-4, "11:00", MITIGATED, "The last batch runs in parallel with cron"),
            (0, "10:00", RESOLVED, "Cron scripts switched off"),
        ),
        factors=(
            ("Unclear ownership", "Four pipelines depended on a server with no named owner."),
            ("Process gap", "We planned batches by pipeline count, not by their dependencies."),
        ),
        lessons=(
            DemoLesson(
                "Map dependencies and their owners before planning a migration",
                "Unclear ownership",
                item=DemoItem(
                    "Add a dependency-and-owner map to the migration template",
                    owner=41,
                    due_in=14,
                    outcome=Done(
                        days=-4,
                        what="The migration template starts with a dependency map naming each owner",
                        where="Data team migration template",
                        evidence="https://wiki.northwind.example/data/migration-template",
                    ),
                ),
                tags=("ownership", "migrations"),
            ),
            DemoLesson("A visible migration board shows slippage early", 3, tags=("planning",)),
        ),
    ),
    DemoReview(
        number=4,
        team="support",
        kind=CUSTOMER,
        title="Customer review: Harbor & Finch Grocers missed two weeks of weekly reports",
        author=80,
        days_ago=50,
        status=PUBLISHED,
        visibility=ORGANIZATION,
        severity="sev3",
        summary=(
            "Harbor & Finch's weekly sales reports stopped after they reorganised their stores into new regions. "
            "Their tickets bounced between Support, Data and Customer Success before anyone owned the problem."
        ),
        impact=(
            "A regional retailer with 46 stores planned two weeks of stock orders without their report. Their "
            "account manager escalated and we credited one month."
        ),
        detection="The second ticket, nine days after the first, was the first to reach someone able to fix it.",
        went_well="Once Data looked, the fix took an hour. The customer thanked us for the candour of this write-up.",
        got_lucky="No other customer changed their store regions in those weeks.",
        timeline=(
            (-14, "09:00", STARTED, "The customer moves stores into new regions; the report job skips unknown regions"),
            (-13, "10:30", EVENT, "First ticket: the weekly report did not arrive; routed to Customer Success"),
            (-9, "15:00", EVENT, "Ticket moved to Data, then back to Support: no owner for report e-mails"),
            (-4, "11:00", DETECTED, "Second ticket and an escalation from the account manager; incident opened"),
            (-4, "12:10", MITIGATED, "Data re-runs both missing reports by hand"),
            (-3, "16:00", RESOLVED, "The report job handles new regions and alerts instead of skipping"),
        ),
        factors=(
            ("Unclear ownership", "No team owned the weekly report e-mails from end to end."),
            ("Monitoring gap", "The report job skipped silently; nothing noticed a report that was not sent."),
        ),
        lessons=(
            DemoLesson(
                "Every customer-facing e-mail needs a named owning team",
                "Unclear ownership",
                item=DemoItem(
                    "List an owning team for every customer-facing e-mail in the routing table",
                    owner=81,
                    due_in=21,
                    outcome=Done(
                        days=2,
                        what="The routing table names an owning team for each of the 14 customer-facing e-mails",
                        where="Support routing table",
                    ),
                ),
                tags=("ownership", "escalations"),
            ),
            DemoLesson(
                "A report that silently isn't sent looks like success",
                "Monitoring gap",
                item=DemoItem(
                    "Ask Data for a 'report not sent' alert routed to the Support queue",
                    owner=86,
                    due_in=14,
                    outcome=Done(
                        days=-1,
                        what="Data alerts when a scheduled report is skipped; the alert opens a Support ticket",
                        where="Report job alerting",
                    ),
                ),
                tags=("alerting",),
            ),
        ),
    ),
    DemoReview(
        number=5,
        team="mobile",
        kind=INCIDENT,
        title="Android app crashed on launch on Android 9",
        author=32,
        days_ago=70,
        status=PUBLISHED,
        visibility=TEAM,
        severity="sev3",
        summary=(
            "Release 5.3 raised the minimum SDK through a dependency update; the app crashed on launch on "
            "Android 9 phones for about two days."
        ),
        impact="About 2,100 users on Android 9 could not open the app; 60 one-star reviews and 45 tickets.",
        detection="Support tickets and app-store reviews two days after the release; the crash e-mail was weekly.",
        went_well="The staged rollout kept the build at 10 % at first; the hotfix went out six hours after we knew.",
        got_lucky="The rollout was paused over the weekend, so the bad build never reached everyone.",
        timeline=(
            (0, "10:00", EVENT, "Release 5.3 starts its staged rollout at 10 %"),
            (0, "10:40", STARTED, "First crash on launch from an Android 9 phone"),
            (2, "09:15", DETECTED, "Support forwards tickets and app-store reviews about crashes on launch"),
            (2, "10:05", EVENT, "Cause found: a dependency update raised the minimum SDK; the build accepted it"),
            (2, "16:20", MITIGATED, "Hotfix 5.3.1 submitted with the previous dependency version; 5.3 halted"),
            (3, "17:30", RESOLVED, "5.3.1 live for all users; crash-free rate back to 99.7 %"),
        ),
        factors=(
            ("Testing gap", "No phone below Android 10 in CI or in the office."),
            ("Monitoring gap", "Crash reports only arrived in a weekly summary e-mail."),
        ),
        lessons=(
            DemoLesson(
                "Test on the oldest OS we support, not the newest we own",
                "Testing gap",
                item=DemoItem(
                    "Run smoke tests on Android 9 and iOS 15 in the device farm for every release",
                    owner=35,
                    due_in=14,
                    outcome=Done(
                        days=-2,
                        what="Every release candidate runs smoke tests on Android 9 and iOS 15 in the device farm",
                        where="Mobile release pipeline",
                        evidence=f"{EVIDENCE}/mobile/app/-/merge_requests/1189",
                    ),
                ),
                tags=("testing", "devices"),
            ),
        ),
    ),
    DemoReview(
        number=6,
        team="platform",
        kind=INCIDENT,
        title="Stale config reached production again through the hotfix path",
        author=11,
        days_ago=38,
        status=PUBLISHED,
        visibility=ORGANIZATION,
        severity="sev2",
        summary=(
            "A hotfix deploy shipped a config bundle from the previous release. The validation added after the "
            "earlier stale-config incident runs in the main pipeline only, so the hotfix path skipped it. "
            "Search was degraded for 26 minutes."
        ),
        impact="Search returned empty results for about 20 % of queries for 26 minutes; 41 tickets.",
        detection="The search zero-results alert fired after six minutes.",
        went_well="The earlier review made the rollback routine, and showed what we fixed then and where it stopped.",
        got_lucky="The hotfix went out at 11:00 on a weekday.",
        timeline=(
            (0, "11:02", EVENT, "Hotfix deploy through the hotfix pipeline"),
            (0, "11:05", STARTED, "Search starts returning empty results for some queries"),
            (0, "11:11", DETECTED, "The zero-results alert pages the on-call engineer"),
            (0, "11:24", EVENT, "Config version mismatch spotted on the deploy dashboard"),
            (0, "11:31", MITIGATED, "Config bundle rolled back"),
            (0, "11:40", RESOLVED, "Search back to normal; the alert clears"),
        ),
        factors=(
            ("Config change", "The hotfix pipeline does not run config validation."),
            ("Process gap", "The fix from the earlier incident covered one of two deploy paths."),
        ),
        lessons=(
            DemoLesson(
                "A fix for one deploy path must cover every path that ships the same thing",
                "Process gap",
                item=DemoItem(
                    "List every deploy path and check each against the release checklist",
                    owner=11,
                    due_in=14,
                    outcome=Done(
                        days=-3,
                        what="Three deploy paths listed in the release checklist, each with the same required checks",
                        where="Release checklist",
                        evidence="https://wiki.northwind.example/platform/release-checklist",
                    ),
                ),
                tags=("deploys", "process"),
            ),
        ),
        repeats=1,
        repeat_note="The same contributing factor: a stale config bundle, through the path the earlier fix missed.",
    ),
    DemoReview(
        number=7,
        team="data",
        kind=INCIDENT,
        title="Nightly pipeline stopped when a worker disk filled up",
        author=46,
        days_ago=12,
        status=IN_REVIEW,
        visibility=TEAM,
        severity="sev3",
        summary=(
            "The nightly pipeline stopped at 02:40 when a worker's root volume filled with temporary files from "
            "a backfill. Dashboards were six hours late."
        ),
        impact="Morning dashboards for every team were six hours late; Customer Success postponed two renewals calls.",
        detection="A failed-run alert at 02:45 went to a channel; it does not page, so nobody saw it until 07:30.",
        went_well="Re-running from the failed step worked; no data needed repair.",
        got_lucky="It was not the last night of the month.",
        timeline=(
            (0, "02:40", STARTED, "Worker root volume reaches 100 %; the nightly run fails"),
            (0, "02:45", DETECTED, "Failed-run alert posted to #data-alerts (not paging)"),
            (0, "07:30", EVENT, "First person online sees the alert and opens an incident"),
            (0, "08:10", MITIGATED, "Temporary files removed; the run resumes from the failed step"),
            (0, "08:55", RESOLVED, "Nightly run complete; dashboards current"),
        ),
        factors=(
            ("Capacity", "Backfill temporary files went to the root volume, which had no disk alert."),
            ("Monitoring gap", "Failed nightly runs post to a channel but page nobody."),
        ),
        lessons=(
            DemoLesson(
                "An open capacity item is a warning, not a backlog entry",
                "Capacity",
                item=DemoItem(
                    "Move temporary files to the data volume and alert at 80 % disk",
                    owner=46,
                    due_in=7,
                    outcome=Done(
                        days=-2,
                        what="Temporary files go to the data volume; disk alerts at 80 % on every worker volume",
                        where="Worker image and alert rules",
                        evidence=f"{EVIDENCE}/data/workers/-/merge_requests/31",
                    ),
                ),
                tags=("capacity",),
            ),
        ),
    ),
    DemoReview(
        number=8,
        team="platform",
        kind=INCIDENT,
        title="Deploys stalled for three hours after a CI runner image update",
        author=13,
        days_ago=5,
        status=DRAFT,
        visibility=TEAM,
        severity="sev3",
        # A first draft, as people write them: the blame-language check has two phrases to show its
        # author (Diego, a showcase login) and the team's manager.
        summary=(
            "A new CI runner image shipped without the registry credentials helper, so every deploy job waited "
            "for an image pull that never finished. It came down to human error in the image build."
        ),
        impact="No team could deploy from 13:10 to 16:05; two customer fixes from Payments waited until the evening.",
        detection=(
            "People noticed jobs stuck on pulling images about 40 minutes in. The engineer should have checked the "
            "new image in staging before rolling it out."
        ),
        went_well="Rolling the runners back to the previous image took ten minutes once the cause was clear.",
        got_lucky="It was not a release day.",
        timeline=(
            (0, "12:55", EVENT, "New runner image rolled out to every CI runner"),
            (0, "13:10", STARTED, "Deploy jobs start hanging while pulling images from the registry"),
            (0, "13:52", DETECTED, "Stuck deploys reported in #platform"),
            (0, "15:40", EVENT, "Cause found: the new image lacks the registry credentials helper"),
            (0, "15:55", MITIGATED, "Runners rolled back to the previous image"),
            (0, "16:05", RESOLVED, "Queued deploys drain; the pipeline is back to normal"),
        ),
        factors=(
            ("Config change", "The runner image build dropped the registry credentials helper."),
            ("Monitoring gap", "Nothing alerts when deploy jobs wait longer than ten minutes."),
        ),
    ),
)
