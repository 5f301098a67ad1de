from __future__ import annotations

import pytest

from monitor.consent import DialogKind, Role, classify_label, detect
from monitor.device.ui import UiNode


def node(
    text: str,
    clickable: bool = False,
    bounds: tuple[int, int, int, int] = (0, 0, 100, 100),
    desc: str = "",
    package: str = "p",
    rid: str = "",
    checkable: bool = False,
    checked: bool = False,
    editable: bool = False,
) -> UiNode:
    return UiNode(
        text=text,
        resource_id=rid,
        cls="android.widget.Button" if clickable else "android.widget.TextView",
        package=package,
        content_desc=desc,
        clickable=clickable,
        enabled=True,
        bounds=bounds,
        checkable=checkable,
        checked=checked,
        editable=editable,
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("同意", Role.AGREE),
        ("同意并继续", Role.AGREE),
        ("我已阅读并同意", Role.AGREE),
        ("Agree", Role.AGREE),
        ("Accept all", Role.AGREE),
        ("  Agree & Continue ", Role.AGREE),
        ("不同意", Role.REFUSE),
        ("暂不同意", Role.REFUSE),
        ("不同意并退出", Role.REFUSE),
        ("仍不同意", Role.REFUSE),
        ("Disagree", Role.REFUSE),
        ("Reject all", Role.REFUSE),
        ("暂不使用", Role.REFUSE),
        ("Don't agree", Role.REFUSE),
        ("I do not agree", Role.REFUSE),
        ("再想想", Role.RECONSIDER),
        ("我知道了", Role.ACKNOWLEDGE),
        ("OK", Role.ACKNOWLEDGE),
        ("Manage options", Role.SETTINGS),
        ("While using the app", Role.ALLOW_FOREGROUND),
        ("仅限这一次", Role.ALLOW_ONCE),
        ("Don’t allow", Role.DENY),
        ("允许", Role.ALLOW),
        ("同意并登录", None),
        ("我已阅读并同意《隐私政策》和《用户协议》的全部条款", None),
        ("Settings and privacy for your account here", None),
        ("", None),
    ],
)
def test_word_classes_with_negators_and_length_cap(text: str, role: Role | None) -> None:
    assert classify_label(text) is role


def test_two_button_dialog() -> None:
    nodes = [
        node("隐私政策"),
        node("请阅读《隐私政策》"),
        node("不同意", True, (90, 1275, 540, 1425)),
        node("同意", True, (540, 1275, 990, 1425)),
    ]
    d = detect(nodes)
    assert d is not None and d.kind is DialogKind.PRIVACY
    assert d.control_for("agree") == nodes[3]
    assert d.control_for("refuse") == nodes[2]
    assert d.control_for("none") is None
    assert d.confidence >= 0.9 and any("policy wording" in r for r in d.reasons)
    assert nodes[3].center == (765, 1350)


def test_no_policy_text_means_no_dialog() -> None:
    assert detect([node("Delete photo?"), node("OK", True), node("Cancel", True)]) is None


def test_policy_text_without_controls_is_not_a_dialog() -> None:
    assert detect([node("Privacy Policy"), node("Read more", True)]) is None


def test_content_description_counts_as_label() -> None:
    d = detect([node("", desc="Privacy Policy"), node("", True, desc="Accept")])
    assert d is not None and d.control_for("agree") is not None and not d.has_refuse


def test_acknowledgement_only_is_a_notice() -> None:
    d = detect([node("使用即同意《隐私政策》"), node("我知道了", True)])
    assert d is not None and d.kind is DialogKind.NOTICE and d.control_for("agree") is not None
    assert d.control_for("refuse") is None


def test_checkbox_state_is_reported() -> None:
    box = node("我已阅读并同意《隐私政策》", True, checkable=True, checked=True)
    d = detect([node("隐私政策"), box, node("同意", True), node("不同意", True)])
    assert d is not None and d.checkbox == box and d.checkbox_checked is True


def test_login_form_is_not_a_consent_dialog() -> None:
    nodes = [node("请输入手机号", True, editable=True), node("登录即同意《隐私政策》"), node("同意", True)]
    assert detect(nodes) is None


def test_permission_dialog_by_package_and_ids() -> None:
    pc = "com.android.permissioncontroller"
    nodes = [
        node("Allow X to access your contacts?", package=pc, rid=f"{pc}:id/permission_message"),
        node("Allow", True, package=pc, rid=f"{pc}:id/permission_allow_button"),
        node("Deny", True, package=pc, rid=f"{pc}:id/permission_deny_button"),
    ]
    d = detect(nodes)
    assert d is not None and d.kind is DialogKind.PERMISSION
    assert d.control_for("grant") == nodes[1] and d.control_for("deny") == nodes[2]
    assert d.control_for("agree") == nodes[1] and d.control_for("refuse") == nodes[2]


def test_signature_ignores_positions() -> None:
    a = detect([node("隐私政策"), node("同意", True, (0, 0, 10, 10))])
    b = detect([node("隐私政策"), node("同意", True, (50, 50, 90, 90))])
    assert a is not None and b is not None and a.signature() == b.signature()


def test_withdraw_controls_and_their_confirmation() -> None:
    from monitor.consent.detect import settings_entries, withdraw_confirmation, withdraw_control

    def nodes(*labels: str) -> list[UiNode]:
        return [node(t, clickable=True, bounds=(0, i * 100, 1080, i * 100 + 100)) for i, t in enumerate(labels)]

    for label in ("撤回同意", "撤回隐私政策同意", "撤销授权", "Withdraw consent", "revoke my consent"):
        assert withdraw_control(nodes("清除缓存", label)) is not None, label
    for label in ("同意", "撤回", "撤回同意并退出", "撤回消息"):
        assert withdraw_control(nodes(label)) is None, label
    assert withdraw_confirmation(nodes("取消", "确定")).label == "确定"  # type: ignore[union-attr]
    assert withdraw_confirmation(nodes("取消", "确定", "确定撤回")).label == "确定撤回"  # type: ignore[union-attr]
    assert withdraw_confirmation(nodes("确定")) is None  # nothing to cancel: not a confirmation
    assert [n.label for n in settings_entries(nodes("首页", "我的", "设置"))] == ["我的", "设置"]
