"""The other demo teams' retrospectives (Payments, Mobile, Data, Support), oldest first."""

from __future__ import annotations

from learnloop.loops.demo.specs import (
    ASYNC,
    EVIDENCE,
    ORGANIZATION,
    DemoItem,
    DemoLesson,
    DemoRetro,
    Done,
    Dropped,
)

PRODUCT_RETROS: tuple[DemoRetro, ...] = (
    # --- Payments: three retros, high follow-through --------------------------------------------
    DemoRetro(
        "payments",
        "Payments: after the certificate incident",
        "mad-sad-glad",
        days_ago=61,
        facilitator=21,
        cards="""
        mad: We learned about the provider's certificate rotation from failing payments, not from their notice
        mad: Provider notices go to an inbox nobody has read since the last reorganisation
        sad: Support found out from customers before we told them
        @24 glad: The fallback-provider switch in the runbook worked first time, four minutes from decision
        glad: The incident channel stayed calm and the timeline was written as we went
        sad: Finance reconciled 380 failed charges by hand over two days
        glad: The blameless review was written within two days
        sad: Nobody outside Payments knew the fallback provider existed
        mad: Staging uses a different certificate chain than production
        """,
        groups=(("Provider notices go nowhere", (1, 2)), ("Support hears last", (3, 8))),
        lessons=(
            DemoLesson(
                "Notices from payment providers must reach a team queue, not a person's inbox",
                "Provider notices go nowhere",
                item=DemoItem(
                    "Route provider notices to the Payments queue and review them in Monday triage",
                    owner=22,
                    due_in=7,
                    outcome=Done(
                        days=-2,
                        what="Provider notice addresses point at payments-notices@, which files a ticket in the "
                        "Payments queue; notices are a standing item in Monday triage",
                        where="Mail routing and the Payments triage checklist",
                    ),
                ),
                tags=("payments", "ownership"),
            ),
            DemoLesson(
                "Support should hear about a payment incident from us before customers call",
                "Support hears last",
                item=DemoItem(
                    "Post to #support-alerts as soon as a payment incident is declared",
                    owner=21,
                    due_in=7,
                    outcome=Done(
                        days=-4,
                        what="The incident bot posts to #support-alerts when a Payments incident is declared, with "
                        "a customer-facing summary to copy",
                        where="Incident bot and the Payments incident runbook",
                        evidence=f"{EVIDENCE}/payments/incident-bot/-/merge_requests/12",
                    ),
                ),
                tags=("incidents", "communication"),
            ),
        ),
        summary=(
            "The runbook and the calm incident channel saved us; the notice that would have warned us went "
            "to an unread inbox. Notices now reach the team queue and Support hears from us first."
        ),
        visibility=ORGANIZATION,
    ),
    DemoRetro(
        "payments",
        "Payments: refunds and reconciliation",
        "start-stop-continue",
        days_ago=40,
        facilitator=21,
        cards="""
        start: A weekly reconciliation report instead of Finance asking us ad hoc
        start: Idempotency keys on every call to the payment provider, not just charges
        stop: Issuing manual refunds from the database console
        stop: Reviewing pull requests only on Thursdays, work piles up all week
        continue: Flagged rollouts for invoicing
        @22 continue: The triage rota, Monday mornings are calm now
        start: A refund action in the admin, with an audit trail
        stop: Leaving failed webhooks in the dead-letter queue for weeks
        continue: Pairing with Finance on the VAT rules
        @24 start: Threat-modelling new payment flows before we build them
        """,
        groups=(("Manual refunds", (3, 7)), ("Calls without idempotency", (2, 8)), ("Review days", (4,))),
        lessons=(
            DemoLesson(
                "Refunds from the database console leave no trail and no second pair of eyes",
                "Manual refunds",
                item=DemoItem(
                    "Ship a refund action in the admin with an audit trail and retire console refunds",
                    owner=23,
                    due_in=21,
                    outcome=Done(
                        days=-1,
                        what="Support and Payments refund from the admin; every refund is audit-logged and console "
                        "access to the payments tables is read-only",
                        where="Admin refund action and database roles",
                        evidence=f"{EVIDENCE}/payments/billing/-/merge_requests/377",
                    ),
                ),
                tags=("payments", "audit"),
            ),
            DemoLesson(
                "Retries without idempotency keys can charge or notify twice",
                "Calls without idempotency",
                item=DemoItem(
                    "Add idempotency keys to refund and payout calls and to incoming webhooks", owner=22, due_in=21
                ),
                tags=("payments", "reliability"),
            ),
            DemoLesson(
                "Reviewing on one day a week makes finished work wait",
                "Review days",
                item=DemoItem(
                    "Review pull requests within one working day; pairs swap reviews daily",
                    owner=21,
                    due_in=14,
                    outcome=Done(
                        days=-2,
                        what="Review within one working day is in the team agreement; the review queue is the first "
                        "item of stand-up",
                        where="Payments team agreement",
                    ),
                ),
                tags=("code review",),
            ),
        ),
        summary=(
            "Refunds move out of the database console into the admin. Idempotency keys are the next "
            "reliability step; reviews within a day."
        ),
    ),
    DemoRetro(
        "payments",
        "Payments: before the invoicing cut-over",
        "sailboat",
        days_ago=19,
        facilitator=21,
        cards="""
        wind: The nightly invoice diff has been clean for twelve nights
        wind: Finance signed off the VAT rules for all five countries
        anchors: Webhook retries from the e-mail provider are not idempotent either
        anchors: The cut-over plan lives in one person's head
        rocks: The old renderer's cron still runs, and both could send invoices on cut-over night
        rocks: Month-end closes two days after the planned cut-over
        island: Every invoice comes from the new renderer by the end of the quarter
        @21 wind: The refund action: Support issued 40 refunds without asking us
        anchors: On call for payments and invoicing is the same two people
        """,
        groups=(("Double sending on cut-over", (3, 5)), ("Cut-over knowledge", (4, 9))),
        lessons=(
            DemoLesson(
                "Two systems that can both send invoices will, unless one is switched off first",
                "Double sending on cut-over",
                item=DemoItem(
                    "Write a cut-over checklist that disables the old renderer's cron before the switch",
                    owner=23,
                    due_in=10,
                    outcome=Done(
                        days=-3,
                        what="Cut-over checklist with the old cron disabled and verified as step one",
                        where="Invoicing cut-over runbook",
                        evidence="https://wiki.northwind.example/payments/invoicing-cut-over",
                    ),
                ),
                tags=("invoicing", "runbooks"),
            ),
            DemoLesson(
                "A plan in one head is a single point of failure",
                "Cut-over knowledge",
                item=DemoItem(
                    "Walk the team through the cut-over plan and add a second on-call for invoicing",
                    owner=20,
                    due_in=21,
                ),
                tags=("invoicing", "on-call"),
            ),
        ),
        summary="Ready for the cut-over, with two risks: double sending and a plan only one person knows.",
    ),
    # --- Mobile: three retros, follow-through still finding its feet --------------------------
    DemoRetro(
        "mobile",
        "Mobile: crash on launch",
        "mad-sad-glad",
        days_ago=67,
        facilitator=31,
        cards="""
        mad: We found the Android 9 crash from app-store reviews, two days after the release
        mad: Crash reports only reach us in the weekly summary e-mail
        sad: One-star reviews we cannot answer fast enough
        @34 sad: We talked about testing on older phones months ago and never did
        glad: The hotfix went out in six hours
        glad: Sofia and Kofi paired on the fix and the regression test together
        mad: A dependency update raised the minimum SDK and nobody noticed in review
        glad: Staged rollout meant only 10 % of users had the bad build
        sad: Support had the tickets before we had any signal
        """,
        groups=(("Crash signals arrive late", (1, 2, 9)), ("Dependency updates", (7,))),
        lessons=(
            DemoLesson(
                "Crash reports in a weekly e-mail are a week too late",
                "Crash signals arrive late",
                item=DemoItem(
                    "Alert the team channel when a release's crash-free rate drops below 99.5 %",
                    owner=33,
                    due_in=14,
                    outcome=Done(
                        days=-1,
                        what="The crash tool posts to #mobile-alerts when a release drops under 99.5 % crash-free",
                        where="Crash tool alert rules",
                        evidence=f"{EVIDENCE}/mobile/app/-/merge_requests/1204",
                    ),
                ),
                tags=("alerting", "releases"),
            ),
            DemoLesson(
                "Dependency updates can change the supported OS versions without anyone reading the diff",
                "Dependency updates",
                item=DemoItem(
                    "Fail the build when the minimum SDK or deployment target changes without a label",
                    owner=34,
                    due_in=21,
                    outcome=Done(
                        days=-2,
                        what="The build fails when minSdk or the iOS deployment target changes unless the pull "
                        "request carries the platform-change label",
                        where="Mobile CI (build checks)",
                        evidence=f"{EVIDENCE}/mobile/app/-/merge_requests/1198",
                    ),
                ),
                tags=("dependencies", "ci"),
            ),
        ),
        summary=(
            "A crash we heard about from customers. Crash alerts now come to the channel, and the build "
            "stops a silent change of the minimum OS."
        ),
    ),
    DemoRetro(
        "mobile",
        "Mobile: accessibility sprint",
        "4ls",
        days_ago=46,
        facilitator=31,
        cards="""
        liked: Working with Design on the VoiceOver labels
        learned: Half our buttons had no accessible name
        @32 learned: TalkBack reads our custom tabs in the wrong order
        lacked: Accessibility checks in the pull-request template
        lacked: Time for the Android half of the sprint; release 5.4 took it
        longed-for: Automated accessibility tests on every build
        liked: The crash alert in the channel caught a crash on one phone model within an hour
        lacked: A second iOS reviewer when Minh is away
        longed-for: Fewer urgent requests in the middle of a sprint
        learned: Dynamic type breaks the checkout layout at the largest sizes
        """,
        groups=(
            ("Accessibility in every change", (2, 4, 6)),
            ("Interrupted sprints", (5, 9)),
            ("Review bottleneck", (8,)),
        ),
        lessons=(
            DemoLesson(
                "Accessibility found at the end of a sprint costs twice; checks in every pull request catch it early",
                "Accessibility in every change",
                item=DemoItem(
                    "Add accessibility checks to the PR template and run the accessibility scanner in CI",
                    owner=31,
                    due_in=14,
                    outcome=Done(
                        days=0,
                        what="The pull-request template has an accessibility section; the scanner runs on every "
                        "build and fails on missing labels",
                        where="Mobile repository (PR template and CI)",
                        evidence=f"{EVIDENCE}/mobile/app/-/merge_requests/1251",
                    ),
                ),
                tags=("accessibility",),
            ),
            DemoLesson(
                "Requests in the middle of a sprint cost us the Android half of the accessibility work",
                "Interrupted sprints",
                item=DemoItem(
                    "Agree with Product one intake for urgent requests, reviewed twice a week",
                    owner=30,
                    due_in=21,
                    outcome=Dropped(
                        days=3,
                        reason="Product Management is changing its intake for every team; we will follow theirs "
                        "rather than invent our own.",
                    ),
                ),
                tags=("planning",),
            ),
            DemoLesson(
                "One iOS reviewer is a bottleneck and a single point of failure",
                "Review bottleneck",
                item=DemoItem("Train Ethan as a second iOS reviewer", owner=33, due_in=21),
                tags=("code review",),
            ),
        ),
        summary="Accessibility checks move into every change. Urgent requests and a single iOS reviewer slow us.",
    ),
    DemoRetro(
        "mobile",
        "Mobile: release 5.5",
        "sailboat",
        days_ago=25,
        facilitator=31,
        cards="""
        wind: Accessibility checks in every pull request: 14 issues caught before review
        @35 wind: The device farm's Android 9 and 10 phones
        anchors: Builds take 34 minutes on CI
        anchors: Flaky UI tests on the iOS simulator
        rocks: The payment SDK update needs iOS 15 and 6 % of our users are below it
        rocks: App-store review takes longer around public holidays
        island: A release every two weeks without a hotfix
        anchors: Still one iOS reviewer most weeks
        """,
        groups=(("Slow and flaky CI", (3, 4)), ("Minimum OS", (5,))),
        lessons=(
            DemoLesson(
                "A 34-minute build makes people batch their changes",
                "Slow and flaky CI",
                item=DemoItem(
                    "Cache dependencies and split the UI tests across two runners",
                    owner=32,
                    due_in=14,
                    outcome=Done(
                        days=-2,
                        what="Dependency caching and two parallel UI-test runners: builds take 16 minutes",
                        where="Mobile CI pipeline",
                        evidence=f"{EVIDENCE}/mobile/app/-/merge_requests/1287",
                    ),
                ),
                tags=("ci",),
            ),
            DemoLesson(
                "Raising the minimum OS cuts off users; the decision needs numbers and a plan",
                "Minimum OS",
                item=DemoItem(
                    "Bring the iOS 15 usage figures and a message for affected users to product review",
                    owner=31,
                    due_in=21,
                ),
                tags=("releases", "planning"),
            ),
        ),
        summary="Faster builds are in reach. The payment SDK forces a minimum-OS decision we should make with Product.",
    ),
    # --- Data: three retros ---------------------------------------------------------------------
    DemoRetro(
        "data",
        "Data: quarter planning",
        "4ls",
        days_ago=53,
        facilitator=41,
        cards="""
        liked: The dashboard clean-up: 140 archived and nobody missed one
        learned: The schema contract caught a renamed field before it reached the warehouse
        lacked: Disk and memory headroom on the pipeline workers
        lacked: Time to document the feature store
        longed-for: Self-serve access requests for analysts
        @45 learned: Our A/B test readouts used the wrong denominator for two weeks
        lacked: A second reviewer for the statistics in readouts
        liked: Pairing across data engineering and data science on the churn features
        longed-for: Alerts that say which dashboard a late load affects
        """,
        groups=(("Statistical review", (6, 7)), ("Worker headroom", (3,))),
        lessons=(
            DemoLesson(
                "Readouts need a second pair of eyes on the statistics, not only on the SQL",
                "Statistical review",
                item=DemoItem(
                    "Add a statistics reviewer to every experiment readout",
                    owner=45,
                    due_in=14,
                    outcome=Done(
                        days=-3,
                        what="The readout template has a statistics reviewer field; readouts are not shared until "
                        "it is filled",
                        where="Experiment readout template",
                        evidence="https://wiki.northwind.example/data/readout-template",
                    ),
                ),
                tags=("experiments", "code review"),
            ),
            DemoLesson(
                "We run pipeline workers near their limits with no warning before they fill up",
                "Worker headroom",
                item=DemoItem(
                    "Alert at 80 % disk on pipeline workers and plan capacity for the next two quarters",
                    owner=46,
                    due_in=21,
                ),
                tags=("capacity",),
            ),
        ),
        summary="Readouts get a statistics reviewer. Worker headroom worries us: an alert and a capacity plan.",
    ),
    DemoRetro(
        "data",
        "Data: churn model launch",
        "mad-sad-glad",
        days_ago=32,
        facilitator=41,
        cards="""
        mad: The churn model launched a week late because the feature backfill ran out of memory twice
        sad: Customer Success could not explain the scores to customers
        @41 glad: Pairing with Customer Success on the score explanations
        glad: Statistical review caught an overlap between the training and test periods
        mad: Analyst access requests still take four days
        sad: We skipped the launch checklist to make the date
        glad: The schema contract with Payments has not broken once
        mad: Backfills compete with the nightly run for the same workers
        """,
        groups=(("Explaining scores", (2, 3)), ("Backfills and nightly runs", (1, 8))),
        lessons=(
            DemoLesson(
                "A score people can't explain doesn't get used",
                "Explaining scores",
                item=DemoItem(
                    "Ship reason codes with each churn score and a one-page guide for Customer Success",
                    owner=43,
                    due_in=14,
                    outcome=Done(
                        days=-1,
                        what="Each churn score carries its top three reason codes; Customer Success has a short guide",
                        where="Churn model output and the Customer Success playbook",
                    ),
                ),
                tags=("models", "collaboration"),
            ),
            DemoLesson(
                "Backfills and the nightly run starve each other on shared workers",
                "Backfills and nightly runs",
                item=DemoItem(
                    "Run backfills on a separate worker pool with its own quota",
                    owner=42,
                    due_in=14,
                    outcome=Done(
                        days=4,
                        what="Backfills run on their own worker pool with a quota; the nightly run keeps its workers",
                        where="Orchestrator configuration",
                        evidence=f"{EVIDENCE}/data/orchestrator/-/merge_requests/77",
                    ),
                ),
                tags=("capacity", "pipelines"),
            ),
        ),
        summary="Launched, late. Scores need reasons people can read; backfills get their own workers.",
    ),
    DemoRetro(
        "data",
        "Data: after the disk incident",
        "start-stop-continue",
        days_ago=11,
        facilitator=41,
        cards="""
        start: Capacity alerts at 80 % on every worker volume
        start: A monthly look at storage growth per pipeline
        stop: Writing temporary files to the root volume
        continue: The separate worker pool for backfills
        @46 continue: Writing the incident review draft the same day
        stop: Letting the capacity item from two retros ago sit overdue
        continue: Reason codes on churn scores; Customer Success uses them in calls
        start: Self-serve analyst access with manager approval
        """,
        groups=(("Capacity", (1, 2, 6)),),
        lessons=(
            DemoLesson(
                "Capacity items left open turn into incidents",
                "Capacity",
                item=DemoItem(
                    "Review storage growth per pipeline monthly, starting with the top five", owner=41, due_in=14
                ),
                tags=("capacity",),
            ),
            DemoLesson(
                "Four-day access requests push analysts to share credentials",
                8,
                item=DemoItem("Pilot self-serve analyst access with manager approval", owner=44, due_in=21),
                tags=("access", "security"),
            ),
        ),
        summary="The disk incident was the capacity item we left open. We look at storage monthly from now on.",
    ),
    # --- Support: fortnightly retros, and one collecting cards until next week ------------------
    DemoRetro(
        "support",
        "Support: the big backlog",
        "mad-sad-glad",
        days_ago=58,
        facilitator=81,
        cards="""
        mad: Tickets about missing weekly reports bounce between us, Data and Customer Success
        mad: The password-reset macro still links to the old help centre
        sad: A backlog of 240 tickets after last month's release
        @84 glad: The new triage tags: we can finally see what the backlog is made of
        glad: Engineering answered the billing escalation within an hour
        sad: Nobody knows which team owns the weekly report e-mails
        mad: Customers tell us about outages before the status page does
        glad: The weekend coverage rota worked
        sad: New hires shadow for two weeks with no checklist
        """,
        groups=(("Who owns weekly reports?", (1, 6)), ("Status page lags", (7,))),
        lessons=(
            DemoLesson(
                "Tickets without an owning team bounce until a customer escalates",
                "Who owns weekly reports?",
                item=DemoItem(
                    "Agree with Data and Customer Success who owns weekly report e-mails",
                    owner=80,
                    due_in=10,
                    outcome=Done(
                        days=-2,
                        what="Data owns the report job, Support owns the customer conversation; written into the "
                        "ticket routing table",
                        where="Support routing table",
                    ),
                ),
                tags=("ownership", "escalations"),
            ),
            DemoLesson(
                "Customers hear about outages late because only engineers can update the status page",
                "Status page lags",
                item=DemoItem(
                    "Let Support leads post status page incidents",
                    owner=82,
                    due_in=14,
                    outcome=Done(
                        days=-5,
                        what="Support leads can open and update status page incidents; the incident runbook says when",
                        where="Status page roles and the incident runbook",
                    ),
                ),
                tags=("incidents", "communication"),
            ),
        ),
        summary="The backlog is visible at last. Two fixes: an owner for report e-mails, and status page rights.",
    ),
    DemoRetro(
        "support",
        "Support: escalations",
        "start-stop-continue",
        days_ago=44,
        facilitator=82,
        cards="""
        start: A checklist for a new hire's first two weeks
        start: Tagging escalations by product area and reporting them to Engineering monthly
        stop: Copying customer data into chat to ask engineers questions
        stop: Closing tickets as solved while we wait on Engineering
        continue: Posting status page incidents ourselves; the first one went up in 6 minutes
        @86 continue: The weekly sync with Data on report issues
        start: A "waiting on engineering" status with a follow-up date
        continue: Triage tags
        stop: Answering the same SSO question by hand ten times a week
        start: A help-centre article on setting up SSO
        """,
        groups=(("Waiting on Engineering", (4, 7)), ("Repeat questions", (9, 10)), ("Onboarding", (1,))),
        lessons=(
            DemoLesson(
                "Marking tickets solved while we wait hides the real backlog",
                "Waiting on Engineering",
                item=DemoItem(
                    "Add a 'waiting on engineering' status with a three-day follow-up",
                    owner=85,
                    due_in=14,
                    outcome=Done(
                        days=-1,
                        what="New ticket status with an automatic follow-up after three working days",
                        where="Help desk statuses and automations",
                    ),
                ),
                tags=("escalations",),
            ),
            DemoLesson(
                "Ten identical questions a week are a missing article",
                "Repeat questions",
                item=DemoItem(
                    "Publish an SSO setup article and link it from the macro",
                    owner=87,
                    due_in=14,
                    outcome=Done(
                        days=2,
                        what="SSO setup article published; the SSO macro links to it",
                        where="Help centre",
                        evidence="https://help.northwind.example/articles/sso-setup",
                    ),
                ),
                tags=("self-service",),
            ),
            DemoLesson(
                "Customer data pasted into chat spreads further than anyone intends",
                3,
                item=DemoItem(
                    "Link tickets instead of pasting customer data in engineering chats",
                    owner=80,
                    due_in=7,
                    outcome=Done(
                        days=-3,
                        what="The escalation template links the ticket; the chat bot warns when an e-mail address "
                        "is pasted in #support-eng",
                        where="Escalation template and chat bot rule",
                    ),
                ),
                tags=("privacy",),
            ),
        ),
        summary="Honest ticket statuses, an article for the SSO question, and no more customer data in chat.",
    ),
    DemoRetro(
        "support",
        "Support: new hire onboarding",
        "4ls",
        days_ago=30,
        facilitator=81,
        cards="""
        liked: The SSO article cut those tickets from ten a week to two
        learned: Patrick's shadowing notes are better than our official docs
        lacked: An onboarding checklist, still
        lacked: Access to the admin tool on day one
        longed-for: A quiet hour without chat every day
        @83 liked: The 'waiting on engineering' status: I know which tickets are mine to chase
        learned: Most refund tickets are one click now with the Payments refund action
        lacked: A way to see from a ticket which incidents affect that customer
        """,
        groups=(("Onboarding", (2, 3, 4)),),
        lessons=(
            DemoLesson(
                "New hires learn from shadowing notes we never wrote down",
                "Onboarding",
                item=DemoItem(
                    "Turn the shadowing notes into a two-week onboarding checklist",
                    owner=83,
                    due_in=14,
                    outcome=Done(
                        days=-2,
                        what="Two-week onboarding checklist, including admin access on day one",
                        where="Support onboarding checklist",
                        evidence="https://wiki.northwind.example/support/onboarding",
                    ),
                ),
                tags=("onboarding",),
            ),
            DemoLesson(
                "Constant chat interrupts focused ticket work",
                5,
                item=DemoItem(
                    "Try a daily quiet hour with one person covering chat",
                    owner=84,
                    due_in=14,
                    outcome=Done(
                        days=0,
                        what="Daily quiet hour from 10:00 to 11:00; one person covers chat on a rota",
                        where="Support rota",
                    ),
                ),
                tags=("focus",),
            ),
        ),
        summary="Onboarding gets a checklist built from what new hires actually needed; we try a daily quiet hour.",
    ),
    DemoRetro(
        "support",
        "Support: after the SSO outage",
        "sailboat",
        days_ago=16,
        facilitator=82,
        cards="""
        wind: The onboarding checklist: Jamal's first week went smoothly
        wind: The quiet hour: fewer context switches
        anchors: During the SSO outage we had no script for what to tell customers
        anchors: Incident updates reached us 20 minutes after customers noticed
        rocks: The pricing launch next month will bring billing questions
        rocks: Two people on leave in the launch week
        island: Customers hear about incidents from us first
        @87 anchors: The status page post waited for an engineer's approval during the outage
        """,
        groups=(("Incident communication", (3, 4, 8)), ("Pricing launch", (5, 6))),
        lessons=(
            DemoLesson(
                "Without a ready script, the first incident update takes too long",
                "Incident communication",
                item=DemoItem(
                    "Write reply templates for the five most common outage types",
                    owner=82,
                    due_in=14,
                    outcome=Done(
                        days=-1,
                        what="Five incident reply templates (sign-in, reports, payments, app, slowness) as macros",
                        where="Help desk macros",
                    ),
                ),
                tags=("incidents", "communication"),
            ),
            DemoLesson(
                "Launches land on Support the week they ship",
                "Pricing launch",
                item=DemoItem("Get a pricing FAQ from Product two weeks before the launch", owner=86, due_in=14),
                tags=("launches",),
            ),
        ),
        summary="Incident replies get templates. The pricing launch is the next risk; we need the FAQ early.",
        visibility=ORGANIZATION,
    ),
    DemoRetro(
        "support",
        "Support: pricing launch fortnight",
        "start-stop-continue",
        days_ago=2,
        facilitator=81,
        cards="""
        stop: Waiting for the pricing FAQ while customers are already asking
        start: A shared saved search for pricing tickets
        continue: The quiet hour
        """,
        mode=ASYNC,
    ),
)
