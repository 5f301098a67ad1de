"""Signal 1 against the hierarchy corpus: precision and recall on dialog kind and on the control chosen.

The corpus (tests/fixtures/consent_corpus, see expected.json) mixes consent dialogs of each style
with screens that are not consent dialogs, to measure false positives. Run with ``-s`` to see the
scores and every miss.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.consent import Detection, detect
from monitor.device.ui import UiNode, parse_hierarchy

CORPUS = Path(__file__).parents[2] / "fixtures" / "consent_corpus"
TARGET = 0.95


def _ident(node: UiNode | None) -> str | None:
    if node is None:
        return None
    return node.label or "id:" + node.resource_id.rsplit("/", 1)[-1]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: str | None, predicted: str | None) -> None:
        if predicted is not None and predicted == expected:
            self.tp += 1
            return
        if predicted is not None:
            self.fp += 1
        if expected is not None:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _entries() -> list[dict[str, str | None]]:
    data = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    entries: list[dict[str, str | None]] = data["corpus"]
    return entries


def _detect(name: str) -> Detection | None:
    return detect(parse_hierarchy((CORPUS / name).read_text(encoding="utf-8")))


def test_corpus_is_big_enough_and_has_negatives() -> None:
    entries = _entries()
    kinds = {e["kind"] for e in entries}
    assert len(entries) >= 40
    assert kinds >= {"privacy", "privacy-confirm", "notice", "cmp", "permission", "guide", "none"}
    assert sum(1 for e in entries if e["kind"] == "none") >= 10
    assert {e["file"] for e in entries} == {p.name for p in CORPUS.glob("*.xml")}


def test_precision_and_recall_on_kind_and_control() -> None:
    kind, control, checkbox = Score(), Score(), Score()
    misses = []
    for e in _entries():
        d = _detect(str(e["file"]))
        expected_kind = None if e["kind"] == "none" else e["kind"]
        predicted_kind = None if d is None else str(d.kind)
        kind.add(expected_kind, predicted_kind)
        if expected_kind != predicted_kind:
            misses.append(f"{e['file']}: kind {predicted_kind} (expected {expected_kind}); {d.reasons if d else ''}")
        for choice in ("agree", "refuse", "proceed"):
            predicted = _ident(d.control_for(choice)) if d is not None else None
            control.add(e.get(choice), predicted)
            if predicted != e.get(choice):
                misses.append(f"{e['file']}: {choice} -> {predicted!r} (expected {e[choice]!r})")
        predicted_box = None if d is None or d.checkbox is None else ("checked" if d.checkbox.checked else "unchecked")
        checkbox.add(e["checkbox"], predicted_box)
        if predicted_box != e["checkbox"]:
            misses.append(f"{e['file']}: checkbox {predicted_box} (expected {e['checkbox']})")
    report = [
        f"dialog kind:   precision {kind.precision:.3f}  recall {kind.recall:.3f}  ({kind.tp} tp, {kind.fp} fp, {kind.fn} fn)",
        f"control:       precision {control.precision:.3f}  recall {control.recall:.3f}  ({control.tp} tp, {control.fp} fp, {control.fn} fn)",
        f"checkbox:      precision {checkbox.precision:.3f}  recall {checkbox.recall:.3f}",
        *misses,
    ]
    print("\n" + "\n".join(report))
    assert kind.precision >= TARGET and kind.recall >= TARGET, report
    assert control.precision >= TARGET and control.recall >= TARGET, report
    assert checkbox.precision == 1.0 and checkbox.recall == 1.0, report


@pytest.mark.parametrize("name", ["zh-spaced-labels.xml", "en-dont-agree.xml"])
def test_negated_labels_never_agree(name: str) -> None:
    d = _detect(name)
    assert d is not None
    agree, refuse = d.control_for("agree"), d.control_for("refuse")
    assert agree is not None and refuse is not None
    assert "不" not in agree.label and "don't" not in agree.label.lower()
