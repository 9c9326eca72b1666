from django.urls import path

from funding import money_views, views

app_name = "funding"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("prepare/", views.claim_prepare, name="prepare"),
    path("claimable/", money_views.claimable_list, name="claimable"),
    path("<int:pk>/", views.claim_detail, name="claim"),
    path("<int:pk>/lines/<int:line_pk>/", views.line_detail, name="line"),
    path("<int:pk>/submit/", money_views.claim_submit, name="submit"),
    path("<int:pk>/sample/", views.claim_sample, name="sample"),
    path("<int:pk>/accept-remaining/", money_views.claim_accept_remaining, name="accept_remaining"),
    path("<int:pk>/checks/<int:check_pk>/", views.check_detail, name="check"),
    path("<int:pk>/discard/", views.claim_discard, name="discard"),
    path("<int:pk>/approve/", money_views.claim_approve, name="approve"),
    path("<int:pk>/return/", money_views.claim_return, name="return"),
    path("<int:pk>/pay/", money_views.claim_pay, name="pay"),
    path("windows/", views.window_list, name="windows"),
    path("windows/<int:window_pk>/close/", views.window_close, name="window_close"),
    path("families/<int:family_pk>/results/", views.family_results, name="family_results"),
    path("progress/", views.progress_return, name="progress"),
    path("statements/", views.statement, name="statement"),
    path("grants/", views.grant_list, name="grants"),
    path("budget/", views.budget, name="budget"),
    path("monitoring/", views.monitoring_extract, name="monitoring"),
]
