"""``python -m tests.e2e.neighbour_run ARGS``: ``privmon ARGS`` where the sandbox device also runs another
app (``neighbour``) that sends the same Android ID to the same host through the device's global proxy,
started as soon as the device is prepared and running through the whole session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from monitor import runner
from monitor.cli import app
from monitor.sandbox.apk import read_app
from monitor.sandbox.device import framework_jar, java_executable, sample_app
from monitor.sandbox.devicefs import app_command
from monitor.targets import SandboxTarget


class WithNeighbour(SandboxTarget):
    neighbour: subprocess.Popen[bytes] | None = None

    def prepare(self, proxy_port: int, ca_pem: Path, artifacts: Path, app_proxy_port: int | None = None) -> list[str]:
        notes = super().prepare(proxy_port, ca_pem, artifacts, app_proxy_port)
        other = read_app(sample_app("neighbour"))
        apk = self.device.fs.install(other.package, other.path, list(other.permissions), grant_all=True)
        argv = app_command(java_executable(), framework_jar(), apk, self.device.root)
        self.neighbour = subprocess.Popen(argv, cwd=self.device.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return notes

    def cleanup(self) -> None:
        super().cleanup()
        if self.neighbour is not None:
            self.neighbour.kill()
            self.neighbour.wait(10)


if __name__ == "__main__":
    runner.SandboxTarget = WithNeighbour  # type: ignore[misc]
    sys.argv[0] = "privmon"
    app()
