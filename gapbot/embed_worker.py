"""`python -m gapbot.embed_worker`: embed texts in a separate process (ingest runs it beside its own writes).

Started with the model name and batch size as arguments, it loads the model at once — while the parent is still
parsing and writing rows — then reads {"texts": [...]} from stdin and writes {"vectors": [...]} (or
{"error": "..."}) to stdout. An empty stdin means nothing to embed: it exits.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    model, batch_size = argv[0], int(argv[1])
    try:
        from gapbot.embeddings import SentenceTransformerEmbedder

        emb = SentenceTransformerEmbedder(model, batch_size)
        emb.load()
        error = None
    except Exception as exc:  # reported to the parent, which raises it as its own error
        error = f"{type(exc).__name__}: {exc}"
    raw = sys.stdin.read()
    if not raw.strip():
        return 0
    if error is None:
        try:
            out = {"vectors": emb.embed_documents(json.loads(raw)["texts"])}
        except Exception as exc:
            out = {"error": f"{type(exc).__name__}: {exc}"}
    else:
        out = {"error": error}
    sys.stdout.write(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
