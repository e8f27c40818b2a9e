"""Which BLAS the PyTorch baseline really runs on, how fast it multiplies, and whether to refuse it.

Debian's PyTorch is built with BLAS_INFO=generic: it calls whatever `libblas.so.3` Debian's alternatives point
at, which is the reference (netlib) BLAS until an optimised one is installed. The loaded library is read from
/proc/self/maps after torch has run a matmul, so the report names the file that did the work, not the one a
build flag promises.
"""
import os
import re
import time

KINDS = ("openblas", "mkl", "blis", "reference", "unknown")
# Debian's reference BLAS: /usr/lib/<triplet>/blas/libblas.so.3 (package libblas3); OpenBLAS, BLIS and ATLAS
# install theirs under openblas-*/, blis-*/ and atlas/ beside it.
_BLAS_FILE = re.compile(r"^lib(blas|cblas|openblas|mkl|blis)", re.IGNORECASE)
# fp32 matmul on this project's 2-core VMs: 2.9 GFLOP/s with the reference BLAS, ~200 with OpenBLAS.
REFERENCE_GFLOPS, OPENBLAS_GFLOPS = 2.9, 200


def classify(path):
    """The kind (one of KINDS) of a BLAS library file, from its real path."""
    full, name = path.lower(), os.path.basename(path).lower()
    if name.startswith("libmkl") or "/mkl/" in full:
        return "mkl"
    if "openblas" in full:
        return "openblas"
    if "blis" in full:
        return "blis"
    if "/blas/" in full or "netlib" in full or "refblas" in full:
        return "reference"
    return "unknown"


def mapped(maps_text, realpath=os.path.realpath):
    """Real paths of the BLAS libraries in a /proc/<pid>/maps text, once each, in map order."""
    seen = []
    for line in maps_text.splitlines():
        parts = line.split(maxsplit=5)  # address perms offset dev inode [path]
        if len(parts) < 6 or not parts[5].startswith("/"):
            continue
        path = parts[5].removesuffix(" (deleted)")
        if _BLAS_FILE.match(os.path.basename(path)):
            real = realpath(path)
            if real not in seen:
                seen.append(real)
    return seen


def build_blas(torch_config):
    """BLAS_INFO from torch.__config__.show() ('generic', 'mkl', 'open', ...), or None."""
    m = re.search(r"BLAS_INFO=([^,\s]+)", torch_config or "")
    return m.group(1) if m else None


def detect(maps_text, realpath=os.path.realpath, torch_config=None):
    """{"kind", "library", "loaded", "torch_build_blas"} for the BLAS that serves torch's matmuls.

    A mapped `libblas.so*` decides (a generic build calls it by that soname, whichever implementation the
    alternatives chose); then a BLAS that torch was built against (MKL is linked statically into pip wheels, so
    it may not appear in the maps at all); then the first BLAS mapped.
    """
    loaded = mapped(maps_text, realpath)
    info = build_blas(torch_config)
    generic = [p for p in loaded if os.path.basename(p).lower().startswith("libblas")]
    built = {"mkl": "mkl", "open": "openblas", "openblas": "openblas", "blis": "blis"}.get((info or "").lower())
    if generic:
        kind = classify(generic[0])
    elif built:
        kind = built
    elif loaded:
        kind = classify(loaded[0])
    else:
        kind = "unknown"
    # Name the implementation itself (OpenBLAS's libblas.so.3 is a thin wrapper around libopenblasp-*.so).
    same = [p for p in loaded if classify(p) == kind]
    specific = [p for p in same if not os.path.basename(p).lower().startswith(("libblas", "libcblas"))]
    if specific or same:
        library = (specific or same)[0]
    elif kind == built:
        library = f"linked into torch (BLAS_INFO={info})"
    else:
        library = None
    return {"kind": kind, "library": library, "loaded": loaded, "torch_build_blas": info}


def matmul_gflops(torch, n=1024, reps=10, budget_s=3.0):
    """Best fp32 GFLOP/s of an n × n @ n × n matmul at torch's current thread count (≥ 2 timed runs).

    Best of 10 because one run on a shared 2-core VM read half the speed of the next.
    """
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)  # warm-up: loads the library, starts its threads
    best, start = float("inf"), time.perf_counter()
    for i in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
        if i >= 1 and time.perf_counter() - start > budget_s:
            break  # the reference BLAS takes ~0.7 s a run
    return 2 * n ** 3 / best / 1e9


def probe(torch, threads):
    """The "blas" block of the baseline's JSON, measured in this process (torch already imported)."""
    gflops = matmul_gflops(torch)
    with open("/proc/self/maps") as f:
        found = detect(f.read(), torch_config=torch.__config__.show())
    return {**found, "matmul_gflops_fp32": round(gflops, 1), "matmul": "1024x1024 @ 1024x1024", "threads": threads}


def refusal(blas, anyway=False):
    """The message that refuses the comparison, or None when it is meaningful (or asked for anyway)."""
    if blas["kind"] != "reference" or anyway:
        return None
    measured = blas.get("matmul_gflops_fp32")
    return (
        f"PyTorch baseline refused: torch runs its matmuls on the reference BLAS ({blas['library']}"
        + (f", measured {measured:.1f} GFLOP/s fp32 matmul on {blas.get('threads')} thread(s)" if measured else "")
        + "). The reference (netlib) BLAS is an unoptimised loop nest (fp32 matmul on this project's 2-core VMs: "
        f"{REFERENCE_GFLOPS} GFLOP/s, against ~{OPENBLAS_GFLOPS} GFLOP/s with OpenBLAS), so PyTorch would run tens "
        "of times slower than it can and the ratio would measure the BLAS, not the engine. "
        "Fix: apt-get install libopenblas0-openmp (Debian's alternatives then point libblas.so.3 at OpenBLAS; "
        "check with update-alternatives --display libblas.so.3-x86_64-linux-gnu). "
        "To compare against it regardless, pass --baseline-anyway (the report then says so)."
    )
