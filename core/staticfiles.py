"""Static files: hashed names (cache forever) and gzip copies, without the slow parts.

Brotli at its highest level takes minutes over Bootstrap and the API docs' assets on a
2-core machine; gzip gives nearly the same gain in a few seconds. Sources (scss, ts)
are never collected; source maps are, since the CSS files point at them.
"""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage


class FiduStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "*.scss",
        "*.ts",
        "*.mts",
        "*.cts",
        "*.md",
        "htmax-*",
        "htmx-4*",
        "*.esm.js",
        "*.cjs",
        "*.mjs",
    ]


class FiduStaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        kwargs["use_brotli"] = False
        return super().create_compressor(**kwargs)
