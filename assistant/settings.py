"""All configuration read from the environment, validated once, failing fast.

Every value has a working default for a laptop; production overrides them through
environment variables (see `.env.example`).
"""
from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings, Field, validator
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime settings of the assistant (env var names in capitals)."""

    database_url: str = Field(
        f"sqlite:///{PROJECT_ROOT / 'build' / 'knowledge.db'}",
        description="SQLAlchemy URL of the knowledge table (any dialect).",
    )
    knowledge_file: Path = PROJECT_ROOT / "data" / "knowledge.yml"
    medications_file: Path = PROJECT_ROOT / "data" / "medications.yml"
    source_facts_file: Path = PROJECT_ROOT / "docs" / "source-facts.md"
    max_message_chars: int = Field(1000, ge=50, le=100_000)

    class Config:
        case_sensitive = False

    @validator("database_url")
    def _valid_url(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        try:
            make_url(value)
        except Exception as error:  # sqlalchemy raises ArgumentError
            raise ValueError(f"DATABASE_URL is not a valid SQLAlchemy URL: {value!r}") from error
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; raises `pydantic.ValidationError` on a bad value."""
    return Settings()
