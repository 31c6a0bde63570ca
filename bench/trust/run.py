"""Trust benchmark: the hostile corpus through every intake channel, then the counts.

Run from the repository root (a fresh data folder and SQLite database under /tmp):
    .venv/bin/python bench/trust/run.py [--channels upload,api,smtp,folder] [--fast]
        [--only PREFIX] [--recognition] [--json out.json]
`--fast` leaves out the slow cases (LibreOffice, 20,000-line UBL, 210 MB zip bomb).
Prints per channel: inputs, stored, refused with a reason, crashes (5xx, SMTP 4xx or a
dropped connection, an exception), steps that failed on an internal error, files left
in the watched folder, originals lost, requests that reached the loopback beacon, server
files leaked through folder links, and the wall time; then every case that did not end
as expected.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHANNELS = ("upload", "api", "smtp", "folder")


def setup(recognition: bool) -> Path:
    data = Path(tempfile.mkdtemp(prefix="fidu-trust-"))
    os.environ.update(
        {
            "FIDU_DATA_DIR": str(data),
            "FIDU_TASK_BACKEND": "immediate",  # each document's steps run before the verdict
            "FIDU_RECOGNITION_ON_INTAKE": "1" if recognition else "0",
            "DJANGO_SETTINGS_MODULE": "fidu.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.CRITICAL)  # the expected failures would flood the output
    call_command("migrate", verbosity=0)
    return data


def make_dossier():
    from tenancy.models import ClientProfile, Dossier, DossierMembership, Office, User
    from tenancy.services import api_token_create

    office = Office.objects.create(name="Trust office")
    dossier = Dossier.objects.create(office=office, name="Trust SRL", language="en")
    user = User.objects.create_user("trust@client.test", "trust-password-1")
    DossierMembership.objects.create(
        dossier=dossier, user=user, profile=ClientProfile.ADMINISTRATOR
    )
    _token, secret = api_token_create(actor=user, name="trust")
    return dossier, user, secret


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--fast", action="store_true", help="leave out the slow cases")
    parser.add_argument("--only", default="", help="only cases whose name starts with this")
    parser.add_argument("--slow-only", action="store_true", help="only the slow cases")
    parser.add_argument("--recognition", action="store_true", help="run recognition too")
    parser.add_argument("--json", help="write every outcome to this file")
    args = parser.parse_args()
    channels = [c for c in args.channels.split(",") if c]

    # `kill -USR1 <pid>` prints where each thread is: which file holds the run, and where.
    faulthandler.register(signal.SIGUSR1)
    data = setup(args.recognition)
    from django.test import Client

    from bench.trust.channels import (
        Beacon,
        folder_specials,
        leaked,
        smtp_receiver,
        via_api,
        via_folder,
        via_smtp,
        via_upload,
    )
    from bench.trust.corpus import generate
    from documents.intake.mail import address_for

    dossier, user, token = make_dossier()
    secret = data / "secret_key_copy"
    secret.write_text("not-a-real-secret-" + os.urandom(8).hex())

    def commit():
        return contextlib.nullcontext()

    def noted(out):
        if out.seconds > 10:  # a file that holds the worker this long is a finding itself
            print(f"    {out.channel} {out.case}: {out.seconds:.1f} s", flush=True)
        return out

    outcomes = []
    walls: dict[str, float] = {}
    with Beacon() as beacon:
        cases = [
            c
            for c in generate(beacon.url)
            if c.name.startswith(args.only)
            and not (args.fast and c.slow)
            and not (args.slow_only and not c.slow)
        ]
        print(f"{len(cases)} hostile inputs, channels: {', '.join(channels)}", flush=True)
        for channel in channels:
            start = time.perf_counter()
            if channel == "upload":
                client = Client(raise_request_exception=False)
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                outcomes += [noted(via_upload(client, dossier.pk, c, commit)) for c in cases]
            elif channel == "api":
                client = Client(raise_request_exception=False)
                outcomes += [noted(via_api(client, token, dossier.pk, c, commit)) for c in cases]
            elif channel == "smtp":
                to = address_for(dossier, "purchases")
                with smtp_receiver(max_bytes=60 * 1024 * 1024) as port:
                    outcomes += [noted(via_smtp(port, to, c, n)) for n, c in enumerate(cases)]
            elif channel == "folder":
                root = data / "inbox"
                outcomes += [noted(via_folder(root, dossier, c, commit)) for c in cases]
                if not args.only:
                    outcomes += folder_specials(root, dossier, secret, commit)
            walls[channel] = time.perf_counter() - start
            print(f"  {channel}: {walls[channel]:.1f} s", flush=True)
        hits = list(beacon.hits)
    secrets = leaked(secret)
    report(outcomes, walls, hits, secrets)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "outcomes": [asdict(o) for o in outcomes],
                    "beacon_hits": hits,
                    "secrets_leaked": secrets,
                    "wall_seconds": walls,
                },
                indent=1,
            )
        )
    return 0


def report(outcomes, walls, hits, secrets) -> None:
    print()
    head = f"{'channel':8} {'inputs':>6} {'stored':>6} {'refused':>7} {'crash':>5} {'internal':>8} {'ignored':>7} {'lost':>4} {'unexpected':>10} {'wall s':>7}"
    print(head)
    totals: Counter[str] = Counter()
    for channel in walls:
        mine = [o for o in outcomes if o.channel == channel]
        row = Counter(
            inputs=len(mine),
            stored=sum(o.verdict == "stored" for o in mine),
            refused=sum(o.verdict == "refused" and bool(o.reason) for o in mine),
            crash=sum(o.verdict == "crash" for o in mine),
            internal=sum(o.internal_errors > 0 for o in mine),
            ignored=sum(o.verdict == "ignored" for o in mine),
            lost=sum(o.lost for o in mine),
            unexpected=sum(not o.as_expected for o in mine),
        )
        totals += row
        print(
            f"{channel:8} {row['inputs']:>6} {row['stored']:>6} {row['refused']:>7} {row['crash']:>5} "
            f"{row['internal']:>8} {row['ignored']:>7} {row['lost']:>4} {row['unexpected']:>10} {walls[channel]:>7.1f}"
        )
    print(
        f"{'all':8} {totals['inputs']:>6} {totals['stored']:>6} {totals['refused']:>7} {totals['crash']:>5} "
        f"{totals['internal']:>8} {totals['ignored']:>7} {totals['lost']:>4} {totals['unexpected']:>10} {sum(walls.values()):>7.1f}"
    )
    failed_steps = sum(bool(o.step_failures) for o in outcomes)
    print(f"\ndocuments with a failed step and its reason: {failed_steps}")
    print(f"requests that reached the loopback beacon (SSRF): {len(hits)} {sorted(set(hits))[:10]}")
    print(f"server files leaked through the watched folder: {secrets}")
    empty = sum(o.empty_documents for o in outcomes)
    print(f"documents made of an empty file (a door check skipped): {empty}")
    odd = [o for o in outcomes if not o.as_expected or o.internal_errors]
    if odd:
        print("\nnot as expected (channel case: verdict, reason):")
        for o in odd:
            why = o.reason or "; ".join(o.step_failures)
            print(
                f"  {o.channel:6} {o.case}: {o.verdict}{' LOST' if o.lost else ''}{' EMPTY-DOCUMENT' if o.empty_documents else ''} (expected {o.expect}) {why[:140]}"
            )


if __name__ == "__main__":
    sys.exit(main())
