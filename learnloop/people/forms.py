"""Forms for people and team pages; they only parse input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm

from learnloop.people.models import PLACEHOLDER_EMAIL_DOMAIN, Person, Role, User


class TeamForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MemberForm(forms.Form):
    email = forms.EmailField(label="Person's e-mail")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)

    def clean_email(self) -> Person:
        email = self.cleaned_data["email"].strip().lower()
        person = Person.objects.select_related("user").filter(user__email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(f"Nobody in the directory has the e-mail {email}.")
        return person


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="Name", max_length=200)
    title = forms.CharField(max_length=200, required=False)


class GlobalRolesForm(forms.Form):
    is_analyst = forms.BooleanField(label="People analyst", required=False)
    is_admin = forms.BooleanField(label="Admin", required=False)


class InvitingPasswordResetForm(PasswordResetForm):
    """Password reset that also lets an imported person set their first password.

    Django skips accounts with an unusable password; a roster import creates exactly those,
    so here the e-mail link doubles as the invitation. Placeholder addresses get nothing.
    """

    def get_users(self, email: str) -> Any:
        users = User.objects.filter(email__iexact=email, is_active=True).exclude(
            email__iendswith="@" + PLACEHOLDER_EMAIL_DOMAIN
        )
        return iter(users)
