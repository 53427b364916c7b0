"""The crisis phrase net and the unreadable-input check, independent of the classifier."""
import pytest

from assistant.safety import input_problem, mentions_crisis

CRISIS = [
    "I want to kill myself", "i wanna die", "I want to die", "thinking about suicide",
    "I feel suicidal", "sucide", "I don't want to live anymore", "i dont want to be alive",
    "im going to end my life", "thinking of ending it all", "I've been self-harming",
    "i want to hurt myself", "i keep cutting myself", "how many savella to overdose",
    "I took all my pills", "better off dead", "no reason to live", "I WANT TO DIE",
    "does savella work? also i want to end it all", "kil myself", "life is not worth living",
]
NOT_CRISIS = [
    "what is savella", "does it work", "what dose should I take", "I missed a dose",
    "I'm dying to know if it works", "can it kill the pain", "does it help me sleep",
    "is fibromyalgia deadly", "how do i stop taking it", "", None,
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_messages_are_caught(text):
    assert mentions_crisis(text)


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_ordinary_questions_are_not_crisis(text):
    assert not mentions_crisis(text)


@pytest.mark.parametrize("text, problem", [
    ("", "empty"), (None, "empty"), ("  \t\n", "empty"), ("a" * 10_000, "too_long"),
    ("😀😀😀", "no_words"), ("???!!!", "no_words"), ("12345", "no_words"),
    ("¿Qué es el milnacipran?", "not_english"), ("Was ist das für ein Medikament?", "not_english"),
    ("Qu'est-ce que le milnacipran? c'est pour la douleur", "not_english"),
    ("что такое савелла", "not_english"), ("萨维拉是什么", "not_english"),
    ("<b>what</b> is fibro", "markup"), ("<script>alert(1)</script>", "markup"),
    ("'; DROP TABLE knowledge_entries; --", "markup"), ("SELECT * FROM knowledge_entries;", "markup"),
    ("what is savella", None), ("savella?", None), ("does savella work 😀", None),
    ("can I select a time of day to take it", None), ("will it update my symptoms", None),
    ("is 5 < 10 mg a lot", None), ("i'm scared; should i drop savella", None),
])
def test_input_problems(text, problem):
    assert input_problem(text, max_chars=1000) == problem
