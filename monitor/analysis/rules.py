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

RULES: dict[str, Rule] = {r.id: r for r in (COLLECTION_BEFORE_CONSENT, TRANSMISSION_BEFORE_CONSENT, COLLECTION_AFTER_REFUSAL)}
