"""Consent: what the user was asked and answered (signals 1 and 2), and what the app told its SDKs (signal 3)."""

from monitor.consent.detect import ConsentChoice, Detection, DialogKind, Role, classify_label, detect

__all__ = ["ConsentChoice", "Detection", "DialogKind", "Role", "classify_label", "detect"]
