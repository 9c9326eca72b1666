"""Template tags of the claims pages.

`{% claim_status_tag status label %}` is the coloured tag of a claim's, a line's or a spot check's status, the one
place its colours are chosen. It is Python, not an included template: a claim's page shows one for each of its lines
and spot checks, and an include costs a template render each time.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# GOV.UK tag colours of the claims' words (Claim.Status, ClaimLine.Status, SpotCheck.Outcome); anything else is
# yellow (a draft, a line proposed).
STATUS_COLOURS = {
    "paid": "green",
    "accepted": "green",
    "passed": "green",
    "submitted": "blue",
    "pending": "blue",
    "approved": "turquoise",
    "rejected": "red",
    "failed": "red",
    "removed": "grey",
}


@register.simple_tag
def claim_status_tag(status: str, label: str) -> SafeString:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', STATUS_COLOURS.get(str(status), "yellow"), label
    )
