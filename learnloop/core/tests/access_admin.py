"""Expected access to the Django admin: every page of every registered model (see core/tests/access.py).

Only the admin role (Erin) gets in; everyone else is sent to the admin's sign-in page (which
itself answers everyone, and sends the admin on). Most of our models are read-only there
(writes go through services), so their add and delete pages answer 403 even to the admin. The
autocomplete answers 403 without the model and field it is asked about; teams have no page of
their own on the site, so "view on site" finds nothing. Signing out through the admin sends
anyone but the admin back to the admin's start (and so to its sign-in page); the admin is signed
out and sent to Learnloop's sign-in page.
"""

from __future__ import annotations

from django.apps import apps

from learnloop.core.tests.access import Call, World, table
from learnloop.people.models import Team

ADMIN = table("""
# page                                 method object anonymous outsider member facilitator manager analyst admin
admin:index                            GET    -      login     login    login  login       login   login   200
admin:app_list                         GET    -      login     login    login  login       login   login   200
admin:login                            GET    -      200       200      200    200         200     200     302
admin:logout                           POST   -      302       302      302    302         302     302     login
admin:password_change                  GET    -      login     login    login  login       login   login   200
admin:password_change_done             GET    -      login     login    login  login       login   login   200
admin:jsi18n                           GET    -      login     login    login  login       login   login   200
admin:autocomplete                     GET    -      login     login    login  login       login   login   403
admin:view_on_site                     GET    -      login     login    login  login       login   login   404
admin:auth_group_changelist            GET    -      login     login    login  login       login   login   200
admin:auth_group_add                   GET    -      login     login    login  login       login   login   200
admin:auth_group_change                GET    -      login     login    login  login       login   login   200
admin:auth_group_history               GET    -      login     login    login  login       login   login   200
admin:auth_group_delete                GET    -      login     login    login  login       login   login   200
admin:axes_accessattempt_changelist    GET    -      login     login    login  login       login   login   200
admin:axes_accessattempt_add           GET    -      login     login    login  login       login   login   403
admin:axes_accessattempt_change        GET    -      login     login    login  login       login   login   200
admin:axes_accessattempt_history       GET    -      login     login    login  login       login   login   200
admin:axes_accessattempt_delete        GET    -      login     login    login  login       login   login   200
admin:axes_accesslog_changelist        GET    -      login     login    login  login       login   login   200
admin:axes_accesslog_add               GET    -      login     login    login  login       login   login   403
admin:axes_accesslog_change            GET    -      login     login    login  login       login   login   200
admin:axes_accesslog_history           GET    -      login     login    login  login       login   login   200
admin:axes_accesslog_delete            GET    -      login     login    login  login       login   login   200
admin:axes_accessfailurelog_changelist GET    -      login     login    login  login       login   login   200
admin:axes_accessfailurelog_add        GET    -      login     login    login  login       login   login   403
admin:axes_accessfailurelog_change     GET    -      login     login    login  login       login   login   200
admin:axes_accessfailurelog_history    GET    -      login     login    login  login       login   login   200
admin:axes_accessfailurelog_delete     GET    -      login     login    login  login       login   login   200
admin:core_auditevent_changelist       GET    -      login     login    login  login       login   login   200
admin:core_auditevent_add              GET    -      login     login    login  login       login   login   403
admin:core_auditevent_change           GET    -      login     login    login  login       login   login   200
admin:core_auditevent_history          GET    -      login     login    login  login       login   login   200
admin:core_auditevent_delete           GET    -      login     login    login  login       login   login   403
admin:people_user_changelist           GET    -      login     login    login  login       login   login   200
admin:people_user_add                  GET    -      login     login    login  login       login   login   403
admin:people_user_change               GET    -      login     login    login  login       login   login   200
admin:people_user_history              GET    -      login     login    login  login       login   login   200
admin:people_user_delete               GET    -      login     login    login  login       login   login   403
admin:people_person_changelist         GET    -      login     login    login  login       login   login   200
admin:people_person_add                GET    -      login     login    login  login       login   login   403
admin:people_person_change             GET    -      login     login    login  login       login   login   200
admin:people_person_history            GET    -      login     login    login  login       login   login   200
admin:people_person_delete             GET    -      login     login    login  login       login   login   403
admin:people_team_changelist           GET    -      login     login    login  login       login   login   200
admin:people_team_add                  GET    -      login     login    login  login       login   login   403
admin:people_team_change               GET    -      login     login    login  login       login   login   200
admin:people_team_history              GET    -      login     login    login  login       login   login   200
admin:people_team_delete               GET    -      login     login    login  login       login   login   403
admin:people_membership_changelist     GET    -      login     login    login  login       login   login   200
admin:people_membership_add            GET    -      login     login    login  login       login   login   403
admin:people_membership_change         GET    -      login     login    login  login       login   login   200
admin:people_membership_history        GET    -      login     login    login  login       login   login   200
admin:people_membership_delete         GET    -      login     login    login  login       login   login   403
admin:equity_opportunity_changelist    GET    -      login     login    login  login       login   login   200
admin:equity_opportunity_add           GET    -      login     login    login  login       login   login   403
admin:equity_opportunity_change        GET    -      login     login    login  login       login   login   200
admin:equity_opportunity_history       GET    -      login     login    login  login       login   login   200
admin:equity_opportunity_delete        GET    -      login     login    login  login       login   login   403
admin:equity_application_changelist    GET    -      login     login    login  login       login   login   200
admin:equity_application_add           GET    -      login     login    login  login       login   login   403
admin:equity_application_change        GET    -      login     login    login  login       login   login   200
admin:equity_application_history       GET    -      login     login    login  login       login   login   200
admin:equity_application_delete        GET    -      login     login    login  login       login   login   403
admin:equity_learningrecord_changelist GET    -      login     login    login  login       login   login   200
admin:equity_learningrecord_add        GET    -      login     login    login  login       login   login   403
admin:equity_learningrecord_change     GET    -      login     login    login  login       login   login   200
admin:equity_learningrecord_history    GET    -      login     login    login  login       login   login   200
admin:equity_learningrecord_delete     GET    -      login     login    login  login       login   login   403
""")


# The admin site's own pages; every other row is a model's page, `admin:<app>_<model>_<page>`.
SITE_PAGES = {
    f"admin:{name}"
    for name in ("index", "app_list", "login", "logout", "password_change", "password_change_done", "jsi18n",
                 "autocomplete", "view_on_site")
}  # fmt: skip


def build(world: World) -> None:
    """A row for the models no app of ours creates in the world (the other apps add theirs)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.create(name="Reviewers")
    seen = {"ip_address": "192.0.2.1", "user_agent": "matrix", "username": "nobody@example.com"}
    AccessAttempt.objects.create(
        **seen, failures_since_start=1, get_data="", post_data="", http_accept="", path_info="/"
    )
    AccessLog.objects.create(**seen, http_accept="", path_info="/")
    AccessFailureLog.objects.create(**seen, http_accept="", path_info="/", locked_out=False)


def call(name: str, world: World, team: str | None) -> Call:
    from django.contrib.contenttypes.models import ContentType

    if name in SITE_PAGES:
        if name == "admin:app_list":
            return Call(kwargs={"app_label": "people"})
        if name == "admin:view_on_site":
            team_type = ContentType.objects.get_for_model(Team)
            return Call(kwargs={"content_type_id": team_type.pk, "object_id": world.teams["platform"].pk})
        return Call()
    app_label, model_name, page = name.removeprefix("admin:").split("_")
    if page in {"changelist", "add"}:
        return Call()
    model = apps.get_model(app_label, model_name)
    first = model._default_manager.order_by("pk").first()
    assert first is not None, f"the world has no {model._meta.verbose_name} for the admin's {page} page"
    return Call(kwargs={"object_id": first.pk})
