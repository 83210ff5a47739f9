"""Extraction: from report paragraphs and the reference vocabularies to activity facts.

``vocab`` loads ``data/reference/*.ttl`` into entities and alias tables; ``entities`` finds
mentions of countries, regions, organisations, standards, mandates and tools in paragraph text.
Later modules here turn mentions into ``ActivityFact`` records.
"""
