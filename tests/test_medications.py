"""The project's own spaCy pipeline: every name, brand and misspelling in any case
becomes a `medication` entity valued by its generic name."""
import pytest

from assistant.medications import build_pipeline, get_lexicon, load_lexicon


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(get_lexicon())


def medications(nlp, text):
    return [(ent.ent_id_, ent.label_) for ent in nlp(text).ents]


@pytest.mark.parametrize("text, generic", [
    ("what is milnacipran", "milnacipran"), ("What is SAVELLA?", "milnacipran"),
    ("is milnaciprin safe", "milnacipran"), ("savela reviews", "milnacipran"),
    ("Duloxetine", "duloxetine"), ("cymbalta vs", "duloxetine"),
    ("does Lyrica work", "pregabalin"), ("pregabalin", "pregabalin"),
    ("how does gabapentin work", "gabapentin"), ("Neurontin", "gabapentin"),
    ("amitriptyline for fibro", "amitriptyline"), ("cyclobenzaprine", "cyclobenzaprine"),
    ("Flexeril", "cyclobenzaprine"), ("TRAMADOL", "tramadol"), ("ibuprofen", "ibuprofen"),
    ("acetaminophen", "acetaminophen"), ("paracetamol", "acetaminophen"),
    ("Tylenol", "acetaminophen"), ("naproxen", "naproxen"),
])
def test_names_map_to_the_lower_case_generic(nlp, text, generic):
    assert medications(nlp, text) == [(generic, "medication")]


def test_several_medications_are_found_in_order(nlp):
    assert [g for g, _ in medications(nlp, "is Savella better than lyrica or Cymbalta?")] == [
        "milnacipran", "pregabalin", "duloxetine"]


def test_no_medication_in_ordinary_text(nlp):
    assert medications(nlp, "what is fibromyalgia and does it work") == []


def test_only_milnacipran_and_duloxetine_have_facts():
    covered = {g for g, m in get_lexicon().items() if m.has_facts}
    assert covered == {"milnacipran", "duloxetine"}


@pytest.mark.parametrize("content", [
    "medications: []", "medications:\n  - generic: x\n", "medications:\n  - names: [a]\n",
    "medications:\n  - generic: x\n    names: [a]\n    coverage: some\n",
    "medications:\n  - {generic: x, names: [a]}\n  - {generic: x, names: [b]}\n",
])
def test_a_bad_lexicon_is_refused(tmp_path, content):
    path = tmp_path / "medications.yml"
    path.write_text(content)
    with pytest.raises(ValueError):
        load_lexicon(path)
