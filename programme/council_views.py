"""The roster's council pages, /councils/ and /councils/<gss_code>/: each council with the pilots it is in. They
live beside the pilot pages because they read programme's pilots; the councils app below stays free of programme.
"""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from councils.lists import table_page
from councils.models import Council
from programme.filters import CouncilFilter
from programme.models import Pilot
from programme.tables import CouncilTable


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
