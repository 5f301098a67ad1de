"""Privacy-dialog detection on a uiautomator hierarchy, and the choice of the button to tap.

Host-side logic, identical for phones and the sandbox. A dialog is a screen whose text mentions a
privacy policy / user agreement and that offers clickable affirmative and/or negative buttons.
Buttons are classified by word classes with negators ("不同意" and "Disagree" are negative even
though they contain "同意"/"agree") and a length cap, so long sentences are never buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from monitor.device.ui import UiNode


class ConsentChoice(StrEnum):
    AGREE = "agree"
    REFUSE = "refuse"
    NONE = "none"


_POLICY = re.compile(
    r"隐私政策|隐私保护|隐私协议|隐私权|个人信息保护|用户协议|服务协议|privacy\s*(policy|notice|statement)|user\s*agreement|terms\s*of\s*(service|use)",
    re.IGNORECASE,
)
_AFFIRMATIVE = re.compile(
    r"^(同意|同意并继续|同意并进入|我同意|我已阅读并同意|接受|好的|确定|agree|i\s*agree|agree\s*and\s*continue|accept|accept\s*all|allow|ok|continue)$",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"^(不同意|拒绝|暂不同意|不同意并退出|退出|退出应用|仅浏览|游客模式|暂不使用|disagree|decline|reject|reject\s*all|refuse|deny|no\s*thanks|exit|cancel)$",
    re.IGNORECASE,
)
_NEGATOR = re.compile(r"^(不|暂不|拒绝)|\b(dis|don'?t|do\s*not|not|no)\b|^dis", re.IGNORECASE)
MAX_BUTTON_LENGTH = 12


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip("。.!！")).strip()


def classify_button(text: str) -> str | None:
    """``affirmative``, ``negative`` or None for a button label."""
    t = _norm(text)
    if not t or len(t) > MAX_BUTTON_LENGTH:
        return None
    if _NEGATIVE.match(t):
        return "negative"
    if _NEGATOR.search(t):
        return "negative" if _AFFIRMATIVE.match(re.sub(_NEGATOR, "", t).strip()) else None
    if _AFFIRMATIVE.match(t):
        return "affirmative"
    return None


@dataclass(frozen=True)
class ConsentDialog:
    text: str
    affirmative: UiNode | None
    negative: UiNode | None

    def button_for(self, choice: ConsentChoice) -> UiNode | None:
        if choice is ConsentChoice.AGREE:
            return self.affirmative
        if choice is ConsentChoice.REFUSE:
            return self.negative
        return None


def find_consent_dialog(nodes: list[UiNode]) -> ConsentDialog | None:
    text = " ".join(n.label for n in nodes if n.label)
    if not _POLICY.search(text):
        return None
    affirmative = negative = None
    for n in nodes:
        if not (n.clickable and n.enabled and n.label):
            continue
        kind = classify_button(n.label)
        if kind == "affirmative" and affirmative is None:
            affirmative = n
        elif kind == "negative" and negative is None:
            negative = n
    if affirmative is None and negative is None:
        return None
    return ConsentDialog(text=text, affirmative=affirmative, negative=negative)
