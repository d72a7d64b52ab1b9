#pragma once

#include "teacher/chat_types.h"
#include "teacher/openai_chat_backend.h"
#include "teacher/price_table.h"

#include <QString>

namespace crsw {

/// The teacher endpoint as the Teacher & Dialogues page edits it. Saved in
/// QSettings ("teacher/..."), except the API key, which is never saved: it
/// comes from lookupApiKey() or is typed for the session only.
struct TeacherSettings {
    bool offline = true;              ///< the offline synthesizer (template-based, no LLM)
    QString baseUrl;                  ///< e.g. https://api.openai.com/v1 or http://localhost:8000/v1
    QString model;
    double temperature = 0.8;         ///< METHOD.md §4: 0.8 in the paper
    int maxTokens = 1024;
    int concurrency = 4;
    double requestsPerMinute = 0;     ///< 0 = no limit
    int timeoutSeconds = 120;

    /// The saved settings; with no endpoint saved, the offline synthesizer.
    static TeacherSettings load();
    /// Saves every field (never a key).
    void save() const;

    /// The host of baseUrl (what lookupApiKey() is asked about).
    QString host() const;
    /// The client's configuration: `sessionKey` when set, else the looked-up
    /// key at run time; `cachePath` for the response cache ("" = none);
    /// prices from priceTable().
    OpenAiChatConfig clientConfig(const QString &sessionKey, const QString &cachePath) const;
    /// Model, temperature and max tokens of the teacher's requests.
    ChatParams chatParams() const;
    /// The user's price table (PriceTable::defaultPath()) when it exists and
    /// reads, else the built-in defaults.
    static PriceTable priceTable();
};

} // namespace crsw
