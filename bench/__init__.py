"""Benchmarks of ikpcrawl against the physical limit of Scrapy (see bench/README.md)."""
