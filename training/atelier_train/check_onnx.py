"""Check an exported package with ONNX Runtime against its PyTorch test vectors (needs `onnxruntime`).

  python -m atelier_train.check_onnx PACKAGE_DIR   -> prints max |ORT - PyTorch| per model, exit 1 above 1e-3
"""
import sys
from pathlib import Path

import numpy as np


def check(pkg, tol=1e-3):
    import onnxruntime as ort
    pkg, tv = Path(pkg), Path(pkg) / "test_vectors"
    load = lambda n: np.load(tv / f"{n}.npy")
    opts = ort.SessionOptions()
    te = ort.InferenceSession(str(pkg / "text_encoder" / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    tr = ort.InferenceSession(str(pkg / "transformer" / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    states = te.run(["last_hidden_state"], {"input_ids": load("text_encoder_input_ids")})[0]
    d_text = float(np.abs(states - load("text_encoder_last_hidden_state")).max())
    out = tr.run(["out_sample"], {"sample": load("transformer_sample"), "timestep": load("transformer_timestep"),
                                  "encoder_hidden_states": load("text_encoder_last_hidden_state")})[0]
    d_tr = float(np.abs(out - load("transformer_out_sample")).max())
    # batch 1 must give the same as row 0 of batch 2 (dynamic batch axis)
    out1 = tr.run(["out_sample"], {"sample": load("transformer_sample")[:1], "timestep": load("transformer_timestep")[:1],
                                   "encoder_hidden_states": load("text_encoder_last_hidden_state")[:1]})[0]
    d_b1 = float(np.abs(out1 - out[:1]).max())
    print(f"onnxruntime {ort.__version__}: text_encoder max|diff| {d_text:.2e}, transformer {d_tr:.2e}, "
          f"batch-1 vs batch-2 {d_b1:.2e}")
    return max(d_text, d_tr, d_b1) <= tol


if __name__ == "__main__":
    sys.exit(0 if check(sys.argv[1]) else 1)
