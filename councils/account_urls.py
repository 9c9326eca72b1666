"""The accounts pages: second factor, invitations, users, the sign-in record and lockouts. programme/urls.py
mounts them under /accounts/ with the messages-sent list (programme's notices) in the same `accounts` namespace.
"""

from django.urls import path

from councils import account_views, signin_views, twofactor_views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", twofactor_views.manage, name="two_factor"),
    path("two-factor/set-up/", twofactor_views.setup, name="two_factor_setup"),
    path("two-factor/verify/", twofactor_views.verify, name="two_factor_verify"),
    path("two-factor/recovery/", twofactor_views.recovery, name="two_factor_recovery"),
    path("two-factor/recovery-codes/", twofactor_views.recovery_codes, name="recovery_codes"),
    path("two-factor/recovery-codes/new/", twofactor_views.new_recovery_codes, name="new_recovery_codes"),
    path("two-factor/turn-off/", twofactor_views.turn_off, name="two_factor_turn_off"),
    path("invitation/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("users/", account_views.user_list, name="users"),
    path("users/invite/", account_views.invite, name="invite"),
    path("users/<int:pk>/", account_views.user_detail, name="user"),
    path("users/<int:pk>/deactivate/", account_views.deactivate, name="deactivate"),
    path("users/<int:pk>/reactivate/", account_views.reactivate, name="reactivate"),
    path("users/<int:pk>/invitation/", account_views.resend_invitation, name="resend_invitation"),
    path("sign-ins/", signin_views.sign_in_list, name="sign_ins"),
    path("lockouts/", signin_views.lockout_list, name="lockouts"),
    path("lockouts/unlock/", signin_views.unlock, name="unlock"),
]
