"""Demo data of recognition: the demo office's cartridges (C10), one per processing mode.

The verified-mode cartridge is at 88 %: the next few verified documents cross 90 % and
the office admin gets the alert. Idempotent: an office that has cartridges is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Cartridge, ProcessingMode, UsageCounter

# mode, capacity; the verified one gets usage up to 88 % over the last weeks.
CARTRIDGES = [
    (ProcessingMode.TRANSPORT, 2000),
    (ProcessingMode.AUTOMATIC, 1000),
    (ProcessingMode.VERIFIED, 200),
]
VERIFIED_USED = 176  # 88 % of 200


@transaction.atomic
def seed(ctx) -> None:
    if Cartridge.objects.filter(office=ctx.office).exists():
        return
    today = timezone.localdate()
    starts_on = today - dt.timedelta(days=60)
    ends_on = starts_on + dt.timedelta(days=364)
    for mode, capacity in CARTRIDGES:
        Cartridge.objects.create(
            office=ctx.office, mode=mode, capacity=capacity, starts_on=starts_on, ends_on=ends_on
        )
    # Spread the verified documents over about 20 working days and the first three dossiers.
    dossiers = ctx.dossiers[:3]
    left, day = VERIFIED_USED, today
    while left > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for dossier in dossiers:
            n = min(left, 3)
            if n == 0:
                break
            counter, _created = UsageCounter.objects.get_or_create(
                dossier=dossier, day=day, mode=ProcessingMode.VERIFIED
            )
            counter.documents += n
            counter.pages += 2 * n
            counter.save()
            left -= n
