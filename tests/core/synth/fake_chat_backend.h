#pragma once
// A ChatBackend for the tests: answers from the request alone (the same
// request, the same answer, as a response cache would), fails chosen requests
// on their first attempt, and can cancel the run after a number of results.

#include "teacher/chat_backend.h"

#include <set>
#include <string>
#include <vector>

namespace crsw::test {

class FakeChatBackend : public ChatBackend {
public:
    struct Options {
        std::size_t failModulo = 0;  ///< fail a request's first attempt when hash(id) % failModulo == 0 (0: never)
        std::size_t cancelAfter = 0; ///< cancel after this many results in all (0: never)
    };

    /// `catalog`: titles the recommendations are drawn from (plus one invented title per answer).
    FakeChatBackend(std::vector<std::string> catalog, Options options);

    std::string describe() const override { return "fake teacher (tests)"; }
    ChatRunTotals run(const std::vector<ChatRequest> &requests, const ChatResultSink &sink, Progress &progress) override;

    /// The invented title of every answer to prompt 2: it matches no catalog item.
    static constexpr const char *kInvented = "Zzqx Vvvkkjj Unfindable Film";

private:
    std::string answer(const ChatRequest &request) const;

    std::vector<std::string> m_catalog;
    Options m_options;
    std::set<std::string> m_seen; // ids already attempted (the second attempt succeeds)
    std::size_t m_results = 0;
};

} // namespace crsw::test
