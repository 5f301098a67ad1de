"""A virtual Android device that a real adb server accepts (``adb connect 127.0.0.1:PORT``).

It speaks the device side of the ADB transport; shell commands run for real in a bubblewrap sandbox
whose /data, /system and /sdcard are the sandbox device's disk, with Android-like tools (getprop,
settings, pm, am, dumpsys, uiautomator, input, screencap, logcat, cmd). See ``transport.py`` for the
wire protocol and ``services.py`` for shell, exec, sync, tcp and reverse.
"""
