from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from monitor.sandbox.build import build_framework, write_jar


def test_jars_are_reproducible(tmp_path: Path) -> None:
    a = build_framework(tmp_path / "a")
    b = build_framework(tmp_path / "b")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    names = zipfile.ZipFile(a).namelist()
    assert names == sorted(names)
    for cls in (
        "android/app/Activity.class",
        "android/telephony/TelephonyManager.class",
        "org/json/JSONObject.class",
        "android/provider/Settings$Secure.class",
        "com/android/internal/sandbox/Zygote.class",
    ):
        assert cls in names


def test_write_jar_fixed_timestamps(tmp_path: Path) -> None:
    jar = tmp_path / "x.jar"
    write_jar(jar, {"b.txt": b"2", "a.txt": b"1"})
    infos = zipfile.ZipFile(jar).infolist()
    assert [i.filename for i in infos] == ["META-INF/MANIFEST.MF", "a.txt", "b.txt"]
    assert {i.date_time for i in infos} == {(2020, 1, 1, 0, 0, 0)}


def test_user_app_builds_against_the_stub_jar(user_app: Path) -> None:
    names = zipfile.ZipFile(user_app).namelist()
    assert "AndroidManifest.xml" in names and "org/example/fitness/WorkoutActivity.class" in names
