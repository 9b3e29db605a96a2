"""Session-wide test settings.

`claims check` loads the bundled FBI tables into a store that has none (setting
``load_bundled``). Tests that run the CLI on their own small fixtures must not get 170,000 real
figures mixed in, so the suite turns it off; tests of the bundle turn it back on themselves.

`make test-fast` runs the property tests under the Hypothesis profile "fast" (20 examples instead
of 100, unless a test sets its own number); `make test` keeps Hypothesis's default.
"""

from __future__ import annotations

import importlib.util
import os

os.environ.setdefault("CLAIMS_LOAD_BUNDLED", "false")

if importlib.util.find_spec("hypothesis") is not None:  # a dev extra, like pytest itself
    from hypothesis import settings

    settings.register_profile("fast", max_examples=20)
