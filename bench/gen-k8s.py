#!/usr/bin/python3
"""Generate a corpus of Kubernetes manifests for the scan benchmark.

usage: gen-k8s.py OUTDIR [FILES]   (default 2500)

Deterministic (seeded): the same FILES gives the same bytes.  Most files hold
1-20 documents, the way application repositories and Helm output do; a few
hold ~500, like an operator's install.yaml with its CRDs and RBAC; some wrap
their objects in a `kind: List`.  Kinds are mixed: Deployments,
StatefulSets, DaemonSets, CronJobs, Jobs and Pods with 1-4 containers and
init containers, hardened and careless securityContexts, probes, resources
and volumes (hostPath among them); Services, Ingresses, ConfigMaps, Secrets,
NetworkPolicies, Roles, ClusterRoles, bindings and ServiceAccounts.  Both
sequence indentations kubectl and people write are used, with some flow
style, quoting, block scalars, comments and suppression pragmas, so the
parser sees what real repositories hold.

Only the standard library is used: the YAML is written by the small emitter
below rather than by PyYAML, whose output style would be uniform.
"""
import json
import os
import random
import re
import sys

# ---------------------------------------------------------------- emitter

PLAIN = re.compile(r"^[A-Za-z_./$][A-Za-z0-9_./:@$=,+()*-]*"
                   r"( [A-Za-z0-9_./:@$=,+()*-]+)*$")
RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null",
            "~", "True", "False", "Yes", "No", "On", "Off", "NULL", "Null"}


class Flow:
    """A list or mapping written in flow style: [a, b] or {k: v}."""

    def __init__(self, v):
        self.v = v


class Quoted(str):
    """A string always written quoted (ports and versions as strings)."""


class Block(str):
    """A multi-line string written as a literal block scalar."""


def scalar(v, r):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if not isinstance(v, Quoted) and s and s not in RESERVED \
            and PLAIN.match(s) and not s.endswith(":") \
            and not re.match(r"^[0-9.+-]", s):
        return s
    if r.random() < .3 and "'" not in s and "\\" not in s and "\n" not in s:
        return "'" + s + "'"
    return json.dumps(s)


def flow(v, r):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x, r)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x, r) for x in v) + "]"
    if isinstance(v, str) and "," in v:
        return json.dumps(v)
    return scalar(v, r)


class Emitter:
    def __init__(self, r, kubectl_style):
        self.r = r
        # kubectl writes "containers:\n- name" (sequence at the key's
        # indentation); many people indent it by two
        self.seq_extra = 0 if kubectl_style else 2
        self.out = []

    def inline(self, v):
        """The text after 'key:' when v fits on that line, else None."""
        if isinstance(v, Flow):
            return " " + flow(v.v, self.r)
        if isinstance(v, Block):
            return None
        if isinstance(v, dict):
            return " {}" if not v else None
        if isinstance(v, list):
            return " []" if not v else None
        return " " + scalar(v, self.r)

    def block(self, s, ind):
        self.out[-1] += " |" if s.endswith("\n") else " |-"
        for line in s.rstrip("\n").split("\n"):
            self.out.append(" " * ind + line if line else "")

    def mapping(self, d, ind, first_prefix=None):
        first = True
        for k, v in d.items():
            pre = first_prefix if first and first_prefix else " " * ind
            first = False
            text = self.inline(v)
            if text is not None:
                self.out.append(f"{pre}{k}:{text}")
            elif isinstance(v, Block):
                self.out.append(f"{pre}{k}:")
                self.block(v, ind + 2)
            elif isinstance(v, dict):
                self.out.append(f"{pre}{k}:")
                self.mapping(v, ind + 2)
            else:
                self.out.append(f"{pre}{k}:")
                self.seq(v, ind + self.seq_extra)

    def seq(self, items, ind):
        for v in items:
            pre = " " * ind + "- "
            if isinstance(v, dict) and v and not isinstance(v, Flow):
                self.mapping(v, ind + 2, first_prefix=pre)
            elif isinstance(v, list) and v:
                self.out.append(pre.rstrip())
                self.seq(v, ind + 2)
            elif isinstance(v, Block):
                self.out.append(pre.rstrip())
                self.block(v, ind + 2)
            else:
                self.out.append(pre + self.inline(v).lstrip())

    def document(self, d, comment=None):
        self.out.append("---")
        if comment:
            self.out.append("# " + comment)
        self.mapping(d, 0)

    def text(self):
        return "\n".join(self.out) + "\n"


# ---------------------------------------------------------------- content

APPS = ["api", "web", "worker", "billing", "auth", "search", "cart", "mailer",
        "gateway", "ledger", "report", "scheduler", "cache", "ingest",
        "notifier", "payments", "catalog", "frontend", "metrics", "audit"]
REGISTRIES = ["", "docker.io/library/", "ghcr.io/acme/", "quay.io/acme/",
              "registry.example.com/team/", "123456789012.dkr.ecr.eu-west-1."
              "amazonaws.com/", "gcr.io/acme-prod/"]
IMAGES = ["nginx", "redis", "postgres", "python", "node", "busybox", "alpine",
          "envoyproxy/envoy", "app", "api-server", "worker", "git-sync",
          "tiller", "kubernetes-dashboard", "fluent-bit", "prom/prometheus"]
NAMESPACES = [None, "default", "prod", "staging", "payments", "kube-system",
              "monitoring", "ingress-nginx", "team-a", "team-b"]
HOST_PATHS = ["/var/run/docker.sock", "/var/log", "/etc", "/",
              "/run/containerd/containerd.sock", "/var/lib/kubelet", "/proc",
              "/data/cache", "/dev", "/sys/fs/cgroup"]
CAPS = ["NET_ADMIN", "SYS_ADMIN", "NET_RAW", "SYS_PTRACE", "NET_BIND_SERVICE",
        "CHOWN", "SYS_MODULE", "ALL", "BPF", "SETUID"]
SECRET_ENV = ["DB_PASSWORD", "API_TOKEN", "AWS_SECRET_ACCESS_KEY",
              "CLIENT_SECRET", "BEARER"]
VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"]
RESOURCES = ["pods", "services", "configmaps", "secrets", "deployments",
             "pods/log", "pods/exec", "nodes", "nodes/proxy", "events",
             "leases", "serviceaccounts/token", "persistentvolumes",
             "certificatesigningrequests/approval",
             "validatingwebhookconfigurations", "jobs", "ingresses"]
API_GROUPS = ["", "apps", "batch", "networking.k8s.io", "coordination.k8s.io",
              "rbac.authorization.k8s.io", "admissionregistration.k8s.io",
              "certificates.k8s.io", "acme.example.com"]


def image(r):
    name = r.choice(REGISTRIES) + r.choice(IMAGES)
    k = r.random()
    if k < .15:
        return name
    if k < .3:
        return name + ":latest"
    if k < .45:
        return name + "@sha256:" + "%064x" % r.getrandbits(256)
    return name + ":" + r.choice(["1.25.3", "7.2", "16-alpine", "3.12-slim",
                                  "v2.4.1", "20.11.0", "stable"])


def labels(r, app, extra=0):
    d = {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": "shop"}
    if r.random() < .5:
        d["app.kubernetes.io/version"] = Quoted("1.%d.%d" % (r.randint(0, 9),
                                                             r.randint(0, 9)))
    for i in range(extra):
        d[f"team.example.com/tag{i}"] = r.choice(["blue", "green", "core"])
    return d


def metadata(r, name, app, ns=True):
    m = {"name": name}
    if ns:
        n = r.choice(NAMESPACES)
        if n:
            m["namespace"] = n
    m["labels"] = labels(r, app, r.randint(0, 2))
    if r.random() < .3:
        m["annotations"] = {
            "meta.helm.sh/release-name": app,
            "description": "The %s component, owned by team %s" % (
                app, r.choice(["core", "edge", "data"])),
        }
    return m


def probe(r, port):
    k = r.random()
    if k < .5:
        p = {"httpGet": {"path": r.choice(["/healthz", "/ready", "/live"]),
                         "port": port}}
        if r.random() < .03:
            p["httpGet"]["host"] = "10.0.0.1"
    elif k < .8:
        p = {"tcpSocket": {"port": port}}
    else:
        p = {"exec": {"command": Flow(["cat", "/tmp/healthy"])}}
    p["initialDelaySeconds"] = r.choice([0, 5, 10, 30])
    p["periodSeconds"] = r.choice([5, 10, 15])
    if r.random() < .5:
        p["failureThreshold"] = 3
    return p


def container_sc(r, hardened):
    if hardened:
        sc = {"allowPrivilegeEscalation": False,
              "readOnlyRootFilesystem": True,
              "runAsNonRoot": True,
              "capabilities": {"drop": Flow(["ALL"])}}
        if r.random() < .6:
            sc["runAsUser"] = r.choice([10001, 65532, 1000])
            sc["runAsGroup"] = r.choice([10001, 65532])
        if r.random() < .5:
            sc["seccompProfile"] = {"type": "RuntimeDefault"}
        if r.random() < .2:
            sc["capabilities"]["add"] = ["NET_BIND_SERVICE"]
        return sc
    sc = {}
    k = r.random()
    if k < .15:
        sc["privileged"] = True
    if r.random() < .3:
        sc["allowPrivilegeEscalation"] = True
    if r.random() < .3:
        sc["runAsUser"] = 0
    if r.random() < .3:
        sc["capabilities"] = {"add": r.sample(CAPS, r.randint(1, 3))}
    if r.random() < .05:
        sc["procMount"] = "Unmasked"
    if r.random() < .05:
        sc["seccompProfile"] = {"type": "Unconfined"}
    if r.random() < .05:
        sc["seLinuxOptions"] = {"type": "spc_t"}
    if r.random() < .03:
        sc["windowsOptions"] = {"hostProcess": True}
    return sc


def env(r):
    out = []
    for i in range(r.randint(0, 8)):
        k = r.random()
        if k < .45:
            out.append({"name": f"VAR_{i}", "value": r.choice(
                ["info", Quoted("8080"), "https://api.example.com/v1",
                 Quoted("true"), "eu-west-1"])})
        elif k < .6:
            out.append({"name": r.choice(SECRET_ENV),
                        "valueFrom": {"secretKeyRef": {
                            "name": "app-secrets", "key": "password"}}})
        elif k < .68:
            out.append({"name": r.choice(SECRET_ENV),
                        "value": "s3cr3t-%08x" % r.getrandbits(32)})
        elif k < .85:
            out.append({"name": f"CFG_{i}", "valueFrom": {"configMapKeyRef": {
                "name": "app-config", "key": f"key{i}"}}})
        else:
            out.append({"name": "POD_IP", "valueFrom": {"fieldRef": {
                "fieldPath": "status.podIP"}}})
    return out


def container(r, name, hardened, volumes, init=False):
    c = {"name": name, "image": image(r)}
    if r.random() < .5:
        c["imagePullPolicy"] = r.choice(["Always", "IfNotPresent", "Never"])
    if r.random() < .4:
        c["command"] = Flow(["/bin/sh", "-c"])
        c["args"] = [Block("set -e\nexec /app/server \\\n  --port=8080 "
                           "\\\n  --log-level=info\n")] \
            if r.random() < .3 else Flow(["exec /app/server --port 8080"])
    port = r.choice([8080, 80, 443, 22, 9090, 3000, 5432])
    if not init:
        ports = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
        if r.random() < .1:
            ports[0]["hostPort"] = port
        if r.random() < .3:
            ports.append({"name": "metrics", "containerPort": 9102})
        c["ports"] = ports
    e = env(r)
    if e:
        c["env"] = e
    if r.random() < .2:
        c["envFrom"] = [{"secretRef": {"name": "app-env"}},
                        {"configMapRef": {"name": "app-config"}}]
    if r.random() < .75:
        res = {"requests": {"cpu": r.choice(["100m", "250m", Quoted("1")]),
                            "memory": r.choice(["128Mi", "256Mi", "1Gi"])}}
        if r.random() < .7:
            res["limits"] = {"memory": r.choice(["256Mi", "512Mi", "2Gi"])}
            if r.random() < .6:
                res["limits"]["cpu"] = r.choice(["500m", Quoted("2")])
        c["resources"] = res
    if not init and r.random() < .7:
        c["livenessProbe"] = probe(r, port)
        if r.random() < .8:
            c["readinessProbe"] = probe(r, "http")
        if r.random() < .2:
            c["startupProbe"] = probe(r, port)
    mounts = []
    for v in volumes:
        if r.random() < .6:
            m = {"name": v["name"], "mountPath": "/mnt/" + v["name"]}
            if r.random() < .4:
                m["readOnly"] = True
            if r.random() < .03:
                m["mountPropagation"] = "Bidirectional"
            mounts.append(m)
    if mounts:
        c["volumeMounts"] = mounts
    if r.random() < .85:
        sc = container_sc(r, hardened)
        if sc or r.random() < .5:
            c["securityContext"] = sc
    if not init and r.random() < .15:
        c["lifecycle"] = {"preStop": {"exec": {
            "command": Flow(["sh", "-c", "sleep 5"])}}}
    return c


def volumes(r):
    out = []
    for i in range(r.randint(0, 5)):
        k = r.random()
        name = f"vol{i}"
        if k < .2:
            v = {"name": name, "configMap": {"name": "app-config"}}
        elif k < .35:
            v = {"name": name, "secret": {"secretName": "app-secrets",
                                          "defaultMode": 0o440}}
        elif k < .55:
            v = {"name": name, "emptyDir": {}}
            if r.random() < .3:
                v["emptyDir"] = {"medium": "Memory", "sizeLimit": "64Mi"}
        elif k < .7:
            v = {"name": name, "persistentVolumeClaim": {"claimName": "data"}}
        elif k < .8:
            v = {"name": name, "projected": {"sources": [
                {"serviceAccountToken": {"path": "token",
                                         "expirationSeconds": 3600}}]}}
        else:
            v = {"name": name, "hostPath": {"path": r.choice(HOST_PATHS)}}
            if r.random() < .5:
                v["hostPath"]["type"] = r.choice(["Directory", "Socket",
                                                  "DirectoryOrCreate"])
        out.append(v)
    return out


def pod_spec(r, app, restart=None):
    hardened = r.random() < .45
    vols = volumes(r)
    s = {}
    if r.random() < .7:
        s["serviceAccountName"] = r.choice([app, "default", app + "-sa"])
    if r.random() < .4:
        s["automountServiceAccountToken"] = r.random() < .7
    if not hardened:
        for f in ("hostNetwork", "hostPID", "hostIPC"):
            if r.random() < .06:
                s[f] = True
    if r.random() < .1:
        s["hostUsers"] = False
    if restart:
        s["restartPolicy"] = restart
    if hardened or r.random() < .3:
        psc = {"runAsNonRoot": True, "runAsUser": r.choice([10001, 1000]),
               "fsGroup": r.choice([10001, 2000])}
        if r.random() < .7:
            psc["seccompProfile"] = {"type": "RuntimeDefault"}
        if r.random() < .1:
            psc["sysctls"] = [{"name": r.choice(
                ["net.ipv4.ip_local_port_range", "kernel.msgmax",
                 "net.core.somaxconn"]), "value": Quoted("1024 65535")}]
        if r.random() < .1:
            psc["supplementalGroups"] = Flow([0, 1000])
        s["securityContext"] = psc
    if r.random() < .25:
        s["initContainers"] = [container(r, f"init-{i}", hardened, vols,
                                         init=True)
                               for i in range(r.randint(1, 2))]
    n = r.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
    s["containers"] = [container(r, app if i == 0 else f"sidecar-{i}",
                                 hardened, vols) for i in range(n)]
    if vols:
        s["volumes"] = vols
    if r.random() < .05:
        s["hostAliases"] = [{"ip": "10.1.2.3", "hostnames": ["db.local"]}]
    if r.random() < .3:
        s["nodeSelector"] = {"kubernetes.io/os": "linux"}
    if r.random() < .3:
        s["tolerations"] = [{"key": "dedicated", "operator": "Equal",
                             "value": app, "effect": "NoSchedule"}]
    if r.random() < .2:
        s["affinity"] = {"podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 100, "podAffinityTerm": {
                    "topologyKey": "kubernetes.io/hostname",
                    "labelSelector": {"matchLabels": {
                        "app.kubernetes.io/name": app}}}}]}}
    return s


def template(r, app, restart=None):
    md = {"labels": labels(r, app)}
    if r.random() < .1:
        md["annotations"] = {
            "seccomp.security.alpha.kubernetes.io/pod": r.choice(
                ["runtime/default", "unconfined"]),
            "container.apparmor.security.beta.kubernetes.io/" + app:
                r.choice(["runtime/default", "unconfined"])}
    return {"metadata": md, "spec": pod_spec(r, app, restart)}


def workload(r, kind, app):
    name = app + "-" + kind.lower()
    obj = {"apiVersion": "apps/v1", "kind": kind,
           "metadata": metadata(r, name, app)}
    sel = {"matchLabels": {"app.kubernetes.io/name": app}}
    if kind == "Deployment":
        obj["spec"] = {"replicas": r.randint(1, 5), "selector": sel,
                       "strategy": {"type": "RollingUpdate"},
                       "template": template(r, app)}
    elif kind == "StatefulSet":
        obj["spec"] = {"serviceName": app, "replicas": 3, "selector": sel,
                       "template": template(r, app),
                       "volumeClaimTemplates": [{
                           "metadata": {"name": "data"},
                           "spec": {"accessModes": Flow(["ReadWriteOnce"]),
                                    "resources": {"requests": {
                                        "storage": "10Gi"}}}}]}
    elif kind == "DaemonSet":
        obj["spec"] = {"selector": sel, "template": template(r, app)}
    elif kind == "Job":
        obj["apiVersion"] = "batch/v1"
        obj["spec"] = {"backoffLimit": 3,
                       "template": template(r, app, "OnFailure")}
    elif kind == "CronJob":
        obj["apiVersion"] = r.choice(["batch/v1", "batch/v1beta1"])
        obj["spec"] = {"schedule": Quoted("*/15 * * * *"),
                       "concurrencyPolicy": "Forbid",
                       "jobTemplate": {"spec": {
                           "template": template(r, app, "Never")}}}
    else:
        obj["apiVersion"] = "v1"
        obj["spec"] = pod_spec(r, app)
    return obj


def service(r, app):
    t = r.choices(["ClusterIP", "NodePort", "LoadBalancer", None],
                  weights=[50, 15, 10, 25])[0]
    spec = {}
    if t:
        spec["type"] = t
    spec["selector"] = {"app.kubernetes.io/name": app}
    ports = [{"name": "http", "port": 80, "targetPort": "http"}]
    if t == "NodePort":
        ports[0]["nodePort"] = r.randint(30000, 32767)
    spec["ports"] = ports
    if r.random() < .05:
        spec["externalIPs"] = ["203.0.113.%d" % r.randint(1, 254)]
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": metadata(r, app, app), "spec": spec}


def ingress(r, app):
    md = metadata(r, app, app)
    if r.random() < .15:
        md.setdefault("annotations", {})[
            "nginx.ingress.kubernetes.io/configuration-snippet"] = Block(
                "more_set_headers \"X-Frame-Options: DENY\";\n")
    spec = {"ingressClassName": "nginx", "rules": [{
        "host": f"{app}.example.com", "http": {"paths": [{
            "path": "/", "pathType": "Prefix", "backend": {"service": {
                "name": app, "port": {"number": 80}}}}]}}]}
    if r.random() < .6:
        spec["tls"] = [{"hosts": [f"{app}.example.com"],
                        "secretName": f"{app}-tls"}]
    api = "networking.k8s.io/v1" if r.random() < .9 \
        else "extensions/v1beta1"
    return {"apiVersion": api, "kind": "Ingress", "metadata": md,
            "spec": spec}


def configmap(r, app):
    data = {"LOG_LEVEL": "info", "FEATURE_FLAGS": "a,b,c"}
    if r.random() < .2:
        data["db_password"] = "hunter2-%04d" % r.randint(0, 9999)
    if r.random() < .6:
        lines = ["server:", "  port: 8080", "  workers: %d" % r.randint(1, 16)]
        for i in range(r.randint(2, 30)):
            lines.append(f"  option{i}: value-{i}")
        data["config.yaml"] = Block("\n".join(lines) + "\n")
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": metadata(r, app + "-config", app), "data": data}


def secret(r, app):
    obj = {"apiVersion": "v1", "kind": "Secret",
           "metadata": metadata(r, app + "-secrets", app), "type": "Opaque",
           "data": {"password": "c2VjcmV0LXZhbHVlLTEyMzQ=",
                    "username": "YWRtaW4="}}
    if r.random() < .3:
        obj["stringData"] = {"token": "t-%016x" % r.getrandbits(64)}
    return obj


def netpol(r, app):
    spec = {"podSelector": {} if r.random() < .2 else {
        "matchLabels": {"app.kubernetes.io/name": app}},
        "policyTypes": Flow(["Ingress", "Egress"]),
        "ingress": [{"from": [{"podSelector": {"matchLabels": {
            "app.kubernetes.io/name": "gateway"}}}],
            "ports": [{"protocol": "TCP", "port": 8080}]}],
        "egress": [{"to": [{"namespaceSelector": {"matchExpressions": [{
            "key": "kubernetes.io/metadata.name", "operator": "In",
            "values": ["kube-system"]}]}}],
            "ports": [{"protocol": "UDP", "port": 53}]}]}
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": metadata(r, app + "-netpol", app), "spec": spec}


def rbac_rules(r):
    out = []
    for _ in range(r.randint(1, 6)):
        if r.random() < .08:
            out.append({"apiGroups": Flow(["*"]), "resources": Flow(["*"]),
                        "verbs": Flow(["*"])})
            continue
        rule = {"apiGroups": Flow(r.sample(API_GROUPS, r.randint(1, 2))),
                "resources": r.sample(RESOURCES, r.randint(1, 4)),
                "verbs": Flow(r.sample(VERBS, r.randint(1, 5)))}
        if r.random() < .05:
            rule["verbs"] = Flow(["bind", "escalate", "impersonate"])
        if r.random() < .1:
            rule["resourceNames"] = ["leader-lock"]
        out.append(rule)
    return out


def role(r, app, cluster):
    kind = "ClusterRole" if cluster else "Role"
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
            "metadata": metadata(r, app + "-role", app, ns=not cluster),
            "rules": rbac_rules(r)}


def binding(r, app, cluster):
    kind = "ClusterRoleBinding" if cluster else "RoleBinding"
    ref = "cluster-admin" if r.random() < .1 else app + "-role"
    subj = [{"kind": "ServiceAccount",
             "name": r.choice([app, "default"]), "namespace": "prod"}]
    if r.random() < .04:
        subj.append({"kind": "Group", "name": "system:authenticated",
                     "apiGroup": "rbac.authorization.k8s.io"})
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
            "metadata": metadata(r, app + "-binding", app, ns=not cluster),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io",
                        "kind": "ClusterRole" if cluster or ref ==
                        "cluster-admin" else "Role", "name": ref},
            "subjects": subj}


def service_account(r, app):
    obj = {"apiVersion": "v1", "kind": "ServiceAccount",
           "metadata": metadata(r, app, app)}
    if r.random() < .5:
        obj["automountServiceAccountToken"] = False
    return obj


def crd(r, i):
    """A CustomResourceDefinition: large and schema-heavy, as in operator
    bundles; customs keeps it as an object of another kind."""
    props = {}
    for j in range(r.randint(10, 40)):
        props[f"field{j}"] = {"type": r.choice(["string", "integer",
                                                 "boolean"]),
                              "description": "Field %d of the widget %d "
                              "specification." % (j, i)}
    return {"apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": f"widget{i}s.acme.example.com"},
            "spec": {"group": "acme.example.com", "scope": "Namespaced",
                     "names": {"kind": f"Widget{i}", "plural": f"widget{i}s"},
                     "versions": [{"name": "v1", "served": True,
                                   "storage": True, "schema": {
                                       "openAPIV3Schema": {
                                           "type": "object", "properties": {
                                               "spec": {"type": "object",
                                                        "properties": props}
                                           }}}}]}}


WORKLOADS = ["Deployment", "Deployment", "Deployment", "StatefulSet",
             "DaemonSet", "Job", "CronJob", "Pod"]


def app_docs(r, app, n):
    """n objects an application's directory would hold."""
    docs = []
    while len(docs) < n:
        k = r.random()
        if k < .38:
            docs.append(workload(r, r.choice(WORKLOADS), app))
        elif k < .50:
            docs.append(service(r, app))
        elif k < .56:
            docs.append(ingress(r, app))
        elif k < .65:
            docs.append(configmap(r, app))
        elif k < .70:
            docs.append(secret(r, app))
        elif k < .77:
            docs.append(netpol(r, app))
        elif k < .84:
            docs.append(role(r, app, r.random() < .5))
        elif k < .91:
            docs.append(binding(r, app, r.random() < .5))
        else:
            docs.append(service_account(r, app))
    return docs


PRAGMAS = ["customs:ignore=RT-ROOT legacy image runs as root",
           "customs:ignore=K8S-NS-DEFAULT namespace set by kustomize",
           "managed by the platform team", "generated, do not edit"]


def write_file(r, path, docs, as_list):
    em = Emitter(r, kubectl_style=r.random() < .5)
    if r.random() < .3:
        em.out.append("# Source: shop/templates/%s" % os.path.basename(path))
    if as_list:
        em.document({"apiVersion": "v1", "kind": "List", "items": docs})
    else:
        for i, d in enumerate(docs):
            c = r.choice(PRAGMAS) if r.random() < .1 else None
            if i == 0 and r.random() < .5 and not em.out:
                em.mapping(d, 0)     # first document without ---
                continue
            em.document(d, c)
    with open(path, "w") as f:
        f.write(em.text())
    return 1 if as_list else len(docs)


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(f"usage: {sys.argv[0]} OUTDIR [FILES]  (default 2500)")
    outdir = sys.argv[1]
    nfiles = int(sys.argv[2]) if len(sys.argv) > 2 else 2500
    r = random.Random(4321)
    ndocs = 0
    for i in range(nfiles):
        app = r.choice(APPS) + str(i % 97)
        d = os.path.join(outdir, f"team{i // 100:02d}", f"{app}-{i}")
        os.makedirs(d, exist_ok=True)
        n = r.randint(1, 20)
        as_list = r.random() < .04
        name = r.choice(["manifests.yaml", "deploy.yaml", "k8s.yml",
                         "all.yaml", f"{app}.yaml"])
        ndocs += write_file(r, os.path.join(d, name), app_docs(r, app, n),
                            as_list)
    # operator bundles: CRDs, RBAC and controllers in one install.yaml
    for j in range(max(1, nfiles // 400)):
        docs = [crd(r, k) for k in range(40)]
        app = f"operator{j}"
        docs += app_docs(r, app, 460)
        d = os.path.join(outdir, "operators", app)
        os.makedirs(d, exist_ok=True)
        ndocs += write_file(r, os.path.join(d, "install.yaml"), docs, False)
    print(f"{nfiles + max(1, nfiles // 400)} files, {ndocs} documents")


if __name__ == "__main__":
    main()
