"""`{% load texts %}{{ step.reason|shown }}`: a stored message in the reader's language."""

from django import template

from core.texts import render

register = template.Library()


@register.filter
def shown(value):
    return render(value)


@register.filter
def action_label(action: str) -> str:
    """`{{ event.action|action_label }}`: an audit action as people call it."""
    from core.audit_labels import action_label as label

    return label(action)
