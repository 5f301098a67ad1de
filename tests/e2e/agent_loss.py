"""``python -m tests.e2e.agent_loss PRIVMON-ARGS``: privmon, with the agent unloaded from the app as
soon as its first hook event arrives (the agent dies, the app lives on). Used by the e2e tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from monitor.device import agent as agent_module
from monitor.runner import AgentSession


def _install() -> None:
    original_init = AgentSession.__init__

    def init(self: AgentSession, device: Any, pid: int, on_message: Callable[[Mapping[str, Any], bytes | None], None]) -> None:
        fired = threading.Event()

        def spy(message: Mapping[str, Any], data: bytes | None) -> None:
            on_message(message, data)
            payload = message.get("payload")
            batch = isinstance(payload, Mapping) and payload.get("type") == "events:batch"
            if batch and not fired.is_set():
                fired.set()
                # not on Frida's thread: unloading from inside its message callback would deadlock
                threading.Thread(target=self._script.unload, name="kill-agent", daemon=True).start()

        original_init(self, device, pid, spy)

    AgentSession.__init__ = init  # type: ignore[method-assign]
    assert agent_module.AgentSession is AgentSession


if __name__ == "__main__":
    _install()
    from monitor.cli import main

    main()
