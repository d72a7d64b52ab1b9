#!/usr/bin/env python3
"""Reference for bench_student: one workload on the files bench_student wrote
to DIR (bench.json, config.json + model.safetensors, train_ids.bin,
prompts.json), run with Hugging Face transformers' LlamaForCausalLM in PyTorch
eager mode, and printed as one JSON line (the same keys as ours).

    student_reference.py DIR WORKLOAD
    WORKLOAD: train-{full,lora}-{fp32,bf16} | generate-N

Training mirrors core/train's optimiser step: forward (under bf16 autocast for
-bf16), loss over every shifted token, backward, clip_grad_norm_, AdamW with no
weight decay on 1-D parameters, zero_grad. LoRA is PEFT's. bench.json's
"device" (cpu, cuda:N) is where it runs; on CUDA each step ends with a
synchronize, as ours. Exits 3 when torch,
transformers, peft or numpy is missing, so the caller can skip the reference.
"""
import contextlib
import json
import statistics
import sys
import time

try:
    import numpy as np
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaForCausalLM
except ImportError as error:  # the caller reports the skip
    print(json.dumps({"missing": str(error)}))
    sys.exit(3)


def peak_kb():
    """VmHWM of this process, as bench_util's peakResidentKb reads it."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def load_model(folder):
    return LlamaForCausalLM.from_pretrained(folder, dtype=torch.float32)


def train(folder, s, lora, bf16):
    device = torch.device(s.get("device", "cpu"))
    ids = torch.from_numpy(np.fromfile(f"{folder}/train_ids.bin", dtype="<i8").reshape(s["batch"], s["seq"]))
    ids = ids.to(device)
    model = load_model(folder).to(device)
    torch.manual_seed(s["seed"])
    if lora:
        l = s["lora"]
        model = get_peft_model(model, LoraConfig(r=l["r"], lora_alpha=l["alpha"], lora_dropout=l["dropout"],
                                                 target_modules=l["targets"], task_type="CAUSAL_LM"))
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    o = s["optim"]
    groups = [{"params": [p for p in trainable if p.dim() >= 2], "weight_decay": o["weight_decay"]},
              {"params": [p for p in trainable if p.dim() < 2], "weight_decay": 0.0}]
    optimizer = torch.optim.AdamW([g for g in groups if g["params"]], lr=o["lr"], betas=tuple(o["betas"]),
                                  eps=o["eps"])
    seconds, losses = [], []
    for step in range(s["warmup"] + s["iterations"]):
        start = time.perf_counter()
        autocast = torch.autocast(device.type, dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
        with autocast:
            loss = model(input_ids=ids, labels=ids).loss  # transformers' shifted mean cross-entropy, in fp32
        loss.backward()
        losses.append(loss.item())
        torch.nn.utils.clip_grad_norm_(trainable, o["max_grad_norm"])
        optimizer.step()
        optimizer.zero_grad()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if step >= s["warmup"]:
            seconds.append(time.perf_counter() - start)
    result = {"seconds": seconds, "losses": losses, "tokens_per_iteration": s["batch"] * s["seq"],
              "attention": getattr(model.config, "_attn_implementation", None) or "default"}
    if device.type == "cuda":
        result["gpu"] = torch.cuda.get_device_name(device)
        result["gpu_peak_kb"] = torch.cuda.max_memory_allocated(device) // 1024
    return result


def generate(folder, s, count):
    with open(f"{folder}/prompts.json") as f:
        prompts = json.load(f)[:count]
    width = max(len(p) for p in prompts)
    ids = torch.zeros(len(prompts), width, dtype=torch.long)
    mask = torch.zeros(len(prompts), width, dtype=torch.long)
    for row, prompt in enumerate(prompts):  # left padding, as ours
        ids[row, width - len(prompt):] = torch.tensor(prompt)
        mask[row, width - len(prompt):] = 1
    model = load_model(folder).eval()
    seconds = []
    for i in range(s["warmup"] + s["iterations"]):
        start = time.perf_counter()
        out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=s["new_tokens"], do_sample=False,
                             use_cache=True, pad_token_id=0, eos_token_id=None)
        if i >= s["warmup"]:
            seconds.append(time.perf_counter() - start)
    tokens = out[:, width:].tolist()
    return {"seconds": seconds, "tokens": tokens, "tokens_per_iteration": sum(len(t) for t in tokens)}


def main():
    folder, workload = sys.argv[1], sys.argv[2]
    with open(f"{folder}/bench.json") as f:
        s = json.load(f)
    if s["threads"] > 0:
        torch.set_num_threads(s["threads"])
    if workload.startswith("train-"):
        result = train(folder, s, "lora" in workload, workload.endswith("bf16"))
    else:
        result = generate(folder, s, int(workload.split("-")[1]))
    result["median_seconds"] = statistics.median_high(result["seconds"])  # ours takes the upper median too
    result["threads"] = torch.get_num_threads()
    result["torch"] = torch.__version__
    result["peak_kb"] = peak_kb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
