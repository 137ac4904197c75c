"""The demo Platform team's retrospectives, oldest first: cards, lessons and what became of their action items."""

from __future__ import annotations

from learnloop.loops.demo.specs import (
    EVIDENCE,
    ORGANIZATION,
    DemoItem,
    DemoLesson,
    DemoRetro,
    Done,
    Dropped,
)

PLATFORM_RETROS: tuple[DemoRetro, ...] = (
    # --- Platform: six retros every three weeks, and one gathering cards right now ----------
    DemoRetro(
        "platform",
        "Platform: after the Kubernetes upgrade",
        "sailboat",
        days_ago=117,
        facilitator=11,
        cards="""
        wind: The cluster upgrade runbook was good enough that two people ran it without a call
        @12 wind: Pairing with Oluwaseun on the node-pool move caught a wrong taint before it shipped
        anchors: Deploys wait 25 minutes in the queue behind the nightly image builds
        anchors: The integration suite failed three retries in a row for reasons unrelated to the change
        anchors: Nobody knows who owns the legacy cron host, so its alerts bounce between channels
        anchors: Integration tests share a staging database that other teams reset without warning
        rocks: On call is three people deep while two of us are on leave next month
        rocks: The internal registry's TLS certificate is renewed by hand, and nobody has the date
        island: Anyone can deploy on a Friday without crossing their fingers
        @16 island: Pages at night only for things a person actually has to fix
        """,
        groups=(("Flaky integration tests", (4, 6)), ("Orphaned infrastructure", (5, 8)), ("Deploy queue", (3,))),
        lessons=(
            DemoLesson(
                "A shared staging database makes our tests depend on other teams' schedules",
                "Flaky integration tests",
                item=DemoItem(
                    "Give the integration suite its own disposable database per run",
                    owner=14,
                    due_in=21,
                    outcome=Done(
                        days=-2,
                        what="Integration tests start a throwaway Postgres container per run instead of shared staging",
                        where="CI pipeline (ci/integration.yml)",
                        evidence=f"{EVIDENCE}/platform/ci/-/merge_requests/412",
                    ),
                ),
                tags=("testing", "ci"),
            ),
            DemoLesson(
                "Infrastructure without a named owner gets no care until it breaks",
                "Orphaned infrastructure",
                item=DemoItem(
                    "Name an owning team for every host in the inventory and show it in alerts",
                    owner=12,
                    due_in=28,
                    outcome=Done(
                        days=5,
                        what="Every host in the inventory has an owning team; alerts carry an owner label",
                        where="Infrastructure inventory and Alertmanager routing",
                        evidence=f"{EVIDENCE}/platform/inventory/-/merge_requests/88",
                    ),
                ),
                tags=("ownership",),
            ),
        ),
        summary=(
            "The upgrade went well thanks to the runbook. Flaky integration tests and infrastructure nobody "
            "owns are what hold us back: one item gives the tests their own database, one names owners."
        ),
    ),
    DemoRetro(
        "platform",
        "Platform: deploy queue and flaky tests",
        "start-stop-continue",
        days_ago=96,
        facilitator=11,
        cards="""
        stop: Rerunning the pipeline until it goes green, it hides real failures
        stop: Merging on red because "it's just the flaky one"
        stop: Batching five changes into one Friday deploy
        start: A quarantine list for flaky tests, with an owner and an expiry date
        @14 start: Small deploys behind feature flags; the billing flag rollout was painless
        start: A written hand-over at the end of each on-call week
        continue: The disposable test database: the suite went from 19 to 11 minutes
        continue: Pairing on risky changes
        @13 continue: Demo Friday, the one meeting where I see what other people shipped
        stop: Paging the whole team for disk warnings on build agents
        """,
        groups=(
            ("Flaky tests and reruns", (1, 2, 4)),
            ("Big-batch deploys", (3, 5)),
            ("On-call load", (6, 10)),
        ),
        lessons=(
            DemoLesson(
                "Reruns hide flaky tests; a quarantine with an owner makes them visible",
                "Flaky tests and reruns",
                item=DemoItem(
                    "Quarantine the flaky integration tests and give the list an owner",
                    owner=15,
                    due_in=14,
                    outcome=Done(
                        days=-1,
                        what="Flaky tests move to a quarantine job with an owner and a 14-day expiry; the main "
                        "pipeline no longer reruns",
                        where="CI pipeline and docs/testing.md",
                        evidence=f"{EVIDENCE}/platform/ci/-/merge_requests/431",
                    ),
                ),
                tags=("testing", "ci"),
            ),
            DemoLesson(
                "Disk warnings on build agents page people for something a script can fix",
                "On-call load",
                item=DemoItem(
                    "Clean build agent disks nightly and send the warning to a ticket, not a page",
                    owner=16,
                    due_in=14,
                    outcome=Done(
                        days=-3,
                        what="A nightly job prunes images on build agents; disk warnings open a ticket, not a page",
                        where="Build agent Ansible role and Alertmanager routes",
                        evidence=f"{EVIDENCE}/platform/ansible/-/merge_requests/57",
                    ),
                ),
                tags=("on-call", "alerting"),
            ),
            DemoLesson(
                "Big Friday batches make a failed deploy hard to roll back",
                "Big-batch deploys",
                item=DemoItem(
                    "Cap deploys at three changes and stop scheduled deploys after 15:00 on Fridays",
                    owner=11,
                    due_in=21,
                    outcome=Dropped(
                        days=-4,
                        reason="Feature flags made the cap unnecessary: batches shrank once every risky change "
                        "ships dark. We will look again if deploys grow.",
                    ),
                ),
                tags=("deploys",),
            ),
        ),
        summary=(
            "Flaky tests are the main drag: we stop rerunning and start quarantining, with an owner. Disk "
            "warnings become tickets. Batch size worries us; feature flags may be enough."
        ),
    ),
    DemoRetro(
        "platform",
        "Platform: on-call hand-over",
        "custom:Deploys & on-call",
        days_ago=75,
        facilitator=11,
        cards="""
        shipped-smoothly: Postgres upgrade on the reporting replica with zero downtime
        @15 shipped-smoothly: The new deploy dashboard shows which commit is live in every region
        paged-us: Certificate expiry on the internal registry at 02:10, renewal is still manual
        paged-us: The same memory alert on the ingest service four nights in a row
        paged-us: A synthetic check that fails whenever the CDN reshuffles its edges
        slowed-us-down: Two days waiting for a security review of a one-line IAM change
        slowed-us-down: Hand-over notes live in three places: chat, a doc and someone's head
        try-next: Renew certificates with the ACME client we already run for the public sites
        try-next: One hand-over template, filled in before the Monday sync
        @12 try-next: A lighter review path for IAM changes that only remove permissions
        """,
        groups=(
            ("Certificates renewed by hand", (3, 8)),
            ("Hand-over notes", (7, 9)),
            ("Repeat night pages", (4, 5)),
        ),
        lessons=(
            DemoLesson(
                "Manual certificate renewal turns into a night page sooner or later",
                "Certificates renewed by hand",
                item=DemoItem(
                    "Move the internal registry certificate to automatic ACME renewal",
                    owner=12,
                    due_in=14,
                    outcome=Done(
                        days=-5,
                        what="The registry certificate renews automatically 30 days before expiry, with an alert "
                        "if renewal fails",
                        where="cert-manager configuration (infra repository)",
                        evidence=f"{EVIDENCE}/platform/infra/-/merge_requests/903",
                    ),
                ),
                tags=("on-call", "certificates"),
            ),
            DemoLesson(
                "On-call context gets lost between weeks when notes live in three places",
                "Hand-over notes",
                item=DemoItem(
                    "Introduce one on-call hand-over template and link it from the rota",
                    owner=13,
                    due_in=14,
                    outcome=Done(
                        days=0,
                        what="One hand-over template in the on-call runbook; the rota bot posts it every Monday",
                        where="On-call runbook",
                        evidence="https://wiki.northwind.example/platform/on-call/hand-over",
                    ),
                ),
                tags=("on-call",),
            ),
            DemoLesson(
                "A one-line permission change waits as long for review as a new service",
                6,
                item=DemoItem(
                    "Agree a fast path with Security for IAM changes that only remove permissions",
                    owner=10,
                    due_in=21,
                    outcome=Done(
                        days=9,
                        what="IAM changes that only remove permissions need one Security approver within a working "
                        "day instead of the full review",
                        where="Change-review policy, security handbook section 4",
                    ),
                ),
                tags=("security", "process"),
            ),
        ),
        summary=(
            "Night pages come from what we still do by hand (certificates) and from noisy checks. One "
            "hand-over template from now on; certificates renew themselves; Samira takes the IAM review "
            "wait to Security."
        ),
        votes_per_person=4,
    ),
    DemoRetro(
        "platform",
        "Platform: quarter in review",
        "4ls",
        days_ago=54,
        facilitator=11,
        cards="""
        liked: Certificates renewed themselves this month and nobody noticed, which is the point
        @14 liked: The hand-over template; the Monday sync went from 40 minutes to 15
        learned: Our runbooks assume the reader knows which cluster is which
        learned: Four alerts out of 212 cause most of our pages
        lacked: Time for planned work: on-call interrupts ate most of two sprints
        lacked: An owner for the shared Terraform modules other teams import
        lacked: Load tests before the campaign traffic our biggest customer forecasts
        longed-for: A week with no pages
        longed-for: Error budgets we actually use to say no to feature work
        learned: The deploy dashboard made config drift obvious within minutes
        lacked: Someone to review other teams' Terraform changes within a day
        """,
        groups=(
            ("Interrupts and pages", (4, 5, 8)),
            ("Shared Terraform modules", (6, 11)),
            ("Runbooks", (3,)),
        ),
        lessons=(
            DemoLesson(
                "Four alerts cause most pages; fixing them buys back planned time",
                "Interrupts and pages",
                item=DemoItem(
                    "Tune or delete the four loudest alerts",
                    owner=16,
                    due_in=14,
                    outcome=Done(
                        days=-2,
                        what="Removed two alerts nobody acted on, raised one threshold and turned one into a "
                        "dashboard panel: pages fell from 38 to 11 a fortnight",
                        where="Alertmanager rules (monitoring repository)",
                        evidence=f"{EVIDENCE}/platform/monitoring/-/merge_requests/214",
                    ),
                ),
                tags=("on-call", "alerting"),
            ),
            DemoLesson(
                "Modules other teams depend on need an owner and a review rota",
                "Shared Terraform modules",
                item=DemoItem(
                    "Add CODEOWNERS and a weekly review rota for the shared Terraform modules",
                    owner=14,
                    due_in=21,
                    outcome=Done(
                        days=6,
                        what="CODEOWNERS names Platform for the shared modules; a weekly rota answers reviews within "
                        "a working day",
                        where="terraform-modules repository and the Platform rota",
                        evidence=f"{EVIDENCE}/platform/terraform-modules/-/merge_requests/23",
                    ),
                ),
                tags=("ownership",),
            ),
            DemoLesson(
                "Capacity plans we never test are guesses",
                7,
                item=DemoItem(
                    "Run a load test at twice the forecast peak before the campaign traffic",
                    owner=15,
                    due_in=21,
                    outcome=Dropped(
                        days=-1,
                        reason="The customer moved their campaign to next quarter; the load test is planned again "
                        "for that date.",
                    ),
                ),
                tags=("capacity",),
            ),
        ),
        summary=(
            "A calmer quarter than the last: pages are the biggest cost, and four alerts cause most of them. "
            "The shared Terraform modules get an owner and a review rota."
        ),
        visibility=ORGANIZATION,
    ),
    DemoRetro(
        "platform",
        "Platform: flaky tests are back",
        "mad-sad-glad",
        days_ago=33,
        facilitator=11,
        cards="""
        mad: The quarantine list has 31 tests and its owner moved to another project
        mad: Three deploys rolled back last week because the pipeline went green on a rerun again
        mad: Stale config reached production through the hotfix path (see the incident review)
        sad: Nobody picked up the quarantine list after the rotation ended
        sad: We cancelled the pairing sessions during the incident week
        glad: Pages are down to eleven a fortnight
        @13 glad: Shadowing Mei Lin on call, I finally understand the ingest service
        glad: The IAM fast path: my change went through in four hours
        mad: The hotfix path skips the config validation the normal pipeline runs
        sad: Half the team could not attend the incident review
        """,
        groups=(("Quarantine without an owner", (1, 2, 4)), ("Hotfix path", (3, 9))),
        lessons=(
            DemoLesson(
                "A quarantine list needs a rotating owner, or it quietly becomes the new normal",
                "Quarantine without an owner",
                item=DemoItem(
                    "Make the quarantine list part of the on-call rotation and fail the build after 14 days",
                    owner=13,
                    due_in=21,
                ),
                tags=("testing", "ci", "ownership"),
                repeats="Reruns hide flaky tests; a quarantine with an owner makes them visible",
            ),
            DemoLesson(
                "The hotfix path skips checks the normal pipeline runs",
                "Hotfix path",
                item=DemoItem(
                    "Run config validation and the canary step in the hotfix pipeline",
                    owner=12,
                    due_in=10,
                    outcome=Done(
                        days=-3,
                        what="The hotfix pipeline runs the same config schema validation and canary step as the "
                        "main pipeline",
                        where="CI pipeline (ci/hotfix.yml)",
                        evidence=f"{EVIDENCE}/platform/ci/-/merge_requests/498",
                    ),
                ),
                tags=("deploys", "config"),
            ),
            DemoLesson(
                "Shadowing on call spreads knowledge of our services faster than documents do",
                7,
                item=DemoItem(
                    "Give every new on-call engineer a shadow week",
                    owner=11,
                    due_in=14,
                    outcome=Done(
                        days=-6,
                        what="New on-call engineers shadow a full week before their first shift",
                        where="On-call rota and the on-call runbook",
                    ),
                ),
                tags=("on-call", "onboarding"),
            ),
        ),
        summary=(
            "The flaky tests are back because the quarantine lost its owner when the rotation ended: "
            "the fix from the deploy-queue retro needs an owner that rotates with on call. The hotfix "
            "path gets the same checks as the main pipeline."
        ),
        regenerates=("Quarantine the flaky integration tests and give the list an owner",),
    ),
    DemoRetro(
        "platform",
        "Platform: after the hotfix incident",
        "start-stop-continue",
        days_ago=14,
        facilitator=11,
        cards="""
        start: Load-testing the ingest service before the retail campaign
        start: Writing the reason for every manual production change in the change log
        stop: Keeping the quarantine list outside the build, where nobody sees it
        stop: Approving our own Terraform changes on Friday evenings
        continue: Shadow weeks for new on-call engineers
        @16 continue: The hotfix pipeline with validation, it caught a bad YAML key on Tuesday
        start: A shared calendar of risky changes across teams
        continue: Demo Friday
        stop: Letting the failover runbook drift; the last drill found three wrong commands
        """,
        groups=(("Risky changes", (2, 4, 7)), ("Quarantine visibility", (3,))),
        lessons=(
            DemoLesson(
                "Risky changes are safer when other teams can see them coming",
                "Risky changes",
                item=DemoItem(
                    "Publish a shared calendar of risky changes and announce each in #changes", owner=13, due_in=17
                ),
                tags=("deploys", "process"),
            ),
            DemoLesson(
                "A runbook nobody practises drifts away from the system it describes",
                9,
                item=DemoItem(
                    "Run a failover drill every month and fix the runbook in the same session", owner=12, due_in=10
                ),
                tags=("runbooks",),
            ),
            DemoLesson(
                "Load tests before a campaign tell us where capacity ends",
                1,
                item=DemoItem("Load-test the ingest service at twice the campaign forecast", owner=15, due_in=28),
                tags=("capacity",),
            ),
        ),
        summary=(
            "Good fortnight after a rough one: the hotfix pipeline already caught a mistake. Next: make "
            "risky changes visible to other teams, practise failover, and load-test before the campaign."
        ),
    ),
    DemoRetro(
        "platform",
        "Platform: before the retail campaign",
        "4ls",
        days_ago=0,
        facilitator=11,
        cards="""
        liked: The failover drill found the wrong commands before a real failover did
        lacked: Time to finish the risky-changes calendar
        learned: The ingest service takes about 1.6 times the forecast before its queues back up
        """,
    ),
)
