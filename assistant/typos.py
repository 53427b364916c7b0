"""Misspellings like the ones people really type, for training the intent classifier.

Patients type "milnacipram", "fibromyaliga", "savela". The training examples are spelt
right, so the classifier also trains on a copy of each with one typo (`TypoAugmenter` in
config.yml): a letter dropped, two swapped, or one doubled, in a word of five letters or
more. Short words are left alone: "is" -> "s" would change meaning, not spelling.
"""
import random
import re
from typing import Callable, List

MIN_WORD_LENGTH = 5
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD_LENGTH},}}")


def _drop(word: str, i: int) -> str:
    return word[:i] + word[i + 1:]


def _swap(word: str, i: int) -> str:
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _double(word: str, i: int) -> str:
    return word[:i] + word[i] + word[i:]


EDITS: List[Callable[[str, int], str]] = [_drop, _swap, _double]


def misspell(text: str, rng: random.Random) -> str:
    """The text with one typo inside one long word (never its first or last letter);
    the text unchanged if it has no word of MIN_WORD_LENGTH letters or more."""
    long_words = list(_LONG_WORD.finditer(text))
    if not long_words:
        return text
    match = rng.choice(long_words)
    word = match.group()
    edit = rng.choice(EDITS)
    return text[:match.start()] + edit(word, rng.randrange(1, len(word) - 2)) + text[match.end():]
