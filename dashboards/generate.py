#!/usr/bin/env python3
"""Generates the Kibana 9 saved objects in dashboards/*.ndjson (data views, Lens panels, a saved search, dashboards).

Run from the repository root: python3 dashboards/generate.py. Ids are uuid5 of stable names, so regenerating
changes nothing unless a panel changes. Every field a panel uses must be in the Elasticsearch templates
(src/Observability.Storage/Elasticsearch/Setup/FieldCatalog.cs); DashboardValidationTests checks that.
"""
import json
import os
import uuid

NS = uuid.UUID("6f1c1f8e-2f0b-4c47-9a35-2b0f5c3f7a10")
CORE = "8.8.0"
OUT = os.path.dirname(os.path.abspath(__file__))

def uid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts)))

# Our data streams only (docs/deployment.md): on a cluster shared with Fleet, APM or OTel their streams stay out of these views.
DATA_VIEWS = {
    "logs": ("obs-logs", "logs-obs.*-*", "Logs (obs)"),
    "metrics": ("obs-metrics", "metrics-obs.*-*", "Metrics (obs)"),
    "traces": ("obs-traces", "traces-obs.*-*", "Traces (obs)"),
    "alerts": ("obs-alerts", "obs-alerts", "Alerts (obs)"),
}

def data_view(key):
    vid, title, name = DATA_VIEWS[key]
    return {
        "id": vid, "type": "index-pattern", "coreMigrationVersion": CORE, "typeMigrationVersion": "8.0.0",
        "managed": False, "references": [],
        "attributes": {"title": title, "name": name, "timeFieldName": "@timestamp", "allowNoIndex": True,
                       "fields": "[]", "fieldFormatMap": "{}", "runtimeFieldMap": "{}", "sourceFilters": "[]", "typeMeta": "{}"},
    }

# ---- Lens columns ----------------------------------------------------------------------------------------

def col_date():
    return {"label": "@timestamp", "dataType": "date", "operationType": "date_histogram", "sourceField": "@timestamp",
            "isBucketed": True, "scale": "interval", "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False}}

def col_terms(field, order_col, size=10, number=False, label=None, secondary=None, exclude=None, other=True):
    """secondary: more fields, making one series per combination (Lens multi-terms); exclude: values left out."""
    params = {"size": size, "orderBy": {"type": "column", "columnId": order_col}, "orderDirection": "desc",
              "otherBucket": other, "missingBucket": False, "parentFormat": {"id": "multi_terms" if secondary else "terms"},
              "include": [], "exclude": exclude or [], "includeIsRegex": False, "excludeIsRegex": False}
    if secondary:
        params["secondaryFields"] = secondary
    return {"label": label or f"Top {size} values of {field}", "dataType": "number" if number else "string", "operationType": "terms",
            "sourceField": field, "isBucketed": True, "scale": "ordinal", "customLabel": label is not None, "params": params}

def col_metric(op, field, label, fmt=None, kql=None):
    c = {"label": label, "customLabel": True, "dataType": "number", "operationType": op, "isBucketed": False, "scale": "ratio",
         "sourceField": field if op != "count" else "___records___", "params": {"emptyAsNull": op != "count"}}
    if op == "last_value":
        c["params"] = {"sortField": "@timestamp", "showArrayValues": False}
    if fmt:
        c["params"]["format"] = {"id": fmt, "params": {"decimals": 1}}
    if kql:
        c["filter"] = {"query": kql, "language": "kuery"}
    return c

class Panel:
    """One Lens visualization: a single formBased layer on one data view."""
    def __init__(self, key, title, view, vis, description=""):
        self.id = uid("lens", key)
        self.key, self.title, self.view, self.vis, self.description = key, title, view, vis, description
        self.layer = uid("layer", key)
        self.columns, self.order = {}, []
        self.query = ""

    def add(self, name, column):
        cid = uid("col", self.key, name)
        self.columns[cid] = column
        self.order.append(cid)
        return cid

    def saved_object(self, visualization):
        state = {
            "datasourceStates": {"formBased": {"layers": {self.layer: {"columns": self.columns, "columnOrder": self.order, "incompleteColumns": {}}}}},
            "visualization": visualization,
            "query": {"query": self.query, "language": "kuery"},
            "filters": [], "internalReferences": [], "adHocDataViews": {},
        }
        return {
            "id": self.id, "type": "lens", "coreMigrationVersion": CORE, "typeMigrationVersion": "8.9.0", "managed": False,
            "attributes": {"title": self.title, "description": self.description, "visualizationType": self.vis, "state": state},
            "references": [{"type": "index-pattern", "id": DATA_VIEWS[self.view][0], "name": f"indexpattern-datasource-layer-{self.layer}"}],
        }

# Series per host or device first, then across the fleet: a counter's rate is taken per series (host and device) and
# the series summed (Lens "collapse by: sum"); a gauge of many devices is averaged per device, then summed. Terms that
# are collapsed keep every series (a large size, no "Other" bucket), or the sum would miss some.
FLEET = 1000

def xy(key, title, view, metrics, split=None, series="line", query="", split_number=False, split_size=10, description="",
       secondary=None, collapse=None, exclude=None):
    """metrics: list of (op, field, label[, fmt[, kql]]); op 'counter_rate' makes a rate of the max of a counter.
    split/secondary: the series (terms, multi-terms); collapse: 'sum' adds the series up into one line."""
    p = Panel(key, title, view, "lnsXY", description)
    p.query = query
    x = p.add("x", col_date())
    accessors = []
    for i, m in enumerate(metrics):
        op, field, label = m[0], m[1], m[2]
        fmt = m[3] if len(m) > 3 else None
        kql = m[4] if len(m) > 4 else None
        if op == "counter_rate":
            base = p.add(f"m{i}max", col_metric("max", field, f"Max of {field}"))
            rate = {"label": label, "customLabel": True, "dataType": "number", "operationType": "counter_rate", "isBucketed": False,
                    "scale": "ratio", "references": [base], "timeScale": "s", "params": {}}
            if fmt:
                rate["params"]["format"] = {"id": fmt, "params": {"decimals": 1}}
            accessors.append(p.add(f"m{i}", rate))
        else:
            accessors.append(p.add(f"m{i}", col_metric(op, field, label, fmt, kql)))
    layer = {"layerId": p.layer, "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": accessors}
    if split:
        s = p.add("split", col_terms(split, accessors[0], FLEET if collapse else split_size, split_number,
                                     secondary=secondary, exclude=exclude, other=not collapse))
        # a terms column goes before the metrics it breaks down
        p.order.remove(s)
        p.order.insert(0, s)
        layer["splitAccessor"] = s
        if collapse:
            layer["collapseFn"] = collapse
    return p.saved_object({"legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide", "fittingFunction": "Linear",
                           "preferredSeriesType": series, "axisTitlesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
                           "layers": [layer]})

def metric(key, title, view, op, field, label, query="", fmt=None):
    p = Panel(key, title, view, "lnsMetric")
    p.query = query
    m = p.add("m", col_metric(op, field, label, fmt))
    return p.saved_object({"layerId": p.layer, "layerType": "data", "metricAccessor": m})

def table(key, title, view, rows, metrics, query=""):
    """rows: list of (field, size, is_number); metrics as in xy."""
    p = Panel(key, title, view, "lnsDatatable")
    p.query = query
    mids = [p.add(f"m{i}", col_metric(m[0], m[1], m[2], m[3] if len(m) > 3 else None)) for i, m in enumerate(metrics)]
    rids = []
    for i, (field, size, number) in enumerate(rows):
        rid = p.add(f"r{i}", col_terms(field, mids[0], size, number))
        rids.append(rid)
    p.order = rids + mids
    return p.saved_object({"layerId": p.layer, "layerType": "data",
                           "columns": [{"columnId": c, "isTransposed": False} for c in rids + mids]})

# ---- saved search and dashboards ----------------------------------------------------------------------

def saved_search(key, title, view, query, columns):
    return {
        "id": uid("search", key), "type": "search", "coreMigrationVersion": CORE, "typeMigrationVersion": "8.0.0", "managed": False,
        "attributes": {"title": title, "description": "", "columns": columns, "sort": [["@timestamp", "desc"]], "grid": {}, "hideChart": False,
                       "isTextBasedQuery": False, "timeRestore": False,
                       "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": query, "language": "kuery"}, "filter": [],
                                                                                "highlightAll": True, "version": True,
                                                                                "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"})}},
        "references": [{"type": "index-pattern", "id": DATA_VIEWS[view][0], "name": "kibanaSavedObjectMeta.searchSourceJSON.index"}],
    }

def dashboard(key, title, description, panels):
    """panels: list of (saved object, w, h); laid out left to right on a 48-column grid."""
    entries, refs, x, y, row_h = [], [], 0, 0, 0
    for i, (obj, w, h) in enumerate(panels):
        if x + w > 48:
            x, y, row_h = 0, y + row_h, 0
        idx = uid("panel", key, str(i))
        entries.append({"version": "8.9.0", "type": obj["type"], "gridData": {"x": x, "y": y, "w": w, "h": h, "i": idx},
                        "panelIndex": idx, "embeddableConfig": {"enhancements": {}}, "panelRefName": f"panel_{idx}"})
        refs.append({"name": f"{idx}:panel_{idx}", "type": obj["type"], "id": obj["id"]})
        x, row_h = x + w, max(row_h, h)
    return {
        "id": uid("dashboard", key), "type": "dashboard", "coreMigrationVersion": CORE, "typeMigrationVersion": "8.9.0", "managed": False,
        "attributes": {"title": title, "description": description, "panelsJSON": json.dumps(entries),
                       "optionsJSON": json.dumps({"useMargins": True, "syncColors": False, "syncCursor": True, "syncTooltips": False, "hidePanelTitles": False}),
                       "timeRestore": True, "timeFrom": "now-24h", "timeTo": "now", "refreshInterval": {"pause": False, "value": 30000},
                       "version": 1, "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})}},
        "references": refs,
    }

# ---- content ---------------------------------------------------------------------------------------------

def files():
    out = {"data-views": [data_view(k) for k in DATA_VIEWS]}

    # Logs
    by_level = xy("logs-rate-level", "Log rate by level", "logs", [("count", None, "Log lines")], split="log.level", series="bar_stacked")
    by_service = xy("logs-rate-service", "Log rate by service", "logs", [("count", None, "Log lines")], split="service.name", series="bar_stacked")
    errors_by_host = table("logs-errors-host", "Errors by host and service", "logs", [("host.name", 20, False), ("service.name", 5, False)],
                           [("count", None, "Errors")], query="log.level:(error or critical or fatal)")
    error_search = saved_search("logs-errors", "Errors and warnings", "logs", "log.level:(error or critical or fatal or warn or warning)",
                                ["host.name", "service.name", "log.level", "message"])
    all_search = saved_search("logs-all", "All logs", "logs", "", ["host.name", "service.name", "log.level", "log.file.path", "message"])
    logs = [by_level, by_service, errors_by_host, error_search, all_search]
    logs.append(dashboard("logs", "[obs] Logs", "Log rate by level and service, errors by host, and the error search.",
                          [(by_level, 24, 12), (by_service, 24, 12), (errors_by_host, 16, 16), (error_search, 32, 16), (all_search, 48, 18)]))
    out["logs"] = logs

    # Node metrics
    cpu = xy("node-cpu", "CPU usage by host (normalised)", "metrics", [("average", "system.cpu.total.norm.pct", "CPU", "percent")], split="host.name")
    cpu_parts = xy("node-swap", "Swap used by host", "metrics", [("average", "system.memory.swap.used.pct", "Swap", "percent")], split="host.name")
    mem = xy("node-mem", "Memory used by host", "metrics", [("average", "system.memory.actual.used.pct", "Memory", "percent")], split="host.name")
    load = xy("node-load", "Load per core (1 min) by host", "metrics", [("average", "system.load.norm.1", "Load 1m / core")], split="host.name")
    net = xy("node-net", "Network in / out, fleet (rate per host and interface, summed)", "metrics",
             [("counter_rate", "system.network.in.bytes", "in", "bytes"), ("counter_rate", "system.network.out.bytes", "out", "bytes")],
             split="host.name", secondary=["system.network.name"], collapse="sum")
    disk = xy("node-diskio", "Disk read / write, fleet (rate per host and device, summed)", "metrics",
              [("counter_rate", "system.diskio.read.bytes", "read", "bytes"), ("counter_rate", "system.diskio.write.bytes", "write", "bytes")],
              split="host.name", secondary=["system.diskio.name"], collapse="sum")
    fs = table("node-fs", "Filesystem use", "metrics", [("host.name", 50, False), ("system.filesystem.mount_point", 10, False)],
               [("max", "system.filesystem.used.pct", "Used", "percent"), ("last_value", "system.filesystem.available", "Available", "bytes")])
    node = [cpu, cpu_parts, mem, load, net, disk, fs]
    node.append(dashboard("node-metrics", "[obs] Node metrics", "CPU, memory, load, network, disk and filesystems per host.",
                          [(cpu, 24, 12), (mem, 24, 12), (cpu_parts, 24, 12), (load, 24, 12), (net, 24, 12), (disk, 24, 12), (fs, 48, 14)]))
    out["node-metrics"] = node

    # GPU fleet
    gpu_util = xy("gpu-util", "GPU utilisation by GPU", "metrics", [("average", "gpu.utilization.gpu.pct", "Utilisation", "percent")], split="gpu.uuid", split_size=20)
    gpu_mem = xy("gpu-mem", "GPU memory used by GPU", "metrics", [("average", "gpu.memory.used.pct", "Memory", "percent")], split="gpu.uuid", split_size=20)
    gpu_temp = xy("gpu-temp", "GPU temperature (max)", "metrics", [("max", "gpu.temperature.celsius", "°C")], split="gpu.uuid", split_size=20)
    gpu_power = xy("gpu-power", "GPU power draw, fleet (mean per GPU, summed)", "metrics", [("average", "gpu.power.usage.watts", "W")],
                   split="host.name", secondary=["gpu.uuid"], collapse="sum")
    # Throttled: any reason but idle in the mask (bit 0 is idle), so an idle GPU that is also power-capped counts.
    gpu_throttle = xy("gpu-throttle", "Throttled samples by reason", "metrics", [("count", None, "Throttled samples")], split="gpu.throttle.reasons",
                      series="bar_stacked", query="gpu.throttle.mask > 1", exclude=["gpu_idle"])
    gpu_xid = table("gpu-xid", "XID errors", "metrics", [("host.name", 50, False), ("gpu.uuid", 20, False), ("gpu.xid.code", 10, True)],
                    [("count", None, "Events")], query="gpu.xid.code:*")
    gpu_ecc = table("gpu-ecc", "ECC errors", "metrics", [("host.name", 50, False), ("gpu.uuid", 20, False)],
                    [("max", "gpu.ecc.corrected.total", "Corrected"), ("max", "gpu.ecc.uncorrected.total", "Uncorrected"),
                     ("max", "gpu.remapped_rows.uncorrectable", "Remapped rows (uncorrectable)")])
    gpu_fleet_util = metric("gpu-fleet-util", "Fleet GPU utilisation", "metrics", "average", "gpu.utilization.gpu.pct", "Average utilisation", fmt="percent")
    gpu_count = metric("gpu-count", "GPUs reporting", "metrics", "unique_count", "gpu.uuid", "GPUs")
    gpu = [gpu_util, gpu_mem, gpu_temp, gpu_power, gpu_throttle, gpu_xid, gpu_ecc, gpu_fleet_util, gpu_count]
    gpu.append(dashboard("gpu-fleet", "[obs] GPU fleet", "Utilisation, memory, temperature, power, throttling and XID/ECC events for every GPU.",
                         [(gpu_count, 12, 7), (gpu_fleet_util, 12, 7), (gpu_throttle, 24, 7), (gpu_util, 24, 12), (gpu_mem, 24, 12),
                          (gpu_temp, 24, 12), (gpu_power, 24, 12), (gpu_xid, 24, 14), (gpu_ecc, 24, 14)]))
    out["gpu-fleet"] = gpu

    # Training runs
    step = xy("train-step", "Step time by job", "metrics", [("average", "training.step.duration_ms", "Step time (ms)")], split="training.job.id")
    phases = xy("train-phases", "Step phases", "metrics",
                [("average", "training.phase.data_ms", "data"), ("average", "training.phase.forward_ms", "forward"),
                 ("average", "training.phase.backward_ms", "backward"), ("average", "training.phase.communication_ms", "communication"),
                 ("average", "training.phase.optimizer_ms", "optimizer")], series="bar_stacked")
    thr = xy("train-throughput", "Training throughput, all jobs (mean per rank, summed)", "metrics",
             [("average", "training.samples_per_second", "samples/s")], split="training.job.id", secondary=["training.rank"], collapse="sum")
    loss = xy("train-loss", "Loss by job", "metrics", [("average", "training.loss", "Loss")], split="training.job.id")
    strag = table("train-stragglers", "Per-rank step time (stragglers first)", "metrics", [("training.job.id", 10, False), ("training.rank", 64, True)],
                  [("max", "training.step.duration_ms", "Max step (ms)"), ("average", "training.step.duration_ms", "Avg step (ms)"),
                   ("average", "training.phase.communication_ms", "Avg communication (ms)"), ("max", "training.step", "Last step")])
    timeline = xy("train-timeline", "Job timeline (spans by name)", "traces", [("count", None, "Spans")], split="span.name",
                  series="bar_stacked", query="training.job.id:*")
    jobs = table("train-jobs", "Jobs and their spans", "traces", [("training.job.id", 50, False), ("span.name", 10, False)],
                 [("count", None, "Spans"), ("max", "event.duration", "Longest (ns)"), ("sum", "event.duration", "Total (ns)")],
                 query="training.job.id:*")
    train = [step, phases, thr, loss, strag, timeline, jobs]
    train.append(dashboard("training-runs", "[obs] Training runs", "Step time and its phases, throughput, loss, per-rank stragglers and the job timeline.",
                           [(step, 24, 12), (phases, 24, 12), (thr, 24, 12), (loss, 24, 12), (strag, 24, 16), (timeline, 24, 8), (jobs, 24, 8)]))
    out["training-runs"] = train

    # Alerts and anomalies
    firing = metric("alerts-firing", "Firing alerts (state changes)", "alerts", "unique_count", "alert.fingerprint", "Firing", query="alert.state:firing")
    by_sev = xy("alerts-severity", "Alert state changes by severity", "alerts", [("count", None, "Alerts")], split="labels.severity", series="bar_stacked")
    by_rule = table("alerts-rules", "Alerts by rule and state", "alerts", [("alert.name", 20, False), ("alert.state", 4, False)],
                    [("count", None, "State changes"), ("max", "alert.score", "Max score")])
    score = xy("alerts-score", "Anomaly score by detector", "alerts", [("max", "alert.score", "Score")], split="labels.detector", query="labels.detector:*")
    entities = table("alerts-entities", "Alerting hosts, GPUs and jobs", "alerts", [("labels.host", 20, False), ("labels.gpu", 10, False), ("labels.job", 10, False)],
                     [("unique_count", "alert.fingerprint", "Alerts"), ("max", "alert.score", "Max score")])
    alerts = [firing, by_sev, by_rule, score, entities]
    alerts.append(dashboard("alerts", "[obs] Alerts and anomalies", "Firing alerts, severities, rules and the anomaly scores behind them.",
                            [(firing, 12, 8), (by_sev, 36, 8), (by_rule, 24, 14), (score, 24, 14), (entities, 48, 14)]))
    out["alerts"] = alerts

    # Cluster overview: the first dashboard to open.
    hosts = metric("ov-hosts", "Hosts reporting", "metrics", "unique_count", "host.name", "Hosts")
    errs = metric("ov-errors", "Error log lines", "logs", "count", None, "Errors", query="log.level:(error or critical or fatal)")
    ov_gpu = metric("ov-gpu", "GPU utilisation", "metrics", "average", "gpu.utilization.gpu.pct", "GPU", fmt="percent")
    ov_alerts = metric("ov-alerts", "Firing alerts", "alerts", "unique_count", "alert.fingerprint", "Alerts", query="alert.state:firing")
    ov_cpu = xy("ov-cpu", "CPU by host", "metrics", [("average", "system.cpu.total.norm.pct", "CPU", "percent")], split="host.name")
    ov_gpu_t = xy("ov-gpu-util", "GPU utilisation by host", "metrics", [("average", "gpu.utilization.gpu.pct", "GPU", "percent")], split="host.name")
    ov_logs = xy("ov-log-rate", "Log rate by level", "logs", [("count", None, "Lines")], split="log.level", series="bar_stacked")
    ov_step = xy("ov-step", "Training step time by job", "metrics", [("average", "training.step.duration_ms", "ms")], split="training.job.id")
    ov_rules = table("ov-rules", "Firing alerts by rule and host", "alerts", [("alert.name", 10, False), ("labels.host", 10, False)],
                     [("max", "alert.score", "Score")], query="alert.state:firing")
    ov = [hosts, errs, ov_gpu, ov_alerts, ov_cpu, ov_gpu_t, ov_logs, ov_step, ov_rules]
    ov.append(dashboard("cluster-overview", "[obs] Cluster overview", "Start here: hosts, errors, GPUs, training and alerts at a glance.",
                        [(hosts, 12, 7), (errs, 12, 7), (ov_gpu, 12, 7), (ov_alerts, 12, 7), (ov_cpu, 24, 12), (ov_gpu_t, 24, 12),
                         (ov_logs, 24, 12), (ov_step, 24, 12), (ov_rules, 48, 12)]))
    out["cluster-overview"] = ov

    # Self-monitoring: the stack's own meters (event.dataset obs.self, docs/telemetry.md). Counters are totals since a
    # component started, so rates are taken per host and component, never across them.
    self_q = "event.dataset:obs.self"
    self_components = metric("self-components", "Components reporting", "metrics", "unique_count", "obs.self.component", "Components", query=self_q)
    self_hosts = metric("self-hosts", "Stack hosts reporting", "metrics", "unique_count", "host.name", "Hosts", query=self_q)
    self_received = xy("self-received", "Received per second by component", "metrics", [("counter_rate", "obs.self.value", "received/s")],
                       split="obs.self.component", secondary=["host.name"], query=f"{self_q} and obs.self.name:received and not obs.self.reason:*")
    self_sent = xy("self-sent", "Sent per second by component", "metrics", [("counter_rate", "obs.self.value", "sent/s")],
                   split="obs.self.component", secondary=["host.name"], query=f"{self_q} and obs.self.name:sent and not obs.self.reason:*")
    self_losses = table("self-losses", "Dropped and failed by component and reason (totals)", "metrics",
                        [("obs.self.component", 20, False), ("obs.self.name", 2, False), ("obs.self.reason", 20, False)],
                        [("max", "obs.self.value", "Total")], query=f"{self_q} and obs.self.name:(dropped or failed) and obs.self.reason:*")
    self_retries = xy("self-retries", "Retries per second by component", "metrics", [("counter_rate", "obs.self.value", "retries/s")],
                      split="obs.self.component", secondary=["host.name"], query=f"{self_q} and obs.self.name:retries")
    self_gauges = xy("self-gauges", "Levels (files open, bytes behind, batches in flight)", "metrics", [("max", "obs.self.value", "Level")],
                     split="obs.self.name", secondary=["obs.self.component"], query=f"{self_q} and obs.self.kind:gauge")
    self_search = saved_search("self-all", "Stack self-telemetry", "metrics", self_q,
                               ["host.name", "service.name", "obs.self.component", "obs.self.name", "obs.self.reason", "obs.self.value"])
    self_mon = [self_components, self_hosts, self_received, self_sent, self_losses, self_retries, self_gauges, self_search]
    self_mon.append(dashboard("self-monitoring", "[obs] Self-monitoring", "The stack's own health: received, sent, dropped and failed per component, retries and levels.",
                              [(self_components, 12, 7), (self_hosts, 12, 7), (self_retries, 24, 7), (self_received, 24, 12), (self_sent, 24, 12),
                               (self_losses, 24, 14), (self_gauges, 24, 14), (self_search, 48, 16)]))
    out["self-monitoring"] = self_mon
    return out

if __name__ == "__main__":
    for name, objects in files().items():
        with open(os.path.join(OUT, f"{name}.ndjson"), "w", encoding="utf-8") as f:
            for o in objects:
                f.write(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{name}.ndjson: {len(objects)} objects")
