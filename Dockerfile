# gapbot: the same install steps as the README's `make install` (CPU torch first, then the package).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    GAPBOT_DATA_DIR=/data

WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*

# CPU torch before anything that depends on it: an unpinned resolve would pull several GB of CUDA wheels.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install --no-cache-dir "torch==2.13.0" --index-url "$TORCH_INDEX"

COPY pyproject.toml README.md ./
COPY gapbot ./gapbot
COPY gapbot_cli ./gapbot_cli
COPY ingest ./ingest
COPY bot ./bot
RUN pip install --no-cache-dir .
COPY corpus ./corpus
# The embedding model's ONNX graph, made once at build time (questions and refreshes then never import torch).
ENV GAPBOT_MODEL_CACHE=/app/models
RUN python -m gapbot.onnx_export all-MiniLM-L6-v2 /app/models/all-minilm-l6-v2

VOLUME ["/data"]
# The bot by default; `docker run IMAGE gapbot ingest` runs the ingest job.
CMD ["python", "-m", "bot"]
