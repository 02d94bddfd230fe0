#!/usr/bin/env bash
# Makes a Java 25 base image for the portal's container image when no container registry is reachable: a runtime
# cut from the local JDK with jlink, the C libraries it links against, a non-root user (10001) and /tmp. The result is
# a `docker save` tarball that Jib takes as its base: ./mvnw -Pimage package -Dimage.base=tar://<printed path>.
# Cache: ${GPU_PORTAL_IMAGE_CACHE:-~/.cache/gpu-portal/image}/java25-base.tar (made again with --force).
set -euo pipefail
JDK="${JAVA_HOME_25:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
CACHE="${GPU_PORTAL_IMAGE_CACHE:-$HOME/.cache/gpu-portal/image}"
OUT="$CACHE/java25-base.tar"
if [ -s "$OUT" ] && [ "${1:-}" != "--force" ]; then echo "tar://$OUT"; exit 0; fi
if ! "$JDK/bin/java" -version 2>&1 | grep -q '"25'; then
  echo "base-image.sh: no JDK 25 at $JDK (set JAVA_HOME_25)" >&2; exit 1
fi
command -v ldd >/dev/null || { echo "base-image.sh: needs ldd (glibc)" >&2; exit 1; }

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"; mkdir -p "$ROOT"
# The modules a Spring Boot, Vaadin and fabric8 application uses, plus jcmd for diagnostics in a running pod.
"$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.crypto.cryptoki,jdk.zipfs,jdk.naming.dns,jdk.net,jdk.charsets,jdk.localedata,jdk.httpserver,jdk.jfr,jdk.jcmd \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output "$ROOT/opt/java/openjdk"

# Shared libraries of the runtime, laid out as on a merged-/usr Debian (lib -> usr/lib).
LIBDIR="$ROOT/usr/lib/x86_64-linux-gnu"; mkdir -p "$LIBDIR" "$ROOT/usr/lib64"
# The desktop's native parts (X11, sound, splash) are left out: the portal runs headless.
find "$ROOT/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  ! -name 'libawt_xawt.so' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' -print0 |
  xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /ld-linux/ {print $1}' |
  grep -v "^$ROOT/" | sort -u |
  while read -r lib; do cp -L "$lib" "$LIBDIR/$(basename "$lib")"; done
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$ROOT/usr/lib64/ld-linux-x86-64.so.2"
ln -s usr/lib "$ROOT/lib"; ln -s usr/lib64 "$ROOT/lib64"
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/home/portal" "$ROOT/usr/bin"
printf 'root:x:0:0:root:/root:/sbin/nologin\nportal:x:10001:10001:GPU Portal:/home/portal:/sbin/nologin\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nportal:x:10001:\n' >"$ROOT/etc/group"
printf 'hosts: files dns\n' >"$ROOT/etc/nsswitch.conf"
ln -s ../../opt/java/openjdk/bin/java "$ROOT/usr/bin/java"

python3 - "$ROOT" "$OUT" <<'PY'
import hashlib, io, json, os, sys, tarfile
root, out = sys.argv[1], sys.argv[2]

def entry(path):  # deterministic: owner root (the user's home and /tmp excepted), no timestamps
    rel = os.path.relpath(path, root)
    info = tarfile.TarInfo(rel)
    st = os.lstat(path)
    info.mtime = 0
    info.mode = st.st_mode & 0o7777
    if os.path.islink(path):
        info.type, info.linkname = tarfile.SYMTYPE, os.readlink(path)
    elif os.path.isdir(path):
        info.type = tarfile.DIRTYPE
    else:
        info.size = st.st_size
    if rel == 'tmp':
        info.mode = 0o1777
    if rel == 'home/portal':
        info.uid = info.gid = 10001
    return info

layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode='w', format=tarfile.PAX_FORMAT) as tar:
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in dirnames + sorted(filenames):
            paths.append(os.path.join(dirpath, name))
    for path in sorted(paths):
        info = entry(path)
        if info.isfile():
            with open(path, 'rb') as f:
                tar.addfile(info, f)
        else:
            tar.addfile(info)
blob = layer.getvalue()
diff_id = 'sha256:' + hashlib.sha256(blob).hexdigest()
config = {
    'architecture': 'amd64', 'os': 'linux',
    'config': {'Env': ['PATH=/opt/java/openjdk/bin:/usr/bin', 'JAVA_HOME=/opt/java/openjdk', 'LANG=C.UTF-8'],
               'User': '10001:10001', 'WorkingDir': '/'},
    'rootfs': {'type': 'layers', 'diff_ids': [diff_id]},
}
config_bytes = json.dumps(config, sort_keys=True).encode()
manifest = [{'Config': 'config.json', 'RepoTags': ['gpu-portal-java25-base:local'], 'Layers': ['layer.tar']}]
os.makedirs(os.path.dirname(out), exist_ok=True)
with tarfile.open(out + '.part', mode='w') as tar:
    for name, data in (('config.json', config_bytes), ('layer.tar', blob),
                       ('manifest.json', json.dumps(manifest).encode())):
        info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
os.replace(out + '.part', out)
PY
echo "base-image.sh: $(du -h "$OUT" | cut -f1) base image with $("$ROOT/opt/java/openjdk/bin/java" -version 2>&1 | head -1)" >&2
echo "tar://$OUT"
