from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from learnloop.core.access import PUBLIC, SIGNED_IN
from learnloop.people import views
from learnloop.people.forms import InvitingPasswordResetForm

auth_patterns = [
    path(
        "sign-in/",
        PUBLIC(auth_views.LoginView.as_view(template_name="people/sign_in.html", redirect_authenticated_user=True)),
        name="login",
    ),
    path("sign-out/", PUBLIC(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/reset/",
        PUBLIC(
            auth_views.PasswordResetView.as_view(
                template_name="people/password_reset.html",
                email_template_name="people/password_reset_email.txt",
                subject_template_name="people/password_reset_subject.txt",
                form_class=InvitingPasswordResetForm,
                extra_email_context={"product_name": settings.SITE_NAME},
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        PUBLIC(auth_views.PasswordResetDoneView.as_view(template_name="people/password_reset_sent.html")),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PUBLIC(auth_views.PasswordResetConfirmView.as_view(template_name="people/password_reset_confirm.html")),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        PUBLIC(auth_views.PasswordResetCompleteView.as_view(template_name="people/password_reset_complete.html")),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        SIGNED_IN(
            auth_views.PasswordChangeView.as_view(
                template_name="people/password_change.html", success_url=reverse_lazy("home")
            )
        ),
        name="password_change",
    ),
]

urlpatterns = [
    *auth_patterns,
    path("", views.home, name="home"),
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_create, name="team-create"),
    path("teams/<slug:slug>/", views.team, name="team"),
    path("teams/<slug:slug>/edit/", views.team_edit, name="team-edit"),
    path("teams/<slug:slug>/members/", views.team_member_set, name="team-member-set"),
    path(
        "teams/<slug:slug>/members/<int:membership_id>/remove/",
        views.team_member_remove,
        name="team-member-remove",
    ),
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/roles/", views.person_roles, name="person-roles"),
    path("analytics/attributes/", views.attributes, name="attributes"),
]
