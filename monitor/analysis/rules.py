"""Rule metadata: stable kebab-case ids (never renumbered; reused as JSON ``rule`` and SARIF ruleId),
severities, and the regulatory clauses each rule maps to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Clause:
    source: str
    ref: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "ref": self.ref, "text": self.text}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    clauses: tuple[Clause, ...]


_191 = "《App违法违规收集使用个人信息行为认定方法》(国信办秘字〔2019〕191号)"
_164 = "工信部信管函〔2020〕164号"

COLLECTION_BEFORE_CONSENT = Rule(
    id="collection-before-consent",
    title="Personal information collected before the user consented",
    severity=Severity.HIGH,
    clauses=(
        Clause(_191, "三、(1)", "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限"),
        Clause(_164, "一、1", "违规收集个人信息：App、SDK 在用户同意隐私政策前私自收集个人信息"),
    ),
)

TRANSMISSION_BEFORE_CONSENT = Rule(
    id="transmission-before-consent",
    title="Personal information sent over the network before the user consented",
    severity=Severity.HIGH,
    clauses=(
        Clause(_191, "三、(1)", "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限"),
        Clause(
            _191,
            "五、(1)",
            "既未经用户同意，也未做匿名化处理，App客户端直接向第三方提供个人信息，包括通过客户端嵌入的第三方代码、插件等方式",
        ),
        Clause(_164, "一、1 / 一、3", "违规收集个人信息；违规向他人提供、使用个人信息"),
    ),
)

COLLECTION_AFTER_REFUSAL = Rule(
    id="collection-after-refusal",
    title="Personal information collected after the user refused consent",
    severity=Severity.HIGH,
    clauses=(
        Clause(_191, "三、(2)", "用户明确表示不同意后，仍收集个人信息或打开可收集个人信息的权限"),
        Clause(_164, "一、1", "违规收集个人信息：用户拒绝后仍收集个人信息"),
    ),
)

PERMISSION_REQUEST_BEFORE_CONSENT = Rule(
    id="permission-request-before-consent",
    title="Runtime permission requested before the user consented (or after a refusal)",
    severity=Severity.MEDIUM,
    clauses=(
        Clause(_191, "三、(1)", "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限"),
        Clause(
            _191,
            "三、(2)",
            "用户明确表示不同意后，仍收集个人信息或打开可收集个人信息的权限，或频繁征求用户同意、干扰用户正常使用",
        ),
    ),
)

FORCED_EXIT_AFTER_REFUSAL = Rule(
    id="forced-exit-after-refusal",
    title="The app quit or closed after the user refused consent",
    severity=Severity.MEDIUM,
    clauses=(Clause(_191, "四、(3)", "因用户不同意提供非必要个人信息或打开非必要权限，拒绝提供业务功能"),),
)

CONSENT_DIALOG_MISSING = Rule(
    id="consent-dialog-missing",
    title="Personal information collected, and no privacy dialog was ever shown",
    severity=Severity.HIGH,
    clauses=(Clause(_191, "一、(2)", "在App首次运行时未通过弹窗等明显方式提示用户阅读隐私政策等收集使用规则"),),
)

CONSENT_PRECHECKED = Rule(
    id="consent-prechecked",
    title="The consent checkbox was ticked before the user touched it",
    severity=Severity.MEDIUM,
    clauses=(Clause(_191, "三、(4)", "以默认选择同意隐私政策等非明示方式征求用户同意"),),
)

NO_REFUSE_OPTION = Rule(
    id="no-refuse-option",
    title="The consent dialog offers no way to refuse",
    severity=Severity.MEDIUM,
    clauses=(
        Clause(
            _191,
            "三",
            "未经用户同意收集使用个人信息 (privmon: a dialog that can only be accepted or acknowledged does not ask for consent)",
        ),
    ),
)

SDK_COLLECTED_BEFORE_AUTHORISED = Rule(
    id="sdk-collected-before-authorised",
    title="An SDK collected personal information before the app told it the user had agreed",
    severity=Severity.HIGH,
    clauses=(Clause(_164, "一、1", "违规收集个人信息：App、SDK 在用户同意隐私政策前私自收集个人信息"),),
)

CONSENT_SIGNALS_DISAGREE = Rule(
    id="consent-signals-disagree",
    title="The app told an SDK something other than what the user chose on screen",
    severity=Severity.MEDIUM,
    clauses=(Clause(_191, "三、(1)", "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限"),),
)

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        COLLECTION_BEFORE_CONSENT,
        TRANSMISSION_BEFORE_CONSENT,
        COLLECTION_AFTER_REFUSAL,
        PERMISSION_REQUEST_BEFORE_CONSENT,
        FORCED_EXIT_AFTER_REFUSAL,
        CONSENT_DIALOG_MISSING,
        CONSENT_PRECHECKED,
        NO_REFUSE_OPTION,
        SDK_COLLECTED_BEFORE_AUTHORISED,
        CONSENT_SIGNALS_DISAGREE,
    )
}
