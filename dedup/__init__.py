"""When two article texts are the same story: the one content hash and the one near-duplicate
measure of claims-tracker (a leaf package: it imports nothing of ours).

* ``content_hash`` keys exact copies: the store refuses a second article with the same hash.
* ``similarity`` (with ``NEAR_DUPLICATE``) decides wire copies: the store marks a later article
  ``duplicate_of`` an earlier one when their bodies are at least that similar.
* ``signature`` is what the store indexes to find candidates for ``similarity`` fast.

See ``dedup/text.py`` for what each measures and why.
"""

from dedup.text import (
    BANDS,
    NEAR_DUPLICATE,
    SHINGLE,
    Signature,
    body,
    content_hash,
    normalized_words,
    shingles,
    signature,
    similarity,
)

__all__ = ["BANDS", "NEAR_DUPLICATE", "SHINGLE", "Signature", "body", "content_hash", "normalized_words",
           "shingles", "signature", "similarity"]
