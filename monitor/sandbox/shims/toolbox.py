"""The virtual device's Android tools, dispatched on the name they are called by (like toolbox).

getprop, setprop, settings, pm, cmd, am, monkey, dumpsys, uiautomator, input, screencap, logcat,
pidof. Runs inside the device's bubblewrap sandbox with the standard library only; the device disk
logic is shared with the host through devicefs.py (copied to /system/lib/privmon). Output formats
and exit codes follow Android's tools where testers and adbutils read them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.sandbox.devicefs import DeviceFS, app_command, parse_manifest, render_screen
else:  # on the device, the shared module is at /system/lib/privmon/devicefs.py
    sys.path.insert(0, "/system/lib/privmon")
    from devicefs import DeviceFS, app_command, parse_manifest, render_screen

FS = DeviceFS("/")
FRAMEWORK = "/system/framework/privmon-framework.jar"
LAUNCH_TIMEOUT_S = 15.0


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def die(message: str, code: int = 1) -> int:
    sys.stderr.write(message + "\n")
    return code


# -- properties and settings ---------------------------------------------------------------------
def getprop(args: list[str]) -> int:
    props = FS.props()
    if not args:
        for key in sorted(props):
            out(f"[{key}]: [{props[key]}]")
        return 0
    out(props.get(args[0], args[1] if len(args) > 1 else ""))
    return 0


def setprop(args: list[str]) -> int:
    if len(args) != 2:
        return die("usage: setprop NAME VALUE")
    if args[0].startswith("ro.") and args[0] in FS.props():
        return die(f"Failed to set property '{args[0]}' to '{args[1]}'.")
    FS.set_prop(args[0], args[1])
    return 0


def settings(args: list[str]) -> int:
    usage = "usage: settings [--user N] get|put|delete|list NAMESPACE [KEY [VALUE]]"
    if args[:1] == ["--user"]:
        args = args[2:]
    if len(args) < 2 or args[1] not in ("global", "secure", "system"):
        return die(usage)
    verb, namespace, rest = args[0], args[1], args[2:]
    if verb == "get" and len(rest) == 1:
        value = FS.get_setting(namespace, rest[0])
        out("null" if value is None else value)
    elif verb == "put" and len(rest) >= 2:
        FS.put_setting(namespace, rest[0], rest[1])
    elif verb == "delete" and len(rest) == 1:
        existed = FS.get_setting(namespace, rest[0]) is not None
        FS.put_setting(namespace, rest[0], None)
        out(f"Deleted {1 if existed else 0} rows")
    elif verb == "list":
        for key, value in sorted(FS.settings()[namespace].items()):
            out(f"{key}={value}")
    else:
        return die(usage)
    return 0


# -- packages ----------------------------------------------------------------------------------
def _manifest_of(apk: Path) -> dict[str, Any]:
    with zipfile.ZipFile(apk) as zf:
        return parse_manifest(zf.read("AndroidManifest.xml"))


def pm(args: list[str]) -> int:
    if not args:
        return die("usage: pm install|uninstall|list|path|grant|revoke|clear|dump ...")
    verb, rest = args[0], args[1:]
    if verb == "install":
        flags = [a for a in rest if a.startswith("-")]
        paths = [a for a in rest if not a.startswith("-")]
        if not paths:
            return die("Error: no package specified")
        apk = Path(paths[-1])
        if not apk.is_file():
            out(f"Error: Unable to open file: {apk}")
            out("Consider using a file under /data/local/tmp/")
            return 1
        try:
            manifest = _manifest_of(apk)
        except (zipfile.BadZipFile, KeyError, ValueError) as e:
            out(f"Failure [INSTALL_PARSE_FAILED_NOT_APK: Failed to parse {apk}: {e}]")
            return 1
        package = str(manifest["package"])
        requested = [str(p) for p in manifest["permissions"]]
        FS.install(
            package,
            apk,
            requested,
            grant_all="-g" in flags,
            version_name=str(manifest["version_name"]),
            version_code=int(manifest["version_code"]),
        )
        out("Success")
        return 0
    if verb == "uninstall":
        if rest and FS.uninstall(rest[-1]):
            out("Success")
            return 0
        out("Failure [DELETE_FAILED_INTERNAL_ERROR]")
        return 1
    if verb == "list" and rest[:1] == ["packages"]:
        show_path = "-f" in rest
        third_party_only = "-3" in rest
        installed = FS.packages()
        names = sorted(installed)
        if not third_party_only:
            names = sorted(set(names) | {p["name"] for p in FS.device().get("packages", [])})
        filters = [a for a in rest[1:] if not a.startswith("-")]
        for name in names:
            if filters and filters[0] not in name:
                continue
            prefix = f"package:{installed[name]['path']}=" if show_path and name in installed else "package:"
            out(prefix + name)
        return 0
    if verb == "path" and rest:
        entry = FS.packages().get(rest[0])
        if entry is None:
            return 1
        out(f"package:{entry['path']}")
        return 0
    if verb in ("grant", "revoke") and len(rest) >= 2:
        error = FS.set_granted(rest[-2], rest[-1], verb == "grant")
        if error:
            sys.stderr.write(f"Exception occurred while executing '{verb}':\njava.lang.IllegalArgumentException: {error}\n")
            return 255
        return 0
    if verb == "clear" and rest:
        _force_stop(rest[-1])
        out("Success" if FS.clear(rest[-1]) else "Failed")
        return 0
    if verb == "dump" and rest:
        return _dump_package(rest[0])
    return die(f"pm: unsupported command: {' '.join(args)}")


def cmd(args: list[str]) -> int:
    if args[:2] == ["package", "install"]:
        # Streamed install (adb install on a device with the "cmd" feature): the APK arrives on stdin.
        size = int(args[args.index("-S") + 1]) if "-S" in args else -1
        target = Path("/data/local/tmp/.streamed-install.apk")
        data = sys.stdin.buffer.read(size) if size >= 0 else sys.stdin.buffer.read()
        target.write_bytes(data)
        try:
            return pm(["install", *[a for a in args[2:] if a.startswith("-") and a != "-S"], str(target)])
        finally:
            target.unlink(missing_ok=True)
    if args[:1] == ["package"]:
        return pm(args[1:])
    if args[:1] == ["activity"]:
        return am(args[1:])
    return die(f"cmd: Can't find service: {args[0] if args else ''}", 20)


# -- activities and processes --------------------------------------------------------------------
def _launch(package: str, component: str | None, wait: bool) -> int:
    entry = FS.packages().get(package)
    if entry is None:
        out(f"Error: Activity not started, unable to resolve Intent {{ cmp={component or package} }}")
        return 1
    manifest = _manifest_of(Path(entry["path"]))
    activity = str(manifest["launcher_activity"])
    if component and "/" in component:
        cls = component.split("/", 1)[1]
        activity = package + cls if cls.startswith(".") else cls
    out(f"Starting: Intent {{ act=android.intent.action.MAIN cat=[android.intent.category.LAUNCHER] cmp={package}/{activity} }}")
    if FS.pid_of(package) is not None:
        out("Warning: Activity not started, its current task has been brought to the front")
        return 0
    (FS.root / "data/system/ui" / f"{package}.port").unlink(missing_ok=True)
    logcat = (FS.root / "data/system/logcat" / f"{package}.log").open("ab")
    subprocess.Popen(  # the app process outlives this command, as a zygote child does
        app_command("java", FRAMEWORK, entry["path"], "/"),
        stdin=subprocess.DEVNULL,
        stdout=logcat,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd="/",
    )
    if wait:
        started = time.monotonic()
        while FS.ui_port(package) is None:
            if time.monotonic() - started > LAUNCH_TIMEOUT_S:
                out("Error: Activity not started, the process did not come up")
                return 1
            time.sleep(0.05)  # noqa: TID251 - am -W polls for the launch, bounded by LAUNCH_TIMEOUT_S
        out("Status: ok")
        out(f"Activity: {package}/{activity}")
        out(f"TotalTime: {int((time.monotonic() - started) * 1000)}")
        out("Complete")
    return 0


def _force_stop(package: str) -> None:
    pid = FS.pid_of(package)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid, signal.SIGKILL)
    for stale in (FS.root / "data/system/procs" / f"{package}.pid", FS.root / "data/system/ui" / f"{package}.port"):
        stale.unlink(missing_ok=True)


def am(args: list[str]) -> int:
    if not args:
        return die("usage: am start|force-stop ...")
    verb, rest = args[0], args[1:]
    if verb in ("start", "start-activity"):
        component = rest[rest.index("-n") + 1] if "-n" in rest else None
        if "-S" in rest and component:
            _force_stop(component.split("/", 1)[0])
        if component is None:
            positional = [a for a in rest if not a.startswith("-")]
            if not positional:
                out("Error: Activity not started, unable to resolve Intent")
                return 1
            component = positional[-1]
        return _launch(component.split("/", 1)[0], component, wait="-W" in rest)
    if verb in ("force-stop", "kill") and rest:
        _force_stop(rest[-1])
        return 0
    return die(f"am: unsupported command: {verb}")


def monkey(args: list[str]) -> int:
    if "-p" not in args:
        return die("usage: monkey -p PACKAGE -c android.intent.category.LAUNCHER 1")
    package = args[args.index("-p") + 1]
    code = _launch(package, None, wait=False)
    if code == 0:
        out("Events injected: 1")
    return code


def _pids_by_name(name: str) -> list[int]:
    """Processes whose command name is NAME (what pidof matches for native daemons such as frida-server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if comm == name[:15] and state != "Z":
            found.append(int(entry.name))
    return sorted(found)


def pidof(args: list[str]) -> int:
    pids = []
    for name in args:
        app = FS.pid_of(name)
        pids += [str(app)] if app is not None else [str(p) for p in _pids_by_name(name)]
    if not pids:
        return 1
    out(" ".join(pids))
    return 0


# -- the UI of the foreground app ----------------------------------------------------------------
def _foreground() -> str | None:
    try:
        package = (FS.root / "data/system/foreground").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return package if FS.pid_of(package) is not None and FS.ui_port(package) is not None else None


def _ui(command: dict[str, object]) -> dict[str, object] | None:
    package = _foreground()
    if package is None:
        return None
    port = FS.ui_port(package)
    assert port is not None
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s, s.makefile("rw", encoding="utf-8") as f:
        f.readline()  # hello
        f.write(json.dumps({"id": 1, **command}) + "\n")
        f.flush()
        reply: dict[str, object] = json.loads(f.readline())
    return reply


EMPTY_HIERARCHY = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\" />"


def uiautomator(args: list[str]) -> int:
    if args[:1] != ["dump"]:
        return die("usage: uiautomator dump [--compressed] [FILE]")
    files = [a for a in args[1:] if not a.startswith("--")]
    target = files[0] if files else "/sdcard/window_dump.xml"
    reply = _ui({"cmd": "dump"})
    xml = str(reply["xml"]) if reply and reply.get("ok") else EMPTY_HIERARCHY
    FS.path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(xml, encoding="utf-8")
    out(f"UI hierchary dumped to: {target}")  # sic: Android's own spelling
    return 0


def input_(args: list[str]) -> int:
    if args[:1] == ["tap"] and len(args) == 3:
        reply = _ui({"cmd": "tap", "x": int(float(args[1])), "y": int(float(args[2]))})
        if reply is not None and not reply.get("ok"):
            return die(f"input: {reply.get('error')}")
        return 0
    if args[:1] == ["keyevent"] and len(args) >= 2:
        key = args[-1].upper()
        if key not in _SCREEN_KEYS:
            return 0  # other keys do nothing on the sandbox device
        on = _SCREEN_KEYS[key]
        return _power_key(not FS.screen_on() if on is None else on)
    if args[:1] in (["text"], ["swipe"]):
        return 0
    return die("usage: input tap X Y | keyevent CODE | text TEXT")


# power keys by code and name: turn the screen off (False), on (True), or toggle it (None)
_SCREEN_KEYS: dict[str, bool | None] = {
    "26": None,
    "KEYCODE_POWER": None,
    "223": False,
    "KEYCODE_SLEEP": False,
    "224": True,
    "KEYCODE_WAKEUP": True,
}


def _power_key(on: bool) -> int:
    """The screen turns on or off; the foreground app's activity is paused or resumed, as on Android."""
    FS.set_screen(on)
    reply = _ui({"cmd": "screen", "on": on})
    if reply is not None and not reply.get("ok"):
        return die(f"input: {reply.get('error')}")
    return 0


def screencap(args: list[str]) -> int:
    """A grayscale rendering of the screen's views: windows, text rows, buttons (evidence of what was shown)."""
    reply = _ui({"cmd": "dump"})
    png = render_screen(str(reply["xml"]) if reply and reply.get("ok") else "")
    files = [a for a in args if not a.startswith("-")]
    if files:
        Path(files[0]).write_bytes(png)
    else:
        sys.stdout.buffer.write(png)
    return 0


def dumpsys(args: list[str]) -> int:
    if args[:1] == ["package"] and len(args) > 1:
        return _dump_package(args[1])
    if args[:1] == ["power"]:
        on = FS.screen_on()
        out("POWER MANAGER (dumpsys power)")
        out(f"  mWakefulness={'Awake' if on else 'Asleep'}")
        out(f"  mInteractive={'true' if on else 'false'}")
        out(f"Display Power: state={'ON' if on else 'OFF'}")
        return 0
    if args[:1] in (["activity"], ["window"]):
        package = _foreground()
        reply = _ui({"cmd": "top"}) if package else None
        if package is None or reply is None:
            return 0
        activity = str(reply.get("activity", ""))
        short = activity.removeprefix(package) if activity.startswith(package + ".") else activity
        if args[0] == "activity":
            out("ACTIVITY MANAGER ACTIVITIES (dumpsys activity activities)")
            if FS.screen_on():  # with the screen off the top activity is paused: none is resumed
                out(f"  mResumedActivity: ActivityRecord{{4f1a2b u0 {package}/{short} t12}}")
                out(f"  ResumedActivity: ActivityRecord{{4f1a2b u0 {package}/{short} t12}}")
            out(f"  ACTIVITY {package}/{short} 4f1a2b pid={FS.pid_of(package)}")
        else:
            out(f"  mCurrentFocus=Window{{8c2d1e u0 {package}/{activity}}}")
            out(f"  mFocusedApp=ActivityRecord{{4f1a2b u0 {package}/{short} t12}}")
        return 0
    return 0


def _dump_package(package: str) -> int:
    entry = FS.packages().get(package)
    if entry is None:
        out(f"Unable to find package: {package}")
        return 0
    out("Packages:")
    out(f"  Package [{package}] (4b0f2a1):")
    out(f"    codePath=/data/app/{package}")
    out(f"    versionCode={entry.get('versionCode', 0)} minSdk=21 targetSdk=34")
    out(f"    versionName={entry.get('versionName', '')}")
    out("    requested permissions:")
    for p in entry.get("requested", []):
        out(f"      {p}")
    out("    runtime permissions:")
    for p in entry.get("requested", []):
        out(f"      {p}: granted={'true' if p in entry.get('granted', []) else 'false'}")
    return 0


def logcat(args: list[str]) -> int:
    logs = sorted((FS.root / "data/system/logcat").glob("*.log"))
    if "-c" in args:
        for log in logs:
            log.write_bytes(b"")
        return 0
    if "-d" in args:
        for log in logs:
            sys.stdout.buffer.write(log.read_bytes())
        return 0
    os.execvp("tail", ["tail", "-n", "+1", "-q", "-F", *(str(p) for p in logs or [Path("/dev/null")])])
    return 0  # not reached: tail follows the log until the host closes the stream


TOOLS = {
    "getprop": getprop,
    "setprop": setprop,
    "settings": settings,
    "pm": pm,
    "cmd": cmd,
    "am": am,
    "monkey": monkey,
    "pidof": pidof,
    "uiautomator": uiautomator,
    "input": input_,
    "screencap": screencap,
    "dumpsys": dumpsys,
    "logcat": logcat,
}


def main() -> int:
    name = Path(sys.argv[0]).name
    args = sys.argv[1:]
    if name == "toolbox" and args:
        name, args = args[0], args[1:]
    tool = TOOLS.get(name)
    if tool is None:
        return die(f"{name}: not found", 127)
    return tool(args)


if __name__ == "__main__":
    raise SystemExit(main())
