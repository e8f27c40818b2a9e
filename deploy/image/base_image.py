#!/usr/bin/env python3
"""Builds Atelier's container base image as a `docker save` tarball, offline, for Jib's `tar://` base.

The image has one layer: a Java runtime made by `jlink` from the build machine's JDK (only the modules the
application needs), the shared libraries that runtime and the bundled native code (ONNX Runtime, SQLite) load,
taken file by file from the build machine's installed Debian packages (`dpkg -L`: libc6, libgcc-s1, libstdc++6,
with their copyright files and a dpkg status entry each, so that image scanners see the packages), a non-root user
(10001, `atelier`) and its data folder, and a world-writable sticky /tmp. No registry is contacted.

The layer is reproducible: entries are sorted, owned by root unless stated, and dated 1970-01-01, so the same
JDK, packages and module list give the same digest. A stamp next to the output skips the work when nothing changed.

Usage: base_image.py --jdk DIR --modules m1,m2 --out FILE.tar
"""
import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGES = ["libc6", "libgcc-s1", "libstdc++6"]
# Package files the application never uses: documentation (the copyright files are kept), translations,
# iconv's converters (Java does its own charset conversion), debugger scripts, lintian overrides.
SKIPPED = ("/usr/share/doc/", "/usr/share/locale/", "/usr/share/lintian/", "/usr/share/gcc/", "/usr/share/gdb/",
           "/usr/lib/x86_64-linux-gnu/gconv/")
USER_ID = 10001
HOME = "/var/lib/atelier"
ETC = {
    "etc/passwd": f"root:x:0:0:root:/root:/usr/sbin/nologin\natelier:x:{USER_ID}:{USER_ID}:atelier:{HOME}:/usr/sbin/nologin\n",
    "etc/group": f"root:x:0:\natelier:x:{USER_ID}:\n",
    "etc/nsswitch.conf": "passwd: files\ngroup: files\nhosts: files dns\n",
}


def package_files(package):
    """The regular files and symbolic links a Debian package installed, minus SKIPPED (copyright kept)."""
    listed = subprocess.run(["dpkg-query", "-L", package], check=True, capture_output=True, text=True).stdout
    keep = []
    for path in listed.splitlines():
        if not path.startswith("/") or os.path.isdir(path):  # directories (merged-/usr links to them too)
            continue
        if path.startswith(SKIPPED) and not path.endswith("/copyright"):
            continue
        if os.path.lexists(path):
            keep.append(path)
    return keep


def package_status(package):
    """The package's dpkg status paragraph (name, version, architecture...), for /var/lib/dpkg/status.d."""
    return subprocess.run(["dpkg-query", "-s", package], check=True, capture_output=True, text=True).stdout


def jlink(jdk, modules, out):
    subprocess.run([os.path.join(jdk, "bin", "jlink"), "--add-modules", modules, "--strip-debug", "--no-man-pages",
                    "--no-header-files", "--compress=zip-6", "--output", out], check=True)


def entry(name, kind=tarfile.DIRTYPE, mode=0o755, owner=0, data=b"", link=""):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid, info.mtime = kind, mode, owner, owner, 0
    info.uname = info.gname = "atelier" if owner else "root"
    info.linkname, info.size = link, len(data) if kind == tarfile.REGTYPE else 0
    return info, data


def layer_entries(runtime, files, statuses):
    """Every entry of the layer as (TarInfo, bytes), parents before children, sorted."""
    out = {}

    def add_dirs(path):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            out.setdefault(d, entry(d))

    def add_host_file(name, host):
        add_dirs(name)
        st = os.lstat(host)
        if os.path.islink(host):
            out[name] = entry(name, tarfile.SYMTYPE, 0o777, link=os.readlink(host))
        else:
            with open(host, "rb") as f:
                out[name] = entry(name, tarfile.REGTYPE, st.st_mode & 0o777, data=f.read())

    for root, dirs, names in os.walk(runtime):
        rel = os.path.relpath(root, runtime)
        base = "opt/java" if rel == "." else f"opt/java/{rel}"
        out.setdefault(base, entry(base))
        add_dirs(base + "/x")
        for n in names:
            add_host_file(f"{base}/{n}", os.path.join(root, n))
    for path in files:
        add_host_file(path.lstrip("/"), path)
    for package, text in statuses.items():
        name = f"var/lib/dpkg/status.d/{package}"
        add_dirs(name)
        out[name] = entry(name, tarfile.REGTYPE, 0o644, data=text.encode())
    for name, text in ETC.items():
        add_dirs(name)
        out[name] = entry(name, tarfile.REGTYPE, 0o644, data=text.encode())
    out["tmp"] = entry("tmp", mode=0o1777)
    add_dirs(HOME.lstrip("/") + "/x")
    out[HOME.lstrip("/")] = entry(HOME.lstrip("/"), mode=0o750, owner=USER_ID)
    return [out[k] for k in sorted(out)]


def write_image(entries, out, tag):
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    config = {
        "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
        "config": {"Env": ["PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME=/opt/java"],
                   "User": f"{USER_ID}:{USER_ID}", "WorkingDir": HOME},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z",
                     "created_by": "deploy/image/base_image.py: jlink runtime + Debian " + " ".join(PACKAGES)}],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": ["layer.tar"]}]
    tmp = out + ".tmp"
    with tarfile.open(tmp, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in (("layer.tar", layer_bytes), (config_name, config_bytes),
                           ("manifest.json", json.dumps(manifest).encode())):
            info, _ = entry(name, tarfile.REGTYPE, 0o644, data=data)
            tar.addfile(info, io.BytesIO(data))
    os.replace(tmp, out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jdk", required=True)
    p.add_argument("--modules", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--tag", default="atelier-base:local")
    a = p.parse_args()
    if not os.path.isfile(os.path.join(a.jdk, "bin", "jlink")):
        sys.exit(f"base_image.py: --jdk {a.jdk} has no bin/jlink; give a JDK 25 (not a JRE)")
    try:
        statuses = {pkg: package_status(pkg) for pkg in PACKAGES}
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"base_image.py: the image's C libraries are copied from this machine's Debian packages "
                 f"{', '.join(PACKAGES)}, which dpkg-query could not list ({e}); build on Debian 12, "
                 f"or skip the image with -Djib.skip")
    with open(os.path.join(a.jdk, "release"), encoding="utf-8") as f:
        jdk_release = f.read()
    with open(__file__, "rb") as f:
        script = f.read()
    stamp = hashlib.sha256(json.dumps([a.modules, a.tag, jdk_release, statuses]).encode() + script).hexdigest()
    stamp_file = a.out + ".stamp"
    if os.path.isfile(a.out) and os.path.isfile(stamp_file) and open(stamp_file).read() == stamp:
        print(f"base_image.py: {a.out} is up to date")
        return
    files = [f for pkg in PACKAGES for f in package_files(pkg)]
    with tempfile.TemporaryDirectory() as work:
        runtime = os.path.join(work, "java")
        jlink(a.jdk, a.modules, runtime)
        write_image(layer_entries(runtime, files, statuses), a.out, a.tag)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    print(f"base_image.py: wrote {a.out} ({os.path.getsize(a.out) // (1 << 20)} MiB)")


if __name__ == "__main__":
    main()
