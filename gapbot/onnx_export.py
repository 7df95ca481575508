"""`python -m gapbot.onnx_export MODEL OUT_DIR`: the sentence-transformers model as an ONNX graph, once.

The fast embedding path (gapbot.onnx_embedder) runs the model with ONNX Runtime and the `tokenizers` library, both
installed with chromadb, so that embedding a question needs neither torch nor sentence-transformers (5-9 s and
~430 MB to import). The graph is made from the model the project already ships, by torch's exporter, in a process
of its own (torch is imported here and nowhere else on that path): `graph.onnx` (the transformer, returning token
embeddings, whose pooling and normalisation are done as sentence-transformers does them, in NumPy; and the token
states entering its top STATES_FROM_TOP layers, which the intent model's tuned layers read: gapbot.tuned_head) with
its weights in `graph.onnx.data`, the tokenizer beside it, and `graph.json` with their SHA-256, which names the
vectors they make.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

OPSET = 17
FORMAT = 3  # bumped when what is exported changes: a new graph, new vectors (3: the layer states beside them)
STATES_FROM_TOP = 2  # the layers bench.train_tuned tunes
WEIGHTS = "graph.onnx.data"


def export(model: str, out_dir: Path) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gapbot.embeddings import quiet_transformers, resolve_model_path

    quiet_transformers()
    import torch
    from sentence_transformers import SentenceTransformer

    source = Path(resolve_model_path(model))
    st = SentenceTransformer(str(source), device="cpu")
    transformer = st[0]
    modules = json.loads((source / "modules.json").read_text())
    pooling = next((m for m in modules if m["type"].endswith("Pooling")), None)
    modes = json.loads((source / pooling["path"] / "config.json").read_text()) if pooling else {}
    chosen = sorted(k for k, v in modes.items() if k.startswith("pooling_mode") and v)
    if chosen != ["pooling_mode_mean_tokens"] or len(modules) > 3:
        raise ValueError(f"{model}: only mean-pooled models are exported (this one: {chosen or 'no pooling'})")
    normalize = any(m["type"].endswith("Normalize") for m in modules)
    bert = transformer.auto_model.eval()
    states_layer = bert.config.num_hidden_layers - STATES_FROM_TOP

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                            output_hidden_states=True)
            return out.last_hidden_state, out.hidden_states[states_layer]

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".onnx-", dir=out_dir.parent))
    try:
        sample = transformer.tokenizer(["a sample", "a longer sample sentence"], padding=True, return_tensors="pt")
        axes = {0: "batch", 1: "tokens"}
        with torch.no_grad():
            torch.onnx.export(TokenEmbeddings(), (sample["input_ids"], sample["attention_mask"],
                                                  sample["token_type_ids"]), str(work / "graph.onnx"),
                              input_names=["input_ids", "attention_mask", "token_type_ids"],
                              output_names=["token_embeddings", "layer_states"], opset_version=OPSET,
                              dynamo=False, dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                                          "token_type_ids": axes, "token_embeddings": axes,
                                                          "layer_states": axes})
        _weights_beside(work / "graph.onnx")
        shutil.copy(source / "tokenizer.json", work / "tokenizer.json")
        meta = {"model": model, "format": FORMAT, "opset": OPSET, "max_tokens": int(st.max_seq_length),
                "dimension": int(st.get_embedding_dimension()), "normalize": normalize,
                "states_layer": states_layer,
                "sha256": _digest(work / "graph.onnx", work / WEIGHTS),
                "torch": torch.__version__}
        (work / "graph.json").write_text(json.dumps(meta, indent=1))
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(work, out_dir)  # complete or absent: a reader never meets half a graph
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return meta


def _weights_beside(graph: Path) -> None:
    """The weights in a file of their own: ONNX Runtime maps it instead of copying the tensors out of the graph's
    protobuf, which halves the memory a process needs to load the model (peak 199 -> 111 MB, load 0.19 -> 0.07 s)."""
    import onnx

    model = onnx.load(str(graph))
    onnx.save_model(model, str(graph), save_as_external_data=True, all_tensors_to_one_file=True, location=WEIGHTS,
                    size_threshold=1024)


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n")[0], file=sys.stderr)
        return 2
    try:
        meta = export(argv[0], Path(argv[1]))
    except Exception as exc:  # reported to the parent on stderr, which raises it as its own error
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
