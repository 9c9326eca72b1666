"""programme.form_renderer writes a plain select exactly as Django's templates do, and leaves the rest to them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from programme.form_renderer import FormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a&b", "A & B"), ("<c>", mark_safe("<em>C</em>")), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("", "Anything"), ("Group <1>", [("x", "X"), ("y", 'Y "quoted"')]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.SelectMultiple)
    number = forms.TypedChoiceField(choices=[(1, "One"), (1000, "1,000")], coerce=int, disabled=True)
    text = forms.CharField()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a&b", "grouped": "y", "many": ["a", "b"], "number": "1000", "text": "t"},
        {"plain": "<c>", "grouped": "z", "many": ["b"]},
        {"plain": "nonsense"},
    ],
)
def test_the_forms_controls_are_written_as_djangos_templates_write_them(data):
    for name in Sample.base_fields:
        attrs = {"class": "govuk-select", "aria-describedby": "x-hint", "data-on": True, "data-off": False}
        fast = Sample(data, renderer=FormRenderer())[name].as_widget(attrs=attrs)
        slow = Sample(data, renderer=DjangoTemplates())[name].as_widget(attrs=attrs)
        assert fast == slow, name


def test_the_select_is_the_renderers_own(monkeypatch):
    def no_template(self, name):
        raise AssertionError(f"{name} read")

    monkeypatch.setattr(FormRenderer, "get_template", no_template)
    html = Sample({"plain": "a&b"}, renderer=FormRenderer())["plain"].as_widget()
    assert '<option value="a&amp;b" selected>A &amp; B</option>' in html
    assert "<em>C</em>" in html and 'value="&lt;c&gt;"' in html


def test_the_service_uses_it():
    from django.conf import settings

    assert settings.FORM_RENDERER == "programme.form_renderer.FormRenderer"
