"""SQLAlchemy 2 typed ORM models. Portable: SQLite by default, PostgreSQL for farms.

Raw PI values stay here (the correlator needs them); reports redact them by default.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # sandbox | emulator | phone
    model: Mapped[str] = mapped_column(String(128), default="")
    api_level: Mapped[int] = mapped_column(Integer, default=0)
    abi: Mapped[str] = mapped_column(String(32), default="")
    clock_offset_ms: Mapped[int] = mapped_column(BigInteger, default=0)  # device clock - host clock
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class App(Base):
    __tablename__ = "apps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package: Mapped[str] = mapped_column(String(255), index=True)
    version_name: Mapped[str] = mapped_column(String(64), default="")
    version_code: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    label: Mapped[str] = mapped_column(String(255), default="")


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | complete | partial | failed
    exit_reason: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(16))  # sandbox | device
    consent_policy: Mapped[str] = mapped_column(String(16))  # agree | refuse | none
    tool_version: Mapped[str] = mapped_column(String(32))
    protocol_version: Mapped[int] = mapped_column(Integer)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    hooks: Mapped[list[Any]] = mapped_column(JSON, default=list)  # installed/failed report per hook
    agent_faults: Mapped[list[Any]] = mapped_column(JSON, default=list)
    artifacts_dir: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # the proxy listener reserved for the app under test; flows that came in on another one are other processes'
    app_proxy_port: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # noise baseline: the device was watched with the proxy on and the app not running until this time
    # (host clock, ms, like flows.ts_ms); None: no baseline was taken
    baseline_end_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # identifiers read from the device itself ({type, value, source}; monitor.device.truth), matched in
    # traffic even when no hook saw the app collect them; None: not read (older runs)
    device_truth: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    # [off_ms, on_ms or null] spans when the device's screen was off (device clock; monitor.screen);
    # None: not watched (older runs)
    screen_off: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)

    app: Mapped[App] = relationship()
    device: Mapped[Device] = relationship()


class CallSite(Base):
    """An API and the stack it was called from, stored once: a run calls from a few sites many times,
    and the stack is most of an event's bytes. Shared by every run in the store."""

    __tablename__ = "call_sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(40), unique=True)  # sha1 of [api, stack] as JSON
    api: Mapped[str] = mapped_column(String(255))
    stack: Mapped[list[Any]] = mapped_column(JSON)


class HookEvent(Base):
    """One agent event. Rows written since call sites exist have ``site_id`` set, and an empty ``api``
    and ``stack`` (the site holds them); older rows hold them themselves."""

    __tablename__ = "hook_events"
    __table_args__ = (Index("ix_hook_events_run_ts", "run_id", "ts_ms"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))  # hook:call | ui:click
    ts_ms: Mapped[int] = mapped_column(BigInteger)  # device wall clock
    mono_ns: Mapped[int] = mapped_column(BigInteger)
    hook: Mapped[str] = mapped_column(String(128), default="")
    category: Mapped[str] = mapped_column(String(32), default="")
    api: Mapped[str] = mapped_column(String(255), default="")
    args: Mapped[list[Any]] = mapped_column(JSON, default=list)
    target: Mapped[str | None] = mapped_column(Text, nullable=True)
    ret: Mapped[str | None] = mapped_column(Text, nullable=True)
    thrown: Mapped[str | None] = mapped_column(Text, nullable=True)
    values: Mapped[list[Any]] = mapped_column(JSON, default=list)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)  # clicked view's text
    thread_id: Mapped[int] = mapped_column(BigInteger, default=0)
    thread_name: Mapped[str] = mapped_column(String(128), default="")
    stack: Mapped[list[Any]] = mapped_column(JSON, default=list)
    site_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # call_sites.id (no foreign key: cheaper inserts)


class Flow(Base):
    __tablename__ = "flows"
    __table_args__ = (Index("ix_flows_run_ts", "run_id", "ts_ms"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    ts_ms: Mapped[int] = mapped_column(BigInteger)  # host clock, when the request started
    method: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str] = mapped_column(String(16))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    http_version: Mapped[str] = mapped_column(String(16), default="")
    request_headers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    request_body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    body_truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    response_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    answered_by_proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    server_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)  # where the proxy connected (None: answered itself)
    client_port: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the client's source port at the proxy
    proxy_port: Mapped[int | None] = mapped_column(Integer, nullable=True)  # which proxy listener it came in on


class ConsentChange(Base):
    __tablename__ = "consent_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    ts_ms: Mapped[int] = mapped_column(BigInteger)  # device clock
    state: Mapped[str] = mapped_column(String(16))  # granted | refused
    source: Mapped[str] = mapped_column(String(32))  # ui-click | host-tap
    detail: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("hook_events.id"), nullable=True)


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    data_type: Mapped[str] = mapped_column(String(64))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_name: Mapped[str] = mapped_column(String(255))
    actor_prefix: Mapped[str] = mapped_column(String(255))
    ts_ms: Mapped[int] = mapped_column(BigInteger)
    rel_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # relative to the consent moment
    summary: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    clauses: Mapped[list[Any]] = mapped_column(JSON, default=list)


class RunInputs(Base):
    """What the rules were given for a run (the declared scope and the config, as text), so
    ``privmon correlate`` reproduces its findings and can apply changed ones."""

    __tablename__ = "run_inputs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), unique=True)
    scope: Mapped[str] = mapped_column(Text, default="")  # the scope manifest's TOML ("" none)
    scope_name: Mapped[str] = mapped_column(String(255), default="")
    config: Mapped[str] = mapped_column(Text, default="")  # the config's TOML ("" defaults)
    config_name: Mapped[str] = mapped_column(String(255), default="")
    user_data_types: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # user hook id -> data type


class ConsentFlowRow(Base):
    """How the consent step went: every dialog seen, what was pressed, and how the app behaved after."""

    __tablename__ = "consent_flows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    policy: Mapped[str] = mapped_column(String(16))  # agree | refuse | none | manual
    permissions: Mapped[str] = mapped_column(String(16))  # grant | deny | ask
    outcome: Mapped[str] = mapped_column(String(32))
    outcome_ts_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)
