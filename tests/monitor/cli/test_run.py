from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.errors import AgentError

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def one_line_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error:") and "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--sandbox"),
        (("--sandbox", "/nonexistent/app.jar"), "no such file"),
        (("--sandbox", "pyproject.toml"), "not a jar"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, output = invoke("run", *args)
    assert code == 2
    assert message in one_line_error(output)


def test_jar_problems(tmp_path: Path) -> None:
    import zipfile

    jar = tmp_path / "a.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        zf.writestr("x.class", b"")
    code, output = invoke("run", "--sandbox", str(jar))
    assert code == 2 and "no AndroidManifest.xml" in one_line_error(output)


@pytest.mark.parametrize("args", [("--consent", "maybe"), ("--fail-on", "bogus"), ("--format", "xml"), ("--proxy-port", "70000")])
def test_bad_option_values_exit_2(args: tuple[str, ...], built: dict[str, Path]) -> None:
    code, _ = invoke("run", "--sandbox", str(built["violating"]), *args)
    assert code == 2


def test_bad_device_config(tmp_path: Path, built: dict[str, Path]) -> None:
    cfg = tmp_path / "d.toml"
    cfg.write_text('imei = "123"')
    code, output = invoke("run", "--sandbox", str(built["violating"]), "--device-config", str(cfg))
    assert code == 2 and "Luhn" in one_line_error(output)


def test_frida_not_importable_exit_3(built: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise AgentError("Frida is not importable (No module named '_frida'): reinstall it")

    monkeypatch.setattr("monitor.runner.frida_module", broken)
    code, output = invoke("run", "--sandbox", str(built["violating"]))
    assert code == 3 and "Frida is not importable" in one_line_error(output)


def test_busy_proxy_port_exit_3_and_run_marked_failed(built: dict[str, Path], tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        code, output = invoke(
            "--db", db, "-q", "run", "--sandbox", str(built["violating"]), "--proxy-port", str(s.getsockname()[1])
        )
    assert code == 3 and "cannot listen" in one_line_error(output)
    code, output = invoke("--db", db, "runs", "--json")
    (run,) = json.loads(output)
    assert code == 0 and run["status"] == "failed"


def test_version_and_help() -> None:
    code, output = invoke("--version")
    assert code == 0 and output.startswith("privmon ")
    code, output = invoke("--help")
    assert code == 0 and all(c in output for c in ("run", "demo", "runs", "report"))


def test_every_run_option_reaches_the_runner(built: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.runner import RunOptions, SessionRunner

    seen: list[RunOptions] = []

    def fake_run(self: SessionRunner, app: Path, options: RunOptions) -> None:
        seen.append(options)
        raise AgentError("stop here")

    monkeypatch.setattr(SessionRunner, "run_sandbox", fake_run)
    cfg = tmp_path / "d.toml"
    cfg.write_text('model = "Mi 14"')
    args = (
        "--sandbox",
        str(built["violating"]),
        "--consent",
        "refuse",
        "--observe",
        "7",
        "--pre-consent",
        "3",
        "--proxy-port",
        "18080",
        "--duration",
        "12",
        "--device-config",
        str(cfg),
    )
    code, _ = invoke("run", *args)
    assert code == 3
    (o,) = seen
    assert (str(o.consent), o.observe_s, o.pre_consent_s, o.proxy_port, o.duration_s, o.device_state.model) == (
        "refuse",
        7.0,
        3.0,
        18080,
        12.0,
        "Mi 14",
    )
