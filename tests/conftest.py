"""Session-wide test settings.

`claims check` loads the bundled FBI tables into a store that has none (setting
``load_bundled``). Tests that run the CLI on their own small fixtures must not get 170,000 real
figures mixed in, so the suite turns it off; tests of the bundle turn it back on themselves.
"""

from __future__ import annotations

import os

os.environ.setdefault("CLAIMS_LOAD_BUNDLED", "false")
