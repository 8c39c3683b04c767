#!/usr/bin/env python3
"""Checks deploy/ without a Docker engine or systemd: every YAML and JSON file parses,
every path docker-compose.yml and the systemd units reference exists in the repo,
every `cqrs` flag and CQRS_* variable they (and the env examples) use is one the binary knows, Prometheus
scrapes services that exist, and every metric the Grafana dashboard queries is
documented (and so exported). Also that `--help` of every `cqrs` subcommand states the
default of each option that takes a value (operators configure from it). Exits 1 with
one line per problem.

Usage: scripts/check-deploy.py [path/to/cqrs]   (default .build/debug/cqrs)
"""
import json
import pathlib
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyyaml"], check=True)
    import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
problems = []


def problem(where, text):
    problems.append(f"{where.relative_to(ROOT) if isinstance(where, pathlib.Path) else where}: {text}")


def load_yaml(path):
    try:
        return yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        problem(path, f"does not parse as YAML: {error}")
        return None


# The binary's subcommands and their flags, from --help.
binary = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".build/debug/cqrs"
if not binary.is_file():
    sys.exit(f"check-deploy: {binary} is missing; build first (swift build)")
help_texts = {}


def flags_of(subcommand):
    """`cqrs <subcommand> --help` (a subcommand may be two words), or None if unknown."""
    if subcommand not in help_texts:
        result = subprocess.run([str(binary), *subcommand.split(), "--help"], capture_output=True, text=True)
        # An unknown subcommand prints the top-level help, whose usage line has no name.
        known = result.returncode == 0 and f"USAGE: cqrs {subcommand} " in result.stdout
        help_texts[subcommand] = result.stdout if known else None
    return help_texts[subcommand]


def check_cqrs_arguments(where, arguments):
    """`arguments` is what follows `cqrs`: a subcommand, then flags."""
    if not arguments:
        return
    text = flags_of(arguments[0])
    if text is None:
        problem(where, f"`cqrs {arguments[0]}` is not a subcommand")
        return
    for flag in (a for a in arguments[1:] if a.startswith("--")):
        if not re.search(rf"(^|\s){re.escape(flag)}(\s|$|,)", text, re.M):
            problem(where, f"`cqrs {arguments[0]}` has no flag {flag}")


sources = "\n".join(p.read_text() for p in (ROOT / "Sources").rglob("*.swift"))


def check_variable(where, name):
    if name.startswith("CQRS_") and f'"{name}"' not in sources and name not in ("CQRS_ADMIN_PASSWORD",):
        problem(where, f"sets {name}, which no cqrs command reads")


# docker-compose.yml
compose_path = DEPLOY / "docker-compose.yml"
compose = load_yaml(compose_path) or {}
services = compose.get("services", {})
for name, service in services.items():
    where = f"deploy/docker-compose.yml service {name}"
    build = service.get("build")
    if build:
        context = (DEPLOY / build.get("context", ".")).resolve()
        if not context.is_dir():
            problem(where, f"build context {context} is missing")
        if not (context / build.get("dockerfile", "Dockerfile")).is_file():
            problem(where, f"Dockerfile {build.get('dockerfile')} is missing")
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if source.startswith("."):
            if not (DEPLOY / source).exists():
                problem(where, f"volume source {source} is missing")
        elif source not in (compose.get("volumes") or {}):
            problem(where, f"named volume {source} is not declared")
    command = service.get("command")
    words = command if isinstance(command, list) else (command or "").split()
    for word in words:
        if word.startswith("/etc/cqrs/redis/") and not (DEPLOY / "redis" / word.rsplit("/", 1)[1]).is_file():
            problem(where, f"{word} has no file in deploy/redis")
    if service.get("image", "").startswith("cqrs"):
        check_cqrs_arguments(where, words)
    for variable in (service.get("environment") or {}):
        check_variable(where, variable)
    for dependency in service.get("depends_on") or []:
        if dependency not in services:
            problem(where, f"depends on {dependency}, which is not a service")

# Prometheus and Grafana provisioning
prometheus = load_yaml(DEPLOY / "prometheus/prometheus.yml") or {}
for job in prometheus.get("scrape_configs", []):
    for static in job.get("static_configs", []):
        for target in static.get("targets", []):
            host = target.split(":")[0]
            if host not in services:
                problem(DEPLOY / "prometheus/prometheus.yml", f"job {job['job_name']} scrapes {target}, not a compose service")
for path in (DEPLOY / "grafana/provisioning").rglob("*.yml"):
    load_yaml(path)

dashboard_path = DEPLOY / "grafana/dashboards/cqrs.json"
try:
    dashboard = json.loads(dashboard_path.read_text())
except json.JSONDecodeError as error:
    problem(dashboard_path, f"does not parse as JSON: {error}")
    dashboard = {"panels": []}
generated = subprocess.run([sys.executable, str(DEPLOY / "grafana/make-dashboard.py")], capture_output=True, text=True)
if generated.returncode != 0 or json.loads(dashboard_path.read_text()) != dashboard:
    problem(dashboard_path, "differs from what deploy/grafana/make-dashboard.py writes; run it and commit the result")
documented = "\n".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
for panel in dashboard["panels"]:
    for target in panel["targets"]:
        for metric in re.findall(r"\bcqrs_[a-z_]+", target["expr"]):
            base = re.sub(r"_(bucket|count|sum)$", "", metric)
            if base not in documented:
                problem(dashboard_path, f"panel '{panel['title']}' queries {metric}, which docs/ does not list")

# systemd units
for unit in sorted((DEPLOY / "systemd").glob("*.service")):
    text = unit.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        if line.startswith("ExecStart="):
            words = line.split("=", 1)[1].split()
            if words[0].endswith("/cqrs"):
                check_cqrs_arguments(unit, words[1:])
        if line.startswith("Environment="):
            for assignment in line.split("=", 1)[1].split():
                check_variable(unit, assignment.split("=")[0])
    for instance in ("write-store", "read-store", "read-replica"):
        if "%i.conf" in text and not (DEPLOY / "redis" / f"{instance}.conf").is_file():
            problem(unit, f"instance {instance} has no deploy/redis/{instance}.conf")
    for variable in re.findall(r"\$\{(CQRS_[A-Z_]+)\}", text):
        if variable not in (DEPLOY / "systemd/cqrs.env.example").read_text():
            problem(unit, f"uses ${{{variable}}}, which cqrs.env.example does not set")

# env examples: every CQRS_* they set, or show commented out, is one a command reads
# (the URL variables of the roles are read through the units' ${...} instead).
unit_texts = "\n".join(u.read_text() for u in (DEPLOY / "systemd").glob("*.service"))
for example in sorted((DEPLOY / "systemd").glob("*.env.example")):
    for name in re.findall(r"^#?(CQRS_[A-Z_]+)=", example.read_text(), re.M):
        if f"${{{name}}}" not in unit_texts:
            check_variable(example, name)

# --help: every option with a value states its default.
SUBCOMMANDS = ["init", "command-api", "command-worker", "projector", "query-api", "rebuild", "verify", "status", "seed",
               "dlq list", "dlq replay", "dlq drop", "bench client", "bench write-store", "bench command-api",
               "bench query-api", "bench projector", "bench lag"]
for subcommand in SUBCOMMANDS:
    text = flags_of(subcommand)
    if text is None:
        problem(f"cqrs {subcommand} --help", "is not a subcommand")
        continue
    options = text.split("OPTIONS:", 1)[-1]
    for block in re.split(r"\n(?=  -)", options):
        first = block.strip().splitlines()[0] if block.strip() else ""
        if re.match(r"(-\w, )?--[a-z-]+ <", first) and "default" not in block:
            problem(f"cqrs {subcommand} --help", f"{first.split()[0]} does not state its default")

if problems:
    print("check-deploy: problems found:")
    for line in problems:
        print("  " + line)
    sys.exit(1)
print(f"check-deploy: deploy/ is consistent ({len(services)} compose services, "
      f"{len(list((DEPLOY / 'systemd').glob('*.service')))} systemd units, {len(dashboard['panels'])} dashboard panels)")
