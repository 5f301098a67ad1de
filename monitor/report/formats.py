"""Report formatters: one interface, chosen by :class:`ReportFormat` (pip-audit's pattern)."""

from __future__ import annotations

import html
import json
from enum import StrEnum
from typing import Any, Protocol, assert_never

from monitor.report.document import ReportDocument, as_dict


def fmt_rel(rel_ms: int | None) -> str:
    if rel_ms is None:
        return "no consent decision"
    sign = "-" if rel_ms < 0 else "+"
    return f"{sign}{abs(rel_ms) / 1000:.3f} s"


def step_line(step: dict[str, Any]) -> str:
    pressed = f"pressed {step['control']!r} ({step['action']})" if step["action"] != "none" else "left unanswered"
    when = f" at {fmt_rel(step.get('rel_ms'))}" if step.get("rel_ms") is not None else ""
    how = {"ui-click": "click event", "dump-diff": "screen change, no click event", "none": ""}.get(
        step["source"], step["source"]
    )
    box = f"; checkbox {step['checkbox']}" if step.get("checkbox") else ""
    return f"step {step['index']}  {step['kind']}: {pressed}{when}{' via ' + how if how else ''}{box}"


def consent_lines(doc: ReportDocument) -> list[str]:
    """The consent step and the SDK consent calls, one line each (text and HTML reports)."""
    lines = []
    flow = doc.consent_flow
    if flow is not None:
        for step in flow["steps"]:
            lines.append(f"         {step_line(step)}")
        lines.append(f"         outcome: {flow['outcome']}")
    for call in doc.sdk_consent_calls:
        answer = {True: "agreed", False: "refused", None: "no answer"}[call["granted"]]
        lines.append(f"sdk      {call['vendor']}: {call['call']} -> {answer} at {fmt_rel(call['rel_ms'])}")
    return lines


class Formatter(Protocol):
    def format(self, doc: ReportDocument) -> str: ...


class TextFormat:
    def format(self, doc: ReportDocument) -> str:
        r, a = doc.run, doc.app
        lines = [
            f"privmon report - run {r['uid']} ({r['status']}{': ' + r['exit_reason'] if r['exit_reason'] else ''})",
            f"app      {a['package']} {a['version_name']} (sha256 {a['sha256'][:16]}...)",
            f"device   {doc.device['kind']} {doc.device['model']} (API {doc.device['api_level']})" + _screen_note(doc),
            f"consent  policy {r['consent_policy']}; "
            + ("; ".join(f"{c['state']} via {c['source']}" for c in doc.consent) if doc.consent else "no consent decision"),
            f"hooks    {doc.hooks['installed']}/{doc.hooks['total']} installed"
            + (f"; FAILED: {', '.join(h['id'] for h in doc.hooks['failed'])}" if doc.hooks["failed"] else ""),
            f"captured {doc.counts['events']} events, {doc.counts['flows']} flows" + _traffic_note(doc),
        ]
        lines += consent_lines(doc)
        for note in r["notes"]:
            lines.append(f"note     {note}")
        lines.append("")
        if not doc.findings:
            lines.append("No findings.")
        for i, f in enumerate(doc.findings, 1):
            lines.append(f"{i}. [{f['severity'].upper()}] {f['rule']} - {f['data_label']}")
            a = f["actor"]
            made_by = f"; by {a['company']}" if a.get("company") else ""
            lines.append(f"   actor:    {a['name']} ({a['kind']}{', ' + a['prefix'] if a['prefix'] else ''}{made_by})")
            lines.append(f"   when:     {fmt_rel(f['rel_ms'])} relative to the consent decision")
            lines.append(f"   summary:  {f['summary']}")
            ev = f["evidence"]
            if "encodings" in ev:
                lines.append(
                    f"   evidence: flow #{ev['flow']} {ev['method']} {ev['url']}; matched as {', '.join(ev['encodings'])}"
                )
                to = ev.get("recipient") or {}
                if to:
                    lines.append(f"   to:       {to.get('entity') or 'unknown entity'} ({to.get('party')} party)")
            else:
                lines.append(
                    f"   evidence: events {', '.join(map(str, ev.get('events', [])))}; caller {ev.get('stack', ['?'])[1:2]}"
                )
            for c in f["clauses"]:
                lines.append(f"   breaks:   {c['source']} {c['ref']}: {c['text']}")
        if doc.redacted:
            lines += ["", "PI values are masked; use --show-values to include them."]
        return "\n".join(lines) + "\n"


class JsonFormat:
    def format(self, doc: ReportDocument) -> str:
        return json.dumps(as_dict(doc), ensure_ascii=False, indent=2) + "\n"


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}.sev-high,.sev-critical{color:#fff;background:#cf222e;border-radius:4px;padding:0 .4rem}
.sev-medium{background:#bf8700;color:#fff;border-radius:4px;padding:0 .4rem}.meta td:first-child{width:9rem;color:#57606a}
.tl{list-style:none;padding:0;border-left:3px solid #d0d7de;margin-left:6rem}.tl li{position:relative;padding:.25rem .6rem;margin:.15rem 0}
.tl .t{position:absolute;left:-6.3rem;width:5.6rem;text-align:right;color:#57606a;font-variant-numeric:tabular-nums}
.tl .collection{background:#fff8c5}.tl .flagged{background:#ffebe9;border-left:3px solid #cf222e;margin-left:-3px}
.tl .flow{background:#ddf4ff}.tl .consent{background:#dafbe1;font-weight:600;border-left:3px solid #1a7f37;margin-left:-3px}
.tl .click{background:#eef}.tl .call{color:#57606a}.d{color:#57606a;font-size:12px;word-break:break-all}
code{font-size:12px;word-break:break-all}.note{color:#9a6700}
"""


class HtmlFormat:
    """A self-contained page: no external assets, everything inline."""

    def format(self, doc: ReportDocument) -> str:
        e = html.escape
        r, a, d = doc.run, doc.app, doc.device
        parts = [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>privmon report {e(r['uid'])} - {e(a['package'])}</title><style>{_CSS}</style></head><body>",
            f"<h1>privmon report: {e(a['package'])}</h1>",
            "<table class='meta'>",
            f"<tr><td>run</td><td>{e(r['uid'])} - <b>{e(r['status'])}</b> {e(r['exit_reason'])}</td></tr>",
            f"<tr><td>app</td><td>{e(a['package'])} {e(a['version_name'])} <code>sha256 {e(a['sha256'])}</code></td></tr>",
            f"<tr><td>device</td><td>{e(d['kind'])} {e(d['model'])}, API {d['api_level']}</td></tr>",
            f"<tr><td>consent</td><td>policy <b>{e(r['consent_policy'])}</b>; "
            + (e("; ".join(f"{c['state']} via {c['source']}" for c in doc.consent)) or "no consent decision")
            + "</td></tr>",
            f"<tr><td>hooks</td><td>{doc.hooks['installed']}/{doc.hooks['total']} installed"
            + (
                f" <span class='note'>failed: {e(', '.join(h['id'] for h in doc.hooks['failed']))}</span>"
                if doc.hooks["failed"]
                else ""
            )
            + "</td></tr>",
            f"<tr><td>captured</td><td>{doc.counts['events']} events, {doc.counts['flows']} flows{e(_traffic_note(doc))};"
            f" started {e(r['started_at'])}</td></tr>",
            *(f"<tr><td></td><td>{e(line.strip())}</td></tr>" for line in consent_lines(doc)),
        ]
        parts += [f"<tr><td>note</td><td class='note'>{e(n)}</td></tr>" for n in r["notes"]]
        parts.append("</table>")
        parts.append(f"<h2>Findings ({len(doc.findings)})</h2>")
        if not doc.findings:
            parts.append("<p>No findings.</p>")
        else:
            parts.append(
                "<table><tr><th>#</th><th>rule</th><th>data</th><th>actor</th><th>when</th><th>evidence</th><th>breaks</th></tr>"
            )
            for i, f in enumerate(doc.findings, 1):
                ev = f["evidence"]
                evid = (
                    f"flow #{ev['flow']} <code>{e(ev['method'])} {e(ev['url'])}</code><br>matched as {e(', '.join(ev['encodings']))}"
                    if "encodings" in ev
                    else f"events {e(', '.join(map(str, ev.get('events', []))))}<br><code>{e(' <- '.join(ev.get('stack', [])[:4]))}</code>"
                )
                clauses = "<br>".join(f"{e(c['source'])} {e(c['ref'])}: {e(c['text'])}" for c in f["clauses"])
                parts.append(
                    f"<tr><td>{i}</td><td><span class='sev-{e(f['severity'])}'>{e(f['severity'])}</span> {e(f['rule'])}<div class='d'>{e(f['summary'])}</div></td>"
                    f"<td>{e(f['data_label'])}</td><td>{e(f['actor']['name'])}<div class='d'>{e(f['actor']['kind'])} {e(f['actor']['prefix'])} {e(f['actor'].get('company') or '')}</div></td>"
                    f"<td>{e(fmt_rel(f['rel_ms']))}</td><td>{evid}</td><td class='d'>{clauses}</td></tr>"
                )
            parts.append("</table>")
        parts.append("<h2>Timeline (device clock, relative to the consent decision)</h2><ul class='tl'>")
        for t in doc.timeline:
            cls = t.kind + (" flagged" if t.flagged else "")
            when = fmt_rel(t.rel_ms) if t.rel_ms is not None else "-"
            parts.append(
                f"<li class='{e(cls)}'><span class='t'>{e(when)}</span>{e(t.title)}"
                + (f" <span class='d'>by {e(t.actor)}</span>" if t.actor and t.kind in ("collection", "call") else "")
                + (f"<div class='d'>{e(t.detail)}</div>" if t.detail else "")
                + "</li>"
            )
        parts.append("</ul>")
        if doc.redacted:
            parts.append(
                "<p class='d'>PI values are masked (prefix/suffix and a sha256 tag); re-render with --show-values to include them.</p>"
            )
        parts.append(f"<p class='d'>privmon {e(r['tool_version'])}, protocol {r['protocol_version']}.</p></body></html>\n")
        return "".join(parts)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"

    def to_formatter(self) -> Formatter:
        if self is ReportFormat.TEXT:
            return TextFormat()
        if self is ReportFormat.JSON:
            return JsonFormat()
        if self is ReportFormat.HTML:
            return HtmlFormat()
        assert_never(self)


def _screen_note(doc: ReportDocument) -> str:
    """How long the screen was off during the run, if it was."""
    spans = doc.device.get("screen_off") or []
    if not spans:
        return ""
    closed = [s["on_ms"] - s["off_ms"] for s in spans if s["on_ms"] is not None]
    still = " (off at the end)" if len(closed) < len(spans) else ""
    return f"; screen off {len(spans)}x, {sum(closed) / 1000:.1f} s{still}"


def _traffic_note(doc: ReportDocument) -> str:
    """Flows that were not the app's, and hosts whose TLS was not decrypted."""
    parts = []
    if doc.counts.get("other_process_flows"):
        parts.append(f"{doc.counts['other_process_flows']} from other processes, not analysed")
    if doc.counts.get("unattributed_flows"):
        parts.append(f"{doc.counts['unattributed_flows']} not attributable to a process (analysed as the app's)")
    if doc.noise_baseline is not None:
        parts.append(
            f"noise baseline: {doc.counts.get('baseline_flows', 0)} sent before the app started, "
            f"{doc.counts.get('noise_flows', 0)} later ones like them subtracted"
        )
    if doc.tls_failures:
        hosts = ", ".join(f"{t['host']} ({t['connections']})" for t in doc.tls_failures)
        parts.append(f"TLS refused by the app, not decrypted: {hosts}")
    return f" ({'; '.join(parts)})" if parts else ""
