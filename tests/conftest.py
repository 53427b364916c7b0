"""Shared fixtures: a knowledge table loaded from the real data/knowledge.yml into a
temporary SQLite file, the real domain, and a fresh tracker per test."""
import asyncio
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.db import get_engine
from assistant.knowledge import KnowledgeStore, known_fact_ids, read_knowledge_file, replace_table
from assistant.settings import PROJECT_ROOT, get_settings

MODEL = Path(os.environ.get("MODEL", PROJECT_ROOT / "models" / "assistant.tar.gz"))
KNOWLEDGE_FILE = PROJECT_ROOT / "data" / "knowledge.yml"
FACT_IDS = known_fact_ids(PROJECT_ROOT / "docs" / "source-facts.md")
KNOWLEDGE_YAML = yaml.safe_load(KNOWLEDGE_FILE.read_text())
DISCLAIMER = " ".join(KNOWLEDGE_YAML["disclaimer"].split())
CURATED = {e["id"]: " ".join(e["answer"].split()) for e in KNOWLEDGE_YAML["entries"]}


def expected_answer(entry_id: str) -> str:
    """The exact reply a patient must get for a curated entry."""
    return f"{CURATED[entry_id]}\n\n{DISCLAIMER}"


@pytest.fixture(scope="session")
def knowledge_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "knowledge.db"
    url = f"sqlite:///{path}"
    replace_table(get_engine(url), read_knowledge_file(KNOWLEDGE_FILE, FACT_IDS))
    return url


@pytest.fixture
def store(knowledge_url: str, monkeypatch: pytest.MonkeyPatch) -> KnowledgeStore:
    """Points the settings (and so the actions) at the test knowledge table."""
    monkeypatch.setenv("DATABASE_URL", knowledge_url)
    get_settings.cache_clear()
    yield KnowledgeStore(get_engine(knowledge_url))
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def agent() -> Agent:
    """The trained model (`make test` trains it), loaded once for every test that parses."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test`, which trains it")
    return Agent.load(str(MODEL))


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return Domain.load(str(PROJECT_ROOT / "domain.yml")).as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(text: str = "", intent: str = "", medications: Sequence[str] = (),
                 slots: Optional[Dict[str, Any]] = None,
                 ranking: Optional[List[Dict[str, Any]]] = None) -> Tracker:
    """A fresh tracker whose latest message is `text`, classified as `intent`."""
    entities = [{"entity": "medication", "value": m} for m in medications]
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "entities": entities, "intent_ranking": ranking or []}
    return Tracker("test-user", {"medication": None, "suggestions": None, **(slots or {})},
                   latest, [], False, None, {}, "action_listen")


def run_action(action: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
               domain: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Runs an action's coroutine like the action server does; returns its events."""
    return asyncio.run(action.run(dispatcher, tracker, domain))
