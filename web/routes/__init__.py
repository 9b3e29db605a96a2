"""Route handlers, one module per job: search, claims, review, account, api."""
