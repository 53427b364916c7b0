"""Misspelt training copies: realistic, reproducible, and only ever added at training time."""
import random

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.rasa_components import TypoAugmenter
from assistant.typos import misspell


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with adjacent swaps counted as one edit."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@pytest.mark.parametrize("text", ["what is milnacipran?", "How is Savella different from Cymbalta",
                                  "does it help fibromyalgia pain"])
def test_a_typo_is_one_edit_inside_a_long_word(text: str):
    rng = random.Random(0)
    for _ in range(50):
        typo = misspell(text, rng)
        assert _edit_distance(text, typo) <= 1
        changed = [(a, b) for a, b in zip(text.split(), typo.split(), strict=True) if a != b]
        assert len(changed) <= 1
        for before, after in changed:
            assert len(before.strip("?")) >= 5 and before[0] == after[0] and before[-1] == after[-1]


@pytest.mark.parametrize("text", ["", "is it ok", "what dose? 50mg", "😀"])
def test_text_without_a_long_word_is_left_alone(text: str):
    assert misspell(text, random.Random(0)) == text


def _augmenter(copies: int = 1) -> TypoAugmenter:
    return TypoAugmenter({**TypoAugmenter.get_default_config(), "copies": copies})


def test_training_data_gains_misspelt_copies_with_the_same_intent():
    examples = [Message(data={TEXT: "what is milnacipran", INTENT: "ask_what_is_milnacipran"}),
                Message(data={TEXT: "is it ok", INTENT: "affirm"})]
    augmented = _augmenter().process_training_data(TrainingData(examples))
    texts = {m.get(TEXT): m.get(INTENT) for m in augmented.training_examples}
    assert len(texts) == 3  # "is it ok" has no word to misspell, so no duplicate of it
    [(typo, intent)] = [(t, i) for t, i in texts.items() if t not in ("what is milnacipran", "is it ok")]
    assert intent == "ask_what_is_milnacipran" and typo.startswith("what is m")


def test_augmentation_is_reproducible_and_prediction_is_untouched():
    def texts() -> list:
        data = TrainingData([Message(data={TEXT: "does savella work for fibromyalgia", INTENT: "ask"})])
        return sorted(m.get(TEXT) for m in _augmenter(copies=3).process_training_data(data).training_examples)

    assert texts() == texts()
    message = Message(data={TEXT: "does savella work"})
    assert _augmenter().process([message]) == [message] and message.get(TEXT) == "does savella work"
