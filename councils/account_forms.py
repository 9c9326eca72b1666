"""Forms of the account pages: codes for two-factor sign-in, invitations, and setting a password.

Usernames of invited users (docs/decisions/0008): ASCII letters, digits, dots, underscores and hyphens only, so
that no letter of another script can stand in for a Latin one ("officer" spelt with a Cyrillic o); and none that
looks like an existing username once case, separators and the ASCII lookalikes (0/o, 1/l/i, rn/m, vv/w) are
set aside.
"""

import re
import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from councils.forms import GovukForm, GovukMessagesMixin
from councils.models import Council, User


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="The 6-digit code shown in the app, for example 123456.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits of the code, like 123456")
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(
        label="Recovery code",
        max_length=20,
        help_text="One of the codes you saved when you set up two-factor sign-in. Each code works once.",
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]+")
_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"))


def username_skeleton(username: str) -> str:
    """What a username looks like to a reader: two usernames with the same skeleton can be taken for each other."""
    skeleton = unicodedata.normalize("NFKC", username).casefold()
    skeleton = re.sub(r"[._-]", "", skeleton)
    for lookalike, letter in _LOOKALIKES:
        skeleton = skeleton.replace(lookalike, letter)
    return skeleton


class InviteForm(GovukForm):
    """An approver invites an officer of their own council; an admin chooses the role and the council."""

    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter their last name"})
    email = forms.EmailField(
        label="Email address",
        help_text="We'll send the invitation to this address.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    username = forms.CharField(
        max_length=150,
        help_text="What they'll type to sign in, for example jsmith.",
        error_messages={"required": "Enter a username"},
    )
    role = forms.ChoiceField(choices=User.Role.choices, error_messages={"required": "Choose a role"})
    council = forms.ModelChoiceField(
        queryset=Council.objects.order_by("name"),
        required=False,
        help_text="Officers and approvers belong to a council; central staff and admins do not.",
    )

    def __init__(self, *args, inviter: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        if not inviter.administers:
            # An approver invites officers of their own council, nothing else.
            del self.fields["role"]
            del self.fields["council"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not USERNAME_PATTERN.fullmatch(username):
            raise forms.ValidationError(
                "Usernames can only contain letters a to z, numbers, full stops, underscores and hyphens"
            )
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken: choose another")
        skeleton = username_skeleton(username)
        existing = User.objects.values_list("username", flat=True)
        if any(username_skeleton(other) == skeleton for other in existing):
            raise forms.ValidationError("That username looks too like someone else's: choose another")
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with that email address")
        return email

    def clean(self) -> dict:
        data = super().clean()
        if self.inviter.administers:
            role, council = data.get("role"), data.get("council")
            if role in User.COUNCIL_ROLES and council is None:
                self.add_error("council", "Choose the council an officer or approver belongs to")
            if role and role not in User.COUNCIL_ROLES and council is not None:
                self.add_error("council", "Central staff and admins do not belong to a council: leave it empty")
        else:
            data["role"] = User.Role.OFFICER
            data["council"] = self.inviter.council
        return data


class SetPasswordForm(GovukForm):
    """The invitee chooses their password (the same rules as everywhere: settings.AUTH_PASSWORD_VALIDATORS)."""

    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters, not a common password, not only numbers.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    message_names = {"password1": "the password", "password2": "the password again"}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


# Django's own sign-in and password forms (councils/auth_urls.py), in the same words as every other form.

_NEW_PASSWORD = {"new_password1": "a new password", "new_password2": "the new password again"}


class SignInForm(GovukMessagesMixin, auth_forms.AuthenticationForm):
    message_names = {"username": "your username", "password": "your password"}
    error_messages = {
        "invalid_login": "Enter a correct username and password: both are case-sensitive",
        "inactive": "Your account is switched off: ask your council's approver or an admin to switch it on",
    }


class PasswordChangeForm(GovukMessagesMixin, auth_forms.PasswordChangeForm):
    message_names = {"old_password": "your current password", **_NEW_PASSWORD}
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not correct: enter it again",
    }


class PasswordResetForm(GovukMessagesMixin, auth_forms.PasswordResetForm):
    message_names = {"email": "your email address"}


class NewPasswordForm(GovukMessagesMixin, auth_forms.SetPasswordForm):
    message_names = _NEW_PASSWORD
