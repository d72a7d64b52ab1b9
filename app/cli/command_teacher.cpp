// crsw teacher: one tiny request to a teacher endpoint, to check the URL, the
// model name and the key before a long `crsw synth` run (the GUI's "Test
// connection"). No retries and no cache: what it prints is what the endpoint
// does right now.
#include "arg_parser.h"
#include "commands.h"
#include "http_teacher.h"

#include <cstdio>

namespace crsw::cli {

int commandTeacher(const std::vector<std::string> &args)
{
    ArgParser parser("crsw teacher --endpoint URL --model NAME [--prompt TEXT] [--timeout S]",
                     "Sends one short chat request to an OpenAI-compatible endpoint (no retries, no cache) and\n"
                     "prints the latency, the model that answered, its answer and token usage, or the error.\n"
                     "The API key comes from CRSW_API_KEY, OPENAI_API_KEY or the OS keyring, shown masked.\n"
                     "Exit status: 0 answered, 1 failed.");
    parser.option("endpoint", "URL", "the API root, e.g. https://api.openai.com/v1 or http://localhost:8000/v1", true);
    parser.option("model", "NAME", "the model to ask", true);
    parser.option("prompt", "TEXT", "what to ask", false, "Reply with the single word: ready");
    parser.option("timeout", "S", "seconds to wait for the answer", false, "30");
    if (!parser.parse(args))
        return 0;
    const double timeout = parser.number("timeout");
    if (timeout <= 0)
        throw UsageError("--timeout must be > 0");
    std::printf("Endpoint %s, model %s, API key %s\n", parser.value("endpoint").c_str(), parser.value("model").c_str(),
                describeApiKey(parser.value("endpoint")).c_str());
    const ConnectionCheck check =
        checkTeacherConnection(parser.value("endpoint"), parser.value("model"), parser.value("prompt"), timeout);
    if (!check.ok) {
        std::printf("Failed after %.0f ms: %s\n", check.milliseconds, check.error.c_str());
        return 1;
    }
    std::printf("Answered in %.0f ms by %s (finish_reason %s, %lld prompt + %lld completion tokens):\n%s\n",
                check.milliseconds, check.model.c_str(), check.finishReason.c_str(), check.promptTokens,
                check.completionTokens, check.answer.c_str());
    return 0;
}

} // namespace crsw::cli
