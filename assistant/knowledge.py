"""Curated answers: validate `data/knowledge.yml`, load it into the table, read it back.

The YAML is what people edit; the table is what the assistant reads. Loading checks
the whole file first and then replaces the table in one transaction, so a bad file
never half-replaces a good table.
"""
import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

import yaml
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from assistant.db import Base, KnowledgeEntry, KnowledgeText, get_engine
from assistant.settings import get_settings

ENTRY_KEYS = ("id", "question", "answer", "facts", "reviewed")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FACT_LINE = re.compile(r"^- ([A-Z][0-9]+)\.", re.MULTILINE)
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
DISCLAIMER_KEY = "disclaimer"


class KnowledgeError(ValueError):
    """The knowledge file has problems; `problems` lists every one of them."""

    def __init__(self, problems: List[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Entry:
    id: str
    question: str
    answer: str
    facts: Tuple[str, ...]
    reviewed: dt.date


@dataclass(frozen=True)
class Knowledge:
    disclaimer: str
    entries: Tuple[Entry, ...]


def known_fact_ids(source_facts: Path) -> Set[str]:
    """Fact ids (F1, M4, ...) defined in the reviewed source-facts document."""
    return set(FACT_LINE.findall(source_facts.read_text(encoding="utf-8")))


def _text_problem(value: Any) -> Optional[str]:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    if HTML_TAG.search(value):
        return "must be plain text, without HTML tags"
    return None


def _parse_entry(raw: Any, where: str, fact_ids: Set[str]) -> Tuple[Optional[Entry], List[str]]:
    if not isinstance(raw, dict):
        return None, [f"{where}: must be a mapping with keys {', '.join(ENTRY_KEYS)}"]
    entry_id = raw.get("id")
    label = f"entry {entry_id!r}" if isinstance(entry_id, str) and entry_id else where
    problems = [f"{label}: unknown key {key!r}" for key in raw if key not in ENTRY_KEYS]
    problems += [f"{label}: missing key {key!r}" for key in ENTRY_KEYS if key not in raw]
    if "id" in raw and (not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id)):
        problems.append(f"{label}: id must be an intent name in snake_case, got {entry_id!r}")
    for key in ("question", "answer"):
        problem = _text_problem(raw.get(key)) if key in raw else None
        if problem:
            problems.append(f"{label}: {key} {problem}")
    facts = raw.get("facts")
    if "facts" in raw:
        if not isinstance(facts, list) or not facts:
            problems.append(f"{label}: facts must be a non-empty list of source fact ids")
        else:
            unknown = [str(f) for f in facts if f not in fact_ids]
            if unknown:
                problems.append(f"{label}: unknown source fact ids {', '.join(unknown)}")
    reviewed = raw.get("reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            pass
    if "reviewed" in raw:
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            problems.append(f"{label}: reviewed must be a date like 2026-11-28, got {raw.get('reviewed')!r}")
        elif reviewed > dt.date.today():
            problems.append(f"{label}: reviewed date {reviewed} is in the future")
    if problems:
        return None, problems
    entry = Entry(
        id=entry_id,
        question=raw["question"].strip(),
        answer=raw["answer"].strip(),
        facts=tuple(facts),
        reviewed=reviewed,
    )
    return entry, []


def parse_knowledge(data: Any, fact_ids: Set[str]) -> Knowledge:
    """Validate the parsed YAML document; raise `KnowledgeError` listing every problem."""
    if not isinstance(data, dict):
        raise KnowledgeError(["the file must be a mapping with keys 'disclaimer' and 'entries'"])
    problems = [f"unknown top-level key {key!r}" for key in data if key not in ("disclaimer", "entries")]
    disclaimer = data.get("disclaimer")
    problem = _text_problem(disclaimer)
    if problem:
        problems.append(f"disclaimer {problem}")
    raw_entries = data.get("entries")
    entries: List[Entry] = []
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append("entries must be a non-empty list")
        raw_entries = []
    seen: Set[str] = set()
    for number, raw in enumerate(raw_entries, start=1):
        entry, entry_problems = _parse_entry(raw, f"entry #{number}", fact_ids)
        problems += entry_problems
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(f"entry {entry.id!r}: duplicate id")
        seen.add(entry.id)
        entries.append(entry)
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(disclaimer=" ".join(disclaimer.split()), entries=tuple(entries))


def read_knowledge_file(path: Path, fact_ids: Set[str]) -> Knowledge:
    """Read and validate a knowledge YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeError([f"cannot read {path}: {error.strerror}"]) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KnowledgeError([f"{path} is not valid YAML: {error}"]) from error
    return parse_knowledge(data, fact_ids)


def replace_table(engine: Engine, knowledge: Knowledge) -> None:
    """Replace the whole knowledge table with `knowledge`, atomically."""
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        session.execute(delete(KnowledgeEntry))
        session.execute(delete(KnowledgeText))
        session.add(KnowledgeText(key=DISCLAIMER_KEY, text=knowledge.disclaimer))
        session.add_all(
            KnowledgeEntry(
                id=e.id, position=n, question=e.question, answer=e.answer,
                facts=",".join(e.facts), reviewed=e.reviewed,
            )
            for n, e in enumerate(knowledge.entries)
        )


class KnowledgeStore:
    """Read-only access to the knowledge table, as the actions use it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def answer(self, entry_id: str) -> Optional[str]:
        """The full reply for a curated entry: its answer, a blank line, the disclaimer."""
        with Session(self.engine) as session:
            answer = session.execute(
                select(KnowledgeEntry.answer).where(KnowledgeEntry.id == entry_id)
            ).scalar_one_or_none()
        if answer is None:
            return None
        return f"{answer}\n\n{self.disclaimer()}"

    def disclaimer(self) -> str:
        with Session(self.engine) as session:
            text = session.execute(
                select(KnowledgeText.text).where(KnowledgeText.key == DISCLAIMER_KEY)
            ).scalar_one_or_none()
        if text is None:
            raise LookupError("the knowledge table has no disclaimer: run `make knowledge`")
        return text

    def questions(self, entry_ids: Optional[Sequence[str]] = None) -> Dict[str, str]:
        """Canonical questions by entry id, in the requested (or the file's) order."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(KnowledgeEntry.id, KnowledgeEntry.question).order_by(KnowledgeEntry.position)
            ).all()
        found = dict(rows)
        order = entry_ids if entry_ids is not None else list(found)
        return {i: found[i] for i in order if i in found}


def get_store() -> KnowledgeStore:
    """The store for the configured DATABASE_URL."""
    return KnowledgeStore(get_engine(get_settings().database_url))


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m assistant.knowledge [FILE]`: validate and load into DATABASE_URL."""
    settings = get_settings()
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=settings.knowledge_file)
    parser.add_argument("--check", action="store_true", help="validate only, do not load")
    args = parser.parse_args(argv)
    try:
        knowledge = read_knowledge_file(args.file, known_fact_ids(settings.source_facts_file))
    except KnowledgeError as error:
        print(f"{args.file}: {len(error.problems)} problem(s), nothing loaded:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    if args.check:
        print(f"{args.file}: {len(knowledge.entries)} entries, all valid")
        return 0
    engine = get_engine(settings.database_url)
    replace_table(engine, knowledge)
    where = engine.url.render_as_string(hide_password=True)
    print(f"Loaded {len(knowledge.entries)} entries from {args.file} into {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
