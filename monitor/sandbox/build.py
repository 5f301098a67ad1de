"""Build the sandbox device's Java parts: the Android framework stand-in and the sample apps.

Reproducible: sources are compiled in sorted order with ``javac --release 17`` and packed into
jars with sorted entries and a fixed timestamp, so the same sources give byte-identical jars.

Usage: ``python -m monitor.sandbox.build [--out DIR]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from monitor.errors import DeviceError

JAVA_DIR = Path(__file__).resolve().parent / "java"
BUILD_DIR = Path(__file__).resolve().parent / "_build"
FRAMEWORK_JAR = "android-framework.jar"
SAMPLES = (
    "compliant",
    "violating",
    "refusepath",
    "probe",
    "checkbox",
    "secondconfirm",
    "exitrefuse",
    "reaskperm",
    "cmpapp",
    "sdklate",
    "scopeapp",
    "scopetwin",
    "quantapp",
    "quanttwin",
    "permapp",
    "permtwin",
    "trafficapp",
    "traffictwin",
    "neighbour",
    "pinapp",
    "quicapp",
    "nscapp",
    "serialapp",
    "noproxyapp",
    "screenapp",
    "screentwin",
    "wsapp",
    "guideapp",
    "withdrawapp",
    "withdrawtwin",
    "webviewapp",
)
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _javac() -> str:
    javac = shutil.which("javac")
    if javac is None:
        raise DeviceError("javac not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)")
    return javac


def _compile(sources: list[Path], out: Path, classpath: list[Path]) -> None:
    cmd = [_javac(), "--release", "17", "-encoding", "UTF-8", "-nowarn", "-implicit:none", "-d", str(out)]
    if classpath:
        cmd += ["-cp", ":".join(str(p) for p in classpath)]
    cmd += [str(s) for s in sorted(sources)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise DeviceError(f"javac failed:\n{proc.stderr.strip()}")


def write_jar(jar: Path, files: dict[str, bytes]) -> None:
    """Write a jar with sorted entries and fixed timestamps (reproducible)."""
    jar.parent.mkdir(parents=True, exist_ok=True)
    tmp = jar.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        entries = {"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\r\nCreated-By: privmon\r\n\r\n", **files}
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name])
    tmp.replace(jar)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build_framework(out_dir: Path = BUILD_DIR) -> Path:
    sources = sorted((JAVA_DIR / "framework").rglob("*.java"))
    with tempfile.TemporaryDirectory(prefix="privmon-javac-") as tmp:
        classes = Path(tmp)
        _compile(sources, classes, [])
        jar = out_dir / FRAMEWORK_JAR
        write_jar(jar, _tree(classes))
    return jar


def build_app(source_dir: Path, jar: Path, framework: Path) -> Path:
    """Compile an app against the stub jar and package it like an APK (manifest and res/ at the root)."""
    manifest = source_dir / "AndroidManifest.xml"
    sources = sorted((source_dir / "src").rglob("*.java"))
    with tempfile.TemporaryDirectory(prefix="privmon-javac-") as tmp:
        classes = Path(tmp)
        _compile(sources, classes, [framework])
        files = _tree(classes)
        files["AndroidManifest.xml"] = manifest.read_bytes()
        for res in sorted((source_dir / "res").rglob("*")):  # resources (res/xml/...) as in an APK
            if res.is_file():
                files[res.relative_to(source_dir).as_posix()] = res.read_bytes()
        write_jar(jar, files)
    return jar


def build_all(out_dir: Path = BUILD_DIR) -> list[Path]:
    framework = build_framework(out_dir)
    built = [framework]
    for name in SAMPLES:
        built.append(build_app(JAVA_DIR / "samples" / name, out_dir / "samples" / f"{name}.jar", framework))
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD_DIR)
    args = parser.parse_args(argv)
    try:
        for jar in build_all(args.out):
            sys.stderr.write(f"built {jar}\n")
    except DeviceError as e:
        sys.stderr.write(f"error: {e}\n")
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
