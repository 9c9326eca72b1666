"""The forms' renderer: Django's own, except that a plain select is written in Python.

Django writes a select through its template and includes a template for each option: the council filter's 153
options took most of the 7 ms the claims list's filters form took. `FormRenderer` writes the select and its options
exactly as django/forms/widgets/select.html, select_option.html and attrs.html do (tests/test_form_renderer.py
compares the two); any other template, or a select whose options name another template, goes to Django's.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it was marked safe."""
    text = str(value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict, context: Context) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {render_value_in_context(name, context)}")
        if value is not True:
            out.append(f'="{_string(value)}"')
    return "".join(out)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is None or not all(
            option.get("template_name") == OPTION for _, options, _ in widget["optgroups"] for option in options
        ):
            return super().render(template_name, context, request=request)
        values = Context()  # as a template writes {{ ... }}: escaped, localized
        out = [f'<select name="{render_value_in_context(widget["name"], values)}"{_attrs(widget["attrs"], values)}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{render_value_in_context(group_name, values)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"], values)}>'
                    f"{render_value_in_context(option['label'], values)}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>\n")
        return mark_safe("".join(out).strip())  # noqa: S308 (each value escaped above, as the templates do)
