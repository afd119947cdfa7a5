"""Bench-only spiders, loaded with ``-s SPIDER_MODULES=ikpcrawl.spiders,bench.spiders``."""
