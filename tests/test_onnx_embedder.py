"""The fast embedding path: the ONNX graph of all-MiniLM-L6-v2 in ONNX Runtime gives sentence-transformers' vectors
(cosine >= 0.9999 on every text gapbot embeds from the corpus and the seeds), without importing torch, and its name
changes with its graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from gapbot.onnx_embedder import OnnxEmbedder, graph_dir
from gapbot.registry import load_registry
from ingest.formats import articles
from ingest.formats.base import Context

from conftest import REPO, SHARED

pytestmark = pytest.mark.slow


def corpus_texts() -> list[str]:
    """Article chunks of the shipped corpus and the seeds (what gapbot embeds), and questions."""
    ctx = Context(load_registry(REPO / "corpus" / "registry.yaml"), "f")
    texts = []
    folders = [REPO / "corpus" / "articles"] + ([SHARED / "seeds"] if (SHARED / "seeds").is_dir() else [])
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in articles.SUFFIXES:
                texts += [p.text for p in articles.parse(path, ctx).passages]
    return texts + ["how far behind is the best open model on coding?", "why are open models catching up?",
                    "does NIST think the gap is growing?", "is rag overhyped or nah"]


def test_vectors_match_sentence_transformers(onnx, real_embedder):
    texts = corpus_texts()
    assert len(texts) > 25
    fast = np.asarray(onnx.embed_documents(texts))
    reference = np.asarray(real_embedder.embed_documents(texts))
    cosine = (fast * reference).sum(axis=1) / np.linalg.norm(fast, axis=1) / np.linalg.norm(reference, axis=1)
    assert cosine.min() >= 0.9999, (cosine.min(), texts[int(cosine.argmin())][:200])
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    # A question, as retrieval embeds it, and the same text in a batch of longer ones: padding changes nothing.
    q = "why are open models catching up?"
    assert np.dot(onnx.embed_query(q), real_embedder.embed_query(q)) >= 0.9999
    assert np.allclose(onnx.embed_documents([q, texts[0]])[0], onnx.embed_query(q), atol=1e-5)


def test_a_session_opened_for_a_question_is_light_and_gives_the_same_vectors(onnx):
    """A cold `gapbot ask` opens the session for one question: one thread, weights not repacked (cheaper to
    create); the vectors must be the documents' session's."""
    light = OnnxEmbedder(onnx.model, onnx.cache)
    texts = corpus_texts()[-4:] + corpus_texts()[:2]
    got = [light.embed_query(t) for t in texts]
    options = light._session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.disable_prepacking") == "1"
    assert np.allclose(got, onnx.embed_documents(texts), atol=1e-5)
    full = onnx._session.get_session_options()  # opened for documents first: as it is
    assert full.intra_op_num_threads != 1
    with pytest.raises(RuntimeError):  # no such entry
        full.get_session_config_entry("session.disable_prepacking")


def test_a_question_is_embedded_without_torch(onnx):
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from gapbot.onnx_embedder import OnnxEmbedder
        e = OnnxEmbedder("all-MiniLM-L6-v2", Path({str(onnx.cache)!r}))
        v = e.embed_query("how far behind are open models?")
        print(len(v), "torch" in sys.modules, "sentence_transformers" in sys.modules, "transformers" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["384", "False", "False", "False"]
    assert "Loading weights" not in out.stdout + out.stderr


def test_the_name_carries_the_graph(onnx, tmp_path):
    meta = json.loads((graph_dir(onnx.cache, onnx.model) / "graph.json").read_text())
    assert onnx.name == f"all-MiniLM-L6-v2+onnx-{meta['sha256'][:12]}"
    other = tmp_path / graph_dir(tmp_path, onnx.model).name
    other.mkdir()
    for name in ("graph.onnx", "graph.onnx.data", "tokenizer.json"):
        (other / name).symlink_to(graph_dir(onnx.cache, onnx.model) / name)
    (other / "graph.json").write_text(json.dumps({**meta, "sha256": "0" * 64}))
    assert OnnxEmbedder(onnx.model, tmp_path).name != onnx.name  # another graph: other vectors, other collections


def test_the_reference_path_prints_no_progress_bar():
    code = ("from gapbot.embeddings import SentenceTransformerEmbedder\n"
            "e = SentenceTransformerEmbedder(); e.load(); print(len(e.embed_query('a question')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0 and out.stdout.strip() == "384", out.stderr[-1000:]
    assert "Loading weights" not in out.stdout + out.stderr and "it/s]" not in out.stderr


def test_the_graph_outputs_the_states_the_tuned_layers_read(onnx, real_embedder):
    # The intent model's tuned layers (gapbot.tuned_head) read the states entering the model's top two layers, as
    # bench.train_tuned took them from the model in torch; the same pass gives the question's embedding.
    import torch

    meta = json.loads((graph_dir(onnx.cache, onnx.model) / "graph.json").read_text())
    assert meta["states_layer"] == 4
    bert = real_embedder._model[0].auto_model
    tokenizer = real_embedder._model.tokenizer
    for q in ("how far behind is the best open model on coding?", "is rag overhyped or nah", "gap"):
        states = onnx.query_states(q)
        with torch.no_grad():
            reference = bert(**tokenizer([q], return_tensors="pt"), output_hidden_states=True).hidden_states[4][0]
        assert states.shape == tuple(reference.shape) and np.abs(states - reference.numpy()).max() < 1e-3
        # its embedding was kept for the question's article search: the same vector as a pass of its own
        assert np.allclose(onnx._queries[onnx.cache_key(q)], onnx.embed_documents([q])[0], atol=1e-5)


def test_the_lowercased_question_and_the_question_as_written_share_one_pass(onnx, monkeypatch):
    # The intent model's states are read from the lowercased question, the article search embeds it as written:
    # MiniLM's tokenizer lowercases (and drops accents) before it splits, so one pass must serve both.
    light = OnnxEmbedder(onnx.model, onnx.cache)
    asked = "Is GPT-5 still AHEAD of Qwen on Coding? Café edition"
    light.query_states(asked.lower())
    passes = []
    monkeypatch.setattr(light, "embed_documents", lambda texts: passes.append(texts) or onnx.embed_documents(texts))
    vec = light.embed_query(asked)
    assert passes == []
    assert np.allclose(vec, onnx.embed_documents([asked])[0], atol=1e-5)
    light.embed_query("Is GPT-5 still AHEAD of Qwen on Coding? Cafe edition!")  # another text: its own pass
    assert len(passes) == 1
    # a special token is matched before the tokenizer lowercases: "[MASK]" and "[mask]" are different tokens
    light.query_states("is [mask] ahead of gpt-5?")
    light.embed_query("is [MASK] ahead of gpt-5?")
    assert len(passes) == 2
