from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from councils.lists import table_page
from councils.models import Council
from programme import access, national, picture
from programme.filters import PilotFilter
from programme.models import Pilot
from programme.national_views import export_or_render
from programme.plan_views import pilot_plan_context
from programme.tables import PilotTable


def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting point: a council's own picture, or the programme's for central staff."""
    user = request.user
    context: dict = {}
    if user.is_council_user:
        context["council"] = user.council
        context["pilots"] = Pilot.objects.of_council(user.council).with_members()
        figures = picture.build(national.council_scope(user.council), national.default_as_of(), whole_programme=False)
        return export_or_render(request, figures, "programme/home.html", context)
    else:
        context["pilot_counts"] = Pilot.objects.values("phase", "strand").annotate(n=Count("pk")).order_by("phase")
        context["council_count"] = Council.objects.count()
    return render(request, "programme/home.html", context)


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
