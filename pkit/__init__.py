"""pkit: an open data warehouse of Pakistan's IT sector (see docs/architecture.md)."""
