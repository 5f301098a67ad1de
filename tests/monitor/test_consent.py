from __future__ import annotations

import pytest

from monitor.consent import ConsentChoice, classify_button, find_consent_dialog
from monitor.device.ui import UiNode


def node(text: str, clickable: bool = False, bounds: tuple[int, int, int, int] = (0, 0, 100, 100), desc: str = "") -> UiNode:
    return UiNode(
        text=text,
        resource_id="",
        cls="android.widget.Button" if clickable else "android.widget.TextView",
        package="p",
        content_desc=desc,
        clickable=clickable,
        enabled=True,
        bounds=bounds,
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("同意", "affirmative"),
        ("同意并继续", "affirmative"),
        ("Agree", "affirmative"),
        ("Accept all", "affirmative"),
        ("不同意", "negative"),
        ("暂不同意", "negative"),
        ("不同意并退出", "negative"),
        ("Disagree", "negative"),
        ("Reject all", "negative"),
        ("暂不使用", "negative"),
        ("Don't agree", "negative"),
        ("我已阅读并同意《隐私政策》和《用户协议》的全部条款", None),
        ("Settings", None),
        ("", None),
    ],
)
def test_button_classes_with_negators_and_length_cap(text: str, kind: str | None) -> None:
    assert classify_button(text) == kind


def test_finds_dialog_and_buttons() -> None:
    nodes = [
        node("隐私政策"),
        node("请阅读《隐私政策》"),
        node("不同意", True, (90, 1275, 540, 1425)),
        node("同意", True, (540, 1275, 990, 1425)),
    ]
    dialog = find_consent_dialog(nodes)
    assert dialog is not None
    assert dialog.button_for(ConsentChoice.AGREE) == nodes[3]
    assert dialog.button_for(ConsentChoice.REFUSE) == nodes[2]
    assert dialog.button_for(ConsentChoice.NONE) is None
    assert nodes[3].center == (765, 1350)


def test_no_policy_text_means_no_dialog() -> None:
    assert find_consent_dialog([node("Delete photo?"), node("OK", True), node("Cancel", True)]) is None


def test_policy_text_without_buttons_is_not_a_dialog() -> None:
    assert find_consent_dialog([node("Privacy Policy"), node("Read more", True)]) is None


def test_content_description_counts_as_label() -> None:
    dialog = find_consent_dialog([node("", desc="Privacy Policy"), node("", True, desc="Accept")])
    assert dialog is not None and dialog.affirmative is not None and dialog.negative is None
