"""id-linkage, pi-in-cleartext, cross-border-transfer, and transmission-before-consent with device ground truth."""

from __future__ import annotations

import hashlib

from monitor.analysis.rules import cross_border_transfer, id_linkage, pi_in_cleartext, transmission_before_consent
from monitor.device.truth import TruthValue
from monitor.events import PiValue, ValueType
from tests.monitor.analysis.rules.factories import IMEI, OAID, UMENG_STACK, ev, flow, hits, imei, oaid, view

SERIAL = "R58N91ABCDE"
SERIAL_TRUTH = TruthValue(ValueType.SERIAL, SERIAL, "getprop ro.serialno")
SERIAL_VALUE = PiValue(ValueType.SERIAL, SERIAL)


def test_resettable_id_sent_with_a_persistent_one() -> None:
    body = f"oaid={OAID}&d={hashlib.md5(IMEI.encode()).hexdigest()}".encode()
    [hit] = hits(id_linkage, view([imei(1, 10), oaid(2, 20)], [flow(1, 100, body)]))
    assert (hit.evidence["resettable"], hit.evidence["persistent"]) == (["oaid"], ["imei"])


def test_ids_in_separate_requests_are_not_linked_here() -> None:
    flows = [flow(1, 100, f"oaid={OAID}".encode()), flow(2, 110, f"imei={IMEI}".encode())]
    assert hits(id_linkage, view([imei(1, 10), oaid(2, 20)], flows)) == []


def test_cleartext_only_for_http() -> None:
    events = [imei(1, 10)]
    assert len(hits(pi_in_cleartext, view(events, [flow(1, 100, IMEI.encode(), "http://log.example.com/x")]))) == 1
    assert hits(pi_in_cleartext, view(events, [flow(1, 100, IMEI.encode(), "https://log.example.com/x")])) == []


def test_values_unknown_at_send_time_are_not_matched() -> None:
    assert hits(pi_in_cleartext, view([imei(1, 500)], [flow(1, 100, IMEI.encode(), "http://log.example.com/x")])) == []


def test_cross_border_by_destination_address() -> None:
    events = [imei(1, 10)]
    abroad = flow(1, 100, IMEI.encode(), "https://t.example.net/x", server_ip="8.8.8.8")
    [hit] = hits(cross_border_transfer, view(events, [abroad]))
    assert (hit.evidence["country"], hit.evidence["ip"]) == ("US", "8.8.8.8")
    assert hits(cross_border_transfer, view(events, [abroad]), home="US") == []
    literal = flow(2, 100, IMEI.encode(), "http://1.0.16.1/x")
    assert [h.evidence["country"] for h in hits(cross_border_transfer, view(events, [literal]))] == ["JP"]


def test_cross_border_unknown_or_private_addresses_and_declared_destinations() -> None:
    events = [imei(1, 10)]
    assert hits(cross_border_transfer, view(events, [flow(1, 100, IMEI.encode())])) == []  # answered by the proxy
    assert hits(cross_border_transfer, view(events, [flow(1, 100, IMEI.encode(), server_ip="10.0.0.2")])) == []
    abroad = [flow(1, 100, IMEI.encode(), server_ip="8.8.8.8")]
    allowed = '[cross_border]\nallowed = true\ncountries = ["US"]\n'
    assert hits(cross_border_transfer, view(events, abroad, scope=allowed)) == []
    other = '[cross_border]\nallowed = true\ncountries = ["SG"]\n'
    assert len(hits(cross_border_transfer, view(events, abroad, scope=other))) == 1


def test_the_summary_names_the_recipient_and_its_country_when_known() -> None:
    events = [imei(1, 10)]
    [known] = hits(pi_in_cleartext, view(events, [flow(1, 100, IMEI.encode(), "http://t.example.net/x", server_ip="8.8.8.8")]))
    assert "to t.example.net (US) over plain HTTP" in known.summary and known.evidence["recipient"]["country"] == "US"
    [unknown] = hits(pi_in_cleartext, view(events, [flow(1, 100, IMEI.encode(), "http://t.example.net/x")]))
    assert "to t.example.net over plain HTTP" in unknown.summary and unknown.evidence["recipient"]["country"] is None


def test_a_device_value_no_hook_saw_is_matched_from_ground_truth_and_said_so() -> None:
    body = f'{{"dsn":"{hashlib.md5(SERIAL.encode()).hexdigest().upper()}"}}'.encode()
    flows = [flow(1, 100, body, "https://sdk.open.phone.igexin.com/api/register")]
    assert hits(transmission_before_consent, view([], flows)) == []  # hooks alone: nothing to look for
    [hit] = hits(transmission_before_consent, view([], flows, truth=[SERIAL_TRUTH]))
    assert hit.data_type == "device-serial" and hit.evidence["device_truth"] == ["getprop ro.serialno"]
    assert hit.evidence["value_events"] == [] and hit.evidence["encodings"] == ["json > md5(value)"]
    [match] = hit.evidence["matches"]
    assert match["known_from"] == "getprop ro.serialno"
    assert match["reason"].endswith("; the device's own value (getprop ro.serialno): no hook saw the app collect it")
    assert "no hook saw it collected" in hit.summary


def test_ground_truth_gives_way_to_a_hook_that_saw_the_value_first() -> None:
    serial_read = ev(1, 10, "build.getSerial", "android.os.Build.getSerial", stack=UMENG_STACK, values=(SERIAL_VALUE,))
    flows = [flow(1, 100, f"sn={SERIAL}".encode())]
    [hit] = hits(transmission_before_consent, view([serial_read], flows, truth=[SERIAL_TRUTH]))
    assert hit.evidence["device_truth"] == [] and hit.evidence["value_events"] == [1]
    assert "known_from" not in hit.evidence["matches"][0] and "no hook saw" not in hit.summary
    assert hit.evidence["matches"][0]["reason"].endswith("; a value a hooked API returned on the device")
