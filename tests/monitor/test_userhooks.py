from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.events import Category
from monitor.userhooks import load_user_hooks

GOOD = """
[[hooks]]
id = "sdk-collect"
class = "com.umeng.analytics.internal.DeviceCollector"
method = "collect"
category = "identifiers"
data_type = "device-fingerprint"

[[hooks]]
id = "b64"
class = "android.util.Base64"
method = "encodeToString"
category = "location"
overload = ["[B", "int"]
arg_filter = { index = 1, equals = "2" }
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "hooks.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_file(tmp_path: Path) -> None:
    first, second = load_user_hooks(write(tmp_path, GOOD))
    assert (first.category, first.data_type, first.overload) == (Category.IDENTIFIERS, "device-fingerprint", None)
    assert second.to_agent() == {
        "id": "b64",
        "className": "android.util.Base64",
        "method": "encodeToString",
        "category": "location",
        "overload": ["[B", "int"],
        "argFilter": {"index": 1, "equals": "2"},
    }


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "one or more \\[\\[hooks\\]\\]"),
        ("[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'm'\ncategory = 'mind'", "category 'mind'"),
        ("[[hooks]]\nid = 'x y'\nclass = 'a.B'\nmethod = 'm'\ncategory = 'ui'", "'id' must be"),
        ("[[hooks]]\nid = 'x'\nclass = 'a B'\nmethod = 'm'\ncategory = 'ui'", "'class' must be"),
        ("[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'm()'\ncategory = 'ui'", "'method' must be"),
        ("[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'm'\ncategory = 'ui'\ncolor = 1", "unknown keys color"),
        ("[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'm'\ncategory = 'ui'\narg_filter = 3", "'arg_filter' must be"),
        ("[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'm'\ncategory = 'ui'\ndata_type = 'IMEI'", "kebab-case"),
        (
            "[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'm'\ncategory = 'ui'\n[[hooks]]\nid = 'x'\nclass = 'a.B'\nmethod = 'n'\ncategory = 'ui'",
            "duplicate id 'x'",
        ),
        ("[[hooks]\n", "not valid TOML"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        load_user_hooks(write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read hooks file"):
        load_user_hooks(tmp_path / "none.toml")
