"""Writes kernel/src/main/resources/org/lstmlens/kernel/warm-up.onnx and warm-up.pt: the smallest ONNX LSTM (1
feature, hidden_size 2, W, R, B as initializers) and the state_dict of a torch nn.LSTM(1, 2), which the kernel's
warm-up (WarmUp.java) opens and runs so that install.sh's class-data-sharing archive holds the readers' classes: a
first lstm.load of such a file then maps them from the archive instead of loading them (about 0.2 s of a fresh
kernel's first 100 MB ONNX load, dsl/src/bench/LOAD.md).

    /work/venv-fx/bin/python kernel/src/warmup/make_warm_up_models.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "main", "resources", "org", "lstmlens", "kernel",
                   "warm-up.onnx")


def main():
    hid, inp = 2, 1
    w = np.linspace(-0.4, 0.4, 4 * hid * inp, dtype=np.float32).reshape(1, 4 * hid, inp)
    r = np.linspace(0.3, -0.3, 4 * hid * hid, dtype=np.float32).reshape(1, 4 * hid, hid)
    b = np.linspace(-0.1, 0.1, 8 * hid, dtype=np.float32).reshape(1, 8 * hid)
    node = helper.make_node("LSTM", ["X", "W", "R", "B"], ["Y", "Y_h", "Y_c"], name="lstm", hidden_size=hid)
    graph = helper.make_graph(
        [node], "warm_up", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [3, 1, inp])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [3, 1, 1, hid])],
        initializer=[numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"), numpy_helper.from_array(b, "B")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)], producer_name="make_warm_up_onnx")
    model.ir_version = 10
    onnx.checker.check_model(model)
    onnx.save_model(model, os.path.abspath(OUT))
    print(os.path.abspath(OUT), os.path.getsize(OUT), "bytes")
    import torch
    torch.manual_seed(0)
    pt = os.path.abspath(OUT[:-len(".onnx")] + ".pt")
    torch.save(torch.nn.LSTM(inp, hid).state_dict(), pt)
    print(pt, os.path.getsize(pt), "bytes")


if __name__ == "__main__":
    main()
