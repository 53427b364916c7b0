"""The medication lexicon (`data/medications.yml`) and the spaCy pipeline built from it.

No pretrained English pipeline is reachable offline, so the project builds its own:
a blank English pipeline plus an entity ruler that tags every known name, brand or
misspelling as `medication`, with the generic name as the entity id.
"""
import argparse
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ENTITY = "medication"
COVERAGE = ("full", "comparison", "none")


@dataclass(frozen=True)
class Medication:
    generic: str
    display: str
    names: Tuple[str, ...]
    coverage: str = "none"  # full | comparison | none

    @property
    def has_facts(self) -> bool:
        return self.coverage != "none"


def load_lexicon(path: Path) -> Dict[str, Medication]:
    """Medications by generic name; raises ValueError naming any bad entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lexicon: Dict[str, Medication] = {}
    for number, raw in enumerate(data.get("medications") or [], start=1):
        generic = str(raw.get("generic", "")).strip().lower()
        names = tuple(str(n).strip().lower() for n in raw.get("names") or [] if str(n).strip())
        coverage = raw.get("coverage", "none")
        if not generic or not names or coverage not in COVERAGE or generic in lexicon:
            raise ValueError(
                f"{path}: medication #{number} ({generic or 'no generic'}) needs a unique "
                f"generic name, a list of names and a coverage in {COVERAGE}"
            )
        lexicon[generic] = Medication(generic, str(raw.get("display") or generic), names, coverage)
    if not lexicon:
        raise ValueError(f"{path}: no medications")
    return lexicon


@lru_cache(maxsize=1)
def get_lexicon() -> Dict[str, Medication]:
    """The lexicon named by the settings, read once per process."""
    from assistant.settings import get_settings

    return load_lexicon(get_settings().medications_file)


def build_pipeline(lexicon: Dict[str, Medication]):  # -> spacy.language.Language
    """Blank English pipeline + case-insensitive entity ruler over the lexicon."""
    import spacy  # heavy import, only when building

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(
        [
            {"label": ENTITY, "pattern": name, "id": med.generic}
            for med in lexicon.values()
            for name in (med.generic,) + med.names
        ]
    )
    nlp.meta["name"] = "medications"
    nlp.meta["description"] = "Blank English pipeline with the FAQ assistant's medication lexicon"
    return nlp


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m assistant.medications OUT_DIR`: build and save the spaCy pipeline."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    lexicon = get_lexicon()
    args.out_dir.parent.mkdir(parents=True, exist_ok=True)
    build_pipeline(lexicon).to_disk(args.out_dir)
    names = sum(len(m.names) for m in lexicon.values())
    print(f"Built spaCy pipeline with {len(lexicon)} medications ({names} names) in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
