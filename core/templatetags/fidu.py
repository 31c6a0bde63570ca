from __future__ import annotations

from django import template
from django.forms import (
    BoundField,
    CheckboxInput,
    CheckboxSelectMultiple,
    RadioSelect,
    Select,
    SelectMultiple,
)

register = template.Library()


@register.filter
def bs(field: BoundField) -> str:
    """Render a form widget with Bootstrap's classes and error state."""
    widget = field.field.widget
    if isinstance(widget, CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, CheckboxSelectMultiple | RadioSelect):
        return field.as_widget()
    elif isinstance(widget, Select | SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}-errors"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """The languages, each named in itself ("Nederlands", not "Néerlandais"): a reader looks
    for their own language's name. (`get_available_languages` translates the names.)"""
    from django.conf import settings

    return list(settings.LANGUAGES)
