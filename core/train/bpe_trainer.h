#pragma once

#include "common/chat_message.h"
#include "common/progress.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crsw {

/// Options of trainByteLevelBpe.
struct BpeTrainOptions {
    /// Tokens of the finished tokenizer, the 256 bytes and the 6 specials
    /// included (merges add the rest); learning also stops earlier when no
    /// pair occurs minFrequency times.
    std::size_t vocabSize = 4096;
    std::int64_t minFrequency = 2;
};

/// Byte-level BPE merges learnt from text (METHOD.md §5's scratch student):
/// the text is cut at the special tokens, split into words by GPT-2's
/// pre-tokenizer expression (as the tokenizer splits it when encoding), and
/// the most frequent adjacent pair of symbols, counted over the words, is
/// merged again and again (ties: the pair of smaller ids). Merges are written
/// in GPT-2's byte alphabet ("Ġ" for a space), in the order learnt.
/// Deterministic: the same texts give the same merges. Reports the share of
/// the vocabulary learnt; throws crsw::Cancelled when `progress` is cancelled.
std::vector<std::pair<std::string, std::string>> trainByteLevelBpe(const std::vector<std::string> &texts,
                                                                   const BpeTrainOptions &options, Progress &progress);
/// The same without progress reports.
std::vector<std::pair<std::string, std::string>> trainByteLevelBpe(const std::vector<std::string> &texts,
                                                                   const BpeTrainOptions &options = {});

/// The texts a scratch tokenizer learns from: each conversation rendered in
/// the Llama 3 chat format as fine-tuning renders it (fixed date), so the
/// headers, the prompts and the answers are all learnt.
std::vector<std::string> chatTrainingTexts(const std::vector<std::vector<ChatMessage>> &conversations);

} // namespace crsw
