"""Pages where a signed-in person lists, creates and revokes their personal access tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from learnloop.api import selectors, services
from learnloop.api.models import AccessToken
from learnloop.core.access import SIGNED_IN
from learnloop.people.views import actor


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="Where the token will be used, so you can tell it apart later: “laptop”, “CI”."
    )
    scope = forms.ChoiceField(
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        help_text="A read-only token can only make GET requests.",
    )


@require_http_methods(["GET", "POST"])
@SIGNED_IN
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's own tokens and a form for a new one; a new token's secret is shown once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(actor=actor(request), **form.cleaned_data)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            for field, messages_of_field in errors.items():
                form.add_error(field if field in form.fields else None, messages_of_field)
        else:
            response = render(request, "api/token_created.html", {"token": token, "secret": secret}, status=201)
            add_never_cache_headers(response)  # the secret must not be kept by any cache
            return response
    return render(request, "api/tokens.html", {"form": form, "tokens": selectors.tokens_of(person=actor(request))})


@require_POST
@SIGNED_IN
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_token_for(actor(request), pk)
    services.token_revoke(actor=actor(request), token=token)
    messages.success(request, f"Token {token} revoked: it no longer works.")
    return redirect("tokens")
