"""The knowledge table: SQLAlchemy models and the engine factory."""
from functools import cache

from sqlalchemy import Column, Date, Integer, String, Text, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class KnowledgeEntry(Base):
    """One curated answer; `id` is the intent that asks for it."""

    __tablename__ = "knowledge_entries"

    id = Column(String(100), primary_key=True)
    position = Column(Integer, nullable=False)  # order in knowledge.yml
    question = Column(Text, nullable=False)
    answer = Column(Text, nullable=False)
    facts = Column(String(200), nullable=False)  # comma-separated source fact ids
    reviewed = Column(Date, nullable=False)


class KnowledgeText(Base):
    """Named texts shared by all answers (today only the disclaimer)."""

    __tablename__ = "knowledge_texts"

    key = Column(String(50), primary_key=True)
    text = Column(Text, nullable=False)


@cache
def get_engine(url: str) -> Engine:
    """One pooled engine per database URL, created on first use."""
    return create_engine(url, future=True, pool_pre_ping=True)
