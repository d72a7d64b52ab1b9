// The student model against PyTorch eager (transformers' LlamaForCausalLM,
// PEFT for LoRA) in the same run, same weights, same inputs, same thread
// count: training tokens/s (forward + backward + clip + AdamW, full and LoRA
// q_proj,v_proj r 16, fp32 and bf16 autocast), greedy KV-cache generation
// tokens/s (batch 1 and 8), and the peak memory (VmHWM) of each workload's
// own child process. Medians of timed iterations after warm-up.
// --gpu: a Llama-3.2-1B-shaped model (random weights) trained in bf16
// autocast, LoRA and full, on CUDA (build against a CUDA libtorch, see
// README), with tokens/s and model-FLOPs utilisation against --peak-tflops.
// Exits non-zero only on a correctness failure: the first-step loss differs
// from the reference's (fp32: by more than 1e-4) or the greedy tokens differ,
// or our side fails; never on time.
//   bench_student [--smoke]                     (python: $CRSW_PYTHON, else python3)
//   bench_student --gpu [--smoke] [--device cuda:N] [--peak-tflops T]
//   bench_student --child DIR WORKLOAD          (one workload of ours, a JSON line)
//   bench_student --write DIR [--smoke]         (only the files, to profile a workload by hand)
#include "bench_util.h"
#include "student_workload.h"

#include <nlohmann/json.hpp>

#include "common/blas_kernels.h"
#include "model/compute_device.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

using namespace crsw;
namespace fs = std::filesystem;

namespace {

/// Sizes of the run. Full: a ~21 M parameter Llama (hidden 512, 6 layers,
/// 8 heads over 2 KV heads, vocab 4096), batch 8 x 256, 128 new tokens.
nlohmann::json benchSettings(bool smoke)
{
    nlohmann::json s;
    s["model"] = smoke ? nlohmann::json{{"hidden", 64}, {"intermediate", 176}, {"layers", 2}, {"heads", 4},
                                        {"kv_heads", 2}, {"vocab", 512}}
                       : nlohmann::json{{"hidden", 512}, {"intermediate", 1376}, {"layers", 6}, {"heads", 8},
                                        {"kv_heads", 2}, {"vocab", 4096}};
    s["batch"] = smoke ? 2 : 8;
    s["seq"] = smoke ? 32 : 256;
    s["prompts"] = 8;
    s["prompt_min"] = smoke ? 4 : 24;
    s["prompt_max"] = smoke ? 12 : 32;
    s["new_tokens"] = smoke ? 16 : 128;
    s["warmup"] = 1;
    s["iterations"] = smoke ? 2 : 5;
    s["threads"] = 2;
    s["seed"] = 20250601;
    s["device"] = "cpu";
    s["lora"] = {{"r", 16}, {"alpha", 32}, {"dropout", 0.05}, {"targets", {"q_proj", "v_proj"}}};
    // core/train's defaults (SftOptions), at a constant rate.
    s["optim"] = {{"lr", 2e-4}, {"weight_decay", 0.01}, {"betas", {0.9, 0.999}}, {"eps", 1e-8}, {"max_grad_norm", 1.0}};
    return s;
}

/// The --gpu run: Llama-3.2-1B's shape (1.24 B parameters, tied embeddings,
/// rope theta 500000), batch 8 x 1024, bf16 weights on disk; --smoke keeps the
/// tiny model so the code path runs anywhere (on the CPU without a GPU).
nlohmann::json gpuSettings(bool smoke, const std::string &device)
{
    nlohmann::json s = benchSettings(true);
    if (!smoke) {
        s["model"] = {{"hidden", 2048}, {"intermediate", 8192}, {"layers", 16}, {"heads", 32}, {"kv_heads", 8},
                      {"vocab", 128256}, {"tie", true}, {"rope_theta", 500000.0}};
        s["batch"] = 8;
        s["seq"] = 1024;
        s["warmup"] = 2;
        s["iterations"] = 5;
        s["weights"] = "bf16";
    }
    s["threads"] = 0; // the CPU only feeds the GPU
    s["device"] = device;
    return s;
}

/// Model FLOPs of one trained token (PaLM's accounting, as MFU is usually
/// quoted): 2 per weight of every matrix product forward, twice that backward
/// (activation and weight gradients; a frozen LoRA base has no weight
/// gradients: 4 instead of 6), plus attention's scores and mixing, 12 x layers
/// x hidden x seq (forward + backward, causal masking not discounted). The
/// embedding lookup is free; a tied lm_head counts as its product.
double flopsPerToken(const nlohmann::json &s, bool lora)
{
    const nlohmann::json &m = s.at("model");
    const double d = m.at("hidden"), ff = m.at("intermediate"), layers = m.at("layers"), vocab = m.at("vocab");
    const double heads = m.at("heads"), kv = m.at("kv_heads"), headDim = d / heads;
    const double perLayer = d * d * 2 + 2 * d * kv * headDim + 3 * d * ff; // q, o; k, v; gate, up, down
    const double matrices = layers * perLayer + vocab * d;
    return (lora ? 4.0 : 6.0) * matrices + 12.0 * layers * d * s.at("seq").get<double>();
}

/// A child's JSON summary, or null (with its output printed) when it failed.
nlohmann::json runChild(const std::string &command, const char *who, int &status)
{
    const std::string output = bench::runCommand(command + " 2>&1", status);
    const std::string line = bench::lastJsonLine(output);
    if (status == 0 && !line.empty())
        return nlohmann::json::parse(line);
    if (status != 3) // 3: the reference's packages are missing, reported by the caller
        std::printf("  %s failed (exit %d):\n%s\n", who, status, output.c_str());
    return nullptr;
}

struct Row {
    std::string workload;
    nlohmann::json ours, reference;
};

void printTable(const std::vector<Row> &rows, const nlohmann::json &settings, double peakTflops)
{
    std::printf("\n%-34s %12s %12s %8s\n", "figure", "ours", "reference", "ratio");
    auto line = [](const std::string &figure, double ours, double reference, double ratio) {
        if (reference > 0)
            std::printf("%-34s %12.1f %12.1f %7.2fx\n", figure.c_str(), ours, reference, ratio);
        else
            std::printf("%-34s %12.1f %12s %8s\n", figure.c_str(), ours, "-", "-");
    };
    for (const Row &r : rows) {
        auto rate = [](const nlohmann::json &j) {
            return j.is_null() ? 0.0 : j.at("tokens_per_iteration").get<double>() / j.at("median_seconds").get<double>();
        };
        const double ours = rate(r.ours), reference = rate(r.reference);
        line(r.workload + " tokens/s", ours, reference, reference > 0 ? ours / reference : 0);
    }
    std::printf("(ratio: ours / reference, target >= 1.0x)\n\n");
    if (peakTflops > 0) {
        for (const Row &r : rows) {
            const double flops = flopsPerToken(settings, r.workload.find("lora") != std::string::npos);
            auto mfu = [&](const nlohmann::json &j) {
                return j.is_null() ? 0.0
                                   : 100.0 * flops * j.at("tokens_per_iteration").get<double>()
                                         / j.at("median_seconds").get<double>() / (peakTflops * 1e12);
            };
            line(r.workload + " MFU %", mfu(r.ours), mfu(r.reference),
                 r.reference.is_null() || mfu(r.reference) <= 0 ? 0 : mfu(r.ours) / mfu(r.reference));
        }
        std::printf("(model FLOPs / token: full %.3g, LoRA %.3g; peak %.1f TFLOP/s bf16)\n\n",
                    flopsPerToken(settings, false), flopsPerToken(settings, true), peakTflops);
    }
    for (const Row &r : rows) {
        const double ours = r.ours.at("peak_kb").get<double>() / 1024.0;
        const double reference = r.reference.is_null() ? 0.0 : r.reference.at("peak_kb").get<double>() / 1024.0;
        line(r.workload + " peak MB", ours, reference, ours > 0 ? reference / ours : 0);
    }
    std::printf("(ratio: reference / ours, > 1.0x = ours smaller; VmHWM of each workload's own process)\n");
}

/// The correctness checks of one workload; false on a failure.
bool check(const Row &r)
{
    if (r.reference.is_null())
        return true;
    if (r.workload.rfind("train-", 0) == 0) {
        const double ours = r.ours.at("losses")[0], reference = r.reference.at("losses")[0];
        const double ours2 = r.ours.at("losses")[1], reference2 = r.reference.at("losses")[1];
        // bf16: both round to 8 bits of mantissa, in different kernels (measured: ~1e-4 apart),
        // so only a gross autocast error shows. LoRA's second loss also differs by the A each
        // side draws from its own generator: informative only.
        const bool bf16 = r.workload.find("bf16") != std::string::npos;
        const double tolerance = bf16 ? 5e-3 : 1e-4;
        const bool ok = std::abs(ours - reference) <= tolerance;
        std::printf("  %-16s first-step loss ours %.6f reference %.6f |diff| %.2e (tolerance %.0e) %s;"
                    " after one AdamW step |diff| %.2e\n",
                    r.workload.c_str(), ours, reference, std::abs(ours - reference), tolerance, ok ? "ok" : "FAIL",
                    std::abs(ours2 - reference2));
        return ok;
    }
    const bool same = r.ours.at("tokens") == r.reference.at("tokens");
    std::printf("  %-16s greedy tokens %s the reference's\n", r.workload.c_str(),
                same ? "identical to" : "DIFFER from");
    if (!same)
        std::printf("    ours      %s\n    reference %s\n", r.ours.at("tokens").dump().c_str(),
                    r.reference.at("tokens").dump().c_str());
    return same;
}

/// Removes a folder when the run ends, however it ends (empty path: keeps nothing to remove).
struct FolderRemover {
    std::string path;
    ~FolderRemover()
    {
        // The throwing overload: pip's libtorch 2.11 exports a broken
        // remove_all(path, error_code&) that our binary binds to (it crashed here).
        try {
            if (!path.empty())
                fs::remove_all(path);
        } catch (const std::exception &) {
        }
    }
};

} // namespace

int main(int argc, char **argv)
{
    if (argc == 4 && std::string(argv[1]) == "--child") {
        try {
            std::printf("%s\n", bench::runStudentWorkload(argv[2], argv[3]).dump().c_str());
            return 0;
        } catch (const std::exception &e) {
            std::fprintf(stderr, "bench_student --child %s: %s\n", argv[3], e.what());
            return 1;
        }
    }
    std::vector<std::string> args(argv + 1, argv + argc);
    auto has = [&](const char *flag) { return std::find(args.begin(), args.end(), flag) != args.end(); };
    auto valueOf = [&](const char *option, const std::string &fallback) {
        const auto at = std::find(args.begin(), args.end(), option);
        return at != args.end() && at + 1 != args.end() ? *(at + 1) : fallback;
    };
    const bool writeOnly = args.size() > 1 && args[0] == "--write";
    const bool smoke = has("--smoke");
    const bool gpu = has("--gpu");
    std::string device = "cpu";
    if (gpu) {
        try {
            device = resolveComputeDevice(valueOf("--device", smoke ? "auto" : "cuda"));
        } catch (const std::exception &e) {
            std::printf("SKIP --gpu: %s (build against a CUDA libtorch on a machine with a GPU; see README)\n",
                        e.what());
            return 0;
        }
    }
    // H100 / H200 SXM: 989.4 dense bf16 TFLOP/s; pass the card's own figure for others.
    double peakTflops = 0.0;
    if (gpu) {
        const std::string peak = valueOf("--peak-tflops", "989.4");
        char *end = nullptr;
        peakTflops = std::strtod(peak.c_str(), &end);
        if (end == peak.c_str() || *end != '\0' || !(peakTflops > 0.0)) {
            std::fprintf(stderr, "bench_student: --peak-tflops: '%s' is not a positive number\n", peak.c_str());
            return 2;
        }
    }
    const nlohmann::json settings = gpu ? gpuSettings(smoke, device) : benchSettings(smoke);
    // A per-process folder: the CPU and GPU smoke tests run side by side under ctest -j, and
    // a shared folder let one remove the other's model files mid-run. In the working
    // directory (the build tree), not /tmp, which may be memory: the GPU model is 2.5 GB.
    const std::string dir =
        fs::absolute(writeOnly ? args[1] : "bench_student_files." + std::to_string(::getpid())).string();
    fs::remove_all(dir);
    const FolderRemover removeAtExit{writeOnly ? std::string() : dir};
    fs::create_directories(dir);
    std::printf("writing the model files ...\n");
    std::fflush(stdout);
    bench::writeStudentFiles(dir, settings);
    if (writeOnly)
        return 0;
    const nlohmann::json &m = settings["model"];
    std::printf("%s Llama: hidden %d, %d layers, %d heads / %d KV heads, vocab %d; train batch %d x %d; "
                "generate %d new tokens; %s threads; warm-up %d, median of %d; device %s\n",
                gpu && !smoke ? "Llama-3.2-1B-shaped" : "tiny", m["hidden"].get<int>(), m["layers"].get<int>(),
                m["heads"].get<int>(), m["kv_heads"].get<int>(), m["vocab"].get<int>(), settings["batch"].get<int>(),
                settings["seq"].get<int>(), settings["new_tokens"].get<int>(),
                settings["threads"].get<int>() > 0 ? std::to_string(settings["threads"].get<int>()).c_str() : "all",
                settings["warmup"].get<int>(), settings["iterations"].get<int>(), device.c_str());

    // Both sides' children inherit this. With the default (spinning) policy, idle OpenMP
    // workers compete with OpenBLAS's own threads (ours) and with other users' processes
    // (both) for the 2 cores: figures then swing 3-70x from run to run. crsw train's help
    // recommends the same setting on a busy machine. An explicit setting is kept.
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    std::printf("OMP_WAIT_POLICY=%s for both sides\n", std::getenv("OMP_WAIT_POLICY"));
    // Our fp32 GEMMs are OpenBLAS's (the reference's are MKL's, inside PyTorch): say which kernels ran.
    const char *forced = std::getenv("OPENBLAS_CORETYPE");
    if (*blasCoreName())
        std::printf("our BLAS: OpenBLAS %s kernels%s%s%s\n", blasCoreName(), forced ? " (OPENBLAS_CORETYPE=" : "",
                    forced ? forced : "", forced ? " in the environment)" : "");
    else
        std::printf("our BLAS: libtorch's own (not OpenBLAS)\n");
    const std::string python = bench::referencePython();
    // The script beside the sources, or $CRSW_STUDENT_REFERENCE where the binary runs away
    // from them (packaging/device-gpu-bench.sh on a GPU machine).
    const char *scriptFromEnv = std::getenv("CRSW_STUDENT_REFERENCE");
    const std::string referenceScript = scriptFromEnv && *scriptFromEnv ? scriptFromEnv : CRSW_STUDENT_REFERENCE;
    const bool haveReference = bench::pythonImports(python, "torch, transformers, peft, numpy");
    int status = 0;
    if (!haveReference)
        std::printf("SKIP reference: %s lacks torch, transformers, peft or numpy (set CRSW_PYTHON to the venv's python)\n",
                    python.c_str());

    const std::string self = fs::read_symlink("/proc/self/exe").string();
    std::vector<Row> rows;
    bool ok = true;
    const std::vector<std::string> workloads =
        gpu ? std::vector<std::string>{"train-full-bf16", "train-lora-bf16"}
            : std::vector<std::string>{"train-full-fp32", "train-full-bf16", "train-lora-fp32", "train-lora-bf16",
                                       "generate-1", "generate-8"};
    for (const std::string &workload : workloads) {
        std::printf("%s ...\n", workload.c_str());
        std::fflush(stdout);
        Row row{workload, {}, {}};
        const std::string args = " " + bench::shellQuoted(dir) + " " + workload;
        row.ours = runChild(bench::shellQuoted(self) + " --child" + args, "ours", status);
        if (row.ours.is_null()) {
            ok = false;
            continue;
        }
        if (haveReference) {
            row.reference = runChild(bench::shellQuoted(python) + " " + bench::shellQuoted(referenceScript) + args,
                                     "reference", status);
            ok = !(row.reference.is_null() && status != 3) && ok;
        }
        rows.push_back(row);
    }
    printTable(rows, settings, peakTflops);
    std::printf(haveReference ? "\nchecks (same weights, same inputs):\n" : "\nchecks skipped (no reference)\n");
    for (const Row &row : rows)
        ok = check(row) && ok;
    if (haveReference && !rows.empty() && !rows.front().reference.is_null())
        std::printf("reference: torch %s, transformers LlamaForCausalLM (PyTorch eager, %s attention), PEFT%s%s\n",
                    rows.front().reference.value("torch", "?").c_str(),
                    rows.front().reference.value("attention", "default").c_str(),
                    rows.front().reference.contains("gpu") ? "; GPU " : "",
                    rows.front().reference.value("gpu", "").c_str());
    std::printf("%s\n", ok ? "OK" : "FAILED (correctness)");
    return ok ? 0 : 1;
}
