#!/usr/bin/env bash
# The watched-folder channel (FIDU_WATCH_DIR, <data dir>/inbox by default): one sub-folder per dossier and mailbox.
exec .venv/bin/python manage.py watch_folders
