"""kg: build a knowledge graph of who did what to whom from news articles."""

from __future__ import annotations

__version__ = "0.1.0"
