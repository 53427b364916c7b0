"""The knowledge table on a real PostgreSQL server (production's database): a
throwaway cluster on a Unix socket, started and removed by this module."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator, List

import pytest
import yaml

from assistant.db import get_engine
from assistant.knowledge import KnowledgeError, KnowledgeStore, parse_knowledge, replace_table
from tests.conftest import CURATED, FACT_IDS, KNOWLEDGE_YAML, expected_answer


def as_server_user(command: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: use its own account there."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.fail("PostgreSQL server programs (initdb, pg_ctl) are needed: apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="faq-pg-"))
    data, socket_dir = root / "data", root / "run"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(socket_dir, "postgres")
    # Output to files, not pipes: the server inherits them and would keep a pipe open.
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "timeout": 120}
    subprocess.run(as_server_user([initdb, "-D", str(data), "-U", "faq", "--auth=trust"]), **run)
    options = f"-c listen_addresses='' -k {socket_dir} -p 5439"
    log = str(root / "server.log")
    subprocess.run(as_server_user([pg_ctl, "-D", str(data), "-l", log, "-o", options, "-w", "start"]), **run)
    try:
        yield f"postgresql+psycopg2://faq@/postgres?host={socket_dir}&port=5439"
    finally:
        subprocess.run(as_server_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def test_the_table_loads_and_answers_on_postgresql(postgres_url):
    engine = get_engine(postgres_url)
    replace_table(engine, parse_knowledge(KNOWLEDGE_YAML, FACT_IDS))
    store = KnowledgeStore(engine)
    assert engine.dialect.name == "postgresql"
    for entry_id in CURATED:
        assert store.answer(entry_id) == expected_answer(entry_id)
    assert store.answer("ask_sources'; DROP TABLE knowledge_entries; --") is None
    assert list(store.questions()) == list(CURATED)


def test_a_bad_file_leaves_the_postgresql_table_as_it_was(postgres_url):
    engine = get_engine(postgres_url)
    replace_table(engine, parse_knowledge(KNOWLEDGE_YAML, FACT_IDS))
    bad = yaml.safe_load(yaml.safe_dump(KNOWLEDGE_YAML))
    bad["entries"][3]["facts"] = ["NOT_A_FACT"]
    with pytest.raises(KnowledgeError):
        replace_table(engine, parse_knowledge(bad, FACT_IDS))
    assert KnowledgeStore(engine).answer("ask_milnacipran_sleep") == expected_answer("ask_milnacipran_sleep")
