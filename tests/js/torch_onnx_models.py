# Writes ONNX files with PyTorch's own exporter (torch.onnx.export, opset 17) for the loadONNX tests:
# plain nn.Sequential MLPs with PyTorch's predictions on the given points, and models loadONNX must
# refuse. Usage: /usr/bin/python3 torch_onnx_models.py OUT_DIR < points.json; prints a JSON manifest.
import json
import sys
import warnings

import torch
from torch import nn

warnings.filterwarnings("ignore")
out = sys.argv[1]
points = torch.tensor(json.load(sys.stdin), dtype=torch.float32).reshape(-1, 2)
torch.manual_seed(0)

mlps = {
    "tanh-relu-sigmoid": (nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid()),
                          ["tanh", "relu", "sigmoid"]),
    "gelu-silu-mish-prelu-softplus-leaky-softmax": (nn.Sequential(
        nn.Flatten(), nn.Linear(2, 8), nn.GELU(), nn.Linear(8, 8), nn.SiLU(), nn.Linear(8, 8), nn.Mish(),
        nn.Linear(8, 6), nn.PReLU(6), nn.Linear(6, 6), nn.Softplus(beta=2.0), nn.Linear(6, 6), nn.LeakyReLU(0.1),
        nn.Linear(6, 3), nn.Softmax(dim=1)),
        ["gelu", "silu", "mish", "prelu", "softplus", "leaky_relu", "softmax"]),
    "elu-hardswish-logsigmoid-softsign-gelu_tanh-celu-selu-hardsigmoid-relu6-hardtanh-identity": (nn.Sequential(
        nn.Linear(2, 5), nn.ELU(0.5), nn.Linear(5, 5), nn.Hardswish(), nn.Linear(5, 5), nn.LogSigmoid(),
        nn.Linear(5, 5), nn.Softsign(), nn.Linear(5, 5), nn.GELU(approximate="tanh"), nn.Linear(5, 5), nn.CELU(1.5),
        nn.Linear(5, 5), nn.SELU(), nn.Linear(5, 5), nn.Hardsigmoid(), nn.Linear(5, 5), nn.ReLU6(),
        nn.Linear(5, 5), nn.Hardtanh(), nn.Linear(5, 2)),
        ["elu", "hard_swish", "log_sigmoid", "softsign", "gelu_tanh", "celu", "selu", "hard_sigmoid", "relu6", "hard_tanh", "identity"]),
    "no-bias-shared-prelu": (nn.Sequential(nn.Linear(2, 4, bias=False), nn.PReLU(), nn.Linear(4, 1), nn.Sigmoid()), ["prelu", "sigmoid"]),
}
manifest = {"mlps": [], "refused": []}
for name, (net, acts) in mlps.items():
    net.eval()
    with torch.no_grad():
        for p in net.parameters():  # away from the default init, so that every weight matters
            p.add_(0.3 * torch.randn_like(p))
        pred = net(points).reshape(-1).tolist()
    file = f"{out}/{name}.onnx"
    torch.onnx.export(net, points[:5], file, opset_version=17, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
    manifest["mlps"].append({"name": name, "file": file, "predict": pred, "activations": acts})

four = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 3), nn.Softmax(dim=1))
x4 = torch.cat([points, torch.sin(points)], dim=1)
with torch.no_grad():
    pred4 = four(x4).reshape(-1).tolist()
torch.onnx.export(four, x4[:5], f"{out}/four-input-3-class.onnx", opset_version=17, input_names=["x"], output_names=["y"],
                  dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
manifest["four"] = {"file": f"{out}/four-input-3-class.onnx", "x": x4.reshape(-1).tolist(), "predict": pred4}

# 1 and 7 raw columns (no feature nodes): inputs: n in the engine.
manifest["wide"] = []
for n, net in [(1, nn.Sequential(nn.Linear(1, 6), nn.ELU(), nn.Linear(6, 1), nn.Sigmoid())),
               (7, nn.Sequential(nn.Linear(7, 8), nn.GELU(), nn.Linear(8, 3), nn.Softmax(dim=1)))]:
    x = torch.cat([points, torch.sin(points), points * points, torch.cos(points)], dim=1)[:, :n].contiguous()
    with torch.no_grad():
        pred = net(x).reshape(-1).tolist()
    file = f"{out}/{n}-input.onnx"
    torch.onnx.export(net, x[:5], file, opset_version=17, input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
    manifest["wide"].append({"name": f"{n} inputs", "inputs": n, "file": file, "x": x.reshape(-1).tolist(), "predict": pred})


class SquaredFeatures(nn.Module):
    """x1^2 and x2 by Slice, Mul and Concat from a 3-column input: feature nodes the engine reads only over 2-D points."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 1)

    def forward(self, x):
        return self.lin(torch.cat([x[:, 0:1] * x[:, 0:1], x[:, 1:2]], dim=1))


refused = {
    "conv": (nn.Sequential(nn.Conv1d(1, 2, 1), nn.Flatten(), nn.Linear(4, 1)), torch.randn(5, 1, 2)),
    "3-d input": (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)), torch.randn(5, 7, 2)),
    "layer norm": (nn.Sequential(nn.Linear(2, 4), nn.LayerNorm(4), nn.Linear(4, 1)), torch.randn(5, 2)),
    "features over 3 columns": (SquaredFeatures(), torch.randn(5, 3)),
}
for name, (net, x) in refused.items():
    file = f"{out}/{name.replace(' ', '-')}.onnx"
    torch.onnx.export(net, x, file, opset_version=17, input_names=["x"], output_names=["y"])
    manifest["refused"].append({"name": name, "file": file})

nan = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
with torch.no_grad():
    nan[2].weight[0, 1] = float("nan")
torch.onnx.export(nan, torch.randn(5, 2), f"{out}/nan-weight.onnx", opset_version=17)
manifest["nan"] = f"{out}/nan-weight.onnx"
print(json.dumps(manifest))
