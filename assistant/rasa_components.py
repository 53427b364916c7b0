"""Custom Rasa NLU components (named in `config.yml`).

TypoAugmenter trains the classifier on misspelt copies of the examples.
MedicationExtractor turns the entity ruler's matches into `medication` entities whose
value is the generic name. WordLlamaFeaturizer adds offline static embeddings and
SentenceEncoderFeaturizer an offline sentence encoder's vector as dense features.
TextIntentClassifier is Rasa's logistic regression made safe
for messages with no text. SafetyGuard runs last and overrides whatever the classifier
said when the message is a crisis or cannot be read at all.
"""
import random
from pathlib import Path
from typing import Any, Dict, List, Optional, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import (
    ENTITIES,
    FEATURE_TYPE_SENTENCE,
    FEATURE_TYPE_SEQUENCE,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.embeddings import MINILM, WORDLLAMA, get_embeddings
from assistant.medications import ENTITY
from assistant.safety import input_problem, mentions_crisis
from assistant.sentence_encoder import get_encoder
from assistant.settings import get_settings
from assistant.typos import misspell

CRISIS_INTENT = "crisis"
UNREADABLE_INTENT = "out_of_scope"


class _StatelessComponent(GraphComponent):
    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class TypoAugmenter(_StatelessComponent):
    """First in the pipeline: adds `copies` misspelt copies of each intent example to the
    training data (see assistant/typos.py), so the classifier meets the typos patients
    make. Leaves messages alone at prediction time."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"copies": 1, "random_state": 42}

    def process(self, messages: List[Message]) -> List[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        rng = random.Random(self._config["random_state"])
        seen = {m.get(TEXT) for m in training_data.training_examples}
        copies = []
        for message in (m for m in training_data.intent_examples if m.get(TEXT)):
            for _ in range(self._config["copies"]):
                text = misspell(message.get(TEXT), rng)
                if text not in seen:
                    seen.add(text)
                    copies.append(Message(data={TEXT: text, INTENT: message.get(INTENT)}))
        return training_data.merge(TrainingData(copies))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class MedicationExtractor(_StatelessComponent, EntityExtractorMixin):
    """`medication` entities from the project's spaCy entity ruler, valued by generic name."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            found = [
                {
                    "entity": ENTITY,
                    "value": ent.ent_id_,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "confidence_entity": 1.0,
                }
                for ent in doc.ents
                if ent.label_ == ENTITY
            ]
            message.set(
                ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True
            )
        return messages


class _PretrainedFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense features from weights extracted by `make embeddings`: `path` says where
    they are, `scale` how loud they are beside the n-gram counts. Nothing to train."""

    default_path: Path

    @classmethod
    def get_default_config(cls) -> Dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "path": str(cls.default_path), "scale": 1.0}

    def __init__(self, config: Dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._load_weights(Path(config["path"]))

    def _load_weights(self, path: Path) -> None:
        raise NotImplementedError

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        pass

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def _add(self, message: Message, features: np.ndarray, feature_type: str) -> None:
        message.add_features(Features(features * self._config["scale"], feature_type, TEXT, self._identifier))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class WordLlamaFeaturizer(_PretrainedFeaturizer):
    """Dense features from WordLlama's static token embeddings: one vector per token,
    and the mean over the whole text as the sentence vector."""

    default_path = WORDLLAMA.directory

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    def _load_weights(self, path: Path) -> None:
        self.embeddings = get_embeddings(path)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            tokens = message.get(TOKENS_NAMES[TEXT])
            if not text or not tokens:
                continue
            words = [text[t.start:t.end] for t in tokens]
            # The sentence: the words' mean, punctuation left out, so "Work?" reads as "work".
            content = " ".join(w for w in words if any(c.isalnum() for c in w)) or text
            self._add(message, self.embeddings.words(words), FEATURE_TYPE_SEQUENCE)
            self._add(message, self.embeddings.sentence(content)[np.newaxis, :], FEATURE_TYPE_SENTENCE)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(_PretrainedFeaturizer):
    """A sentence feature from all-MiniLM-L6-v2: paraphrases of a trained question land
    close to it, unrelated questions do not. Sentence only, no per-token features: the
    intent classifier reads sentence features alone."""

    default_path = MINILM.directory

    def _load_weights(self, path: Path) -> None:
        self.encoder = get_encoder(path)

    def process(self, messages: List[Message]) -> List[Message]:
        readable = [m for m in messages if m.get(TEXT)]
        vectors = self.encoder.encode([m.get(TEXT) for m in readable])
        for message, vector in zip(readable, vectors, strict=True):
            self._add(message, vector[np.newaxis, :], FEATURE_TYPE_SENTENCE)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TextIntentClassifier(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier, which crashes on a message without features
    (an empty one): such a message gets no intent, so the guards below handle it.
    Also takes `C`, the inverse regularisation strength (Rasa fixes it at 1)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.clf.C = config["C"]

    def process(self, messages: List[Message]) -> List[Message]:
        readable = [m for m in messages if any(f is not None for f in (
            m.get_sparse_features(TEXT)[1], m.get_dense_features(TEXT)[1]))]
        if readable:
            super().process(readable)
        for message in messages:
            if message.get(INTENT) is None:
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyGuard(_StatelessComponent, IntentClassifier):
    """Crisis phrases win over any classification; unreadable input becomes out_of_scope."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    def process(self, messages: List[Message]) -> List[Message]:
        max_chars = get_settings().max_message_chars
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if mentions_crisis(text):
                self._override(message, CRISIS_INTENT)
            elif input_problem(text, max_chars):
                self._override(message, UNREADABLE_INTENT)
        return messages

    @staticmethod
    def _override(message: Message, intent: str) -> None:
        prediction = {"name": intent, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
        message.set(INTENT, prediction, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [prediction] + ranking, add_to_output=True)
