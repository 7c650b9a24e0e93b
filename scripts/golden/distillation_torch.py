#!/usr/bin/python3
"""Reference distillation losses and gradients from PyTorch's autograd, for the unit tests.

Loss (Hinton, Vinyals and Dean 2015), averaged over rows:
  (1 - a) * cross_entropy(z, y) + a * T^2 * KL(softmax(v / T) || softmax(z / T))
Writes tests/fixtures/distillation-torch.json. Run with Debian's python3-torch:
  /usr/bin/python3 scripts/golden/distillation_torch.py
"""
import json

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.RandomState(0)
rows, classes = 5, 10
student = rng.uniform(-4, 4, (rows, classes))
teacher = rng.uniform(-6, 6, (rows, classes))
labels = rng.randint(0, classes, rows)

cases = []
for temperature in [1.0, 2.0, 4.0, 10.0, 20.0]:
    for alpha in [0.0, 0.3, 0.9, 1.0]:
        z = torch.tensor(student, dtype=torch.float64, requires_grad=True)
        v = torch.tensor(teacher, dtype=torch.float64)
        y = torch.tensor(labels, dtype=torch.long)
        soft_teacher = F.softmax(v / temperature, dim=1)
        log_student = F.log_softmax(z / temperature, dim=1)
        kl_rows = F.kl_div(log_student, soft_teacher, reduction="none").sum(dim=1)
        ce_rows = F.cross_entropy(z, y, reduction="none")
        loss_rows = (1 - alpha) * ce_rows + alpha * temperature**2 * kl_rows
        loss = loss_rows.mean()
        loss.backward()
        cases.append({
            "temperature": temperature,
            "alpha": alpha,
            "lossRows": loss_rows.detach().tolist(),
            "loss": loss.item(),
            "gradient": z.grad.flatten().tolist(),
            "softTeacher": soft_teacher.flatten().tolist(),
        })

out = {
    "torch": torch.__version__,
    "rows": rows,
    "classes": classes,
    "student": student.flatten().tolist(),
    "teacher": teacher.flatten().tolist(),
    "labels": labels.tolist(),
    "cases": cases,
}
with open("tests/fixtures/distillation-torch.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote tests/fixtures/distillation-torch.json ({len(cases)} cases, torch {torch.__version__})")
