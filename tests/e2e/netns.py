"""Run commands in a fresh network namespace that has only a loopback interface.

Nothing started there can reach or resolve anything outside the machine; the prelude also records
the namespace's interfaces and routes so tests can assert that isolation held.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PRELUDE = 'ip link set lo up && ip -o link show | cut -d: -f2 | tr -d " " > "$LINKS_FILE" && ip route show > "$ROUTES_FILE" && exec "$@"'


def netns_argv(*command: str) -> list[str]:
    """``unshare --net`` (root, or an unprivileged user namespace) around COMMAND, loopback brought up."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if unshare is None or ip is None:
        pytest.fail("unshare (util-linux) and ip (iproute2) are needed: make system-deps")
    ns = [unshare, "--net"] if os.geteuid() == 0 else [unshare, "--net", "--map-root-user"]
    return [*ns, "--", "sh", "-c", PRELUDE, "sh", *command]


def netns_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, LINKS_FILE=str(tmp_path / "links"), ROUTES_FILE=str(tmp_path / "routes"), **extra)


def assert_isolated(tmp_path: Path, context: str = "") -> None:
    links = (tmp_path / "links").read_text().split() if (tmp_path / "links").exists() else []
    assert links == ["lo"], f"the namespace must have loopback only, got {links}: {context}"
    assert (tmp_path / "routes").read_text().strip() == "", "no route may lead out of the namespace"
