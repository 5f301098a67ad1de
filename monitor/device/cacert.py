"""Putting the capture CA into a device's trust store.

- Sandbox and virtual devices: the system store is a directory on this host's disk for the device.
- Rooted phones and emulators (root via ``adb root`` or ``su``): the system store is read-only, so a
  tmpfs is mounted over ``/system/etc/security/cacerts`` holding the existing certificates plus ours.
  On Android 14+ (API 34) the store lives in the Conscrypt APEX (``/apex/com.android.conscrypt/cacerts``)
  and each process has its own mount namespace: the tmpfs is bind-mounted there in the zygotes' and
  in every running app's namespace.
- Anything else: the user store, which needs the tester's hands (Settings > Security > Install
  certificate); apps targeting API 24+ ignore it unless they opt in.

:func:`system_store_plan` is pure (the shell steps for an API level) so it is tested without a device;
running it on real hardware has not been verified here (no Android device on our build machines).
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

from cryptography import x509

STAGING = "/data/local/tmp/privmon-cacerts"
SYSTEM_STORE = "/system/etc/security/cacerts"
APEX_STORE = "/apex/com.android.conscrypt/cacerts"


def subject_hash_old(pem: bytes) -> str:
    """OpenSSL's ``x509 -subject_hash_old``: the file name Android's store uses (``HASH.0``)."""
    cert = x509.load_pem_x509_certificate(pem)
    digest = hashlib.md5(cert.subject.public_bytes()).digest()
    return f"{int.from_bytes(digest[:4], 'little'):08x}"


def system_store_plan(api_level: int, cert_name: str) -> list[str]:
    """Root shell steps that make the system store trust ``STAGING/<cert_name>`` (pushed beforehand)."""
    q = shlex.quote
    source = APEX_STORE if api_level >= 34 else SYSTEM_STORE
    steps = [
        f"mkdir -p {STAGING}/store",
        f"cp {source}/* {STAGING}/store/",
        f"cp {STAGING}/{q(cert_name)} {STAGING}/store/",
        f"mount -t tmpfs tmpfs {SYSTEM_STORE}",
        f"cp {STAGING}/store/* {SYSTEM_STORE}/",
        f"chown root:root {SYSTEM_STORE}/*",
        f"chmod 644 {SYSTEM_STORE}/*",
        f"chcon u:object_r:system_file:s0 {SYSTEM_STORE}/*",
    ]
    if api_level >= 34:
        # every process has its own view of the APEX: bind our store into the zygotes and running apps
        steps += [
            f"for pid in $(pidof zygote zygote64) $(ps -A -o PID,NAME | awk '$2 ~ /\\./ {{print $1}}'); do "
            f"nsenter --mount=/proc/$pid/ns/mnt -- mount --bind {SYSTEM_STORE} {APEX_STORE}; done",
        ]
    steps.append(f"rm -rf {STAGING}")
    return steps


def staged_name(pem_path: Path) -> str:
    return subject_hash_old(pem_path.read_bytes()) + ".0"
