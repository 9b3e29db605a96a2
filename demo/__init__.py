"""The bundled demo: a fictional newsroom site, official figures, and the code that runs the
whole pipeline on them (``claims demo``).

Public API: ``demo.run.run_demo`` (returns ``demo.records.DemoSummary``), ``demo.server.DemoSite``
(the local HTTP server), ``demo.sources.write_sources``; the site is rebuilt from its content with
``python -m demo.sitegen.build``.
"""

import logging
from pathlib import Path

logging.getLogger(__name__).addHandler(logging.NullHandler())

DEMO_DIR = Path(__file__).parent
SITE_DIR = DEMO_DIR / "site"
OFFICIAL_DIR = DEMO_DIR / "official"

__all__ = ["DEMO_DIR", "OFFICIAL_DIR", "SITE_DIR"]
