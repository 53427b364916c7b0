"""Offline static word embeddings for the NLU pipeline (WordLlama, MIT licence).

The `wordllama` wheel on PyPI ships a 32k x 256 token embedding (safetensors) and its
tokenizer (Hugging Face `tokenizers` JSON). `make embeddings` downloads that pinned,
hash-checked wheel with pip and extracts just those files (and the licence) into
build/wordllama; the package itself is not installed (its numpy 2 / pydantic 2
requirements clash with Rasa 3.6's). Nothing is fetched at run time.
"""
import argparse
import subprocess
import sys
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np

from assistant.settings import PROJECT_ROOT

WHEEL = "wordllama==0.4.0.post1"
WHEEL_SHA256 = "684abaaedeecfc841658715e119e8b222b9a39eccf74b0f747f50e7976a22280"
FILES = {
    "wordllama/weights/l2_supercat_256.safetensors": "embeddings.safetensors",
    "wordllama/tokenizers/l2_supercat_tokenizer_config.json": "tokenizer.json",
    "wordllama-0.4.0.post1.dist-info/licenses/LICENSE": "LICENSE",
}
DEFAULT_DIR = PROJECT_ROOT / "build" / "wordllama"


def fetch(target: Path = DEFAULT_DIR) -> None:
    """Download the pinned wheel (hash-checked) and extract the embedding files."""
    with tempfile.TemporaryDirectory() as tmp:
        pinned = Path(tmp) / "requirements.txt"
        pinned.write_text(f"{WHEEL} --hash=sha256:{WHEEL_SHA256}\n")
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
                        "--only-binary", ":all:", "-r", str(pinned), "-d", tmp], check=True)
        [wheel] = Path(tmp).glob("wordllama-*.whl")
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            for member, name in FILES.items():
                (target / name).write_bytes(archive.read(member))


class StaticEmbeddings:
    """Token embeddings averaged into word and sentence vectors, unit length."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        missing = [n for n in ("embeddings.safetensors", "tokenizer.json") if not (directory / n).exists()]
        if missing:
            raise FileNotFoundError(f"{directory} lacks {', '.join(missing)}: run `make embeddings`")
        [matrix] = load_file(str(directory / "embeddings.safetensors")).values()
        self.matrix = matrix.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.dim = self.matrix.shape[1]

    def _mean(self, ids: Sequence[int]) -> np.ndarray:
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        vector = self.matrix[list(ids)].mean(axis=0)
        norm = np.linalg.norm(vector)
        return vector / norm if norm > 0 else vector

    def sentence(self, text: str) -> np.ndarray:
        """One vector for a whole text: the mean of its token embeddings, ignoring case."""
        return self._mean(self.tokenizer.encode(text.lower(), add_special_tokens=False).ids)

    def words(self, words: List[str]) -> np.ndarray:
        """One vector per word (rows), each the mean of its token embeddings."""
        lowered = [w.lower() for w in words]
        encodings = self.tokenizer.encode_batch(lowered, add_special_tokens=False) if words else []
        return np.array([self._mean(e.ids) for e in encodings], dtype=np.float32).reshape(len(words), self.dim)


@lru_cache(maxsize=2)
def get_embeddings(directory: Path = DEFAULT_DIR) -> StaticEmbeddings:
    """Loaded once per process (about 35 MB)."""
    return StaticEmbeddings(directory)


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m assistant.embeddings [DIR]`: fetch the embedding files into DIR."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("target", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    fetch(args.target)
    print(f"WordLlama embeddings ({WHEEL}, MIT licence) in {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
