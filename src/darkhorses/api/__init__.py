"""The Racing API: client, rate limiter, retries, paging, payload models and raw archive."""
