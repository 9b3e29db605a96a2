"""The records that cross stages: frozen dataclasses, standard library only.

This package imports nothing of ours, so every stage and the store can import it without a
cycle. One module per record family, and one home per name (nothing is re-exported here):

- ``records.article``: ``Source`` (one sources.toml entry), ``Page`` (one fetch), ``Article``
  (a page's text and metadata), made by the scraper and stored by db/.
- ``records.claim``: ``Claim``, ``Place``, ``Document`` and the claim vocabularies (``KINDS``,
  ``DIRECTIONS``, ``UNITS``, ``OFFENSES``), the claim contract the extractor hands on.
- ``records.possible``: ``PossibleClaim`` and ``FoundNumber``, sentences that look like a claim
  no rule parsed.
- ``records.official``: ``Jurisdiction`` and ``Observation`` (official figures), with
  ``value_problem`` and ``MAX_FIGURE``, the bound every stored figure is held to.
- ``records.check``: ``Check``, one verdict on one claim, with ``VERDICTS`` and ``FLAGS``.
- ``records.extraction``: ``ExtractSummary``, what a run of extraction over stored articles did
  (carried in the crawl's and the ingest's summaries to the CLI).

A stage's working types that never leave it (verify's ``Outcome``, ``ResolvedPeriod``, the
crawl's events) stay in their stage; db/'s row types stay in ``db.records``.
"""
