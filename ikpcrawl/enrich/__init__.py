"""Enrichment: election relevance and IKP labels (dimensions, issues, regions, contest), with their data."""
