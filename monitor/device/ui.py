"""The device UI layer shared by phones (``uiautomator dump`` / ``input tap``) and the sandbox.

Consent logic reads :class:`UiNode` lists and taps coordinates; it never knows which device it
drives.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Protocol

from monitor.errors import DeviceError

_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


class UiDriver(Protocol):
    def dump(self) -> str:
        """The current window hierarchy in uiautomator's XML format."""
        ...

    def tap(self, x: int, y: int) -> None:
        """A tap at screen coordinates (``input tap x y``)."""
        ...


@dataclass(frozen=True)
class UiNode:
    text: str
    resource_id: str
    cls: str
    package: str
    content_desc: str
    clickable: bool
    enabled: bool
    bounds: tuple[int, int, int, int]
    checkable: bool = False
    checked: bool = False
    editable: bool = False
    """A text field (EditText and subclasses): consent dialogs have none, login forms do."""

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    @property
    def label(self) -> str:
        """What a user sees: the text, or the content description (WebView-rendered UIs)."""
        return self.text or self.content_desc


def parse_hierarchy(xml: str) -> list[UiNode]:
    """All nodes of a uiautomator dump, in document order."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise DeviceError(f"unreadable UI hierarchy: {e}") from e
    nodes = []
    for el in root.iter("node"):
        m = _BOUNDS.fullmatch(el.get("bounds", ""))
        bounds = (int(m[1]), int(m[2]), int(m[3]), int(m[4])) if m else (0, 0, 0, 0)
        nodes.append(
            UiNode(
                text=el.get("text", ""),
                resource_id=el.get("resource-id", ""),
                cls=el.get("class", ""),
                package=el.get("package", ""),
                content_desc=el.get("content-desc", ""),
                clickable=el.get("clickable") == "true",
                enabled=el.get("enabled", "true") == "true",
                bounds=bounds,
                checkable=el.get("checkable") == "true",
                checked=el.get("checked") == "true",
                editable=el.get("class", "").endswith(("EditText", "AutoCompleteTextView")) or el.get("password") == "true",
            )
        )
    return nodes
