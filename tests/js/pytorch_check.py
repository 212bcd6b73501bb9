# Runs files written by net.export('pytorch') in PyTorch: reads a JSON list of jobs on stdin
# ({file, width, points, x, y}; width = numbers per point) and prints one JSON object per job:
# model(points), whether Net.features() passes the points through unchanged, and the gradients of
# loss_fn(model(x), y) for every parameter that trains (None gradients, e.g. below a step, as zeros).
import importlib.util
import json
import sys

import torch

results = []
for k, job in enumerate(json.load(sys.stdin)):
    spec = importlib.util.spec_from_file_location(f"exported_{k}", job["file"])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    points = torch.tensor(job["points"], dtype=torch.float32).reshape(-1, job["width"])
    with torch.no_grad():
        pred = mod.model(points).reshape(-1).tolist()
        features = mod.model.features(points)
        identity = features.shape == points.shape and torch.equal(features, points)
    x = torch.tensor(job["x"], dtype=torch.float32).reshape(-1, job["width"])
    y = torch.tensor(job["y"], dtype=torch.float32)
    mod.model.zero_grad()
    loss = mod.loss_fn(mod.model(x), y)
    loss.backward()
    grads = {}
    for name, p in mod.model.named_parameters():
        if not p.requires_grad:
            continue
        g = p.grad if p.grad is not None else torch.zeros_like(p)
        grads[name] = g.reshape(-1).tolist()
    results.append({"predict": pred, "identityFeatures": identity, "loss": loss.item(), "grads": grads})
print(json.dumps(results))
