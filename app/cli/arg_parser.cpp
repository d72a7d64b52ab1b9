#include "arg_parser.h"

#include <cstdio>
#include <cstdlib>

namespace crsw::cli {

ArgParser::ArgParser(std::string usage, std::string summary) : m_usage(std::move(usage)), m_summary(std::move(summary)) {}

void ArgParser::option(const std::string &name, const std::string &valueName, const std::string &help, bool required,
                       const std::string &defaultValue)
{
    m_order.push_back(name);
    m_specs[name] = Spec{valueName, help, required, false, false, defaultValue};
}

void ArgParser::repeatable(const std::string &name, const std::string &valueName, const std::string &help)
{
    m_order.push_back(name);
    m_specs[name] = Spec{valueName, help, false, false, true, {}};
}

void ArgParser::flag(const std::string &name, const std::string &help)
{
    m_order.push_back(name);
    m_specs[name] = Spec{{}, help, false, true, false, {}};
}

const ArgParser::Spec &ArgParser::spec(const std::string &name) const
{
    const auto it = m_specs.find(name);
    if (it == m_specs.end())
        throw std::logic_error("undeclared option --" + name);
    return it->second;
}

bool ArgParser::parse(const std::vector<std::string> &args)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(help().c_str(), stdout);
            return false;
        }
        if (arg.rfind("--", 0) != 0)
            throw UsageError("unexpected argument '" + arg + "' (options start with --)");
        std::string name = arg.substr(2);
        std::string value;
        bool inlineValue = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        const auto it = m_specs.find(name);
        if (it == m_specs.end())
            throw UsageError("unknown option --" + name + " (see --help)");
        if (it->second.isFlag) {
            if (inlineValue)
                throw UsageError("--" + name + " takes no value");
            m_values[name].push_back("1");
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size())
                throw UsageError("--" + name + " needs a value (" + it->second.valueName + ")");
            value = args[++i];
        }
        if (!it->second.repeat && m_values.count(name))
            throw UsageError("--" + name + " given twice");
        m_values[name].push_back(value);
    }
    for (const auto &name : m_order) {
        const Spec &s = m_specs[name];
        if (s.required && !m_values.count(name))
            throw UsageError("missing --" + name + " " + s.valueName + " (see --help)");
    }
    return true;
}

bool ArgParser::has(const std::string &name) const
{
    spec(name);
    return m_values.count(name) > 0;
}

bool ArgParser::isSet(const std::string &name) const { return has(name); }

std::string ArgParser::value(const std::string &name) const
{
    const Spec &s = spec(name);
    const auto it = m_values.find(name);
    return it == m_values.end() ? s.defaultValue : it->second.back();
}

std::vector<std::string> ArgParser::values(const std::string &name) const
{
    spec(name);
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

long long ArgParser::integer(const std::string &name) const
{
    const std::string text = value(name);
    char *end = nullptr;
    const long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0')
        throw UsageError("--" + name + " expects an integer, got '" + text + "'");
    return parsed;
}

double ArgParser::number(const std::string &name) const
{
    const std::string text = value(name);
    char *end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0')
        throw UsageError("--" + name + " expects a number, got '" + text + "'");
    return parsed;
}

std::string ArgParser::help() const
{
    std::string text = "usage: " + m_usage + "\n\n" + m_summary + "\n\noptions:\n";
    for (const auto &name : m_order) {
        const Spec &s = m_specs.at(name);
        std::string left = "  --" + name + (s.isFlag ? "" : " " + s.valueName);
        if (left.size() < 30)
            left.resize(30, ' ');
        else
            left += "\n" + std::string(30, ' ');
        text += left + s.help;
        if (s.required)
            text += " (required)";
        if (!s.defaultValue.empty())
            text += " [default: " + s.defaultValue + "]";
        text += "\n";
    }
    return text;
}

} // namespace crsw::cli
