#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace crsw::cli {

/// A command-line mistake; the message says what to fix. Exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Options of one subcommand: "--name VALUE" (or "--name=VALUE"), flags,
/// repeatable options; help text generated from the declarations.
class ArgParser {
public:
    ArgParser(std::string usage, std::string summary);

    /// Declares an option taking a value.
    void option(const std::string &name, const std::string &valueName, const std::string &help,
                bool required = false, const std::string &defaultValue = {});
    /// Declares an option that may be given several times.
    void repeatable(const std::string &name, const std::string &valueName, const std::string &help);
    /// Declares a flag (no value).
    void flag(const std::string &name, const std::string &help);

    /// Parses the arguments after the subcommand. Throws UsageError. Returns
    /// false when --help was asked for (help() was printed).
    bool parse(const std::vector<std::string> &args);

    bool has(const std::string &name) const;
    std::string value(const std::string &name) const;
    std::vector<std::string> values(const std::string &name) const;
    bool isSet(const std::string &name) const;
    /// The value as an integer / a number; UsageError naming the option otherwise.
    long long integer(const std::string &name) const;
    double number(const std::string &name) const;

    std::string help() const;

private:
    struct Spec {
        std::string valueName;
        std::string help;
        bool required = false;
        bool isFlag = false;
        bool repeat = false;
        std::string defaultValue;
    };
    const Spec &spec(const std::string &name) const;

    std::string m_usage;
    std::string m_summary;
    std::vector<std::string> m_order;
    std::map<std::string, Spec> m_specs;
    std::map<std::string, std::vector<std::string>> m_values;
};

} // namespace crsw::cli
