from django.contrib import admin
from django.urls import include, path

from councils import account_urls, account_views
from programme import council_views, plan_views, views, work_views
from programme.national import views as national_views
from programme.notices import views as notice_views

# The accounts pages are councils'; the list of messages sent (programme's notices) joins them here, in the same
# namespace, so that councils imports nothing of programme.
account_patterns = (
    [*account_urls.urlpatterns, path("messages-sent/", notice_views.message_list, name="messages")],
    "accounts",
)

# The roster's council pages read programme's pilots, so they are programme's views under the `councils` names.
council_patterns = (
    [
        path("", council_views.council_list, name="list"),
        path("<str:gss_code>/", council_views.council_detail, name="detail"),
    ],
    "councils",
)

pilot_patterns = (
    [
        path("", views.pilot_list, name="pilots"),
        path("<slug:slug>/", views.pilot_detail, name="pilot"),
        path("<slug:slug>/plan/publish/", plan_views.plan_publish, name="plan_publish"),
        path("<slug:slug>/plan/versions/", plan_views.plan_versions, name="plan_versions"),
        path("<slug:slug>/plan/versions/<int:number>/", plan_views.plan_version, name="plan_version"),
        path("<slug:slug>/plan/compare/", plan_views.plan_compare, name="plan_compare"),
        path("<slug:slug>/plan/<str:part>/", plan_views.plan_part_edit, name="plan_edit"),
        path("<slug:slug>/asks/", work_views.ask_list, name="asks"),
        path("<slug:slug>/asks/new/", work_views.ask_new, name="ask_new"),
        path("<slug:slug>/asks/<int:pk>/", work_views.ask_detail, name="ask"),
        path("<slug:slug>/asks/<int:pk>/move/", work_views.ask_move, name="ask_move"),
        path("<slug:slug>/asks/<int:pk>/comment/", work_views.ask_comment, name="ask_comment"),
        path("<slug:slug>/returns/", work_views.return_list, name="returns"),
        path("<slug:slug>/returns/new/", work_views.return_new, name="return_new"),
        path("<slug:slug>/returns/<int:pk>/", work_views.return_detail, name="return"),
        path("<slug:slug>/returns/<int:pk>/review/", work_views.return_review, name="return_review"),
    ],
    "programme",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("councils.auth_urls")),
    path("accounts/", include(account_patterns)),
    path("councils/", include(council_patterns)),
    path("pilots/", include(pilot_patterns)),
    path("families/", include("families.urls")),
    path("claims/", include("funding.urls")),
    path("asks/", work_views.all_asks, name="all_asks"),
    path("returns/", work_views.all_returns, name="all_returns"),
    path("home/claimable/", views.claimable_refresh, name="claimable_refresh"),
    path("national/", national_views.national_picture, name="national"),
    path("national/families/", national_views.national_picture, {"section": "families"}, name="national_families"),
    path("national/money/", national_views.national_picture, {"section": "money"}, name="national_money"),
    path("national/outcomes/", national_views.national_picture, {"section": "outcomes"}, name="national_outcomes"),
    path(
        "national/community-budgets/",
        national_views.national_picture,
        {"section": "community-budgets"},
        name="national_community_budgets",
    ),
    path("national/outcomes/refresh/", national_views.refresh_outcomes, name="national_refresh_outcomes"),
    path("health/", views.health, name="health"),
    # One sign-in page for everyone (GOV.UK, lockouts, second factor): the admin's own is not used.
    path("admin/login/", account_views.admin_login, name="admin_sign_in"),
    path("admin/", admin.site.urls),
]
