"""The voice section of a team's page: the team's latest released pulse result, for those who may see it."""

from __future__ import annotations

from django.utils import timezone

from learnloop.people.models import Person, Team
from learnloop.people.selectors import TeamPanel, register_team_panel
from learnloop.voice.models import PulseRun
from learnloop.voice.results import run_results
from learnloop.voice.selectors import can_see_group, managed_team_ids, runs_for


@register_team_panel
def team_voice_panel(team: Team, viewer: Person) -> TeamPanel | None:
    today = timezone.localdate()
    run: PulseRun | None = (
        runs_for(viewer).filter(cells__team=team, opens_on__lte=today).order_by("-opens_on", "-id").first()
    )
    if run is None:
        return None
    results = run_results(run, with_items=False)
    group = results.for_team(team.pk)
    member_of = set(team.memberships.filter(person=viewer).values_list("team_id", flat=True))
    if group is None or not can_see_group(viewer, group, managed=managed_team_ids(viewer), member_of=member_of):
        return None
    return TeamPanel(template="voice/_team_panel.html", context={"run": run, "group": group})
