#!/usr/bin/env python3
"""A stand-in for NVIDIA's dcgm-exporter on the simulated cluster (the real one needs a GPU and its driver).

It lists the running pods of the simulated GPU nodes from the API server and serves, on /metrics, the series
dcgm-exporter serves for the GPUs (or MIG instances, or time-sliced shares) those pods hold, with its metric names
and labels. Utilisation and memory come from annotations on the pod, so tests choose "busy" or "idle":

  gpu-portal.dev/simulated-gpu-util     GPU utilisation in percent (0-100), default 0
  gpu-portal.dev/simulated-gpu-memory   framebuffer in use, e.g. "7GB", "7.1GB", "512MiB", default 0
  gpu-portal.dev/simulated-gpu-unreported  "true": no series for the pod's devices at all, as when dcgm-exporter
                                        cannot map a pod's devices (tests show that allocation does not need DCGM)

Without annotations a GPU looks like one that was handed out and never used.

Python 3 standard library only. Usage: dcgm_standin.py CLUSTER_DIR PORT   (CLUSTER_DIR: up.sh's folder)
"""
import hashlib
import http.server
import json
import re
import ssl
import sys
import threading
import time
import urllib.request

UTIL_ANNOTATION = "gpu-portal.dev/simulated-gpu-util"
MEMORY_ANNOTATION = "gpu-portal.dev/simulated-gpu-memory"
UNREPORTED_ANNOTATION = "gpu-portal.dev/simulated-gpu-unreported"
# Device memory in MiB as dcgm-exporter reports it (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE).
WHOLE_GPU_MIB = {"NVIDIA-H100-80GB-HBM3": 81559, "NVIDIA-A100-SXM4-80GB": 81920, "NVIDIA-L4": 23034}
MIG_RESOURCE = re.compile(r"^nvidia\.com/mig-(\d+)g\.(\d+)gb$")
SIZES = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


class Cluster:
    def __init__(self, folder):
        env = dict(line.strip().split("=", 1) for line in open(f"{folder}/cluster.env") if "=" in line)
        self.api = env["API_SERVER"]
        self.context = ssl.create_default_context(cafile=f"{folder}/pki/ca.crt")
        self.context.load_cert_chain(f"{folder}/pki/admin.crt", f"{folder}/pki/admin.key")

    def get(self, path):
        with urllib.request.urlopen(self.api + path, context=self.context, timeout=5) as response:
            return json.load(response)


def memory_mib(text, device_mib):
    m = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", text or "")
    if not m or m.group(2).lower() not in SIZES:
        return 0
    return min(device_mib, float(m.group(1)) * SIZES[m.group(2).lower()] / 1024**2)


def uuid(node, index):
    digest = hashlib.sha1(f"{node}/{index}".encode()).hexdigest()
    return f"GPU-{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def devices(nodes, pods):
    """One entry per device a container holds: (labels, device MiB, pod annotations). GPUs are numbered per node in
    the order of the pods' names, so the numbers stay stable while the pods do."""
    products = {n["metadata"]["name"]: n["metadata"].get("labels", {}).get("nvidia.com/gpu.product") for n in nodes}
    next_gpu, next_instance = {}, {}
    for pod in sorted(pods, key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"])):
        node = pod["spec"].get("nodeName")
        product = products.get(node)
        if not product or (pod["metadata"].get("annotations") or {}).get(UNREPORTED_ANNOTATION) == "true":
            continue
        whole_mib = WHOLE_GPU_MIB.get(product, 81920)
        for container in pod["spec"]["containers"]:
            limits = container.get("resources", {}).get("limits", {})
            for resource, count in limits.items():
                held = []
                mig = MIG_RESOURCE.match(resource)
                if resource == "nvidia.com/gpu":
                    held = [({}, whole_mib) for _ in range(int(count))]
                elif resource == "nvidia.com/gpu.shared":
                    # Time-slicing isolates no memory: each share sees (and competes for) the whole GPU's memory.
                    held = [({}, whole_mib) for _ in range(int(count))]
                elif mig:
                    profile = f"{mig.group(1)}g.{mig.group(2)}gb"
                    held = [({"GPU_I_PROFILE": profile}, int(mig.group(2)) * 1024 - 256) for _ in range(int(count))]
                for extra, mib in held:
                    if "GPU_I_PROFILE" in extra:
                        instance = next_instance.get(node, 0)
                        next_instance[node] = instance + 1
                        gpu = instance // 7
                        extra = dict(extra, GPU_I_ID=str(instance % 7))
                    else:
                        gpu = next_gpu.get(node, 0)
                        next_gpu[node] = gpu + 1
                    labels = {
                        "gpu": str(gpu),
                        "UUID": uuid(node, gpu),
                        "device": f"nvidia{gpu}",
                        "modelName": product.replace("-", " "),
                        "Hostname": node,
                        **extra,
                        "container": container["name"],
                        "namespace": pod["metadata"]["namespace"],
                        "pod": pod["metadata"]["name"],
                    }
                    yield labels, mib, pod["metadata"].get("annotations", {}) or {}


def render(cluster):
    nodes = cluster.get("/api/v1/nodes")["items"]
    pods = cluster.get("/api/v1/pods?fieldSelector=status.phase%3DRunning")["items"]
    lines = {name: [] for name in ("DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE",
                                   "DCGM_FI_PROF_GR_ENGINE_ACTIVE")}
    for labels, mib, annotations in devices(nodes, pods):
        try:
            util = max(0.0, min(100.0, float(annotations.get(UTIL_ANNOTATION, "0"))))
        except ValueError:
            util = 0.0
        used = round(memory_mib(annotations.get(MEMORY_ANNOTATION), mib))
        text = ",".join(f'{k}="{v}"' for k, v in labels.items())
        if "GPU_I_PROFILE" not in labels:  # as with DCGM: no per-instance GPU_UTIL on MIG, only the profiling fields
            lines["DCGM_FI_DEV_GPU_UTIL"].append(f"DCGM_FI_DEV_GPU_UTIL{{{text}}} {util:g}")
        lines["DCGM_FI_DEV_FB_USED"].append(f"DCGM_FI_DEV_FB_USED{{{text}}} {used}")
        lines["DCGM_FI_DEV_FB_FREE"].append(f"DCGM_FI_DEV_FB_FREE{{{text}}} {max(0, round(mib) - used)}")
        lines["DCGM_FI_PROF_GR_ENGINE_ACTIVE"].append(f"DCGM_FI_PROF_GR_ENGINE_ACTIVE{{{text}}} {util / 100:g}")
    helps = {
        "DCGM_FI_DEV_GPU_UTIL": ("gauge", "GPU utilization (in %)."),
        "DCGM_FI_DEV_FB_USED": ("gauge", "Framebuffer memory used (in MiB)."),
        "DCGM_FI_DEV_FB_FREE": ("gauge", "Framebuffer memory free (in MiB)."),
        "DCGM_FI_PROF_GR_ENGINE_ACTIVE": ("gauge", "Ratio of time the graphics engine is active."),
    }
    out = []
    for name, series in lines.items():
        out += [f"# HELP {name} {helps[name][1]}", f"# TYPE {name} {helps[name][0]}", *series]
    return "\n".join(out) + "\n"


def main():
    cluster, port = Cluster(sys.argv[1]), int(sys.argv[2])
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] not in ("/metrics", "/health"):
                self.send_error(404)
                return
            try:
                with lock:
                    body = (render(cluster) if self.path.startswith("/metrics") else "ok\n").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except Exception as e:  # the API server may be going away: answer, do not die
                self.send_error(503, str(e)[:200])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"dcgm stand-in serving http://127.0.0.1:{port}/metrics for {cluster.api}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
