#!/usr/bin/env bash
# The SMTP receiver for the dossiers' intake addresses (FIDU_SMTP_HOST:FIDU_SMTP_PORT, 127.0.0.1:2525 by default).
exec .venv/bin/python manage.py smtpd
