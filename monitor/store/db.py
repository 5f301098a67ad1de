"""Engine and session factory for the local store, and the run-time writer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from monitor.errors import StoreError
from monitor.store.models import Base


def _json_dumps(value: object) -> str:
    """JSON columns: orjson is several times faster than json.dumps on event rows (ingest-bound)."""
    return orjson.dumps(value).decode("utf-8")


def data_dir() -> Path:
    """Per-user data directory (``PRIVMON_HOME`` overrides it)."""
    override = os.environ.get("PRIVMON_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir("privmon", appauthor=False))


def default_db_url() -> str:
    env = os.environ.get("PRIVMON_DB")
    if env:
        return normalise_url(env)
    return f"sqlite:///{data_dir() / 'privmon.db'}"


def normalise_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    return value if "://" in value else f"sqlite:///{Path(value).expanduser().resolve()}"


class Store:
    """The local store. SQLite gets WAL and foreign keys; the schema is created on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        url = url or default_db_url()
        try:
            if url.startswith("sqlite:///"):
                path = Path(url.removeprefix("sqlite:///"))
                if str(path) != ":memory:":
                    path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, json_serializer=_json_dumps)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            Base.metadata.create_all(engine)
            _add_new_columns(engine)
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(f"cannot open the store at {url}: {e}") from e
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as e:
            session.rollback()
            raise StoreError(f"store write failed: {e}") from e
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _add_new_columns(engine: Engine) -> None:
    """Columns added to existing tables since a store was created (all nullable): ALTER TABLE ADD
    COLUMN, so an older store keeps its runs. A store from a newer privmon is left alone."""
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if not column.nullable:
                raise StoreError(f"the store's table {table.name} lacks column {column.name}: use a new --db file")
            kind = column.type.compile(dialect=engine.dialect)
            with engine.begin() as conn:
                conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across an app crash, faster commits
    cursor.close()
