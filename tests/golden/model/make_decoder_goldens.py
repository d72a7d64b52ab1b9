#!/usr/bin/env python3
"""Builds the decoder and chat-format goldens of tests/core/model, offline.

For each architecture (LlamaForCausalLM with Llama 3 rope scaling and tied
embeddings, fp32; Qwen2ForCausalLM with q/k/v biases, untied, stored as bf16;
Gemma2ForCausalLM with soft-capping, a sliding window shorter than the test
sequences and query_pre_attn_scalar != head_dim, stored as bf16; all computed
in fp32, eager attention) a tiny random checkpoint is made with transformers
and saved with save_pretrained (model.safetensors + config.json) under
decoders/<arch>/, and its outputs are recorded in decoders/<arch>/golden.safetensors
(float32) and decoders/<arch>/golden.json (token sequences and generations):

  logits.<i>        [T_i, V]   each sequence alone (position_ids 0..T_i-1)
  batch_last        [B, V]     the left-padded batch (position_ids from the
                               mask, as generate() does), last position of each row
  embedding         [B, H]     mean of the last hidden state over real tokens,
                               L2-normalised (the LM embedder)
  golden.json: sequences, greedy generations (KV cache, max_new_tokens=16)
               of each prompt alone and of the prompts as a left-padded batch;
               for Llama also "chat": conversations rendered with the Llama 3.2
               template, tokenized with llama3_style.tokenizer.json (copied into
               the folder), generated greedily and decoded

chat_formats.json records what tokenizer.apply_chat_template renders for some
conversations with the real chat templates of Llama 3.2, Gemma 2 and Qwen2
(embedded below), or the exception it raises.

    python3 -m venv /work/.venv-model
    /work/.venv-model/bin/pip install torch transformers jinja2 safetensors     (PyPI; CPU is enough)
    /work/.venv-model/bin/python make_decoder_goldens.py [OUT_DIR]    (default: this folder)

The goldens were made with transformers 5.24.0 and torch 2.15.0 (recorded in
golden.json); weights come from seeded generators, so a rerun rewrites the same
files up to float rounding of other torch builds.
"""
import json
import math
import os
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file
from transformers import (Gemma2Config, Gemma2ForCausalLM, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast,
                          Qwen2Config, Qwen2ForCausalLM)

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB = 320
LLAMA_TOKENIZER = os.path.join(HERE, "llama3_style.tokenizer.json")
LLAMA_TOKENIZER_VOCAB = 905  # its 900 BPE tokens and 5 special tokens
PAD = 0
EOS = 2
MAX_NEW = 16

# Token sequences: the first is longer than Gemma 2's sliding window (6) by far.
SEQUENCES = [
    [1, 17, 250, 33, 91, 5, 140, 77, 300, 12, 64, 64, 199, 8, 45, 281, 3, 150, 222, 19, 70, 111, 260, 4],
    [1, 44, 9, 130, 201, 56, 310, 27, 88, 15, 102, 230, 6],
    [1, 240, 36, 79, 160, 11, 95],
]


def common(config_cls, vocab_size=VOCAB, bos_token_id=1, eos_token_id=EOS, **extra):
    return config_cls(vocab_size=vocab_size, hidden_size=64, intermediate_size=96, num_attention_heads=4,
                      num_key_value_heads=2, head_dim=16, max_position_embeddings=256, rms_norm_eps=1e-6,
                      bos_token_id=bos_token_id, eos_token_id=eos_token_id, pad_token_id=PAD,
                      attn_implementation="eager", **extra)


def make_models():
    # Llama's vocabulary is the llama3-style test tokenizer's, for the end-to-end chat golden.
    llama = common(LlamaConfig, vocab_size=LLAMA_TOKENIZER_VOCAB, bos_token_id=900, eos_token_id=[901, 904],
                   num_hidden_layers=2, tie_word_embeddings=True, rope_theta=10000.0,
                   rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                 "high_freq_factor": 4.0, "original_max_position_embeddings": 32})
    qwen = common(Qwen2Config, num_hidden_layers=2, tie_word_embeddings=False, rope_theta=1000000.0)
    gemma = common(Gemma2Config, num_hidden_layers=3, sliding_window=6, query_pre_attn_scalar=24,
                   attn_logit_softcapping=10.0, final_logit_softcapping=5.0, hidden_activation="gelu_pytorch_tanh")
    # (name, class, config, dtype on disk, seed). Two store bf16 (computed in fp32 after an
    # exact upcast) to keep the goldens small and cover the bf16 reader; seeds picked for
    # greedy generations that do not just repeat one token.
    return [("llama", LlamaForCausalLM, llama, torch.float32, 1240),
            ("qwen2", Qwen2ForCausalLM, qwen, torch.bfloat16, 1235),
            ("gemma2", Gemma2ForCausalLM, gemma, torch.bfloat16, 1236)]


def randomise(model, seed, gemma, tied):
    """Weights with healthy activations. HF's 0.02 init makes logits nearly tied (greedy is then fragile),
    and a large tied embedding makes the model repeat its input token (a weak test of the KV cache):
    the layers here outweigh the embedding in the residual stream and the final norm spreads the logits."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name == "model.norm.weight":
                p.copy_((2.0 if gemma else 3.0) + 0.5 * torch.randn(p.shape, generator=g))
            elif name.endswith("norm.weight"):
                # Gemma stores w with (1 + w) applied; Llama/Qwen2 store the scale itself.
                p.copy_((0.0 if gemma else 1.0) + 0.2 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.3 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g) * (0.3 / 8 if gemma else 0.3 if tied else 1.0))
            elif "o_proj" in name or "down_proj" in name:
                p.copy_(2.0 * torch.randn(p.shape, generator=g) / math.sqrt(p.shape[1]))
            else:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[1]))


def left_pad(seqs):
    width = max(len(s) for s in seqs)
    ids = torch.tensor([[PAD] * (width - len(s)) + s for s in seqs])
    mask = torch.tensor([[0] * (width - len(s)) + [1] * len(s) for s in seqs])
    return ids, mask


def min_top2_gap(scores):
    gaps = []
    for step in scores:
        top = torch.topk(step.float(), 2, dim=-1).values
        gaps.append((top[:, 0] - top[:, 1]).min().item())
    return min(gaps)


def record(name, cls, config, store_dtype, out_dir, seed):
    folder = os.path.join(out_dir, "decoders", name)
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(seed)
    model = cls(config)
    randomise(model, seed, name == "gemma2", config.tie_word_embeddings)
    model.to(store_dtype).save_pretrained(folder, safe_serialization=True)
    for extra in ("generation_config.json",):
        path = os.path.join(folder, extra)
        if os.path.exists(path):
            os.remove(path)
    model = cls.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()

    tensors = {}
    gen_single = []
    with torch.no_grad():
        for i, seq in enumerate(SEQUENCES):
            ids = torch.tensor([seq])
            tensors[f"logits.{i}"] = model(input_ids=ids).logits[0].float().contiguous()
        ids, mask = left_pad(SEQUENCES)
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        out = model(input_ids=ids, attention_mask=mask, position_ids=positions)
        tensors["batch_last"] = out.logits[:, -1, :].float().contiguous()
        hidden = model.model(input_ids=ids, attention_mask=mask, position_ids=positions).last_hidden_state
        summed = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        tensors["embedding"] = torch.nn.functional.normalize(summed, dim=-1).float().contiguous()

        gaps = []
        for seq in SEQUENCES:
            ids = torch.tensor([seq])
            res = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=MAX_NEW,
                                 do_sample=False, pad_token_id=PAD, eos_token_id=None, output_scores=True,
                                 return_dict_in_generate=True)
            gen_single.append(res.sequences[0, len(seq):].tolist())
            gaps.append(min_top2_gap(res.scores))
        ids, mask = left_pad(SEQUENCES)
        res = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=MAX_NEW, do_sample=False,
                             pad_token_id=PAD, eos_token_id=None, output_scores=True, return_dict_in_generate=True)
        gen_batch = res.sequences[:, ids.shape[1]:].tolist()
        gaps.append(min_top2_gap(res.scores))

    chats = chat_generations(model, folder) if name == "llama" else []
    save_file(tensors, os.path.join(folder, "golden.safetensors"))
    golden = {
        "architecture": cls.__name__,
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "pad_token_id": PAD,
        "sequences": SEQUENCES,
        "max_new_tokens": MAX_NEW,
        "greedy_single": gen_single,
        "greedy_batch": gen_batch,
        "min_top2_gap": min(gaps),
    }
    if chats:
        golden["chat"] = chats
    with open(os.path.join(folder, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"{name}: min top-2 logit gap during greedy decoding {min(gaps):.4f}; single == batch: "
          f"{gen_single == gen_batch}")


def chat_generations(model, folder):
    """Render -> tokenize -> greedy generate -> decode, as an application does with
    transformers; the model folder gets the tokenizer.json it is used with."""
    shutil.copyfile(LLAMA_TOKENIZER, os.path.join(folder, "tokenizer.json"))
    tok = PreTrainedTokenizerFast(tokenizer_file=LLAMA_TOKENIZER, bos_token="<|begin_of_text|>")
    tok.chat_template = LLAMA32_TEMPLATE
    records = []
    for messages in CONVERSATIONS[:3]:
        text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True,
                                       date_string="26 Jul 2024")
        ids = tok(text, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            out = model.generate(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                                 max_new_tokens=MAX_NEW, do_sample=False, pad_token_id=PAD, eos_token_id=[901, 904])
        new_ids = out[0, len(ids):].tolist()
        records.append({"messages": messages, "prompt_ids": ids, "generated_ids": new_ids,
                        "text": tok.decode(new_ids, skip_special_tokens=True)})
    return records


# The chat templates of the model families, as their tokenizer_config.json ship them.
LLAMA32_TEMPLATE = (
    "{{- bos_token }}\n{%- if custom_tools is defined %}\n    {%- set tools = custom_tools %}\n{%- endif %}\n"
    "{%- if not tools_in_user_message is defined %}\n    {%- set tools_in_user_message = true %}\n{%- endif %}\n"
    "{%- if not date_string is defined %}\n    {%- if strftime_now is defined %}\n"
    "        {%- set date_string = strftime_now(\"%d %b %Y\") %}\n    {%- else %}\n"
    "        {%- set date_string = \"26 Jul 2024\" %}\n    {%- endif %}\n{%- endif %}\n"
    "{%- if not tools is defined %}\n    {%- set tools = none %}\n{%- endif %}\n\n"
    "{#- This block extracts the system message, so we can slot it into the right place. #}\n"
    "{%- if messages[0]['role'] == 'system' %}\n    {%- set system_message = messages[0]['content']|trim %}\n"
    "    {%- set messages = messages[1:] %}\n{%- else %}\n    {%- set system_message = \"\" %}\n{%- endif %}\n\n"
    "{#- System message #}\n{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}\n"
    "{%- if tools is not none %}\n    {{- \"Environment: ipython\\n\" }}\n{%- endif %}\n"
    "{{- \"Cutting Knowledge Date: December 2023\\n\" }}\n{{- \"Today Date: \" + date_string + \"\\n\\n\" }}\n"
    "{%- if tools is not none and not tools_in_user_message %}\n"
    "    {{- \"You have access to the following functions. To call a function, please respond with JSON for a function call.\" }}\n"
    "    {{- 'Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.' }}\n"
    "    {{- \"Do not use variables.\\n\\n\" }}\n    {%- for t in tools %}\n        {{- t | tojson(indent=4) }}\n"
    "        {{- \"\\n\\n\" }}\n    {%- endfor %}\n{%- endif %}\n{{- system_message }}\n{{- \"<|eot_id|>\" }}\n\n"
    "{#- Custom tools are passed in a user message with some extra guidance #}\n"
    "{%- if tools_in_user_message and not tools is none %}\n"
    "    {#- Extract the first user message so we can plug it in here #}\n    {%- if messages | length != 0 %}\n"
    "        {%- set first_user_message = messages[0]['content']|trim %}\n        {%- set messages = messages[1:] %}\n"
    "    {%- else %}\n"
    "        {{- raise_exception(\"Cannot put tools in the first user message when there's no first user message!\") }}\n"
    "{%- endif %}\n    {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}\n"
    "    {{- \"Given the following functions, please respond with a JSON for a function call \" }}\n"
    "    {{- \"with its proper arguments that best answers the given prompt.\\n\\n\" }}\n"
    "    {{- 'Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.' }}\n"
    "    {{- \"Do not use variables.\\n\\n\" }}\n    {%- for t in tools %}\n        {{- t | tojson(indent=4) }}\n"
    "        {{- \"\\n\\n\" }}\n    {%- endfor %}\n    {{- first_user_message + \"<|eot_id|>\"}}\n{%- endif %}\n\n"
    "{%- for message in messages %}\n"
    "    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}\n"
    "        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}\n"
    "    {%- elif 'tool_calls' in message %}\n        {%- if not message.tool_calls|length == 1 %}\n"
    "            {{- raise_exception(\"This model only supports single tool-calls at once!\") }}\n        {%- endif %}\n"
    "        {%- set tool_call = message.tool_calls[0].function %}\n"
    "        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}\n"
    "        {{- '{\"name\": \"' + tool_call.name + '\", ' }}\n        {{- '\"parameters\": ' }}\n"
    "        {{- tool_call.arguments | tojson }}\n        {{- \"}\" }}\n        {{- \"<|eot_id|>\" }}\n"
    "    {%- elif message.role == \"tool\" or message.role == \"ipython\" %}\n"
    "        {{- \"<|start_header_id|>ipython<|end_header_id|>\\n\\n\" }}\n"
    "        {%- if message.content is mapping or message.content is iterable %}\n"
    "            {{- message.content | tojson }}\n        {%- else %}\n            {{- message.content }}\n"
    "        {%- endif %}\n        {{- \"<|eot_id|>\" }}\n    {%- endif %}\n{%- endfor %}\n"
    "{%- if add_generation_prompt %}\n    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}\n{%- endif %}\n")

GEMMA2_TEMPLATE = (
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
    "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
    "{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}")

QWEN2_TEMPLATE = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")

FORMATS = {
    "llama3": (LLAMA32_TEMPLATE, "<|begin_of_text|>"),
    "gemma2": (GEMMA2_TEMPLATE, "<bos>"),
    "chatml": (QWEN2_TEMPLATE, None),
}

CONVERSATIONS = [
    [{"role": "user", "content": "Recommend me a movie like Heat."}],
    [{"role": "system", "content": "  You are a movie recommender.\n"},
     {"role": "user", "content": "I liked Arrival and Contact. "},
     {"role": "assistant", "content": "\n1. Interstellar\n2. Solaris\n"},
     {"role": "user", "content": "More like\tthose, please\u3000"}],
    [{"role": "user", "content": "\u00a0Caf\u00e9 cr\u00e8me \u2014 \u65e5\u672c\u8a9e?\u2028"},
     {"role": "assistant", "content": ""},
     {"role": "user", "content": "Line one\n\nLine two\r\n"}],
    [{"role": "user", "content": "Hi"}, {"role": "user", "content": "Again"}],
    [{"role": "system", "content": "Only a system turn"}],
]


def chat_goldens(out_dir):
    tok_file = os.path.join(HERE, "llama3_style.tokenizer.json")
    cases = []
    for fmt, (template, bos) in FORMATS.items():
        tok = PreTrainedTokenizerFast(tokenizer_file=tok_file)
        tok.chat_template = template
        if bos is not None:
            tok.bos_token = bos
        for conv_index, messages in enumerate(CONVERSATIONS):
            for add_prompt in (True, False):
                case = {"format": fmt, "conversation": conv_index, "add_generation_prompt": add_prompt}
                kwargs = {"date_string": "26 Jul 2024"} if fmt == "llama3" else {}
                try:
                    case["rendered"] = tok.apply_chat_template(messages, tokenize=False,
                                                               add_generation_prompt=add_prompt, **kwargs)
                except Exception as e:  # the template's raise_exception
                    case["error"] = str(e)
                cases.append(case)
    with open(os.path.join(out_dir, "chat_formats.json"), "w") as f:
        json.dump({"transformers": transformers.__version__, "conversations": CONVERSATIONS, "cases": cases}, f,
                  indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    torch.set_num_threads(1)
    for name, cls, config, dtype, seed in make_models():
        record(name, cls, config, dtype, out_dir, seed)
    chat_goldens(out_dir)


if __name__ == "__main__":
    main()
