"""Computes one DeepFM training step with PyTorch, for PyTorchParityTest.

Input: a JSON file with the model's parameter slices ("slices": name, offset, rows, cols, in
deepfm's flat layout, MLP weights input-major), the flat "params", a batch as global embedding rows
per field ("rows") with "labels", and the MLP widths ("dims"). tiny-deepfm-step.json holds these
inputs too, so `python3 tiny_deepfm_step.py tiny-deepfm-step.json out.json` recomputes it.
Output: logits, mean BCE, gradients and parameters after one Adam step, in deepfm's layout.
"""
import sys
import json, numpy as np, torch, torch.nn as nn
d = json.load(open(sys.argv[1] if len(sys.argv) > 1 else 'tiny-in.json'))
p = np.array(d['params'], dtype=np.float32)
S = {s['name']: (s['offset'], s['rows'], s['cols']) for s in d['slices']}
def sl(n):
    o, r, c = S[n]; return p[o:o+r*c].reshape(r, c)
X = torch.tensor(d['rows']); Y = torch.tensor(d['labels'], dtype=torch.float32)
dims = d['dims']; R = S['embedding'][1]; k = S['embedding'][2]
bias = nn.Parameter(torch.tensor(sl('bias').reshape(1)))
w = nn.Embedding(R, 1); w.weight.data = torch.tensor(sl('first_order'))
v = nn.Embedding(R, k); v.weight.data = torch.tensor(sl('embedding'))
lins = []
for i in range(len(dims) - 1):
    lin = nn.Linear(dims[i], dims[i+1]); lin.weight.data = torch.tensor(sl(f'mlp.{i}.weight').T.copy()); lin.bias.data = torch.tensor(sl(f'mlp.{i}.bias').reshape(-1)); lins.append(lin)
def forward(x):
    e = v(x); s = e.sum(1); fm = 0.5 * (s * s - (e * e).sum(1)).sum(1)
    h = e.flatten(1)
    for i, lin in enumerate(lins):
        h = lin(h)
        if i < len(lins) - 1: h = torch.relu(h)
    return bias + w(x).sum(1).squeeze(-1) + fm + h.squeeze(-1)
z = forward(X); L = nn.BCEWithLogitsLoss()(z, Y); L.backward()
params = [bias, w.weight, v.weight] + [t for lin in lins for t in (lin.weight, lin.bias)]
def flat(get):
    out = np.zeros_like(p)
    for n, (o, r, c) in S.items():
        if n == 'bias': a = get(bias).reshape(1, 1)
        elif n == 'first_order': a = get(w.weight)
        elif n == 'embedding': a = get(v.weight)
        else:
            i = int(n.split('.')[1]); lin = lins[i]
            a = get(lin.weight).T if n.endswith('weight') else get(lin.bias).reshape(1, -1)
        out[o:o+r*c] = np.asarray(a, dtype=np.float32).reshape(-1)
    return out
grads = flat(lambda t: t.grad.detach().numpy())
opt = torch.optim.Adam(params, lr=1e-3, weight_decay=1e-5); opt.step()
after = flat(lambda t: t.detach().numpy())
json.dump({"source": "PyTorch " + torch.__version__ + ", see PyTorchParityTest", "logits": z.detach().numpy().tolist(),
           "loss": float(L), "grads": grads.tolist(), "params_after_adam": after.tolist(),
           "params": d['params'], "rows": d['rows'], "labels": d['labels'], "slices": d['slices'], "dims": d['dims']},
          open(sys.argv[2] if len(sys.argv) > 2 else 'tiny-torch.json', 'w'))
print("written", len(p), "params, loss", float(L))
