from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from councils.calendar import programme_today
from councils.lists import table_page
from councils.models import Council
from funding import claimable
from funding.access import may_prepare_claims
from funding.models import ClaimLine
from programme import access, queues
from programme.filters import PilotFilter
from programme.models import Pilot
from programme.plan_views import pilot_plan_context
from programme.tables import PilotTable


def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting point: what needs this person now (programme/queues.py), then where to go."""
    user = request.user
    today = programme_today()
    context: dict = {"queue": queues.for_user(user, today), "today": today}
    if user.works_for_council:
        context["council"] = user.council
        context["turned_around"] = ClaimLine.objects.filter(council=user.council).turned_around_families(today)
        context["pilots"] = Pilot.objects.of_council(user.council).with_members()
    else:
        context["council_count"] = Council.objects.count()
    return render(request, "programme/home.html", context)


@require_POST
def claimable_refresh(request: HttpRequest) -> HttpResponse:
    """An officer works out again what the council could claim now (records entered since may change it)."""
    if not may_prepare_claims(request.user):
        raise Http404
    claimable.work_out(request.user.council)
    messages.success(request, "What you can claim now has been worked out again")
    return redirect("home")


def pilot_list(request: HttpRequest) -> HttpResponse:
    pilots = (
        Pilot.objects.with_members().annotate(member_count=Count("memberships")).order_by("phase", "strand", "name")
    )
    return table_page(
        request,
        queryset=pilots,
        table_class=PilotTable,
        filterset_class=PilotFilter,
        template_name="programme/pilot_list.html",
        export_name="pilots",
    )


def pilot_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug)
    return render(request, "programme/pilot_detail.html", {"pilot": pilot, **pilot_plan_context(request, pilot)})


@login_not_required
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the database answers, 503 when it does not. No details to the public."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
