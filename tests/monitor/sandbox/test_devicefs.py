from __future__ import annotations

from pathlib import Path

from monitor.sandbox.devicefs import DeviceFS


def test_paths_never_escape_the_root(tmp_path: Path) -> None:
    fs = DeviceFS(tmp_path)
    assert fs.path("/data/local/tmp/x") == tmp_path / "data/local/tmp/x"
    assert fs.path("../../etc/passwd") == tmp_path / "etc/passwd"


def test_props_settings_roundtrip(tmp_path: Path) -> None:
    fs = DeviceFS(tmp_path)
    fs.create()
    fs.write_props({"ro.product.model": "Pixel 7"})
    fs.set_prop("persist.x", "1")
    assert fs.props() == {"persist.x": "1", "ro.product.model": "Pixel 7"}
    fs.put_setting("global", "http_proxy", "127.0.0.1:8080")
    assert fs.get_setting("global", "http_proxy") == "127.0.0.1:8080"
    fs.put_setting("global", "http_proxy", None)
    assert fs.get_setting("global", "http_proxy") is None and fs.settings()["secure"] == {}


def test_install_grant_revoke_clear_uninstall(tmp_path: Path) -> None:
    fs = DeviceFS(tmp_path)
    apk = tmp_path / "a.jar"
    apk.write_bytes(b"PK")
    perms = ["android.permission.CAMERA", "android.permission.READ_CONTACTS"]
    fs.install("com.a", apk, perms, grant_all=False, version_name="1.0")
    assert fs.packages()["com.a"]["granted"] == [] and (tmp_path / "data/app/com.a/base.apk").read_bytes() == b"PK"
    assert fs.set_granted("com.a", "android.permission.CAMERA", True) is None
    assert (
        fs.set_granted("com.a", "android.permission.RECORD_AUDIO", True)
        == "Package com.a has not requested permission android.permission.RECORD_AUDIO"
    )
    assert fs.set_granted("com.b", "x", True) == "Unknown package: com.b"
    # reinstalling keeps existing grants (like pm install -r), -g grants everything
    fs.install("com.a", apk, perms, grant_all=False)
    assert fs.packages()["com.a"]["granted"] == ["android.permission.CAMERA"]
    fs.install("com.a", apk, perms, grant_all=True)
    assert fs.packages()["com.a"]["granted"] == perms
    (tmp_path / "data/data/com.a/f").write_text("x")
    assert fs.clear("com.a") and not (tmp_path / "data/data/com.a/f").exists()
    assert fs.uninstall("com.a") and not fs.uninstall("com.a") and fs.packages() == {}


def test_process_table(tmp_path: Path) -> None:
    import os

    fs = DeviceFS(tmp_path)
    fs.create()
    (tmp_path / "data/system/procs/com.a.pid").write_text(str(os.getpid()))
    (tmp_path / "data/system/procs/com.dead.pid").write_text("999999999")
    assert fs.pid_of("com.a") == os.getpid() and fs.pid_of("com.dead") is None and fs.pid_of("com.none") is None
