"""Spiders used only by the tests (``-s SPIDER_MODULES=ikpcrawl.spiders,tests.spiders``)."""
