"""The knowledge base: parties, companies, weapon systems, officials, cues and centroids as data."""

from armswatch.kb.loader import KnowledgeBase, norm

__all__ = ["KnowledgeBase", "norm"]
