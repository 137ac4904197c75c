"""Pulse results through the anonymity guard: what shows, what stays hidden, and the numbers."""

from __future__ import annotations

import datetime
import random

import pytest
from django.contrib import admin
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.core.stats import cronbach_alpha
from learnloop.people.models import Membership
from learnloop.people.tests.factories import TeamFactory
from learnloop.voice import services
from learnloop.voice.models import Answer, Comment, ConstructScore, Participation, Response
from learnloop.voice.results import ORG, run_results
from learnloop.voice.selectors import results_for
from learnloop.voice.tests.pulses import answer, members, open_pulse


def team_result(run, team):
    return run_results(run).for_team(team.pk)


def test_a_team_result_shows_only_once_five_have_answered(org):
    people = members(org["platform"], 6)
    run = open_pulse([org["platform"]])
    for person in people[:4]:
        answer(run, person, 6)
    assert not team_result(run, org["platform"]).shown
    answer(run, people[4], 6)
    result = team_result(run, org["platform"])
    assert result.shown and result.respondents == 5


def test_a_result_moves_only_when_enough_new_answers_arrive(org):
    people = members(org["platform"], 10)
    run = open_pulse([org["platform"]])
    for person in people[:5]:
        answer(run, person, 6)
    for person in people[5:9]:
        answer(run, person, 2)
    result = team_result(run, org["platform"])
    assert result.respondents == 5 and result.constructs[0].summary.mean == pytest.approx(
        31 / 7 * 0 + (4 * 6 + 3 * 2) / 7
    )
    answer(run, people[9], 2)
    assert team_result(run, org["platform"]).respondents == 10


def test_a_small_sibling_hides_the_next_smallest_too(org):
    """All answers released at once (as an import does): Platform 3, Data 6, Web 12."""
    engineering, platform = org["engineering"], org["platform"]
    data = TeamFactory(name="Data", slug="data", parent=engineering)
    web = TeamFactory(name="Web", slug="web", parent=engineering)
    run = open_pulse([engineering])
    items = list(run.instrument.items.all())
    for team, count in ((platform, 3), (data, 6), (web, 12)):
        cell = run.cells.get(team=team)
        for _ in range(count):
            services.record_response(
                run=run,
                cell=cell,
                items=items,
                scores={i.pk: 5 for i in items},
                comments={},
                segment="",
                day=timezone.localdate(),
                batch=1,
            )
    results = run_results(run)
    shown = {team.name: results.for_team(team.pk).shown for team in [engineering, platform, data, web]}
    # Platform (3) is too small; Data (6) is hidden too, else Engineering minus Web minus Data gives Platform.
    assert shown == {"Engineering": True, "Platform": False, "Data": False, "Web": True}


def test_answers_are_released_per_team_so_a_team_shows_as_soon_as_five_of_its_people_answer(org):
    platform_people = members(org["platform"], 5)
    sales_people = members(org["sales"], 3)
    run = open_pulse([org["root"]])
    for person in sales_people + platform_people:
        answer(run, person, 6)
    results = run_results(run)
    assert results.for_team(org["platform"].pk).respondents == 5
    assert not results.for_team(org["sales"].pk).shown


def test_after_closing_a_team_keeps_its_last_safe_result_when_few_answers_came_late(org):
    people = members(org["platform"], 7)
    others = members(org["sales"], 9)
    run = open_pulse([org["root"]])
    for person in people[:5]:
        answer(run, person, 6)
    for person in others:
        answer(run, person, 3)
    answer(run, people[5], 1)  # waits for four more answers anywhere
    services.run_close(actor=SYSTEM, run=run)
    results = run_results(run)
    assert results.for_team(org["platform"].pk).respondents == 5  # the late answer does not move Platform
    assert results.organization.respondents in (14, 15)


def test_moving_a_person_after_answering_changes_no_published_number(org, bob):
    people = members(org["platform"], 6)
    sales = members(org["sales"], 6)
    run = open_pulse([org["root"]])
    for person in people + sales:
        answer(run, person, 6)
    before = {(g.key, g.respondents) for g in run_results(run).groups}
    Membership.objects.filter(person=people[0]).update(team=org["sales"])
    after = {(g.key, g.respondents) for g in run_results(run).groups}
    assert before == after


def test_means_intervals_and_alpha_match_the_raw_answers(org):
    people = members(org["platform"], 15)
    run = open_pulse([org["platform"]])
    items = list(run.instrument.items.all())
    rng = random.Random(3)
    rows = []
    for person in people:
        base = rng.randint(2, 6)
        scores = {item.pk: max(1, min(7, base + rng.randint(-1, 1))) for item in items}
        services.pulse_answer(actor=person, run=run, scores=scores)
        rows.append([8 - scores[i.pk] if i.reverse_scored else scores[i.pk] for i in items])
    services.run_close(actor=SYSTEM, run=run)
    construct = team_result(run, org["platform"]).constructs[0]
    means = [sum(row) / len(row) for row in rows]
    assert construct.summary.n == 15
    assert construct.summary.mean == pytest.approx(sum(means) / 15)
    assert construct.alpha == pytest.approx(cronbach_alpha(rows))
    assert sum(construct.distribution) == 15 * 7


def test_comments_need_the_larger_minimum(org):
    people = members(org["platform"], 9)
    run = open_pulse([org["platform"]])
    first = run.instrument.items.first()
    for person in people[:7]:
        answer(run, person, 6, comments={first.pk: f"Note from someone ({random.random():.3f})"})
    services.run_close(actor=SYSTEM, run=run)
    assert team_result(run, org["platform"]).shown
    assert team_result(run, org["platform"]).comments is None
    run2 = open_pulse([org["platform"]], title="Second")
    for person in people:
        answer(run2, person, 6, comments={first.pk: "We are fine"})
    services.run_close(actor=SYSTEM, run=run2)
    comments = team_result(run2, org["platform"]).comments
    assert comments and len(comments[0][1]) == 9


def test_members_see_their_own_team_and_managers_their_teams_but_not_others(org, alice, bob, charlie, dana):
    platform_people = members(org["platform"], 5)
    sales_people = members(org["sales"], 5)
    run = open_pulse([org["root"]])
    for person in platform_people + sales_people:
        answer(run, person, 5)
    seen_by_bob = {g.label for g in results_for(bob, run).teams}
    assert "Platform" in seen_by_bob and "Sales" not in seen_by_bob
    seen_by_alice = {g.label for g in results_for(alice, run).teams}
    assert seen_by_alice == {"Platform"}
    assert {g.label for g in results_for(dana, run).teams} >= {"Platform", "Sales", "Engineering", "Acme"}
    assert results_for(charlie, run).organization.key == ORG


def test_no_admin_page_exposes_answers():
    for model in (Response, Answer, ConstructScore, Comment, Participation):
        assert model not in admin.site._registry


def test_a_past_run_releases_its_last_answers_where_they_add_at_least_the_minimum(org):
    people = members(org["platform"], 6)
    today = timezone.localdate()
    run = open_pulse([org["platform"]], opens_on=today - datetime.timedelta(days=10), closes_on=today)
    for person in people:
        answer(run, person, 6)
    later = today + datetime.timedelta(days=1)
    # the sixth answer alone would move the team's published result by one person: held back
    assert run_results(run, today=later).for_team(org["platform"].pk).respondents == 5
    for person in members(org["platform"], 4):
        Membership.objects.filter(person=person).delete()
    run2 = open_pulse([org["platform"]], title="Next", opens_on=today - datetime.timedelta(days=10), closes_on=today)
    for person in people[:3]:
        answer(run2, person, 6)
    # a run that ends with fewer than the minimum in total shows nothing at all
    assert not run_results(run2, today=later).for_team(org["platform"].pk).shown


def test_a_segment_filter_whose_complement_is_small_is_refused(org, dana):
    from learnloop.core.anonymity import FilterRefused

    people = members(org["platform"], 8)
    run = open_pulse([org["platform"]], segment_label="Remote?", segment_choices=["Remote", "Office"])
    for number, person in enumerate(people):
        answer(run, person, 5, segment="Remote" if number < 6 else "Office")
    services.run_close(actor=SYSTEM, run=run)
    with pytest.raises(FilterRefused, match="leaves fewer than 5 people outside it"):
        results_for(dana, run, segment="Remote")
    with pytest.raises(FilterRefused, match="selects fewer than 5"):
        results_for(dana, run, segment="Office")
    # the unfiltered breakdown never shows the two office answers, alone or by subtraction
    viewed = results_for(dana, run)
    organization = viewed.organization.respondents
    for group in viewed.segments:
        assert not group.shown or group.respondents == 0 or group.respondents >= 5
        assert not group.shown or organization - group.respondents in (0,) or organization - group.respondents >= 5


def test_the_csv_export_holds_the_guarded_numbers_only(client, alice, org):
    people = members(org["platform"], 4)
    run = open_pulse([org["platform"]])
    for person in people:
        answer(run, person, 6)
    client.force_login(alice.user)
    rows = client.get(f"/pulses/{run.pk}/results.csv").content.decode().splitlines()
    assert rows[0].startswith("group,segment,shown,answers")
    platform = next(row for row in rows if row.startswith("Platform,"))
    assert platform.startswith("Platform,,no,,")


def test_the_team_page_shows_the_latest_pulse_to_its_members_only(client, bob, charlie, org):
    people = members(org["platform"], 5)
    run = open_pulse([org["platform"]])
    for person in people:
        answer(run, person, 6)
    client.force_login(bob.user)
    page = client.get("/teams/platform/").content.decode()
    assert "Latest pulse" in page and "from 5 answers" in page
    client.force_login(charlie.user)
    assert "Latest pulse" not in client.get("/teams/platform/").content.decode()


def test_analysts_see_the_breakdown_and_a_refused_filter_explains_itself(client, dana, bob, org):
    people = members(org["platform"], 10)
    run = open_pulse([org["platform"]], segment_label="Remote?", segment_choices=["Remote", "Office"])
    for number, person in enumerate(people):
        answer(run, person, 5, segment="Remote" if number < 8 else "Office")
    client.force_login(dana.user)
    page = client.get(f"/pulses/{run.pk}/").content.decode()
    assert "By “Remote?”" in page
    refused = client.get(f"/pulses/{run.pk}/?segment=Remote", follow=True).content.decode()
    assert "leaves fewer than 5 people outside it" in refused
    client.force_login(bob.user)
    assert "By “Remote?”" not in client.get(f"/pulses/{run.pk}/").content.decode()
