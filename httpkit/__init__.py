"""HTTP helpers that the crawler (``scraper``) and the official-data connectors (``official``)
share: the retry policy with Retry-After parsing, and capped reads of response bodies.

This package imports nothing of ours, so either stage may import it without a cycle.

- ``RetryPolicy``, ``retry_after_seconds``                                   (httpkit.retry)
- ``read_capped``, ``aread_capped``, ``gunzip_capped``, ``BodyError``          (httpkit.body)
"""

from httpkit.body import BodyError, aread_capped, gunzip_capped, read_capped
from httpkit.retry import RetryPolicy, retry_after_seconds

__all__ = ["BodyError", "RetryPolicy", "aread_capped", "gunzip_capped", "read_capped",
           "retry_after_seconds"]
