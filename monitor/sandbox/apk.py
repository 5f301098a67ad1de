"""Sandbox app packages: a jar holding a plain-XML ``AndroidManifest.xml`` and the app's classes.

Validation happens here, on the host, before anything is started, so bad input gives one
actionable line (exit code 2) and no run is recorded.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import ConfigError
from monitor.sandbox.devicefs import parse_manifest


@dataclass(frozen=True)
class AppPackage:
    path: Path
    package: str
    version_name: str
    version_code: int
    label: str
    application_class: str | None
    launcher_activity: str
    permissions: tuple[str, ...]
    sha256: str


def read_app(path: Path) -> AppPackage:
    """Read and validate a sandbox app package. Raises :class:`ConfigError` with the reason."""
    if not path.exists():
        raise ConfigError(f"{path}: no such file")
    if not path.is_file():
        raise ConfigError(f"{path}: not a file")
    if not zipfile.is_zipfile(path):
        raise ConfigError(f"{path}: not a jar (zip) file; build the app as a jar with AndroidManifest.xml at its root")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "AndroidManifest.xml" not in names:
                raise ConfigError(f"{path}: no AndroidManifest.xml at the root of the jar")
            manifest_bytes = zf.read("AndroidManifest.xml")
    except (zipfile.BadZipFile, OSError) as e:
        raise ConfigError(f"{path}: unreadable jar: {e}") from e
    try:
        manifest = parse_manifest(manifest_bytes)
    except ValueError as e:
        raise ConfigError(f"{path}: {e}") from e
    launcher, application_class = manifest["launcher_activity"], manifest["application_class"]
    for role, cls in (("launcher activity", launcher), ("application class", application_class)):
        if cls is not None and cls.replace(".", "/") + ".class" not in names:
            raise ConfigError(
                f"{path}: {role} {cls} is declared in the manifest but {cls.replace('.', '/')}.class is not in the jar"
            )
    return AppPackage(
        path=path.resolve(),
        package=manifest["package"],
        version_name=manifest["version_name"],
        version_code=manifest["version_code"],
        label=manifest["label"],
        application_class=application_class,
        launcher_activity=launcher,
        permissions=tuple(manifest["permissions"]),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
