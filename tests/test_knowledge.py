"""The knowledge loader: a good file loads, every kind of bad file is refused with the
entry and the problem named, and a refused file never touches the table."""
import copy
import datetime as dt

import pytest
import yaml

from assistant import knowledge
from assistant.db import get_engine
from assistant.knowledge import (
    KnowledgeError,
    KnowledgeStore,
    parse_knowledge,
    read_knowledge_file,
    replace_table,
)
from assistant.settings import get_settings
from tests.conftest import CURATED, DISCLAIMER, FACT_IDS, KNOWLEDGE_FILE, KNOWLEDGE_YAML, expected_answer


def broken(change):
    data = copy.deepcopy(KNOWLEDGE_YAML)
    change(data)
    return data


def set_entry(index, key, value):
    def change(data):
        data["entries"][index][key] = value
    return change


def del_entry_key(index, key):
    def change(data):
        del data["entries"][index][key]
    return change


BAD_FILES = [
    (lambda d: d.pop("disclaimer"), "disclaimer must be non-empty text"),
    (lambda d: d.update(disclaimer="  "), "disclaimer must be non-empty text"),
    (lambda d: d.update(entries=[]), "entries must be a non-empty list"),
    (lambda d: d.update(extra=1), "unknown top-level key 'extra'"),
    (set_entry(0, "answer", ""), "entry 'ask_what_is_milnacipran': answer must be non-empty text"),
    (set_entry(1, "answer", "It works <b>well</b>."), "entry 'ask_how_milnacipran_works': answer must be plain text"),
    (set_entry(2, "facts", ["M6", "Z9"]), "entry 'ask_milnacipran_effectiveness': unknown source fact ids Z9"),
    (set_entry(2, "facts", []), "facts must be a non-empty list"),
    (set_entry(3, "reviewed", "last week"), "entry 'ask_milnacipran_sleep': reviewed must be a date"),
    (set_entry(3, "reviewed", dt.date.today() + dt.timedelta(days=30)), "is in the future"),
    (set_entry(4, "id", "Ask Cymbalta"), "id must be an intent name in snake_case"),
    (set_entry(5, "id", "ask_what_is_milnacipran"), "entry 'ask_what_is_milnacipran': duplicate id"),
    (set_entry(6, "dose", "10 mg"), "entry 'ask_milnacipran_depression_use': unknown key 'dose'"),
    (del_entry_key(7, "question"), "entry 'ask_what_is_fibromyalgia': missing key 'question'"),
    (lambda d: d["entries"].append("just text"), "entry #13: must be a mapping"),
]


@pytest.mark.parametrize("change, problem", BAD_FILES)
def test_each_kind_of_bad_file_is_refused_with_the_entry_and_problem(change, problem):
    with pytest.raises(KnowledgeError) as error:
        parse_knowledge(broken(change), FACT_IDS)
    assert any(problem in p for p in error.value.problems), error.value.problems


def test_every_problem_is_reported_at_once():
    def many(data):
        data["entries"][0]["answer"] = ""
        data["entries"][5]["facts"] = ["Q1"]
        del data["disclaimer"]
    with pytest.raises(KnowledgeError) as error:
        parse_knowledge(broken(many), FACT_IDS)
    assert len(error.value.problems) == 3


@pytest.mark.parametrize("content", ["entries: [unclosed", "- a list\n- not a mapping\n", ""])
def test_unparseable_or_wrong_shaped_yaml_is_refused(tmp_path, content):
    path = tmp_path / "knowledge.yml"
    path.write_text(content)
    with pytest.raises(KnowledgeError):
        read_knowledge_file(path, FACT_IDS)


def test_the_real_file_is_valid_and_every_answer_rests_on_known_facts():
    loaded = read_knowledge_file(KNOWLEDGE_FILE, FACT_IDS)
    assert [e.id for e in loaded.entries] == list(CURATED)
    assert all(set(e.facts) <= FACT_IDS and e.facts for e in loaded.entries)
    assert loaded.disclaimer == DISCLAIMER


def test_loaded_table_serves_answer_then_blank_line_then_disclaimer(store):
    for entry_id in CURATED:
        assert store.answer(entry_id) == expected_answer(entry_id)


def test_lookups_use_bound_parameters(store):
    assert store.answer("x' OR '1'='1") is None
    assert store.answer("ask_sources'; DROP TABLE knowledge_entries; --") is None
    assert store.answer("ask_sources") == expected_answer("ask_sources")


def cli(tmp_path, monkeypatch, data, name="knowledge.yml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'table.db'}")
    get_settings.cache_clear()
    try:
        return knowledge.main([str(path)])
    finally:
        get_settings.cache_clear()


def test_a_bad_file_never_half_replaces_a_good_table(tmp_path, monkeypatch, capsys):
    assert cli(tmp_path, monkeypatch, KNOWLEDGE_YAML) == 0
    bad = broken(set_entry(11, "facts", ["NOPE"]))
    bad["entries"][0]["answer"] = "A half-edited answer."
    assert cli(tmp_path, monkeypatch, bad, "bad.yml") == 1
    err = capsys.readouterr().err
    assert "nothing loaded" in err and "entry 'ask_sources': unknown source fact ids NOPE" in err
    store = KnowledgeStore(get_engine(f"sqlite:///{tmp_path / 'table.db'}"))
    assert store.answer("ask_what_is_milnacipran") == expected_answer("ask_what_is_milnacipran")


def test_an_edited_answer_is_live_after_reloading_without_retraining(tmp_path, monkeypatch):
    assert cli(tmp_path, monkeypatch, KNOWLEDGE_YAML) == 0
    store = KnowledgeStore(get_engine(f"sqlite:///{tmp_path / 'table.db'}"))
    edited = broken(set_entry(9, "answer", "About 3.7 million Americans live with fibromyalgia."))
    assert cli(tmp_path, monkeypatch, edited) == 0
    assert store.answer("ask_fibromyalgia_prevalence") == (
        "About 3.7 million Americans live with fibromyalgia.\n\n" + DISCLAIMER)


def test_reloading_replaces_removed_entries(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'table.db'}")
    full = read_knowledge_file(KNOWLEDGE_FILE, FACT_IDS)
    replace_table(engine, full)
    replace_table(engine, knowledge.Knowledge(full.disclaimer, full.entries[:2]))
    assert list(KnowledgeStore(engine).questions()) == list(CURATED)[:2]


def test_a_missing_table_fails_with_a_clear_message(tmp_path):
    store = KnowledgeStore(get_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    knowledge.Base.metadata.create_all(store.engine)
    with pytest.raises(LookupError, match="make knowledge"):
        store.disclaimer()


def test_a_bad_database_url_fails_fast(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "not a url")
    get_settings.cache_clear()
    try:
        with pytest.raises(ValueError, match="DATABASE_URL is not a valid SQLAlchemy URL"):
            get_settings()
    finally:
        get_settings.cache_clear()
