"""Signal 1: consent and permission dialogs on screen, from a uiautomator hierarchy.

Host-side logic, identical for phones and the sandbox. The detector reads what a user sees (text,
or ``content-desc`` for WebView-rendered UIs) and answers: which kind of dialog is this, which
control makes each choice, how sure it is and why.

Buttons are classified by word classes (clear agree, acknowledge-only, clear refuse, reconsider,
settings; allow / while using / only this time / deny for permission dialogs). A label is matched
whole, after normalisation, and is capped in length, so sentences are never buttons. A negator
(不, 暂不, 拒绝, not, don't, dis-) means a label is never an "agree": "不同意" and "Disagree" are
refusals even though they contain "同意" and "agree".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from monitor.device.ui import UiNode


class ConsentChoice(StrEnum):
    """What the session does with consent dialogs."""

    AGREE = "agree"
    REFUSE = "refuse"
    NONE = "none"
    MANUAL = "manual"


class DialogKind(StrEnum):
    PRIVACY = "privacy"  # the privacy-policy dialog: agree (and, if compliant, refuse)
    PRIVACY_CONFIRM = "privacy-confirm"  # the "are you sure?" dialog shown after a refusal
    NOTICE = "notice"  # a privacy text with an acknowledgement only (好的 / 我知道了 / OK)
    CMP = "cmp"  # a consent-management platform (Google UMP, OneTrust, Didomi, IAB TCF...)
    PERMISSION = "permission"  # Android's runtime-permission dialog
    GUIDE = "guide"  # an onboarding page (引导页) after (or before) the dialogs: passed, not answered


class Role(StrEnum):
    """What pressing a control means."""

    AGREE = "agree"
    ACKNOWLEDGE = "acknowledge"
    REFUSE = "refuse"
    RECONSIDER = "reconsider"  # 再想想 / Go back: returns to the policy from a secondary dialog
    SETTINGS = "settings"  # Manage options / 设置: a further layer
    ALLOW = "allow"
    ALLOW_FOREGROUND = "allow-foreground"
    ALLOW_ONCE = "allow-once"
    DENY = "deny"
    START = "start"  # 立即体验 / Get started: ends an onboarding guide
    SKIP = "skip"  # 跳过 / Skip: leaves the guide at once
    NEXT = "next"  # 下一步 / Next: the guide's next page


# -- word classes --------------------------------------------------------------------------------
# Each class is a list of whole-label patterns over normalised text (lower case, no surrounding
# punctuation, inner spaces collapsed). Order matters: the first class that matches wins, and the
# negative classes come before the affirmative ones.

_ZH_PREFIX = r"(我)?(已)?(阅读并|已阅读并|已知悉并)?"
_CLASSES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.DENY,
        re.compile(
            r"^(don'?t allow|do not allow|deny|deny & don'?t ask again|deny and don'?t ask again|"
            r"don'?t allow & don'?t ask again|禁止|不允许|拒绝且不再询问|拒绝并不再询问|禁止后不再询问)$"
        ),
    ),
    (
        Role.ALLOW_FOREGROUND,
        re.compile(
            r"^(while using the app|allow only while using the app|allow while using the app|"
            r"仅在使用中允许|仅在使用该应用时允许|使用时允许|仅使用期间允许|使用期间允许|仅在使用期间允许)$"
        ),
    ),
    (
        Role.ALLOW_ONCE,
        re.compile(r"^(only this time|allow once|ask every time|仅限这一次|仅本次允许|本次允许|仅本次使用时允许|单次授权)$"),
    ),
    (Role.ALLOW, re.compile(r"^(allow|allow all the time|always allow|允许|始终允许|总是允许|一律允许)$")),
    (
        Role.RECONSIDER,
        re.compile(
            r"^(再想想|我再想想|再看看|我再看看|重新考虑|返回|返回查看|查看协议|去查看|去同意|"
            r"go back|back|think again|let me think|review again|reconsider)$"
        ),
    ),
    (
        Role.REFUSE,
        re.compile(
            r"^(不同意|我不同意|暂不同意|不同意并退出|仍不同意|依然不同意|仍然不同意|还是不同意|坚持不同意|"
            r"不同意[,，]?仅浏览|不同意并仅浏览|拒绝|拒绝并退出|仍然拒绝|坚持拒绝|全部拒绝|拒绝全部|拒绝所有|不接受|"
            r"退出|退出应用|退出app|离开|放弃使用|暂不使用|不使用|仅浏览|游客模式|游客浏览|先逛逛|随便看看|"
            r"基本功能模式|进入基本功能模式|仅使用基本功能|使用基本功能|"
            r"disagree|i disagree|disagree and close|disagree and exit|decline|decline all|reject|reject all|"
            r"refuse|do not consent|don'?t consent|do not accept|don'?t accept|no thanks|no, thanks|"
            r"continue without accepting|exit|exit app|quit|browse only|not now|取消|cancel)$"
        ),
    ),
    (
        Role.SETTINGS,
        re.compile(
            r"^(manage options|more options|cookie settings|privacy settings|settings|customi[sz]e|"
            r"customi[sz]e choices|manage preferences|learn more|show purposes|see partners|partners|"
            r"设置|管理选项|更多选项|个性化设置|了解更多|自定义)$"
        ),
    ),
    (
        Role.AGREE,
        re.compile(
            r"^(" + _ZH_PREFIX + r"(同意|接受)(并继续|并进入|并使用|并开始使用|并授权|进入|继续|协议|协议并继续|"
            r"以上协议|全部|所有|并关闭)?|确认同意|同意并继续使用|同意,继续|全部接受|接受全部|全部同意|"
            r"agree|i agree|agree and continue|agree & continue|agree and close|agree & close|accept|i accept|"
            r"accept all|accept all cookies|accept cookies|accept and continue|accept & continue|accept and close|"
            r"consent|i consent|allow all|yes, i agree|yes, i accept|got it, agree)$"
        ),
    ),
    (
        Role.ACKNOWLEDGE,
        re.compile(
            r"^(好的|好|确定|确认|知道了|我知道了|我已知晓|已知晓|继续|开始使用|进入应用|立即体验|"
            r"ok|okay|got it|continue|i understand|understood)$"
        ),
    ),
)
_NEGATOR = re.compile(r"(不|暂不|拒绝|勿|别|没有)|\b(not|don'?t|do not|no|never|dis)\b|^dis", re.IGNORECASE)
_NOT_CONSENT_ACTIONS = re.compile(
    r"登录|注册|验证码|下载|更新|升级|购买|支付|log ?in|sign ?(in|up)|register|download|update|install"
)
# Onboarding guides: their own words, read only on screens that are not consent or permission dialogs.
# A skip with a countdown ("跳过 5") is a splash ad's, not a guide's.
_GUIDE_CLASSES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.START,
        re.compile(
            r"^(立即体验|开始体验|马上体验|立即进入|马上进入|进入应用|进入app|开始使用|立即开启|开启.{0,6}之旅|"
            r"get started|start now|let'?s go|let'?s get started|start exploring)$"
        ),
    ),
    (Role.SKIP, re.compile(r"^(跳过|跳过引导|跳过介绍|skip|skip intro|skip tour)$")),
    (Role.NEXT, re.compile(r"^(下一步|下一页|继续|next|continue)$")),
)
MAX_LABEL_CJK = 12
MAX_LABEL_LATIN = 32

# -- dialog text ---------------------------------------------------------------------------------
_POLICY = re.compile(
    r"隐私政策|隐私保护|隐私协议|隐私权|隐私条款|隐私声明|个人信息保护|个人信息处理|用户协议|服务协议|使用协议|"
    r"用户服务协议|许可协议|《[^》]{1,24}(隐私|协议|政策|规则|指引|条款)[^》]{0,12}》|"
    r"privacy\s*(policy|notice|statement|terms)|user\s*agreement|terms\s*(of\s*(service|use)|and\s*conditions)|"
    r"data\s*protection",
    re.IGNORECASE,
)
_CMP = re.compile(
    r"cookie|our partners|\bpartners\b|\bvendors\b|legitimate interest|personali[sz]ed (ads|advertising|content)|"
    r"we value your privacy|your privacy (choices|matters)|store and/or access information|precise geolocation data|"
    r"\biab\b|transparency (and|&) consent|consent to the use of your (personal )?data|measure (ad|content) performance",
    re.IGNORECASE,
)
_CMP_IDS = re.compile(
    r"onetrust|otpublishers|didomi|usercentrics|sourcepoint|cmp|consentmanager|quantcast|funding_?choices|ump", re.I
)
_CONFIRM = re.compile(
    r"若不同意|如不同意|如果不同意|如您不同意|若您不同意|如果您不同意|您不同意|不同意(将|则|的话)|"
    r"需要?(您)?同意.{0,12}(才能|方可|后才能)|同意后(才能|方可)|无法(继续)?(为您)?(提供|使用)|很遗憾|"
    r"if you (do not|don'?t) (agree|accept)|without your (consent|agreement)|we need your (consent|agreement)|are you sure",
    re.IGNORECASE,
)
_PERMISSION_PACKAGES = frozenset(
    {
        "com.android.permissioncontroller",
        "com.google.android.permissioncontroller",
        "com.android.packageinstaller",
        "com.google.android.packageinstaller",
        "com.lbe.security.miui",
        "com.huawei.systemmanager",
        "com.coloros.securitypermission",
        "com.oplus.securitypermission",
        "com.vivo.permissionmanager",
    }
)
_PERMISSION_IDS = re.compile(r"permission_(allow|deny)|grant_dialog|permission_message")
_PERMISSION_TEXT = re.compile(
    r"^(要)?允许.{1,40}(访问|获取|使用|拍摄|录制|发送|查看|拨打|读取|管理|确定|查找|连接)|"
    r"^allow .{1,60} to (access|take|record|make|send|find|use|view|read|manage|know|connect|discover)",
    re.IGNORECASE,
)
_OTHER_DIALOG = re.compile(r"发现新版本|版本更新|新版本|立即更新|new version|update available|update now", re.IGNORECASE)
_LOGIN_HINT = re.compile(r"验证码|手机号|密码|一键登录|本机号码|log ?in|sign ?in|password|phone number", re.IGNORECASE)


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"(?<=[\u3000-\u9fff]) (?=[\u3000-\u9fff])", "", t)  # "同 意" is how some apps space two characters
    return t.strip(" 。.!！>›»→")


def _too_long(t: str) -> bool:
    cjk = any("\u3000" <= ch <= "\u9fff" for ch in t)
    return len(t) > (MAX_LABEL_CJK if cjk else MAX_LABEL_LATIN)


def classify_label(text: str) -> Role | None:
    """The role of a control from its label, or None (not a consent or permission control)."""
    t = normalise(text)
    if not t or _too_long(t):
        return None
    for role, pattern in _CLASSES:
        if pattern.match(t):
            if role in (Role.AGREE, Role.ACKNOWLEDGE, Role.ALLOW) and _NEGATOR.search(t):
                return None  # belt and braces: a negator never reads as agreement
            return role
    if _NOT_CONSENT_ACTIONS.search(t):
        return None
    if _NEGATOR.search(t):
        stripped = re.sub(r"\s+", " ", _NEGATOR.sub("", t)).strip()
        for role, pattern in _CLASSES:
            if role is Role.AGREE and stripped and pattern.match(stripped):
                return Role.REFUSE  # 暂不同意并关闭, don't agree and close...
    return None


# The roles a choice presses, in order of preference.
_CHOICE_ROLES: dict[str, tuple[Role, ...]] = {
    "agree": (Role.AGREE, Role.ACKNOWLEDGE, Role.RECONSIDER),
    "refuse": (Role.REFUSE,),
    "grant": (Role.ALLOW_FOREGROUND, Role.ALLOW, Role.ALLOW_ONCE),
    "deny": (Role.DENY,),
    "proceed": (Role.START, Role.SKIP, Role.NEXT),  # through a guide: to its end, else skip it, else page on
}


@dataclass(frozen=True)
class Detection:
    kind: DialogKind
    controls: dict[Role, UiNode]
    confidence: float
    reasons: tuple[str, ...]
    text: str
    checkbox: UiNode | None = None
    links: tuple[UiNode, ...] = field(default=())

    @property
    def checkbox_checked(self) -> bool | None:
        return None if self.checkbox is None else self.checkbox.checked

    @property
    def has_refuse(self) -> bool:
        return Role.REFUSE in self.controls

    def control_for(self, choice: str) -> UiNode | None:
        """The control a session presses for a choice: agree / refuse (consent), grant / deny (permissions),
        proceed (through an onboarding guide)."""
        if self.kind is DialogKind.PERMISSION:
            wanted = _CHOICE_ROLES.get("grant" if choice == "agree" else "deny" if choice == "refuse" else choice, ())
        else:
            wanted = _CHOICE_ROLES.get(choice, ())
        return next((self.controls[r] for r in wanted if r in self.controls), None)

    def signature(self) -> str:
        """Identifies "the same dialog again" across dumps (text and control labels, not positions)."""
        labels = ",".join(sorted(f"{r}={n.label}" for r, n in self.controls.items()))
        return f"{self.kind}|{normalise(self.text)[:200]}|{labels}"


def _is_control(n: UiNode) -> bool:
    return n.enabled and bool(n.label) and (n.clickable or n.cls.endswith(("Button", "CheckBox")))


def _texts(nodes: Iterable[UiNode]) -> str:
    return " ".join(n.label for n in nodes if n.label)


def detect(nodes: Sequence[UiNode]) -> Detection | None:
    """The consent or permission dialog on screen, or None."""
    if not nodes:
        return None
    text = _texts(nodes)
    permission = _detect_permission(nodes, text)
    if permission is not None:
        return permission
    consent = _detect_consent(nodes, text)
    return consent if consent is not None else _detect_guide(nodes, text)


def _roles(nodes: Sequence[UiNode]) -> dict[Role, UiNode]:
    found: dict[Role, UiNode] = {}
    for n in nodes:
        if not _is_control(n) or n.checkable:
            continue
        role = classify_label(n.label)
        if role is not None and role not in found:
            found[role] = n
    return found


def _detect_permission(nodes: Sequence[UiNode], text: str) -> Detection | None:
    reasons = []
    confidence = 0.0
    packages = {n.package for n in nodes}
    if packages & _PERMISSION_PACKAGES:
        reasons.append(f"window of {sorted(packages & _PERMISSION_PACKAGES)[0]}")
        confidence += 0.5
    if any(_PERMISSION_IDS.search(n.resource_id) for n in nodes):
        reasons.append("permission-controller resource ids")
        confidence += 0.3
    message = next((n.label for n in nodes if _PERMISSION_TEXT.search(normalise(n.label))), None)
    if message is not None:
        reasons.append(f"permission question {message[:60]!r}")
        confidence += 0.3
    if confidence < 0.3:
        return None
    roles = _roles(nodes)
    if Role.DENY not in roles and Role.REFUSE in roles:
        roles[Role.DENY] = roles[Role.REFUSE]  # 拒绝 on a permission dialog denies
    controls: dict[Role, UiNode] = {
        r: n for r, n in roles.items() if r in (Role.ALLOW, Role.ALLOW_FOREGROUND, Role.ALLOW_ONCE, Role.DENY)
    }
    # By resource id when the label is unusual (OEM skins): the ids are stable across languages.
    for n in nodes:
        rid = n.resource_id.rsplit("/", 1)[-1]
        role = {
            "permission_allow_button": Role.ALLOW,
            "permission_allow_always_button": Role.ALLOW,
            "permission_allow_foreground_only_button": Role.ALLOW_FOREGROUND,
            "permission_allow_one_time_button": Role.ALLOW_ONCE,
            "permission_deny_button": Role.DENY,
            "permission_deny_and_dont_ask_again_button": Role.DENY,
        }.get(rid)
        if role is not None and n.enabled and role not in controls:
            controls[role] = n
    if not controls:
        return None
    reasons.append("controls: " + ", ".join(f"{r}={n.label!r}" for r, n in controls.items()))
    return Detection(DialogKind.PERMISSION, controls, min(1.0, confidence + 0.2), tuple(reasons), text)


def _detect_consent(nodes: Sequence[UiNode], text: str) -> Detection | None:
    if any(n.editable for n in nodes) and _LOGIN_HINT.search(text):
        return None  # a login or sign-up form that links its terms is not a consent dialog
    policy = _POLICY.search(text)
    cmp_text = _CMP.search(text)
    cmp_ids = next((n.resource_id for n in nodes if n.resource_id and _CMP_IDS.search(n.resource_id.split(":", 1)[0])), None)
    if policy is None and cmp_text is None and cmp_ids is None:
        return None
    controls = _roles(nodes)
    deny = controls.pop(Role.DENY, None)  # "Deny" on a consent banner is a refusal
    if deny is not None:
        controls.setdefault(Role.REFUSE, deny)
    allow_all = controls.pop(Role.ALLOW, None)
    if allow_all is not None:
        controls.setdefault(Role.AGREE, allow_all)
    for r in (Role.ALLOW_FOREGROUND, Role.ALLOW_ONCE):
        controls.pop(r, None)
    if Role.AGREE not in controls and _OTHER_DIALOG.search(text):
        return None  # an update prompt that mentions the policy is still an update prompt
    consent_controls = {Role.AGREE, Role.ACKNOWLEDGE, Role.REFUSE, Role.RECONSIDER}
    if not consent_controls & controls.keys():
        return None
    reasons = []
    confidence = 0.0
    if policy is not None:
        reasons.append(f"policy wording {policy.group(0)!r}")
        confidence += 0.4
    checkbox = next((n for n in nodes if n.checkable and n.enabled), None)
    links = tuple(n for n in nodes if n.clickable and n.label and _POLICY.fullmatch(normalise(n.label).strip("《》")) is not None)
    links += tuple(n for n in nodes if n.clickable and re.fullmatch(r"《[^》]{1,30}》", n.label.strip()) and n not in links)
    if links:
        reasons.append(f"{len(links)} policy link(s)")
        confidence += 0.1
    if checkbox is not None:
        reasons.append(f"checkbox {checkbox.label[:40]!r} ({'ticked' if checkbox.checked else 'not ticked'})")
        confidence += 0.1
    for role in (Role.AGREE, Role.ACKNOWLEDGE, Role.REFUSE, Role.RECONSIDER, Role.SETTINGS):
        if role in controls:
            reasons.append(f"{role} control {controls[role].label!r}")
    if Role.AGREE in controls or Role.ACKNOWLEDGE in controls:
        confidence += 0.25
    if Role.REFUSE in controls or Role.RECONSIDER in controls:
        confidence += 0.25
    if cmp_text is not None or cmp_ids is not None:
        reasons.append(f"consent-platform {'wording ' + repr(cmp_text.group(0)) if cmp_text else 'ids ' + repr(cmp_ids)}")
        confidence += 0.4 if policy is None else 0.1
        kind = DialogKind.CMP
    elif Role.RECONSIDER in controls or (_CONFIRM.search(text) and Role.REFUSE in controls):
        reasons.append("asks again after a refusal")
        kind = DialogKind.PRIVACY_CONFIRM
    elif Role.AGREE not in controls and Role.REFUSE not in controls:
        reasons.append("acknowledgement only")
        kind = DialogKind.NOTICE
    else:
        kind = DialogKind.PRIVACY
    if kind is DialogKind.NOTICE:
        controls = {r: n for r, n in controls.items() if r in (Role.ACKNOWLEDGE, Role.SETTINGS)}
    return Detection(kind, controls, round(min(1.0, confidence), 2), tuple(reasons), text, checkbox, links)


def _detect_guide(nodes: Sequence[UiNode], text: str) -> Detection | None:
    """An onboarding guide page: a control that ends it, or both skip and next. Never on a screen with
    policy wording, a login form or an update prompt; a lone skip (a splash ad's) is not a guide."""
    if _POLICY.search(text) or _OTHER_DIALOG.search(text) or (any(n.editable for n in nodes) and _LOGIN_HINT.search(text)):
        return None
    controls: dict[Role, UiNode] = {}
    for n in nodes:
        if not _is_control(n) or n.checkable:
            continue
        t = normalise(n.label)
        role = next((r for r, pattern in _GUIDE_CLASSES if pattern.match(t)), None)
        if role is not None and role not in controls:
            controls[role] = n
    if Role.START not in controls and not (Role.SKIP in controls and Role.NEXT in controls):
        return None
    reasons = tuple(f"{role} control {node.label!r}" for role, node in controls.items())
    confidence = 0.8 if Role.START in controls else 0.7
    return Detection(DialogKind.GUIDE, controls, confidence, ("onboarding guide", *reasons), text)


# -- withdrawing consent -------------------------------------------------------------------------
# PIPL art. 15: consent can be withdrawn, and the app must offer a way. The control usually sits in the
# app's settings (设置 > 隐私设置 > 撤回同意) and asks for a confirmation.
_WITHDRAW = re.compile(
    r"^((撤回|撤销)(对)?(隐私政策|隐私协议|用户协议|个人信息处理|个人信息保护政策|隐私)?(的)?(同意|授权)(书)?|"
    r"(withdraw|revoke)( my)? (consent|agreement|privacy consent))$"
)
_WITHDRAW_CONFIRM = re.compile(r"^(确定|确认|确定撤回|确认撤回|撤回|仍要撤回|继续撤回|withdraw|confirm|ok|yes)$")
_WITHDRAW_CANCEL = re.compile(r"^(取消|再想想|我再想想|暂不撤回|cancel|no|not now)$")
_SETTINGS_ENTRY = re.compile(
    r"^(设置|隐私设置|隐私|隐私中心|隐私管理|个人信息保护|隐私与安全|隐私和安全|账号与安全|我的|"
    r"settings|privacy|privacy settings|privacy center|account|me)$"
)


def _labelled_controls(nodes: Sequence[UiNode], pattern: re.Pattern[str]) -> list[UiNode]:
    return [
        n
        for n in nodes
        if _is_control(n) and not n.checkable and pattern.match(normalise(n.label)) and not _too_long(normalise(n.label))
    ]


def withdraw_control(nodes: Sequence[UiNode]) -> UiNode | None:
    """The control that withdraws consent to the privacy policy, if the screen shows one."""
    found = _labelled_controls(nodes, _WITHDRAW)
    return found[0] if found else None


def withdraw_confirmation(nodes: Sequence[UiNode]) -> UiNode | None:
    """On the dialog that asks "withdraw, really?": the control that confirms (None: no such dialog).
    A confirmation has both a confirming and a cancelling control."""
    confirm = _labelled_controls(nodes, _WITHDRAW_CONFIRM)
    if not confirm or not _labelled_controls(nodes, _WITHDRAW_CANCEL):
        return None
    return next((n for n in confirm if "撤回" in n.label or "withdraw" in n.label.lower()), confirm[0])


def settings_entries(nodes: Sequence[UiNode]) -> list[UiNode]:
    """Controls that lead to the app's settings or privacy pages, where a withdraw control lives."""
    return _labelled_controls(nodes, _SETTINGS_ENTRY)
