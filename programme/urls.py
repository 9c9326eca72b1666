from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

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
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("councils/", include("councils.urls")),
    path("pilots/", include(pilot_patterns)),
    path("families/", include("families.urls")),
    path("claims/", include("funding.urls")),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
]
