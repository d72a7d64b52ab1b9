#pragma once

#include <string>

namespace crsw {

/// An API key and where it came from. The key is never written to a file or
/// a log; show it only through maskedKey().
struct ApiKey {
    std::string key;     ///< empty when none was found (local servers need none)
    std::string source;  ///< "CRSW_API_KEY", "OPENAI_API_KEY", "keyring" or "" (none)
};

/// Finds the API key for an endpoint host, first match wins: the environment
/// variable CRSW_API_KEY, then OPENAI_API_KEY, then the OS keyring through
/// `secret-tool lookup service crsw-workbench account <host>` when secret-tool
/// is on PATH (libsecret: GNOME Keyring, KWallet).
ApiKey lookupApiKey(const std::string &endpointHost);

/// The key as the UI shows it: "sk-…abcd" (first 3 and last 4 characters);
/// "…" alone for keys too short to show any of it safely, "" for no key.
std::string maskedKey(const std::string &key);

} // namespace crsw
