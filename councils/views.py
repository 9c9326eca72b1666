from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from councils.filters import CouncilFilter
from councils.lists import table_page
from councils.models import Council
from councils.tables import CouncilTable
from programme.models import Pilot


def council_list(request: HttpRequest) -> HttpResponse:
    councils = Council.objects.annotate(pilot_count=Count("pilots", distinct=True)).order_by("name")
    return table_page(
        request,
        queryset=councils,
        table_class=CouncilTable,
        filterset_class=CouncilFilter,
        template_name="councils/list.html",
        export_name="councils",
    )


def council_detail(request: HttpRequest, gss_code: str) -> HttpResponse:
    # The roster is public within the service: every signed-in user may read any council's page.
    council = get_object_or_404(Council, gss_code=gss_code)
    pilots = Pilot.objects.of_council(council).with_members()
    return render(request, "councils/detail.html", {"council": council, "pilots": pilots})
