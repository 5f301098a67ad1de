from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.sandbox.apk import read_app

MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.t.app" android:versionCode="{vc}" android:versionName="1.0">
  <uses-permission android:name="android.permission.INTERNET"/>
  <application android:name="{app}">
    <activity android:name="{act}"><intent-filter>
      <action android:name="android.intent.action.MAIN"/><category android:name="android.intent.category.LAUNCHER"/>
    </intent-filter></activity>
  </application>
</manifest>"""


def jar(tmp_path: Path, manifest: str | None, classes: tuple[str, ...] = ("com/t/app/App.class", "com/t/app/Main.class")) -> Path:
    path = tmp_path / "app.jar"
    with zipfile.ZipFile(path, "w") as zf:
        if manifest is not None:
            zf.writestr("AndroidManifest.xml", manifest)
        for c in classes:
            zf.writestr(c, b"\xca\xfe\xba\xbe")
    return path


@pytest.mark.parametrize(("app", "act"), [(".App", ".Main"), ("App", "Main"), ("com.t.app.App", "com.t.app.Main")])
def test_relative_and_qualified_names(tmp_path: Path, app: str, act: str) -> None:
    pkg = read_app(jar(tmp_path, MANIFEST.format(app=app, act=act, vc=3)))
    assert (pkg.package, pkg.application_class, pkg.launcher_activity, pkg.version_code) == (
        "com.t.app",
        "com.t.app.App",
        "com.t.app.Main",
        3,
    )
    assert pkg.permissions == ("android.permission.INTERNET",) and len(pkg.sha256) == 64


def test_samples_are_valid(built: dict[str, Path]) -> None:
    assert read_app(built["violating"]).application_class == "com.example.violating.ViolatingApp"
    assert read_app(built["refusepath"]).launcher_activity == "com.example.refusepath.SplashActivity"


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda p: p / "missing.jar", "no such file"),
        (lambda p: p, "not a file"),
        (lambda p: (p / "x.jar").write_text("not a zip") and p / "x.jar", "not a jar"),
        (lambda p: jar(p, None), "no AndroidManifest.xml"),
        (lambda p: jar(p, "<manifest package='a.b'><application"), "malformed AndroidManifest.xml"),
        (lambda p: jar(p, "<root/>"), "expected <manifest>"),
        (
            lambda p: jar(p, MANIFEST.replace('package="com.t.app"', 'package="1bad"').format(app=".App", act=".Main", vc=1)),
            "valid package",
        ),
        (lambda p: jar(p, MANIFEST.format(app=".App", act=".Main", vc="x")), "versionCode"),
        (lambda p: jar(p, MANIFEST.replace("LAUNCHER", "DEFAULT").format(app=".App", act=".Main", vc=1)), "no launcher activity"),
        (lambda p: jar(p, MANIFEST.format(app=".App", act=".Gone", vc=1)), "launcher activity com.t.app.Gone"),
        (lambda p: jar(p, MANIFEST.format(app=".Gone", act=".Main", vc=1)), "application class com.t.app.Gone"),
    ],
)
def test_bad_packages_give_one_actionable_line(tmp_path: Path, make, error: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=error) as info:
        read_app(make(tmp_path))
    assert "\n" not in str(info.value)
