#!/usr/bin/env bash
# Checks the deployment files without a Docker engine or a cluster:
#   1. every YAML file parses (PyYAML safe_load_all);
#   2. compose.yaml and k8s/*.yaml hang together (services, volumes, files, selectors, config maps and secrets
#      that are referenced exist; the config map holds citywatch.example.yaml and mosquitto.conf verbatim);
#   3. mosquitto.conf uses known directives;
#   4. citywatch.example.yaml passes CityWatch's own configuration loader, as every node of compose.yaml and
#      k8s/ sees it (with its CITYWATCH_* environment) — when the project is built (api/target/lib exists).
# Usage: deploy/check.sh   (exit status 0 = all good; each problem is printed with its file)
set -euo pipefail
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$DEPLOY/.." && pwd)"

PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"
"$PY" -c 'import yaml' 2>/dev/null || { echo "deploy/check.sh: PyYAML is missing for $PY (apt-get install python3-yaml)" >&2; exit 2; }

ENV_DUMP="$(mktemp)"
trap 'rm -f "$ENV_DUMP"' EXIT

"$PY" - "$DEPLOY" "$ENV_DUMP" <<'EOF'
import glob, json, os, re, sys
import yaml

deploy, env_dump = sys.argv[1], sys.argv[2]
problems = []
def problem(f, msg):
    problems.append(f"{os.path.relpath(f, os.path.dirname(deploy))}: {msg}")

docs = {}
for f in sorted(glob.glob(os.path.join(deploy, "*.yaml")) + glob.glob(os.path.join(deploy, "k8s", "*.yaml"))):
    try:
        with open(f, encoding="utf-8") as fh:
            docs[f] = [d for d in yaml.safe_load_all(fh) if d is not None]
    except yaml.YAMLError as e:
        problem(f, f"not valid YAML: {e}")

node_envs = {}  # node name -> CITYWATCH_* environment it runs with

# --- compose.yaml ---------------------------------------------------------------------------------
compose_file = os.path.join(deploy, "compose.yaml")
ignored = set()
gi = os.path.join(deploy, ".gitignore")
if os.path.exists(gi):
    ignored = {l.strip() for l in open(gi, encoding="utf-8") if l.strip() and not l.startswith("#")}
if compose_file in docs:
    c = docs[compose_file][0]
    services = c.get("services") or {}
    if not services:
        problem(compose_file, "has no services")
    declared_volumes = set((c.get("volumes") or {}).keys())
    for want in ("kafka", "minio", "postgres", "mosquitto"):
        if want not in services:
            problem(compose_file, f"service '{want}' is missing")
    for name, s in services.items():
        if not isinstance(s, dict):
            problem(compose_file, f"service {name} is not a mapping"); continue
        if "image" not in s and "build" not in s:
            problem(compose_file, f"service {name} has neither image nor build")
        deps = s.get("depends_on") or {}
        for d in (deps.keys() if isinstance(deps, dict) else deps):
            if d not in services:
                problem(compose_file, f"service {name} depends on unknown service {d}")
        for v in s.get("volumes") or []:
            src = v.split(":")[0] if isinstance(v, str) else v.get("source", "")
            if src.startswith("${"):
                continue
            if src.startswith(".") or src.startswith("/"):
                path = os.path.normpath(os.path.join(deploy, src))
                if not os.path.exists(path) and os.path.basename(path) not in ignored:
                    problem(compose_file, f"service {name} mounts {src}, which does not exist")
            elif src not in declared_volumes:
                problem(compose_file, f"service {name} uses volume {src}, not declared under volumes")
        build = s.get("build")
        if isinstance(build, dict):
            df = os.path.join(deploy, build.get("context", "."), build.get("dockerfile", "Dockerfile"))
            if not os.path.exists(os.path.normpath(df)):
                problem(compose_file, f"service {name} builds from {df}, which does not exist")
        env = s.get("environment") or {}
        if isinstance(env, dict) and "CITYWATCH_ROLES" in env:
            node_envs["compose/" + name] = {k: str(v) for k, v in env.items() if k.startswith("CITYWATCH_")}
    if not node_envs:
        problem(compose_file, "no CityWatch node (a service with CITYWATCH_ROLES)")

# --- k8s/ -----------------------------------------------------------------------------------------
objects = [(f, d) for f, ds in docs.items() if os.sep + "k8s" + os.sep in f for d in ds]
by_kind = {}
for f, d in objects:
    if not isinstance(d, dict):
        problem(f, "a document is not a mapping"); continue
    for key in ("apiVersion", "kind", "metadata"):
        if key not in d:
            problem(f, f"a document has no {key}")
    meta = d.get("metadata") or {}
    if "name" not in meta:
        problem(f, f"a {d.get('kind')} has no metadata.name")
    if d.get("kind") != "Namespace" and meta.get("namespace") != "citywatch":
        problem(f, f"{d.get('kind')} {meta.get('name')} is not in namespace citywatch")
    by_kind.setdefault(d.get("kind"), {})[meta.get("name")] = (f, d)

def exists(kind, name):
    return name in by_kind.get(kind, {})

config_env = {}
for name, (f, d) in by_kind.get("ConfigMap", {}).items():
    if name == "citywatch-env":
        config_env = {k: str(v) for k, v in (d.get("data") or {}).items() if k.startswith("CITYWATCH_")}
    if name == "citywatch-config":
        data = (d.get("data") or {}).get("citywatch.yaml")
        with open(os.path.join(deploy, "citywatch.example.yaml"), encoding="utf-8") as fh:
            if data != fh.read():
                problem(f, "citywatch-config/citywatch.yaml differs from deploy/citywatch.example.yaml")
    if name == "mosquitto-config":
        with open(os.path.join(deploy, "mosquitto.conf"), encoding="utf-8") as fh:
            if (d.get("data") or {}).get("mosquitto.conf") != fh.read():
                problem(f, "mosquitto-config/mosquitto.conf differs from deploy/mosquitto.conf")

for kind in ("Deployment", "StatefulSet"):
    for name, (f, d) in by_kind.get(kind, {}).items():
        spec = d.get("spec") or {}
        sel = ((spec.get("selector") or {}).get("matchLabels")) or {}
        tmpl = spec.get("template") or {}
        labels = (tmpl.get("metadata") or {}).get("labels") or {}
        if not sel or any(labels.get(k) != v for k, v in sel.items()):
            problem(f, f"{kind} {name}: selector {sel} does not match template labels {labels}")
        if kind == "StatefulSet" and not exists("Service", spec.get("serviceName")):
            problem(f, f"StatefulSet {name}: serviceName {spec.get('serviceName')} is not a Service here")
        pod = tmpl.get("spec") or {}
        claims = {t["metadata"]["name"] for t in spec.get("volumeClaimTemplates") or []}
        vols = {v["name"]: v for v in pod.get("volumes") or []}
        for v in vols.values():
            if "configMap" in v and not exists("ConfigMap", v["configMap"]["name"]):
                problem(f, f"{kind} {name}: config map {v['configMap']['name']} is not defined")
            if "persistentVolumeClaim" in v and not exists("PersistentVolumeClaim", v["persistentVolumeClaim"]["claimName"]):
                problem(f, f"{kind} {name}: claim {v['persistentVolumeClaim']['claimName']} is not defined")
        for ctr in pod.get("containers") or []:
            if not ctr.get("image"):
                problem(f, f"{kind} {name}: container {ctr.get('name')} has no image")
            for m in ctr.get("volumeMounts") or []:
                if m["name"] not in vols and m["name"] not in claims:
                    problem(f, f"{kind} {name}: mounts {m['name']}, which is neither a volume nor a claim template")
            for e in ctr.get("envFrom") or []:
                ref = (e.get("configMapRef") or {}).get("name")
                if ref and not exists("ConfigMap", ref):
                    problem(f, f"{kind} {name}: envFrom config map {ref} is not defined")
            env = {}
            for e in ctr.get("env") or []:
                ref = ((e.get("valueFrom") or {}).get("secretKeyRef") or {})
                if ref:
                    secret = by_kind.get("Secret", {}).get(ref["name"])
                    if secret is None or ref["key"] not in (secret[1].get("stringData") or {}):
                        problem(f, f"{kind} {name}: secret key {ref['name']}/{ref['key']} is not in the example secrets")
                    env[e["name"]] = "secret-from-" + ref["key"]
                else:
                    env[e["name"]] = str(e.get("value", ""))
            if "CITYWATCH_ROLES" in env:
                node_envs["k8s/" + name] = {**config_env, **{k: v for k, v in env.items() if k.startswith("CITYWATCH_")}}

for kind in ("Service",):
    for name, (f, d) in by_kind.get(kind, {}).items():
        sel = (d.get("spec") or {}).get("selector") or {}
        matched = any(all(((w.get("spec") or {}).get("template", {}).get("metadata", {}).get("labels") or {}).get(k) == v
                          for k, v in sel.items())
                      for kk in ("Deployment", "StatefulSet") for _, w in by_kind.get(kk, {}).values())
        if not matched:
            problem(f, f"Service {name}: selector {sel} matches no Deployment or StatefulSet")

# --- mosquitto.conf -------------------------------------------------------------------------------
known = {"listener", "protocol", "allow_anonymous", "password_file", "persistence", "persistence_location",
         "autosave_interval", "max_queued_messages", "max_inflight_messages", "log_dest", "log_type",
         "connection_messages", "acl_file", "cafile", "certfile", "keyfile", "require_certificate",
         "max_connections", "per_listener_settings", "log_timestamp", "message_size_limit"}
mq = os.path.join(deploy, "mosquitto.conf")
for n, line in enumerate(open(mq, encoding="utf-8"), 1):
    line = line.strip()
    if line and not line.startswith("#") and line.split()[0] not in known:
        problem(mq, f"line {n}: unknown directive '{line.split()[0]}'")

with open(env_dump, "w", encoding="utf-8") as fh:
    json.dump(node_envs, fh)
for p in problems:
    print("deploy/" + p if not p.startswith("deploy/") else p, file=sys.stderr)
print(f"yaml: {len(docs)} files, {sum(len(v) for v in docs.values())} documents; nodes: {', '.join(sorted(node_envs))}")
sys.exit(1 if problems else 0)
EOF

# --- the example configuration, through CityWatch's own loader -----------------------------------------
LIB="$ROOT/api/target/lib"
if [ ! -d "$LIB" ]; then
  echo "skipping the configuration loader check: build first (mvn -B install -DskipTests) to get api/target/lib"
  exit 0
fi
JAVA=java
for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$cand" ] && [ -x "$cand/bin/java" ]; then JAVA="$cand/bin/java"; break; fi
done
CHECK_DIR="$(mktemp -d)"
trap 'rm -rf "$CHECK_DIR" "$ENV_DUMP"' EXIT
cat > "$CHECK_DIR/ConfigCheck.java" <<'EOF'
import city.citywatch.core.config.ConfigException;
import city.citywatch.core.config.ConfigLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;

public class ConfigCheck {
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Map<String, Map<String, String>> nodes = new ObjectMapper().readValue(Path.of(args[1]).toFile(), Map.class);
        int bad = 0;
        for (var node : nodes.entrySet()) {
            try {
                var config = ConfigLoader.load(Path.of(args[0]), node.getValue());
                System.out.println("config ok for " + node.getKey() + ": roles " + config.roles());
            } catch (ConfigException e) {
                bad++;
                System.err.println("deploy/citywatch.example.yaml as " + node.getKey() + " sees it: " + e.getMessage());
            }
        }
        System.exit(bad == 0 ? 0 : 1);
    }
}
EOF
"$JAVA" -cp "$ROOT/core/target/classes:$LIB/*" "$CHECK_DIR/ConfigCheck.java" "$DEPLOY/citywatch.example.yaml" "$ENV_DUMP"
