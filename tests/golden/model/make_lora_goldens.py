#!/usr/bin/env python3
"""Builds the LoRA goldens of tests/core/train (test_lora_adapter), offline, with PEFT.

Base model: decoders/llama (tiny LlamaForCausalLM, fp32, tied embeddings; made by
make_decoder_goldens.py). Outputs under lora/:

  peft_adapter/       a LoRA adapter made by PEFT (r=4, alpha=8, dropout 0.1, all seven
                      projections) with fixed non-zero lora_A/lora_B (seeded randn), saved
                      with save_pretrained (README.md removed)
  peft_logits.safetensors   logits.<i> [T_i, V] of SEQUENCES with that adapter (eval mode,
                      fp32), which the C++ test reproduces after loading peft_adapter/
  qwen2_peft_adapter/, qwen2_peft_logits.safetensors   the same on decoders/qwen2 (q/k/v
                      biases, untied head, bf16 on disk), r=2, alpha=5, for QWEN2_SEQUENCES
  gemma2_peft_adapter/, gemma2_peft_logits.safetensors   the same on decoders/gemma2 (GeGLU,
                      pre/post norms, soft-capping, sliding window), r=2, alpha=3, for
                      GEMMA2_SEQUENCES
  golden.json         the sequences, and the check below

The other direction: lora/ours_adapter/ and lora/ours_logits.safetensors are written by
OUR code (test_lora_adapter with CRSW_WRITE_LORA_GOLDEN=1). When they exist, this script
loads ours_adapter/ with PeftModel.from_pretrained onto the same base, computes the logits
and fails unless they match ours within 1e-4 (max-abs-diff recorded in golden.json).
It also merges the PEFT adapter (merge_and_unload) and checks the merged logits.

Regenerate (the C++ half first, so the PEFT check sees the current adapter):
    CRSW_WRITE_LORA_GOLDEN=1 build-train/tests/core/train/test_lora_adapter
    /work/.venv-model/bin/pip install peft     # once
    /work/.venv-model/bin/python tests/golden/model/make_lora_goldens.py
"""
import json
import os
import shutil
import sys

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file, save_file
from transformers import Gemma2ForCausalLM, LlamaForCausalLM, Qwen2ForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "decoders", "llama")
OUT = os.path.join(HERE, "lora")
TOLERANCE = 1e-4
QWEN2_SEQUENCES = [
    [1, 17, 250, 33, 91, 5, 140, 77, 300, 12],
    [1, 44, 9, 130, 201, 56],
]
GEMMA2_SEQUENCES = [
    [2, 17, 250, 33, 91, 5, 140, 77, 300, 12, 64, 64],
    [2, 44, 9, 130, 201, 56],
]
SEQUENCES = [
    [900, 17, 250, 33, 91, 5, 140, 77, 300, 12, 64, 64],
    [900, 44, 9, 130, 201, 56, 310, 27],
]


def load_base(arch="llama"):
    cls = {"llama": LlamaForCausalLM, "qwen2": Qwen2ForCausalLM, "gemma2": Gemma2ForCausalLM}[arch]
    return cls.from_pretrained(os.path.join(HERE, "decoders", arch), dtype=torch.float32,
                               attn_implementation="eager").eval()


def logits_of(model, sequences=SEQUENCES):
    with torch.no_grad():
        return [model(torch.tensor([s])).logits[0].float() for s in sequences]


def max_diff(a, b):
    return max((x - y).abs().max().item() for x, y in zip(a, b))


def make_peft_adapter(arch="llama", prefix="", sequences=SEQUENCES, r=4, alpha=8):
    model = load_base(arch)
    config = LoraConfig(r=r, lora_alpha=alpha, lora_dropout=0.1, task_type="CAUSAL_LM", bias="none",
                        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    peft_model = get_peft_model(model, config)
    g = torch.Generator().manual_seed(4242)
    with torch.no_grad():
        for name, p in peft_model.named_parameters():
            if "lora_A" in name or "lora_B" in name:
                # Large enough that a wrong scaling, transpose or target shows in the logits.
                p.copy_(0.3 * torch.randn(p.shape, generator=g) / p.shape[1] ** 0.5)
    peft_model.eval()
    logits = logits_of(peft_model, sequences)
    folder = os.path.join(OUT, prefix + "peft_adapter")
    shutil.rmtree(folder, ignore_errors=True)
    peft_model.peft_config["default"].base_model_name_or_path = "tests/golden/model/decoders/" + arch
    peft_model.save_pretrained(folder)
    readme = os.path.join(folder, "README.md")
    if os.path.exists(readme):
        os.remove(readme)
    save_file({f"logits.{i}": t.contiguous() for i, t in enumerate(logits)},
              os.path.join(OUT, prefix + "peft_logits.safetensors"))

    base_logits = logits_of(load_base(arch), sequences)
    merged = peft_model.merge_and_unload()
    merged_diff = max_diff(logits_of(merged, sequences), logits)
    return {prefix + "adapter_vs_base_max_abs_diff": max_diff(logits, base_logits),
            prefix + "peft_merged_vs_adapter": merged_diff}


def check_ours():
    folder = os.path.join(OUT, "ours_adapter")
    logits_path = os.path.join(OUT, "ours_logits.safetensors")
    if not os.path.exists(folder) or not os.path.exists(logits_path):
        print("lora/ours_adapter not written yet: run test_lora_adapter with CRSW_WRITE_LORA_GOLDEN=1, then rerun")
        return None
    ours = load_file(logits_path)
    peft_model = PeftModel.from_pretrained(load_base(), folder).eval()
    theirs = logits_of(peft_model)
    diff = max_diff(theirs, [ours[f"logits.{i}"] for i in range(len(SEQUENCES))])
    print(f"PEFT on our adapter vs our logits: max-abs-diff {diff:.3g}")
    if not diff <= TOLERANCE:
        sys.exit(f"PEFT's logits on lora/ours_adapter differ from ours by {diff} > {TOLERANCE}")
    return diff


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    info = {"sequences": SEQUENCES, "qwen2_sequences": QWEN2_SEQUENCES, "gemma2_sequences": GEMMA2_SEQUENCES,
            "tolerance": TOLERANCE}
    info.update(make_peft_adapter())
    info.update(make_peft_adapter("qwen2", "qwen2_", QWEN2_SEQUENCES, r=2, alpha=5))
    info.update(make_peft_adapter("gemma2", "gemma2_", GEMMA2_SEQUENCES, r=2, alpha=3))
    print(f"PEFT adapter vs base logits: max-abs-diff {info['adapter_vs_base_max_abs_diff']:.3g} (must be large)")
    ours = check_ours()
    if ours is not None:
        info["peft_on_ours_max_abs_diff"] = ours
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
