from django.contrib import admin
from django.urls import include, path

from councils import account_views
from programme import views

pilot_patterns = (
    [
        path("", views.pilot_list, name="pilots"),
        path("<slug:slug>/", views.pilot_detail, name="pilot"),
    ],
    "programme",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("councils.auth_urls")),
    path("accounts/", include("councils.account_urls")),
    path("councils/", include("councils.urls")),
    path("pilots/", include(pilot_patterns)),
    path("families/", include("families.urls")),
    path("claims/", include("funding.urls")),
    path("health/", views.health, name="health"),
    # One sign-in page for everyone (GOV.UK, lockouts, second factor): the admin's own is not used.
    path("admin/login/", account_views.admin_login, name="admin_sign_in"),
    path("admin/", admin.site.urls),
]
