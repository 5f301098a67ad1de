"""Shared fixtures. Tests never touch the user's data dir: PRIVMON_HOME points into tmp."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.device.agent import BUNDLE
from monitor.sandbox.device import FRAMEWORK_JAR, SAMPLES_DIR
from monitor.store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def privmon_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "privmon-home"
    monkeypatch.setenv("PRIVMON_HOME", str(home))
    monkeypatch.delenv("PRIVMON_DB", raising=False)
    return home


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'test.db'}")
    yield s
    s.close()


@pytest.fixture(scope="session")
def built() -> dict[str, Path]:
    """The build outputs the tests need; missing ones are a failure (run `make build`), not a skip."""
    needed = {
        "agent": BUNDLE,
        "framework": FRAMEWORK_JAR,
        **{n: SAMPLES_DIR / f"{n}.jar" for n in ("compliant", "violating", "refusepath")},
    }
    missing = [str(p) for p in needed.values() if not p.exists()]
    if missing:
        pytest.fail(f"build outputs missing (run `make build`): {', '.join(missing)}")
    return needed


@pytest.fixture(scope="session")
def user_app(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture app in tests/fixtures/userapp, built with exactly the README's javac + jar commands."""
    work = tmp_path_factory.mktemp("userapp")
    src = FIXTURES / "userapp"
    sources = sorted(str(p.relative_to(src)) for p in (src / "src").rglob("*.java"))
    subprocess.run(
        ["javac", "--release", "17", "-cp", str(built["framework"]), "-d", str(work / "build" / "classes"), *sources],
        cwd=src,
        check=True,
    )
    shutil.copy(src / "AndroidManifest.xml", work / "AndroidManifest.xml")
    subprocess.run(
        ["jar", "--create", "--file", "myapp.jar", "-C", "build/classes", ".", "AndroidManifest.xml"], cwd=work, check=True
    )
    return work / "myapp.jar"


def agent_message(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "agent_messages" / f"{name}.json").read_text(encoding="utf-8"))
    return data
