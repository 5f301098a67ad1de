"""``bundled-permission-request``: one permission request asked for permissions of more than
``max_groups`` dangerous permission groups at once (location, camera, microphone, contacts, phone,
SMS, storage, calendar, ...), instead of asking for each when the feature that needs it is used.
Permissions of one group (fine + coarse location) count once. One finding per request."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_5, R191_4_6
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.view import RunView, short_permission

GROUPS: dict[str, str] = {
    "ACCESS_FINE_LOCATION": "location",
    "ACCESS_COARSE_LOCATION": "location",
    "ACCESS_BACKGROUND_LOCATION": "location",
    "CAMERA": "camera",
    "RECORD_AUDIO": "microphone",
    "READ_CONTACTS": "contacts",
    "WRITE_CONTACTS": "contacts",
    "GET_ACCOUNTS": "contacts",
    "READ_PHONE_STATE": "phone",
    "READ_PHONE_NUMBERS": "phone",
    "CALL_PHONE": "phone",
    "ANSWER_PHONE_CALLS": "phone",
    "ADD_VOICEMAIL": "phone",
    "USE_SIP": "phone",
    "READ_CALL_LOG": "call-log",
    "WRITE_CALL_LOG": "call-log",
    "PROCESS_OUTGOING_CALLS": "call-log",
    "READ_SMS": "sms",
    "SEND_SMS": "sms",
    "RECEIVE_SMS": "sms",
    "RECEIVE_MMS": "sms",
    "RECEIVE_WAP_PUSH": "sms",
    "READ_EXTERNAL_STORAGE": "storage",
    "WRITE_EXTERNAL_STORAGE": "storage",
    "READ_MEDIA_IMAGES": "storage",
    "READ_MEDIA_VIDEO": "storage",
    "READ_MEDIA_AUDIO": "storage",
    "READ_CALENDAR": "calendar",
    "WRITE_CALENDAR": "calendar",
    "BODY_SENSORS": "sensors",
    "ACTIVITY_RECOGNITION": "activity",
    "BLUETOOTH_SCAN": "nearby-devices",
    "BLUETOOTH_CONNECT": "nearby-devices",
    "NEARBY_WIFI_DEVICES": "nearby-devices",
}


def check(view: RunView, params: Params) -> Iterator[Hit]:
    limit = int(params["max_groups"])
    for req in view.permission_requests:
        groups = sorted({g for p in req.permissions if (g := GROUPS.get(short_permission(p)))})
        if len(groups) <= limit:
            continue
        names = [short_permission(p) for p in req.permissions]
        summary = (
            f"{req.actor.name} asked for {len(groups)} permission groups in one request ({', '.join(groups)}): {', '.join(names)}"
        )
        evidence = {"events": [req.event.id], "permissions": names, "groups": groups, "stack": list(req.event.stack)}
        yield Hit("permission", req.actor, req.event.ts_ms, summary, evidence)


RULE = Rule(
    id="bundled-permission-request",
    title="Several dangerous permission groups requested in one go",
    severity=Severity.MEDIUM,
    clauses=(R191_4_6, G41391_6_5),
    check=check,
    doc=__doc__ or "",
    params={"max_groups": Param(1, "dangerous permission groups allowed in one request (26号: no 一揽子 bundles)")},
)
