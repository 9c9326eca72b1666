"""Form pieces shared by every app: the GOV.UK date input (day, month, year boxes) and the error messages.

Every form of the service is a `GovukForm` or `GovukModelForm`, which writes each field's error messages from its
label in the words the GOV.UK Design System's error-message guidance uses ("Enter the case reference", "The date
identified must include a month", "Unauthorised absence must be 100% or less"), so that no form shows Django's own
wording ("This field is required.", "Ensure this value..."). A field names itself in messages by its label
("Date identified" is "the date identified"); a form's `message_names` says it another way where the label does not
read as a noun ("Why is this line removed?" is "the reason the line is removed"; a field made in `__init__` may
carry its own `message_name`), and a message a form declares itself in `error_messages` is kept. Each field shows
one message at a time, as the guidance asks.
"""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.forms.models import ModelChoiceField
from django.forms.utils import ErrorList, pretty_name
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import ngettext_lazy

# The GOV.UK date input: at most 2 digits for the day and the month and exactly 4 for the year. The boxes are
# checked before any number is read, so 5,000 digits are a message, not Python's limit on int() (a 500).
_DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")
EARLIEST_YEAR = 1900  # no date the programme records (a birth, a term, a claim) comes before it
_PARTS = ("day", "month", "year")


class GovukDateInput(forms.MultiWidget):
    """Three boxes for day, month and year, as the GOV.UK date input pattern asks.

    The value read from a form is the three boxes as typed (`("27", "3", "2012")`), or "" when all are blank; a
    plain `NAME=YYYY-MM-DD` is read too, so that links written before the boxes keep working."""

    template_name = "django/forms/widgets/multiwidget.html"
    is_govuk_date = True

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in _PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, list | tuple) and len(value) == 3:
            return list(value)
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = tuple((data.get(f"{name}_{part}") or "").strip()[:20] for part in _PARTS)
        if any(parts):
            return parts
        whole = (data.get(name) or "").strip()[:20]
        if whole.count("-") == 2:
            year, month, day = whole.split("-")
            return (day, month, year)
        return ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class GovukDateField(forms.DateField):
    """A date in three boxes. Its messages name the field and the part that is wrong (GovukForm writes them)."""

    widget = GovukDateInput
    default_error_messages = {
        "invalid": "The date must be a real date",
        "incomplete": "The date must include %(parts)s",
        "too_early": f"The date must be {EARLIEST_YEAR} or later",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            value = GovukDateInput().value_from_datadict({"d": value}, {}, "d")
            if not value:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = value
        missing = [part for part, typed in zip(_PARTS, value, strict=True) if not typed]
        if missing:
            parts = "a " + " and ".join(missing)
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete", params={"parts": parts})
        if not (_DAY_OR_MONTH.fullmatch(day) and _DAY_OR_MONTH.fullmatch(month) and _YEAR.fullmatch(year)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            day_ = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if day_.year < EARLIEST_YEAR:
            raise forms.ValidationError(self.error_messages["too_early"], code="too_early")
        return day_


def date_parts_in_error(value) -> set[str]:
    """Which boxes of a date to mark as wrong: the empty ones when some are filled, else all three."""
    if isinstance(value, list | tuple) and any(value) and not all(value):
        return {part for part, typed in zip(_PARTS, value, strict=True) if not typed}
    return set(_PARTS)


# --- messages -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """How a field is named in its messages: `noun` inside a sentence, `Noun` to start one; `unit` for limits."""

    noun: str
    unit: str = ""

    @classmethod
    def from_label(cls, label: str) -> "Subject":
        label = re.sub(r"\s*\(optional\)\s*$", "", str(label).strip())
        unit = ""
        if match := re.fullmatch(r"(.*?)\s*\(([^()]*)\)", label):
            label, unit = match.group(1), match.group(2).strip()
        first, _, rest = label.partition(" ")
        if not first.isupper():  # "RAG rating" and "ESF provision" keep their capitals
            first = first[:1].lower() + first[1:]
        noun = f"{first} {rest}".strip()
        if not noun.startswith(("the ", "a ", "an ", "your ", "their ", "who ", "what ", "why ", "how ")):
            noun = "the " + noun
        return cls(noun, unit)

    @property
    def Noun(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    def escaped(self) -> "Subject":
        """For messages Django fills in with `%` (a limit, a choice): a `%` in a label must stay a `%`."""
        return Subject(self.noun.replace("%", "%%"), self.unit)

    def limit(self, placeholder: str = "%(limit_value)s") -> str:
        if self.unit == "£":
            return "£" + placeholder
        if self.unit == "%":
            return placeholder + "%%"
        return placeholder


def _plural(one: str, many: str, number: str):
    return ngettext_lazy(one, many, number)


def govuk_messages(field: forms.Field, s: Subject) -> dict:
    """The messages GOV.UK's guidance would write for this kind of field, by Django's error code.

    `s` names the field in messages Django raises as they are; `e`, the same escaped, in those it fills in."""
    e = s.escaped()
    if isinstance(field, GovukDateField):
        return {
            "required": f"Enter {s.noun}",
            "incomplete": f"{e.Noun} must include %(parts)s",
            "invalid": f"{s.Noun} must be a real date",
            "too_early": f"{s.Noun} must be {EARLIEST_YEAR} or later",
        }
    if isinstance(field, forms.ChoiceField):
        where = "the options given" if isinstance(field.widget, forms.RadioSelect) else "the list"
        return {  # "Select ... from" is a sentence here, not SQL
            "required": f"Select {s.noun}",
            "invalid_choice": f"Select {e.noun} from {where}",  # noqa: S608
            "invalid_list": f"Select {s.noun} from {where}",  # noqa: S608
            "invalid_pk_value": f"Select {e.noun} from {where}",  # noqa: S608
        }
    if isinstance(field, forms.BooleanField):
        return {"required": f"Select {s.noun}"}
    if isinstance(field, forms.FileField):
        return {
            "required": f"Select {s.noun}",
            "missing": f"Select {s.noun}",
            "invalid": f"Select {s.noun}",
            "empty": f"{s.Noun} is empty",
            "max_length": _plural(
                f"The name of {e.noun} must be %(max)d character or less",
                f"The name of {e.noun} must be %(max)d characters or less",
                "max",
            ),
            "contradiction": f"Select {s.noun} or leave it out, not both",
        }
    messages = {
        "required": f"Enter {s.noun}",
        "min_value": f"{e.Noun} must be {e.limit()} or more",
        "max_value": f"{e.Noun} must be {e.limit()} or less",
        "step_size": f"{e.Noun} must be a multiple of {e.limit()}",
        "null_characters_not_allowed": f"{e.Noun} must not contain the hidden character NUL",
    }
    if isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{s.Noun} must be a number"
        messages["max_digits"] = _plural(
            f"{e.Noun} must have %(max)s digit or fewer", f"{e.Noun} must have %(max)s digits or fewer", "max"
        )
        messages["max_whole_digits"] = _plural(
            f"{e.Noun} must have %(max)s digit or fewer before the decimal point",
            f"{e.Noun} must have %(max)s digits or fewer before the decimal point",
            "max",
        )
        messages["max_decimal_places"] = (
            f"{e.Noun} must be a whole number"
            if getattr(field, "decimal_places", None) == 0
            else _plural(
                f"{e.Noun} must have %(max)s digit or fewer after the decimal point",
                f"{e.Noun} must have %(max)s digits or fewer after the decimal point",
                "max",
            )
        )
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{s.Noun} must be a whole number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"Enter {e.noun} in the correct format, like name@example.gov.uk"
    elif isinstance(field, forms.CharField):
        messages["max_length"] = _plural(
            f"{e.Noun} must be %(limit_value)d character or less",
            f"{e.Noun} must be %(limit_value)d characters or less",
            "limit_value",
        )
        messages["min_length"] = _plural(
            f"{e.Noun} must be %(limit_value)d character or more",
            f"{e.Noun} must be %(limit_value)d characters or more",
            "limit_value",
        )
    else:
        messages["invalid"] = f"Enter a real value for {s.noun}"
    return messages


def _is_default(field: forms.Field, code: str) -> bool:
    """True when the field's message for `code` is Django's (or absent, so a validator's own would show)."""
    message = field.error_messages.get(code)
    if message is None:
        return True
    return any(message is klass.__dict__.get("default_error_messages", {}).get(code) for klass in type(field).__mro__)


BLANK_CHOICE = "---------"


def _drop_dashes(field: forms.Field, s: Subject) -> None:
    """No "---------" choice: a required radio has no blank option; a blank option in a list says what it is."""
    if isinstance(field, ModelChoiceField):
        if field.empty_label == BLANK_CHOICE:
            radios = isinstance(field.widget, forms.RadioSelect)
            field.empty_label = None if radios and field.required else f"Select {s.noun}" if field.required else "None"
        return
    if not isinstance(field, forms.ChoiceField) or isinstance(field.choices, CallableChoiceIterator):
        return  # choices read from the database when shown are the form's own to word
    choices = list(field.choices)
    if not any(value in ("", None) and label == BLANK_CHOICE for value, label in choices):
        return
    if isinstance(field.widget, forms.RadioSelect) and field.required:
        field.choices = [(v, label) for v, label in choices if v not in ("", None)]
    else:
        blank = f"Select {s.noun}" if field.required else "None"
        field.choices = [(v, blank if v in ("", None) else label) for v, label in choices]


# Messages raised by validators outside the fields (the password rules of settings.AUTH_PASSWORD_VALIDATORS), by
# their code, in the same words wherever they are raised.
CODE_MESSAGES = {
    "password_too_short": _plural(
        "The password must be %(min_length)d character or more",
        "The password must be %(min_length)d characters or more",
        "min_length",
    ),
    "password_too_common": "The password is too common: choose one that is harder to guess",
    "password_entirely_numeric": "The password must include a letter or a symbol, not only numbers",
    "password_too_similar": "The password is too like your %(verbose_name)s: choose another",
    "password_mismatch": "The passwords do not match",
}


def _in_users_words(errors: ErrorList) -> None:
    for i, error in enumerate(errors.data):
        if isinstance(error, forms.ValidationError) and error.code in CODE_MESSAGES:
            errors.data[i] = forms.ValidationError(CODE_MESSAGES[error.code], code=error.code, params=error.params)


class GovukMessagesMixin:
    """Writes every field's error messages from its label (see the module's docstring)."""

    message_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.write_messages()

    def subject(self, name: str) -> Subject:
        field = self.fields[name]
        said = self.message_names.get(name) or getattr(field, "message_name", None)
        if said:
            return Subject(said, Subject.from_label(field.label or name).unit)
        return Subject.from_label(field.label or pretty_name(name))

    def write_messages(self) -> None:
        for name, field in self.fields.items():
            subject = self.subject(name)
            for code, message in govuk_messages(field, subject).items():
                if _is_default(field, code):
                    field.error_messages[code] = message
            _drop_dashes(field, subject)

    def full_clean(self) -> None:
        self.write_messages()  # fields added after __init__ (a return's milestones) get them too
        super().full_clean()
        for name, errors in (getattr(self, "_errors", None) or {}).items():
            _in_users_words(errors)
            if name != "__all__" and len(errors) > 1:
                del errors.data[1:]  # one message a field, the first that applies


class GovukForm(GovukMessagesMixin, forms.Form):
    pass


class GovukModelForm(GovukMessagesMixin, forms.ModelForm):
    pass
