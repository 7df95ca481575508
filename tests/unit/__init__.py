"""The fast unit tier: pure functions on small inline data (no embedding model, no Chroma, no network)."""
