"""The bench baseline names the BLAS that torch's matmuls run on, and refuses the reference BLAS."""
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from atelier_train.bench.blas import KINDS, classify, detect, refusal

SCRIPT = Path(__file__).resolve().parents[1] / "atelier_train" / "bench" / "torch_baseline.py"

# /proc/self/maps after torch ran a matmul on Debian bookworm, one alternative for libblas.so.3 each (trimmed).
OPENBLAS_OPENMP = """\
7f5c51d18000-7f5c51e3c000 r--p 00000000 fe:00 5595220   /usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so
7f5c51e3c000-7f5c51e44000 r-xp 00124000 fe:00 5595220   /usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so
7f5c57e00000-7f5c57e23000 r--p 00000000 fe:00 5595219   /usr/lib/x86_64-linux-gnu/openblas-openmp/liblapack.so.3
7f5c5b197000-7f5c5b1b5000 r--p 00000000 fe:00 5595218   /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3
7f5c5b1b5000-7f5c5b1f1000 r-xp 0001e000 fe:00 5595218   /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3
7f5c5c000000-7f5c5c100000 r-xp 00000000 fe:00 5590001   /usr/lib/python3/dist-packages/torch/lib/libtorch_cpu.so
"""
REFERENCE = """\
7f1a20000000-7f1a2001e000 r--p 00000000 fe:00 4000001   /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0
7f1a2001e000-7f1a2005a000 r-xp 0001e000 fe:00 4000001   /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0
7f1a21000000-7f1a21100000 r-xp 00000000 fe:00 5590001   /usr/lib/python3/dist-packages/torch/lib/libtorch_cpu.so
"""
MKL = """\
7f3b10000000-7f3b10400000 r-xp 00000000 fe:00 6000001   /usr/lib/x86_64-linux-gnu/libmkl_rt.so
7f3b11000000-7f3b13000000 r-xp 00000000 fe:00 6000002   /usr/lib/x86_64-linux-gnu/libmkl_core.so
7f3b14000000-7f3b15000000 r-xp 00000000 fe:00 6000003   /usr/lib/x86_64-linux-gnu/libmkl_intel_lp64.so
"""
NONE = """\
55d0c0000000-55d0c0100000 r-xp 00000000 fe:00 100       /usr/bin/python3.11
7f00a0000000-7f00a0100000 r-xp 00000000 fe:00 5590001   /usr/lib/python3/dist-packages/torch/lib/libtorch_cpu.so
7ffd10000000-7ffd10021000 rw-p 00000000 00:00 0         [stack]
"""
DEBIAN_TORCH = "  - Build settings: BLAS_INFO=generic, BUILD_TYPE=RelWithDebInfo, LAPACK_INFO=generic,"
PIP_TORCH = "  - Build settings: BLAS_INFO=mkl, BUILD_TYPE=Release, LAPACK_INFO=mkl,"


def same(path):
    return path


class ClassifyTest(unittest.TestCase):
    def test_openblas_openmp_names_the_implementation_behind_the_libblas_wrapper(self):
        b = detect(OPENBLAS_OPENMP, same, DEBIAN_TORCH)
        self.assertEqual("openblas", b["kind"])
        self.assertEqual("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so", b["library"])
        self.assertEqual("generic", b["torch_build_blas"])

    def test_debian_netlib_blas_is_reference(self):
        b = detect(REFERENCE, same, DEBIAN_TORCH)
        self.assertEqual("reference", b["kind"])
        self.assertEqual("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0", b["library"])

    def test_symlinks_are_resolved_before_classifying(self):
        via_alternatives = REFERENCE.replace("/blas/libblas.so.3.11.0", "/libblas.so.3")
        links = {"/usr/lib/x86_64-linux-gnu/libblas.so.3": "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"}
        b = detect(via_alternatives, lambda p: links.get(p, p), DEBIAN_TORCH)
        self.assertEqual("reference", b["kind"])
        self.assertEqual(["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"], b["loaded"])

    def test_the_libblas_torch_calls_decides_over_another_loaded_blas(self):
        # OpenBLAS's liblapack pulls libopenblas in, yet libblas.so.3 (what a generic torch calls) is netlib.
        both = OPENBLAS_OPENMP.replace("/openblas-openmp/libblas.so.3", "/blas/libblas.so.3.11.0")
        self.assertEqual("reference", detect(both, same, DEBIAN_TORCH)["kind"])

    def test_mkl(self):
        b = detect(MKL, same, DEBIAN_TORCH)
        self.assertEqual("mkl", b["kind"])
        self.assertEqual("/usr/lib/x86_64-linux-gnu/libmkl_rt.so", b["library"])

    def test_no_blas_mapped_is_unknown(self):
        b = detect(NONE, same, DEBIAN_TORCH)
        self.assertEqual("unknown", b["kind"])
        self.assertIsNone(b["library"])
        self.assertEqual([], b["loaded"])

    def test_no_blas_mapped_but_torch_built_with_mkl_is_mkl_linked_in(self):
        b = detect(NONE, same, PIP_TORCH)
        self.assertEqual("mkl", b["kind"])
        self.assertEqual("linked into torch (BLAS_INFO=mkl)", b["library"])

    def test_kinds_from_paths(self):
        self.assertEqual("blis", classify("/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3"))
        self.assertEqual("openblas", classify("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"))
        self.assertEqual("unknown", classify("/usr/lib/x86_64-linux-gnu/atlas/libblas.so.3"))


class RefusalTest(unittest.TestCase):
    reference = {"kind": "reference", "library": "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0",
                 "matmul_gflops_fp32": 2.9, "threads": 2}

    def test_reference_blas_is_refused_with_the_library_the_speed_and_the_fix(self):
        m = refusal(self.reference)
        self.assertIn("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0", m)
        self.assertIn("measured 2.9 GFLOP/s", m)
        self.assertIn("apt-get install libopenblas0-openmp", m)
        self.assertIn("--baseline-anyway", m)

    def test_baseline_anyway_runs_on_the_reference_blas(self):
        self.assertIsNone(refusal(self.reference, anyway=True))

    def test_optimised_and_unknown_blas_are_not_refused(self):
        for kind in ("openblas", "mkl", "blis", "unknown"):
            self.assertIsNone(refusal({**self.reference, "kind": kind}), kind)


class ProbeTest(unittest.TestCase):
    def test_the_script_measures_this_machines_blas_and_writes_it_to_the_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "blas.json"
            p = subprocess.run([sys.executable, str(SCRIPT), "--package", tmp, "--blas-only", "--threads", "1",
                                "--json", str(out)], capture_output=True, text=True)
            j = json.loads(out.read_text())
        blas = j["blas"]
        self.assertIn(blas["kind"], KINDS)
        self.assertGreater(blas["matmul_gflops_fp32"], 0)
        self.assertEqual(1, blas["threads"])
        # exit 3 with the message exactly when this machine's torch runs on the reference BLAS
        self.assertEqual(3 if blas["kind"] == "reference" else 0, p.returncode, p.stderr)
        self.assertEqual(blas["kind"] == "reference", "refused" in j)


if __name__ == "__main__":
    unittest.main()
