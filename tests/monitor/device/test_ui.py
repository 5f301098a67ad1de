from __future__ import annotations

import pytest

from monitor.device.ui import parse_hierarchy
from monitor.errors import DeviceError

PHONE_DUMP = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation="0">
<node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="com.x" content-desc="" checkable="false" checked="false" clickable="false" enabled="true" focusable="false" focused="false" scrollable="false" long-clickable="false" password="false" selected="false" bounds="[0,0][1080,2400]">
<node index="0" text="同意" resource-id="com.x:id/agree" class="android.widget.TextView" package="com.x" content-desc="" checkable="false" checked="false" clickable="true" enabled="true" focusable="true" focused="false" scrollable="false" long-clickable="false" password="false" selected="false" bounds="[540,1900][1020,2040]" />
<node index="1" text="" resource-id="" class="android.view.View" package="com.x" content-desc="隐私政策" checkable="false" checked="false" clickable="false" enabled="false" focusable="false" focused="false" scrollable="false" long-clickable="false" password="false" selected="false" bounds="[0,0][10,10]" />
</node></hierarchy>"""


def test_parses_a_phone_dump() -> None:
    root, agree, web = parse_hierarchy(PHONE_DUMP)
    assert root.bounds == (0, 0, 1080, 2400) and not root.clickable
    assert (agree.text, agree.resource_id, agree.clickable, agree.center) == ("同意", "com.x:id/agree", True, (780, 1970))
    assert web.label == "隐私政策" and not web.enabled


def test_unreadable_dump() -> None:
    with pytest.raises(DeviceError, match="unreadable UI hierarchy"):
        parse_hierarchy("<hierarchy><node")
