"""The bundled demo: a fictional newsroom site, official figures, and the code that runs the
whole pipeline on them (``claims demo``).

Public API: ``run_demo`` and ``DemoSummary`` (demo.run), ``DemoSite`` (demo.server).
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["DEMO_DIR", "OFFICIAL_DIR", "SITE_DIR"]

from pathlib import Path  # noqa: E402

DEMO_DIR = Path(__file__).parent
SITE_DIR = DEMO_DIR / "site"
OFFICIAL_DIR = DEMO_DIR / "official"
