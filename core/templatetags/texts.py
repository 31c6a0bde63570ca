"""`{% load texts %}{{ step.reason|shown }}`: a stored message in the reader's language."""

from django import template

from core.texts import render

register = template.Library()


@register.filter
def shown(value):
    return render(value)
