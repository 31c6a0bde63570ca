"""Form widgets every app uses."""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """`<input type=date>` with its value in ISO form.

    A browser's date input accepts only yyyy-mm-dd: a localised value (31/10/2026 in FR,
    31.10.2026 in DE) is dropped and the form posts an empty date, erasing what was stored.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)
