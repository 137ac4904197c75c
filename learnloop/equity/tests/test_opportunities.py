"""Opportunities: posted openly, seen and applied for by the eligible, decided with a rationale."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from conftest import _person
from learnloop.core.models import AuditEvent
from learnloop.equity import services
from learnloop.equity.models import Application, LearningRecord, Opportunity
from learnloop.equity.selectors import is_eligible, opportunities_for


def test_members_of_the_eligible_teams_see_it_and_others_do_not(client, talk, bob, charlie):
    client.force_login(bob.user)
    assert "Talk at the engineering all-hands" in client.get(reverse("equity-opportunities")).content.decode()
    client.force_login(charlie.user)
    assert "Talk at the engineering all-hands" not in client.get(reverse("equity-opportunities")).content.decode()
    assert client.get(reverse("equity-opportunity", args=[talk.pk])).status_code == 404


def test_an_opportunity_for_a_parent_team_is_open_to_the_teams_under_it(alice, bob, charlie, org):
    opportunity = services.opportunity_post(
        actor=alice,
        title="Course",
        kind="course",
        capacity=3,
        deadline=datetime.date.today(),
        teams=[org["engineering"]],
    )
    assert is_eligible(bob, opportunity) and not is_eligible(charlie, opportunity)


def test_team_levels_narrow_who_is_eligible(alice, bob, charlie, org):
    # Platform is at level 2 of the tree (Acme > Engineering > Platform), Sales at level 1.
    deep = services.opportunity_post(
        actor=alice, title="Deep", kind="course", capacity=1, deadline=datetime.date.today(), min_level=2
    )
    shallow = services.opportunity_post(
        actor=alice, title="Shallow", kind="course", capacity=1, deadline=datetime.date.today(), max_level=1
    )
    assert is_eligible(bob, deep) and not is_eligible(charlie, deep)
    assert is_eligible(charlie, shallow) and not is_eligible(bob, shallow)
    assert [o.title for o in opportunities_for(charlie)] == ["Shallow"]


def test_a_member_cannot_post_and_a_past_deadline_is_refused(bob, alice):
    with pytest.raises(PermissionDenied):
        services.opportunity_post(actor=bob, title="x", kind="course", capacity=1, deadline=datetime.date.today())
    with pytest.raises(ValidationError) as error:
        services.opportunity_post(
            actor=alice, title="x", kind="course", capacity=1, deadline=datetime.date.today() - datetime.timedelta(1)
        )
    assert "deadline" in error.value.message_dict


def test_the_posting_form_shows_field_errors(client, alice):
    client.force_login(alice.user)
    response = client.post(reverse("equity-opportunity-create"), {"title": "", "kind": "course", "capacity": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page
    assert "greater than or equal to 1" in page


def test_the_ineligible_cannot_apply_even_directly(talk, charlie):
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=charlie, opportunity=talk)


def test_applying_twice_is_refused_but_a_withdrawn_application_can_be_renewed(talk, bob):
    application = services.application_submit(actor=bob, opportunity=talk, motivation="First time")
    with pytest.raises(ValidationError, match="applied for this already"):
        services.application_submit(actor=bob, opportunity=talk)
    services.application_withdraw(actor=bob, application=application)
    again = services.application_submit(actor=bob, opportunity=talk, motivation="Now I can")
    assert again.pk == application.pk and again.status == Application.Status.APPLIED


def test_an_award_needs_a_rationale_and_becomes_a_learning_record(talk, alice, bob):
    application = services.application_submit(actor=bob, opportunity=talk)
    with pytest.raises(ValidationError, match="Say why"):
        services.application_decide(actor=alice, application=application, award=True, rationale="  ")
    services.application_decide(actor=alice, application=application, award=True, rationale="First talk for Bob")
    record = LearningRecord.objects.get(person=bob)
    assert (record.kind, record.source, record.application_id) == ("Speaking slot", "award", application.pk)
    event = AuditEvent.objects.get(action="equity.application_award")
    assert event.changes == {"rationale": "First talk for Bob"}


def test_capacity_is_enforced(talk, alice, bob, org):
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    first = services.application_submit(actor=bob, opportunity=talk)
    second = services.application_submit(actor=carol, opportunity=talk)
    services.application_decide(actor=alice, application=first, award=True, rationale="Asked first")
    with pytest.raises(ValidationError, match="All 1 places are awarded already"):
        services.application_decide(actor=alice, application=second, award=True, rationale="Also good")
    services.application_decide(actor=alice, application=second, award=False, rationale="One place; next time")
    assert LearningRecord.objects.count() == 1


def test_only_the_poster_or_an_admin_decides(talk, bob, erin, org):
    carol = _person("Carol Cole", "carol@example.com", org["platform"], "manager")
    application = services.application_submit(actor=bob, opportunity=talk)
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=carol, application=application, award=True, rationale="I manage too")
    services.application_decide(actor=erin, application=application, award=False, rationale="Postponed")
    assert Application.objects.get(pk=application.pk).status == Application.Status.DECLINED


def test_the_database_refuses_a_decision_without_a_rationale(talk, bob):
    application = services.application_submit(actor=bob, opportunity=talk)
    with pytest.raises(IntegrityError):
        Application.objects.filter(pk=application.pk).update(status=Application.Status.AWARDED)


def test_the_applicant_sees_the_decision_and_its_reason_but_not_other_applicants(client, talk, alice, bob, org):
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    mine = services.application_submit(actor=bob, opportunity=talk)
    services.application_submit(actor=carol, opportunity=talk, motivation="Carol's secret plan")
    services.application_decide(actor=alice, application=mine, award=True, rationale="Bob has never spoken there")
    client.force_login(bob.user)
    page = client.get(reverse("equity-opportunity", args=[talk.pk])).content.decode()
    assert "Awarded: Bob has never spoken there" in page
    assert "Carol" not in page and "Applicants</dt><dd>2" in page


def test_a_decision_without_a_reason_shows_a_field_error(client, talk, alice, bob):
    application = services.application_submit(actor=bob, opportunity=talk)
    client.force_login(alice.user)
    response = client.post(
        reverse("equity-application-decide", args=[application.pk]),
        {f"a{application.pk}-decision": "award", f"a{application.pk}-rationale": ""},
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Application.Status.APPLIED


def test_the_list_page_has_a_fixed_number_of_queries(client, alice, bob, org, django_assert_max_num_queries):
    for number in range(8):
        services.opportunity_post(
            actor=alice,
            title=f"Course {number}",
            kind="course",
            capacity=2,
            deadline=datetime.date.today(),
            teams=[org["platform"]],
        )
    client.force_login(bob.user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("equity-opportunities")).status_code == 200


def test_after_the_deadline_it_leaves_the_open_list_and_takes_no_applications(client, talk, bob):
    Opportunity.objects.filter(pk=talk.pk).update(deadline=datetime.date.today() - datetime.timedelta(days=1))
    talk.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.application_submit(actor=bob, opportunity=talk)
    assert list(opportunities_for(bob)) == [] and list(opportunities_for(bob, show="all")) == [talk]
    client.force_login(bob.user)
    assert "Applications are closed." in client.get(reverse("equity-opportunity", args=[talk.pk])).content.decode()


def test_whoever_decides_sees_how_much_learning_each_applicant_had_lately(client, talk, alice, bob, org):
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    for days_ago in (10, 100, 400):
        LearningRecord.objects.create(
            person=bob,
            kind="course",
            occurred_on=datetime.date.today() - datetime.timedelta(days=days_ago),
            source="import",
        )
    services.application_submit(actor=bob, opportunity=talk)
    services.application_submit(actor=carol, opportunity=talk)
    client.force_login(alice.user)
    page = client.get(reverse("equity-opportunity", args=[talk.pk])).content.decode()
    assert "2 learning records in the last 12 months" in page and "0 learning records in the last 12 months" in page


def test_the_poster_cannot_apply_for_their_own_opportunity(talk, alice):
    with pytest.raises(ValidationError, match="you cannot also apply"):
        services.application_submit(actor=alice, opportunity=talk)
