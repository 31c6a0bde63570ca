"""Benchmark settings: the project's, with recognition off (we time "visual and thumbnails ready")."""

from fidu.settings import *  # noqa: F403

FIDU_RECOGNITION_ON_INTAKE = False
DEBUG = False
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
