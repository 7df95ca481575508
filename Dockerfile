# gapbot: the README's install steps (CPU torch first, then the package, both pinned by constraints.txt), run as an
# unprivileged user, with a health check on the bot's heartbeat.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    GAPBOT_DATA_DIR=/data \
    GAPBOT_CORPUS_DIR=/app/corpus \
    GAPBOT_MODEL_CACHE=/app/models

WORKDIR /app
RUN useradd --system --create-home --uid 10001 --user-group gapbot

# CPU torch before anything that depends on it: an unpinned resolve would pull several GB of CUDA wheels.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install --no-cache-dir "torch==2.13.0" --index-url "$TORCH_INDEX"

# Then the package, every dependency at the version in constraints.txt (the versions the tests ran with).
COPY constraints.txt pyproject.toml README.md ./
COPY gapbot ./gapbot
COPY gapbot_cli ./gapbot_cli
COPY ingest ./ingest
COPY bot ./bot
RUN pip install --no-cache-dir -c constraints.txt .
# `python -m bot` imports from /app (the working folder comes first on sys.path), which the unprivileged user cannot
# write: byte-compile it here, or every start and every refresh child would compile the modules again (~40 ms CPU).
RUN python -m compileall -q gapbot gapbot_cli ingest bot
COPY corpus ./corpus
# The embedding model's ONNX graph, made once at build time (questions and refreshes then never import torch).
RUN python -m gapbot.onnx_export all-MiniLM-L6-v2 /app/models/all-minilm-l6-v2

# The data folder belongs to the unprivileged user (a new named volume takes this owner).
RUN mkdir -p /data && chown gapbot:gapbot /data
USER gapbot
VOLUME ["/data"]

# The bot writes data/health/bot.json every 30 s once connected; stale or not ready = unhealthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["python", "-m", "bot.health"]
# The bot by default; `docker run IMAGE gapbot ingest` runs the ingest job.
CMD ["python", "-m", "bot"]
