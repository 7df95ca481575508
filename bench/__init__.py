"""Benchmarks: gapbot side by side with the textbook LangChain RAG pipeline, on the real shared data."""
