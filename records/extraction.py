"""The `ExtractSummary` record: what one run of claim extraction over stored articles did.

Made by orchestrate/extraction.py; carried in the crawl's and the ingest's summaries
(scraper/crawl_summary.py, scraper/ingest.py) to the CLI, which prints it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractSummary:
    """``claims`` stored; ``claims_over_cap`` found beyond ``max_claims_per_article`` and left
    out, in ``articles_over_cap`` articles (each article records its own count)."""

    articles: int = 0
    claims: int = 0
    possible_claims: int = 0  # sentences that look like a claim no rule parsed (extract/possible.py)
    unavailable: str | None = None  # why extraction did not run, if it did not
    claims_over_cap: int = 0
    articles_over_cap: int = 0
