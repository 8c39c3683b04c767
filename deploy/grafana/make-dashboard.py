#!/usr/bin/env python3
"""Writes dashboards/cqrs.json, the Grafana dashboard of the cqrs services.

Edit the panels here and run `python3 deploy/grafana/make-dashboard.py`; the JSON is
committed so Grafana can load it as is. scripts/check-deploy.py checks that every
metric a panel queries is one the services export (docs/architecture.md, "Metrics").
"""
import json
import pathlib

DATASOURCE = {"type": "prometheus", "uid": "cqrs-prometheus"}

# (title, unit, [(expr, legend)]) per panel, two panels per row.
PANELS = [
    ("Projection lag (events) per partition", "short",
     [("max by (projection, partition) (cqrs_projection_lag_events)", "{{projection}} p{{partition}}")]),
    ("Projection lag (seconds) per partition", "s",
     [("max by (projection, partition) (cqrs_projection_lag_seconds)", "{{projection}} p{{partition}}")]),
    ("Events appended per second", "ops",
     [("sum by (command) (rate(cqrs_events_appended_total[1m]))", "{{command}}")]),
    ("Events applied per second", "ops",
     [("sum by (projection, consumer) (rate(cqrs_events_applied_total[1m]))", "{{projection}} {{consumer}}")]),
    ("Command latency p50 / p99", "s",
     [("histogram_quantile(0.5, sum by (le, command) (rate(cqrs_command_duration_seconds_bucket[5m])))", "p50 {{command}}"),
      ("histogram_quantile(0.99, sum by (le, command) (rate(cqrs_command_duration_seconds_bucket[5m])))", "p99 {{command}}")]),
    ("Commands per second by outcome", "ops",
     [("sum by (outcome) (rate(cqrs_command_duration_seconds_count[1m]))", "{{outcome}}")]),
    ("Version conflicts and retries per second", "ops",
     [("sum by (command) (rate(cqrs_command_conflicts_total[1m]))", "conflicts {{command}}"),
      ("sum by (command) (rate(cqrs_command_retries_total[1m]))", "retries {{command}}")]),
    ("Query latency p99 by route", "s",
     [("histogram_quantile(0.99, sum by (le, route) (rate(cqrs_query_duration_seconds_bucket[5m])))", "{{route}}")]),
    ("Queries per second by status", "ops",
     [("sum by (status) (rate(cqrs_query_duration_seconds_count[1m]))", "{{status}}")]),
    ("Replica fallbacks per second", "ops",
     [("sum by (reason) (rate(cqrs_replica_fallbacks_total[1m]))", "{{reason}}")]),
    ("Dead letters", "short",
     [("max by (projection) (cqrs_dead_letters)", "{{projection}}")]),
    ("Redis errors and reconnects per second", "ops",
     [("sum by (client, kind) (rate(cqrs_redis_errors_total[1m]))", "errors {{client}} {{kind}}"),
      ("sum by (client) (rate(cqrs_redis_reconnects_total[1m]))", "reconnects {{client}}")]),
]


def panel(index, title, unit, targets):
    return {
        "id": index + 1,
        "type": "timeseries",
        "title": title,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": 12, "x": (index % 2) * 12, "y": (index // 2) * 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
        "targets": [
            {"refId": chr(ord("A") + n), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
            for n, (expr, legend) in enumerate(targets)
        ],
    }


dashboard = {
    "uid": "cqrs-overview",
    "title": "cqrs: commands, projections, queries",
    "tags": ["cqrs", "redis"],
    "timezone": "browser",
    "schemaVersion": 39,
    "version": 1,
    "refresh": "10s",
    "time": {"from": "now-1h", "to": "now"},
    "panels": [panel(i, *p) for i, p in enumerate(PANELS)],
}

out = pathlib.Path(__file__).parent / "dashboards" / "cqrs.json"
out.write_text(json.dumps(dashboard, indent=2) + "\n")
print(f"wrote {out}")
