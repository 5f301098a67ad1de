"""What the traffic matcher reports (plain data)."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.events import ValueType


@dataclass(frozen=True, slots=True)
class Match:
    value_type: ValueType
    value: str
    variant: str  # how the value was written (raw, sha256(upper-value), ...; "field" for adapter-only hits)
    context: str  # url | header | body | ws
    path: str  # where in the decoded request: "body > gzip > protobuf[2] > json[$.imei]"
    chain: tuple[str, ...]  # the decoders undone to get there, outermost first
    reason: str
    source: str = "value"  # value | adapter | value+adapter
    adapter: str = ""  # tracker/endpoint id when an adapter names the field

    @property
    def encoding(self) -> str:
        """Decoders and variant in one string: ``gzip > protobuf > sha256(value)``."""
        return " > ".join((*self.chain, self.variant))
