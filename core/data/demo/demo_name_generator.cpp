#include "data/demo/demo_name_generator.h"

#include "common/error.h"
#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <cstdlib>

namespace crsw {

namespace {

bool isVowel(char c)
{
    c = demotext::lower(c);
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Three vowels or three consonants in a row read badly ("Aeia", "Vashbrim").
bool pronounceable(const std::string &word)
{
    int vowels = 0;
    int consonants = 0;
    for (char c : word) {
        if (isVowel(c)) {
            ++vowels;
            consonants = 0;
        } else {
            ++consonants;
            vowels = 0;
        }
        if (vowels > 2 || consonants > 2)
            return false;
    }
    return true;
}

std::string replaceAll(std::string text, const std::string &from, const std::string &to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

constexpr int kMaxAttempts = 100000;

} // namespace

DemoNameGenerator::DemoNameGenerator(DemoRandom &random) : m_random(random) {}

void DemoNameGenerator::reserve(const std::string &name)
{
    const std::string key = demotext::lowered(name);
    if (m_used.insert(key).second)
        m_ordered.push_back(key);
}

std::string DemoNameGenerator::inventedWord(int minSyllables, int maxSyllables)
{
    const auto &syllables = DemoVocabulary::syllables();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        const int count = m_random.between(minSyllables, maxSyllables);
        std::string word;
        for (int i = 0; i < count; ++i)
            word += m_random.pick(syllables);
        if (word.size() < 4 || word.size() > 10 || !pronounceable(word))
            continue;
        word[0] = demotext::upper(word[0]);
        return word;
    }
    throw Error("demo world: could not invent a word");
}

std::string DemoNameGenerator::personName()
{
    const auto &given = DemoVocabulary::givenNames();
    const auto &endings = DemoVocabulary::surnameEndings();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        // Two draws, two statements: the order of operands of `+` is unspecified.
        std::string surname = inventedWord(1, 2);
        surname += m_random.pick(endings);
        if (surname.size() < 4 || !pronounceable(surname))
            continue;
        const std::string name = m_random.pick(given) + " " + surname;
        if (m_used.count(demotext::lowered(name)))
            continue;
        reserve(name);
        return name;
    }
    throw Error("demo world: ran out of distinct person names");
}

std::string DemoNameGenerator::filmTitle(const std::vector<std::string> &titleNouns)
{
    const auto &patterns = DemoVocabulary::titlePatterns();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        std::string title = m_random.pick(patterns);
        title = replaceAll(title, "{W}", inventedWord(2, 3));
        title = replaceAll(title, "{N}", m_random.pick(titleNouns));
        const std::string key = demotext::lowered(title);
        if (!farFromAll(key))
            continue;
        reserve(title);
        return title;
    }
    throw Error("demo world: ran out of distinct film titles");
}

bool DemoNameGenerator::farFromAll(const std::string &key) const
{
    for (const std::string &other : m_ordered) {
        // The distance is at least the length difference: skip the DP then.
        const int lengthGap = std::abs(int(other.size()) - int(key.size()));
        if (lengthGap >= kMinTitleDistance)
            continue;
        if (editDistance(key, other) < kMinTitleDistance)
            return false;
    }
    return true;
}

int DemoNameGenerator::editDistance(const std::string &a, const std::string &b)
{
    const std::string x = demotext::lowered(a);
    const std::string y = demotext::lowered(b);
    std::vector<int> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = int(j);
    for (std::size_t i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

} // namespace crsw
