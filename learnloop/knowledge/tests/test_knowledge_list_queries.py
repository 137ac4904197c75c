"""List pages and list endpoints need a fixed number of queries, however many items there are."""

from __future__ import annotations

from django.urls import reverse

from learnloop.knowledge import services


def _many(alice, charlie, org, count=12):
    for number in range(count):
        playbook = services.playbook_create(
            actor=alice, team=org["platform"], title=f"Playbook {number}", visibility="organization", tags=["x"]
        )
        note = services.decision_create(
            actor=alice, team=org["platform"], title=f"Decision {number}", visibility="organization"
        )
        services.reuse_record(actor=charlie, item=playbook, action="opened")
        services.reuse_record(actor=charlie, item=note, action="applied")


def test_decision_and_reuse_pages_need_few_queries(client, alice, charlie, org, django_assert_max_num_queries):
    _many(alice, charlie, org)
    client.force_login(charlie.user)
    for name in ("decisions", "knowledge-reuse", "playbooks", "playbook-stale"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_list_endpoints_need_few_queries(api_as, alice, charlie, org, django_assert_max_num_queries):
    _many(alice, charlie, org)
    api = api_as(charlie)
    for path in ("/playbooks", "/decisions", "/reuse/teams"):
        with django_assert_max_num_queries(12):
            assert api.get(path).status_code == 200
