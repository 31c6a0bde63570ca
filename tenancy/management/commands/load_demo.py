"""Load the demo office, dossiers and users, then each app's demo data. Safe to run twice."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from tenancy import demo


class Command(BaseCommand):
    help = "Load demo data (an office, dossiers, users of every profile, and each app's data)."

    def handle(self, *args, **options):
        translation.activate("en")
        ctx = demo.seed()
        for name in settings.FIDU_APPS:
            if name == "tenancy":
                continue
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{name}.demo":
                    continue
                raise
            module.seed(ctx)
            self.stdout.write(f"demo data: {name} loaded")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at the address above with:"))
        width = max(len(p) for p, _e, _pw in demo.logins())
        for profile, email, password in demo.logins():
            self.stdout.write(f"  {profile:<{width}}  {email:<28} {password}")
