"""Sandbox app packages: a jar holding a plain-XML ``AndroidManifest.xml`` and the app's classes.

Validation happens here, on the host, before anything is started, so bad input gives one
actionable line (exit code 2) and no run is recorded.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import ConfigError

ANDROID_NS = "{http://schemas.android.com/apk/res/android}"


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


def _attr(element: ET.Element, name: str) -> str:
    return element.get(ANDROID_NS + name, "")


def _resolve(package: str, name: str) -> str:
    """``.Foo`` and ``Foo`` are relative to the package; ``a.b.Foo`` is fully qualified."""
    if name.startswith("."):
        return package + name
    if "." not in name:
        return f"{package}.{name}"
    return name


def _has_launcher_filter(activity: ET.Element) -> bool:
    for f in activity.iter("intent-filter"):
        actions = {_attr(a, "name") for a in f.iter("action")}
        categories = {_attr(c, "name") for c in f.iter("category")}
        if "android.intent.action.MAIN" in actions and "android.intent.category.LAUNCHER" in categories:
            return True
    return False


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
        root = ET.fromstring(manifest_bytes)
    except ET.ParseError as e:
        raise ConfigError(f"{path}: malformed AndroidManifest.xml: {e}") from e
    if root.tag != "manifest":
        raise ConfigError(f"{path}: AndroidManifest.xml root element is <{root.tag}>, expected <manifest>")
    package = root.get("package", "")
    if not package or not all(part.isidentifier() for part in package.split(".")):
        raise ConfigError(f"{path}: AndroidManifest.xml has no valid package attribute (got {package!r})")
    try:
        version_code = int(_attr(root, "versionCode") or "0")
    except ValueError as e:
        raise ConfigError(f"{path}: android:versionCode is not a number") from e
    app = root.find("application")
    if app is None:
        raise ConfigError(f"{path}: AndroidManifest.xml has no <application> element")
    app_name = _attr(app, "name")
    application_class = _resolve(package, app_name) if app_name else None
    launcher = None
    for activity in app.iter("activity"):
        if _has_launcher_filter(activity):
            name = _attr(activity, "name")
            if not name:
                raise ConfigError(f"{path}: the launcher <activity> has no android:name")
            launcher = _resolve(package, name)
            break
    if launcher is None:
        raise ConfigError(f"{path}: no launcher activity (an <activity> with a MAIN/LAUNCHER intent-filter)")
    for role, cls in (("launcher activity", launcher), ("application class", application_class)):
        if cls is not None and cls.replace(".", "/") + ".class" not in names:
            raise ConfigError(
                f"{path}: {role} {cls} is declared in the manifest but {cls.replace('.', '/')}.class is not in the jar"
            )
    permissions = tuple(_attr(p, "name") for p in root.iter("uses-permission") if _attr(p, "name"))
    return AppPackage(
        path=path.resolve(),
        package=package,
        version_name=_attr(root, "versionName"),
        version_code=version_code,
        label=_attr(app, "label"),
        application_class=application_class,
        launcher_activity=launcher,
        permissions=permissions,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
