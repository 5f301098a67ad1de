"""Compile the TypeScript agent in ``hooks/`` into one bundle with Frida's compiler.

``frida.Compiler`` is the engine behind the ``frida-compile`` CLI (which on npm needs a native
download this project's machines cannot make); it bundles ``frida-java-bridge`` from
``hooks/node_modules``. Run ``npm ci`` in ``hooks/`` first. Type-checking is strict
(``npm run typecheck`` runs ``tsc --noEmit`` too).

Usage: ``python -m monitor.agent.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from monitor.errors import AgentError

REPO_HOOKS = Path(__file__).resolve().parents[2] / "hooks"
BUNDLE = Path(__file__).resolve().parent / "_agent.js"


def build(hooks_dir: Path = REPO_HOOKS, out: Path = BUNDLE) -> Path:
    from monitor.device.agent import frida_module

    frida = frida_module()
    if not (hooks_dir / "node_modules" / "frida-java-bridge").is_dir():
        raise AgentError(f"{hooks_dir}/node_modules is missing: run 'npm ci' in {hooks_dir}")
    diagnostics: list[str] = []
    compiler = frida.Compiler()
    compiler.on("diagnostics", lambda diag: diagnostics.extend(str(d) for d in diag))
    try:
        bundle = compiler.build("src/index.ts", project_root=str(hooks_dir), source_maps="omitted", compression="none")
    except frida.InvalidArgumentError as e:
        raise AgentError(f"agent compilation failed: {e}\n" + "\n".join(diagnostics)) from e
    if diagnostics:
        raise AgentError("agent type errors:\n" + "\n".join(diagnostics))
    out.write_text(bundle, encoding="utf-8")
    return out


def main() -> int:
    try:
        path = build()
    except AgentError as e:
        sys.stderr.write(f"error: {e}\n")
        return 3
    sys.stderr.write(f"built {path} ({path.stat().st_size} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
