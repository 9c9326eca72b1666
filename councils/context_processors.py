from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict:
    """The service navigation for the signed-in user's role, with the current section marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [("Home", reverse("home"))]
    if user.works_for_council:
        items += [("Families", "/families/"), ("Claims", "/claims/")]
    else:
        items += [("National picture", "/national/"), ("Families", "/families/"), ("Claims", "/claims/")]
    items += [("Pilots", reverse("programme:pilots")), ("Councils", reverse("councils:list"))]
    if user.invites_people:
        items.append(("Accounts", reverse("accounts:users")))
    if user.administers:
        items += [("Sign-ins", reverse("accounts:sign_ins")), ("Admin", reverse("admin:index"))]
    path = request.path
    return {
        "navigation": [
            {"text": text, "href": href, "active": (path == href) if href == "/" else path.startswith(href)}
            for text, href in items
        ]
    }
