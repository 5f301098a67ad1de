"""The consent flow against a scripted screen: which controls it presses, in what order, and how it
times each press (click event, or a bracket when no click event comes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from monitor.consent import ConsentChoice
from monitor.consent.flow import ConsentFlow, FlowOptions, FlowResult, Outcome, PermissionPolicy
from monitor.device.ui import parse_hierarchy


def xml(*nodes: tuple[str, ...], package: str = "com.x") -> str:
    """Nodes as (text, kind) with kind text | button | box | box-checked; stacked 150 px apart."""
    out = ["<hierarchy rotation='0'>"]
    for i, (text, kind) in enumerate(nodes):
        cls = {"text": "android.widget.TextView", "button": "android.widget.Button"}.get(kind, "android.widget.CheckBox")
        out.append(
            f"<node text={quoteattr(text)} resource-id='' class='{cls}' package='{package}' content-desc='' "
            f"checkable='{str(kind.startswith('box')).lower()}' checked='{str(kind == 'box-checked').lower()}' "
            f"clickable='{str(kind != 'text').lower()}' enabled='true' bounds='[0,{i * 150}][1080,{i * 150 + 150}]' />"
        )
    return "".join(out) + "</hierarchy>"


POLICY = xml(("隐私政策", "text"), ("请阅读《隐私政策》", "text"), ("不同意", "button"), ("同意", "button"))
CONFIRM = xml(("温馨提示", "text"), ("若不同意《隐私政策》将无法使用", "text"), ("仍不同意", "button"), ("再想想", "button"))
CHECKBOX = xml(("隐私政策", "text"), ("我已阅读并同意《隐私政策》", "box"), ("不同意", "button"), ("同意并进入", "button"))
CHECKED = xml(("隐私政策", "text"), ("我已阅读并同意《隐私政策》", "box-checked"), ("不同意", "button"), ("同意并进入", "button"))
PERMISSION = xml(
    ("Allow X to access this device's location?", "text"),
    ("While using the app", "button"),
    ("Don't allow", "button"),
    package="com.google.android.permissioncontroller",
)
HOME = xml(("首页", "text"))
EMPTY = "<hierarchy rotation='0'></hierarchy>"


@dataclass
class Screen:
    """A scripted device: SCREENS by name, TAPS: (screen, label) -> next screen ("exit" ends the app)."""

    screens: dict[str, str]
    taps: dict[tuple[str, str], str]
    current: str
    click_events: bool = True
    now: int = 1_000_000
    clicks: list[tuple[int, str, int]] = field(default_factory=list)  # (event id, label, ts)
    tapped: list[str] = field(default_factory=list)
    dead: bool = False
    marks: list[tuple[str, int]] = field(default_factory=list)

    def tester_mark(self) -> tuple[str, int] | None:
        return self.marks.pop(0) if self.marks else None

    def dump(self) -> str:
        return self.screens[self.current]

    def tap(self, x: int, y: int) -> None:
        node = next(n for n in parse_hierarchy(self.dump()) if n.bounds[1] <= y < n.bounds[3])
        self.tapped.append(node.label)
        self.now += 7
        if self.click_events:
            self.clicks.append((100 + len(self.clicks), node.label, self.now))
        nxt = self.taps.get((self.current, node.label), self.current)
        if nxt == "exit":
            self.dead = True
        else:
            self.current = nxt

    def idle(self) -> bool:
        return True

    def alive(self) -> bool:
        return not self.dead

    def device_now_ms(self) -> int:
        self.now += 1
        return self.now

    def clicks_seen(self) -> int:
        return len(self.clicks)

    def wait_click(self, label: str, after: int, timeout: float) -> tuple[int, int] | None:
        return next(((i, ts) for i, text, ts in self.clicks[after:] if text == label), None)

    def wait(self, seconds: float) -> None:
        self.now += int(seconds * 1000)

    def save_screen(self, stem: str) -> None:
        return None

    def before_first_answer(self) -> None:
        return None


def run(host: Screen, consent: ConsentChoice, permissions: PermissionPolicy | None = None):  # type: ignore[no-untyped-def]
    options = FlowOptions(
        consent=consent, permissions=permissions, dialog_timeout_s=0.3, next_dialog_s=0.2, settle_s=0.2, late_click_s=0.05
    )
    return ConsentFlow(host, options).run()


def test_agree_ticks_the_checkbox_first_and_takes_the_click_time() -> None:
    host = Screen(
        {"policy": CHECKBOX, "checked": CHECKED, "home": HOME},
        {("policy", "我已阅读并同意《隐私政策》"): "checked", ("checked", "同意并进入"): "home"},
        "policy",
    )
    result = run(host, ConsentChoice.AGREE)
    assert host.tapped == ["我已阅读并同意《隐私政策》", "同意并进入"]
    assert [(s.action, s.source, s.checkbox) for s in result.steps] == [
        ("tick", "ui-click", "unchecked"),
        ("agree", "ui-click", "unchecked"),
    ]
    (point,) = result.consent
    assert point.state == "granted" and point.source == "ui-click" and point.event_id == 101
    assert point.ts_ms == host.clicks[1][2]  # the device time of the agree click
    assert result.outcome is Outcome.CONTINUED


def test_refuse_follows_the_second_dialog() -> None:
    host = Screen(
        {"policy": POLICY, "confirm": CONFIRM, "home": HOME},
        {("policy", "不同意"): "confirm", ("confirm", "仍不同意"): "home"},
        "policy",
    )
    result = run(host, ConsentChoice.REFUSE)
    assert host.tapped == ["不同意", "仍不同意"]
    assert [(s.kind, s.action) for s in result.steps] == [("privacy", "refuse"), ("privacy-confirm", "refuse")]
    assert [p.state for p in result.consent] == ["refused", "refused"]


def test_refusal_that_ends_the_app_is_an_exit() -> None:
    host = Screen({"policy": POLICY}, {("policy", "不同意"): "exit"}, "policy")
    result = run(host, ConsentChoice.REFUSE)
    assert result.outcome is Outcome.EXITED and result.outcome_ts_ms is not None


def test_refusal_that_leaves_no_window_is_closed() -> None:
    host = Screen({"policy": POLICY, "empty": EMPTY}, {("policy", "不同意"): "empty"}, "policy")
    assert run(host, ConsentChoice.REFUSE).outcome is Outcome.CLOSED


def test_a_dialog_that_keeps_coming_back_stops_the_flow() -> None:
    host = Screen({"policy": POLICY}, {}, "policy")  # refusing changes nothing
    result = run(host, ConsentChoice.REFUSE)
    assert host.tapped == ["不同意", "不同意"] and result.outcome is Outcome.ASKED_AGAIN


def test_without_a_click_event_the_press_is_bracketed() -> None:
    host = Screen({"policy": POLICY, "home": HOME}, {("policy", "同意"): "home"}, "policy", click_events=False)
    result = run(host, ConsentChoice.AGREE)
    (point,) = result.consent
    assert point.source == "dump-diff" and point.bracket_end_ms is not None and point.ts_ms < point.bracket_end_ms
    assert result.steps[0].source == "dump-diff"


def test_none_never_taps() -> None:
    host = Screen({"policy": POLICY}, {}, "policy")
    result = run(host, ConsentChoice.NONE)
    assert host.tapped == [] and result.outcome is Outcome.UNANSWERED and not result.consent


def test_permission_policy() -> None:
    screens = {"perm": PERMISSION, "policy": POLICY, "home": HOME}
    taps = {("perm", "While using the app"): "policy", ("perm", "Don't allow"): "policy", ("policy", "同意"): "home"}
    host = Screen(screens, taps, "perm")
    result = run(host, ConsentChoice.AGREE, PermissionPolicy.DENY)
    assert host.tapped == ["Don't allow", "同意"]
    assert [(s.kind, s.action) for s in result.steps] == [("permission", "deny"), ("privacy", "agree")]
    assert [p.state for p in result.consent] == ["granted"]  # a permission answer is not consent
    host = Screen(screens, taps, "perm")
    result = run(host, ConsentChoice.AGREE, PermissionPolicy.ASK)
    assert host.tapped == [] and result.outcome is Outcome.LEFT_FOR_TESTER


def test_no_dialog() -> None:
    result = run(Screen({"home": HOME}, {}, "home"), ConsentChoice.AGREE)
    assert result.outcome is Outcome.NO_DIALOG and not result.steps


def test_manual_records_the_testers_press() -> None:
    host = Screen({"policy": POLICY, "home": HOME}, {("policy", "不同意"): "home"}, "policy")
    button = next(n for n in parse_hierarchy(POLICY) if n.label == "不同意")
    original_wait = host.wait

    def wait(seconds: float) -> None:  # while the flow watches, the tester presses 不同意 on the device
        original_wait(seconds)
        if host.current == "policy" and not host.tapped:
            host.tap(*button.center)

    host.wait = wait  # type: ignore[method-assign]
    options = FlowOptions(consent=ConsentChoice.MANUAL, dialog_timeout_s=0.3, next_dialog_s=0.2, manual_timeout_s=2)
    result = ConsentFlow(host, options).run()
    assert [(s.action, s.control) for s in result.steps] == [("refuse", "不同意")]
    assert [p.state for p in result.consent] == ["refused"] and result.consent[0].ts_ms == host.clicks[0][2]


def test_manual_key_marks_consent_when_no_press_is_seen() -> None:
    """A press the agent cannot see (another app's window): the tester marks it with a key."""
    host = Screen({"policy": POLICY, "home": HOME}, {}, "policy", marks=[("granted", 1_000_500)])
    original_wait = host.wait

    def wait(seconds: float) -> None:
        original_wait(seconds)
        if not host.marks:
            host.current = "home"  # the dialog went away after the tester answered it

    host.wait = wait  # type: ignore[method-assign]
    options = FlowOptions(consent=ConsentChoice.MANUAL, dialog_timeout_s=0.3, next_dialog_s=0.2, manual_timeout_s=2)
    result = ConsentFlow(host, options).run()
    assert [(s.action, s.source) for s in result.steps] == [("agree", "tester-key")]
    assert [(p.state, p.source, p.ts_ms) for p in result.consent] == [("granted", "tester-key", 1_000_500)]


GUIDE_1 = xml(("海量资讯", "text"), ("跳过", "button"), ("下一步", "button"))
GUIDE_LAST = xml(("好物精选", "text"), ("立即体验", "button"))


class WatchedScreen(Screen):
    watched_at: list[str]

    def before_first_answer(self) -> None:
        self.watched_at = [*getattr(self, "watched_at", []), self.current]


def test_guide_pages_after_the_dialog_are_passed_to_the_app() -> None:
    host = Screen(
        {"policy": POLICY, "guide": GUIDE_1, "home": HOME},
        {("policy", "同意"): "guide", ("guide", "跳过"): "home"},
        "policy",
    )
    result = run(host, ConsentChoice.AGREE)
    assert host.tapped == ["同意", "跳过"] and host.current == "home"
    assert [(s.kind, s.action, s.control) for s in result.steps] == [("privacy", "agree", "同意"), ("guide", "skip", "跳过")]
    assert [p.state for p in result.consent] == ["granted"] and result.outcome is Outcome.CONTINUED


def test_a_guide_before_the_dialog_is_passed_and_the_dialog_still_watched_first() -> None:
    host = WatchedScreen(
        {"guide": GUIDE_LAST, "policy": POLICY, "home": HOME},
        {("guide", "立即体验"): "policy", ("policy", "不同意"): "home"},
        "guide",
    )
    result = run(host, ConsentChoice.REFUSE)
    assert host.tapped == ["立即体验", "不同意"] and host.watched_at == ["policy"]
    assert [(s.kind, s.action) for s in result.steps] == [("guide", "start"), ("privacy", "refuse")]


def test_only_guide_pages_is_no_dialog_and_none_never_touches_them() -> None:
    host = Screen({"guide": GUIDE_LAST, "home": HOME}, {("guide", "立即体验"): "home"}, "guide")
    assert run(host, ConsentChoice.AGREE).outcome is Outcome.NO_DIALOG and host.tapped == ["立即体验"]
    host = Screen({"guide": GUIDE_LAST, "home": HOME}, {("guide", "立即体验"): "home"}, "guide")
    assert run(host, ConsentChoice.NONE).outcome is Outcome.UNANSWERED and host.tapped == []


def test_a_guide_page_that_does_not_change_is_left_after_one_press() -> None:
    host = Screen({"policy": POLICY, "guide": GUIDE_1}, {("policy", "同意"): "guide"}, "policy")
    result = run(host, ConsentChoice.AGREE)
    assert host.tapped == ["同意", "跳过"]
    assert any("stayed on screen" in n for n in result.notes) and result.outcome is Outcome.CONTINUED


HOME_SETTINGS = xml(("首页", "text"), ("设置", "button"))
SETTINGS = xml(("设置", "text"), ("清除缓存", "button"), ("撤回隐私政策同意", "button"))
WITHDRAW_CONFIRM = xml(("撤回同意", "text"), ("撤回后将无法使用完整功能", "text"), ("取消", "button"), ("确定", "button"))


def test_withdraw_finds_the_control_under_settings_and_confirms() -> None:
    host = Screen(
        {"home": HOME_SETTINGS, "settings": SETTINGS, "confirm": WITHDRAW_CONFIRM, "done": HOME},
        {("home", "设置"): "settings", ("settings", "撤回隐私政策同意"): "confirm", ("confirm", "确定"): "done"},
        "home",
    )
    result = FlowResult()
    ConsentFlow(host, FlowOptions(consent=ConsentChoice.AGREE, settle_s=0.2, next_dialog_s=0.2, late_click_s=0.05)).withdraw(
        result
    )
    assert host.tapped == ["设置", "撤回隐私政策同意", "确定"]
    assert [(s.kind, s.action) for s in result.steps] == [("withdraw", "open"), ("withdraw", "withdraw"), ("withdraw", "confirm")]
    (point,) = result.consent
    assert point.state == "withdrawn" and point.ts_ms == host.clicks[-1][2] and point.source == "ui-click"


def test_withdraw_without_a_confirmation_dialog_and_without_a_control() -> None:
    host = Screen({"settings": SETTINGS, "done": HOME}, {("settings", "撤回隐私政策同意"): "done"}, "settings")
    result = FlowResult()
    ConsentFlow(host, FlowOptions(consent=ConsentChoice.AGREE, settle_s=0.2, next_dialog_s=0.2, late_click_s=0.05)).withdraw(
        result
    )
    assert host.tapped == ["撤回隐私政策同意"] and [p.state for p in result.consent] == ["withdrawn"]
    host = Screen({"home": HOME}, {}, "home")
    result = FlowResult()
    ConsentFlow(host, FlowOptions(consent=ConsentChoice.AGREE, settle_s=0.2, next_dialog_s=0.2)).withdraw(result)
    assert host.tapped == [] and result.consent == [] and "no control to withdraw consent" in result.notes[0]
