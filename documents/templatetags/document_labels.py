"""`{% load document_labels %}{{ step.name|step_label }}: {{ step.status|step_status }}`."""

from django import template

from documents import step_labels

register = template.Library()


@register.filter
def step_label(name: str) -> str:
    return step_labels.step_label(name)


@register.filter
def step_status(status: str) -> str:
    return step_labels.status_label(status)
