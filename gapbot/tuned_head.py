"""MiniLM's top layers tuned to read a question's intent (trained by bench.train_tuned), applied in NumPy.

The ONNX graph (gapbot.onnx_export) already runs the model's lower layers for the question's embedding and outputs
their token states as `layer_states`; the tuned copies of the top layers read those states here, then a linear layer
reads the mean of the tokens. Two BERT layers over a question of ~30 tokens are ~1 ms of NumPy, so the tuned reading
costs no second pass through the model and needs neither torch nor a second ONNX session. The weights ship in half
precision (~7 MB); they are widened to float32 once, on the first question that needs them.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np

from gapbot.errors import ConfigError

_PARTS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
          "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")


class TunedHead:
    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]) -> None:
        self.meta = meta
        self.heads: int = int(meta["heads"])
        self.eps: float = float(meta["eps"])
        self.layers = [{part: (arrays[f"layers.{i}.{part}.weight"].astype(np.float32),
                               arrays[f"layers.{i}.{part}.bias"].astype(np.float32)) for part in _PARTS}
                       for i in range(int(meta["layers"]))]
        self.out = (arrays["out.weight"].astype(np.float32), arrays["out.bias"].astype(np.float32))

    @classmethod
    def load(cls, weights: Path, meta: dict) -> TunedHead:
        """The layers in `weights`, checked against the digest their choice was made with: a file from another
        training run would be fused with weights and a gate chosen for different layers."""
        data = weights.read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            raise ConfigError(f"{weights} does not match {meta['sha256'][:12]}… in its metadata: run "
                              "`python -m bench.train_tuned --write` again")
        with np.load(weights) as arrays:
            return cls(meta, dict(arrays))

    def logits(self, states: np.ndarray) -> list[float]:
        """One logit per class for a question's token states entering the tuned layers, (tokens, hidden)."""
        h = np.asarray(states, dtype=np.float32)
        for layer in self.layers:
            h = self._layer(layer, h)
        weight, bias = self.out
        return (weight @ h.mean(axis=0) + bias).tolist()

    def _layer(self, p: dict[str, tuple[np.ndarray, np.ndarray]], h: np.ndarray) -> np.ndarray:
        tokens, width = h.shape
        size = width // self.heads

        def dense(part: str, x: np.ndarray) -> np.ndarray:
            weight, bias = p[part]
            return x @ weight.T + bias

        def split(x: np.ndarray) -> np.ndarray:  # (tokens, width) -> (heads, tokens, size)
            return x.reshape(tokens, self.heads, size).transpose(1, 0, 2)

        q, k, v = (split(dense(f"attention.self.{n}", h)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(tokens, width)
        h = self._norm(p["attention.output.LayerNorm"], dense("attention.output.dense", context) + h)
        inner = _gelu(dense("intermediate.dense", h))
        return self._norm(p["output.LayerNorm"], dense("output.dense", inner) + h)

    def _norm(self, p: tuple[np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * p[0] + p[1]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x). NumPy has no erf; Abramowitz and Stegun's 7.1.26 is within 1.5e-7 of it,
    far below the half-precision weights' own rounding."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)
