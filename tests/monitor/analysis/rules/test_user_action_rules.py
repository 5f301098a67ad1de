"""app-list-read, clipboard-read and mic-without-user-action."""

from __future__ import annotations

from monitor.analysis.rules import app_list_read, clipboard_read, mic_without_user_action
from tests.monitor.analysis.rules.factories import click, ev, hits, lifecycle, view


def test_app_list_enumeration_but_not_a_single_lookup_or_a_declared_one() -> None:
    listing = ev(1, 10, "pm.getInstalledPackages", "android.content.pm.PackageManager.getInstalledPackages")
    lookup = ev(2, 20, "pm.getPackageInfo", "android.content.pm.PackageManager.getPackageInfo", ("com.tencent.mm", "0"))
    [hit] = hits(app_list_read, view([listing, lookup]))
    assert hit.evidence["events"] == [1]
    declared = '[collect.app-list]\npurpose = "detect installed partner apps"\n'
    assert hits(app_list_read, view([listing], scope=declared)) == []


def test_clipboard_read_needs_a_click_just_before() -> None:
    read = ev(2, 5000, "clipboard.getPrimaryClip", "android.content.ClipboardManager.getPrimaryClip")
    assert len(hits(clipboard_read, view([read]))) == 1
    assert hits(clipboard_read, view([click(1, 4000), read])) == []
    assert len(hits(clipboard_read, view([click(1, 2000), read]))) == 1


def test_clipboard_read_in_the_background_is_never_user_initiated() -> None:
    events = [
        lifecycle(1, 100, "onResume"),
        click(2, 3000),
        lifecycle(3, 3100, "onPause"),
        ev(4, 4500, "clipboard.getPrimaryClip"),
    ]
    assert len(hits(clipboard_read, view(events))) == 1


def test_microphone_and_camera_start() -> None:
    rec = ev(2, 5000, "audio.startRecording", "android.media.AudioRecord.startRecording")
    cam = ev(3, 9000, "camera.open", "android.hardware.Camera.open")
    found = hits(mic_without_user_action, view([click(1, 4500), rec, cam]))
    assert [h.data_type for h in found] == ["camera"]
