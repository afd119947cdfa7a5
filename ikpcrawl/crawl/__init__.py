"""Crawling: discovery, URLs, downloads (mirror, rendering), politeness and safety, Redis distribution, feeds."""
