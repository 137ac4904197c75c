"""Core pages: the health check for load balancers and the audit log for admins."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from learnloop.core.access import ADMIN, PUBLIC
from learnloop.core.models import AuditEvent


@PUBLIC
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not healthy"
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@ADMIN
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "action": action, "actor": actor})
