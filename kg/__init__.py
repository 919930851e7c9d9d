"""govkg: a knowledge graph of Chinese government officials, bodies and meetings from newspapers."""

__version__ = "0.1.0"
