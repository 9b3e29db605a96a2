"""Imported once by the local cluster's fork server, before any worker starts: the parser, the
language model and the default extraction pipeline are loaded there, and every worker (and any
worker that replaces a killed one) is forked from it ready to work, instead of spending several
seconds of CPU each on the same imports. Nothing here may fail the fork server: a failure only
means the workers load these themselves."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

try:
    import py3langid

    import extract
    import scraper.parse_worker  # noqa: F401
    from backfill import task  # noqa: F401

    extract.build_pipeline(None)
    py3langid.classify("The model is loaded on first use.")
except Exception as exc:  # a worker loads what is missing on its first task
    log.warning("backfill workers start cold: %s", exc)
