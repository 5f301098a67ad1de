"""A Frida session with the privmon agent: load, handshake (protocol version), resume, flush.

Used for every device: a local process (the sandbox) or a process on a phone's frida-server.
Callbacks only hand messages to the writer's queue; nothing runs on Frida's threads.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from monitor.errors import AgentError, ConfigError, DeviceError, MonitorError, map_exceptions
from monitor.events import PROTOCOL_VERSION

BUNDLE = Path(__file__).resolve().parents[1] / "agent" / "_agent.js"


def frida_module() -> ModuleType:
    """Frida, imported on first use so that a broken install is a clear error, not a traceback."""
    try:
        return importlib.import_module("frida")
    except ImportError as e:
        raise AgentError(f"Frida is not importable ({e}): reinstall it with 'pip install \"frida>=17.2,<18\"'") from e


@cache
def frida_errors() -> dict[type[BaseException], type[MonitorError]]:
    """Frida's exceptions mapped onto privmon's, for :func:`map_exceptions`."""
    f = frida_module()
    return {
        f.ProcessNotFoundError: DeviceError,
        f.ProcessNotRespondingError: DeviceError,
        f.ServerNotRunningError: DeviceError,
        f.TransportError: DeviceError,
        f.PermissionDeniedError: DeviceError,
        f.NotSupportedError: DeviceError,
        f.ExecutableNotFoundError: DeviceError,
        f.InvalidOperationError: AgentError,
        f.InvalidArgumentError: AgentError,
    }


def kill_process(frida_device: Any, pid: int) -> None:
    """Kill an app process through Frida; one that is already gone is fine."""
    f = frida_module()
    try:
        frida_device.kill(pid)
    except (f.ProcessNotFoundError, f.InvalidOperationError, f.TransportError, f.NotSupportedError):
        return  # NotSupportedError: Frida cannot open /proc/PID of a process that just exited


def load_bundle(path: Path = BUNDLE) -> str:
    if not path.exists():
        raise AgentError(
            f"agent bundle {path} is missing: run 'make agent' (npm ci in hooks/, then python -m monitor.agent.build)"
        )
    return path.read_text(encoding="utf-8")


# Frida's detach reasons, in the words a tester needs: the app may well be alive when only the agent went.
_DETACH_TEXT = {
    "process-terminated": "the app process ended",
    "process-replaced": "the app process was replaced (exec)",
    "connection-terminated": "the connection to the agent was lost (frida-server stopped, or the device went away)",
    "device-lost": "the device was lost",
    "application-requested": "the agent was detached",
}


class AgentSession:
    def __init__(
        self,
        device: Any,
        pid: int,
        on_message: Callable[[Mapping[str, Any], bytes | None], None],
    ) -> None:
        self.device = device
        self.pid = pid
        self._on_message = on_message
        self.detached = threading.Event()
        self.detach_reason: str | None = None
        self._session_gone = threading.Event()  # the session itself said why (more precise than the script)
        self._session: Any = None
        self._script: Any = None

    def _detached(self, reason: str, crash: Any) -> None:
        # The session's reason is the precise one: it replaces the script's "destroyed" guess if that came first.
        text = _DETACH_TEXT.get(reason, f"the agent detached ({reason})")
        self.detach_reason = text if crash is None else f"{text} (crash: {getattr(crash, 'summary', crash)})"
        self._session_gone.set()
        self.detached.set()

    def settled_reason(self, wait_s: float = 1.0) -> str | None:
        """Why the agent went, once that is known: a destroyed script is often followed, a moment
        later, by the session saying the process ended; wait at most WAIT_S for that."""
        if self.detached.is_set() and not self._session_gone.is_set():
            self._session_gone.wait(wait_s)
        return self.detach_reason

    def _script_destroyed(self) -> None:
        """The agent is gone while the session may live on: nothing after this moment is observed."""
        if not self.detached.is_set():
            self.detach_reason = "the agent was unloaded from the app (its script was destroyed)"
            self.detached.set()

    def attach_and_init(
        self,
        bundle: str,
        stack_depth: int = 16,
        flush_ms: int = 50,
        max_batch: int = 64,
        user_hooks: list[dict[str, Any]] | None = None,
        app_proxy: tuple[str, int] | None = None,
        unpin: bool = False,
        block_quic: bool = False,
        direct_entries: bool = True,
    ) -> dict[str, Any]:
        """``app_proxy``: the proxy listener reserved for this app (the agent points the app at it);
        ``unpin``: neutralise certificate pinning so pinned traffic can be read; ``block_quic``: make
        UDP 443 fail in the app so its HTTP/3 falls back to TCP, through the proxy; ``direct_entries``:
        let hooks take the agent's direct entry where it can (HotSpot; see hooks/src/lib/direct.ts)."""
        with map_exceptions(frida_errors(), "frida"):
            self._session = self.device.attach(self.pid)
            self._session.on("detached", self._detached)
            self._script = self._session.create_script(bundle, name="privmon")
            self._script.on("message", self._on_message)
            self._script.on("destroyed", self._script_destroyed)
            self._script.load()
            reply = self._script.exports_sync.init(
                {
                    "protocol": PROTOCOL_VERSION,
                    "stackDepth": stack_depth,
                    "flushIntervalMs": flush_ms,
                    "maxBatch": max_batch,
                    "userHooks": user_hooks or [],
                    "unpin": unpin,
                    "blockQuic": block_quic,
                    "directEntries": direct_entries,
                }
                | ({"appProxy": {"host": app_proxy[0], "port": app_proxy[1]}} if app_proxy else {})
            )
        if not isinstance(reply, dict) or reply.get("protocol") != PROTOCOL_VERSION:
            got = reply.get("protocol") if isinstance(reply, dict) else reply
            raise ConfigError(f"agent speaks protocol {got!r}, host speaks {PROTOCOL_VERSION}: rebuild the agent (make agent)")
        return reply

    def resume(self) -> None:
        with map_exceptions(frida_errors(), "frida resume"):
            self.device.resume(self.pid)

    def flush(self) -> None:
        """Ask the agent to send what it has batched; a gone process has nothing left to send."""
        if self._script is None or self.detached.is_set():
            return
        f = frida_module()
        try:
            self._script.exports_sync.flush()
        except f.InvalidOperationError:
            self._script_destroyed()  # "script has been destroyed": the agent is gone
        except (f.TransportError, f.ProcessNotFoundError):
            return
