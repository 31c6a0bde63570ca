"""`manage.py watch_folders [--once]`: the watched-folder channel (B4)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from documents.intake.channels.folder import ensure_tree, scan_once, watch
from documents.selectors import watch_root


class Command(BaseCommand):
    help = "Take in files dropped under FIDU_WATCH_DIR/<intake_key>/<mailbox>/ and remove them once stored."

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=None)
        parser.add_argument("--once", action="store_true", help="scan once and exit")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="seconds between full scans"
        )
        parser.add_argument(
            "--settle", type=float, default=2.0, help="seconds a file must be unchanged"
        )

    def handle(self, *args, root, once, interval, settle, **options):
        root = root or watch_root()
        root.mkdir(parents=True, exist_ok=True)
        ensure_tree(root)
        if once:
            self.stdout.write(f"watch_folders: {scan_once(root, settle)} file(s) taken in")
            return
        self.stdout.write(f"watch_folders: watching {root}")
        watch(root, interval=interval, settle=settle)
