"""The ingest job: corpus files and feeds -> parsed rows and passages -> Chroma, incrementally and atomically."""
