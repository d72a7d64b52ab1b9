#include "demo_world_files.h"

#include "common/line_reader.h"
#include "common/progress.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace crsw::test {

std::vector<Json> readJsonLines(const std::string &path)
{
    LineReader reader(path);
    std::vector<Json> lines;
    LineReader::Line line;
    while (reader.next(line))
        lines.push_back(Json::parse(line.text));
    return lines;
}

std::string readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string heNameFromUri(const std::string &uri)
{
    std::string name = uri.substr(uri.rfind('/') + 1);
    for (char &c : name)
        if (c == '_' || c == '-' || c == '>')
            c = ' ';
    name = std::regex_replace(name, std::regex("\\(.*?\\)"), "");
    name = std::regex_replace(name, std::regex("\\s+"), " ");
    return std::regex_replace(name, std::regex("^ | $"), "");
}

DemoWorldFiles DemoWorldFiles::generate(const std::string &root, const DemoWorldOptions &options)
{
    DemoWorldFiles files;
    files.paths = DemoWorldPaths::inFolder(root + "/seed", root + "/bench");
    Progress progress;
    files.summary = generateDemoWorld(files.paths, options, progress);
    files.meta = readJsonLines(files.paths.metadata);
    files.reviews = readJsonLines(files.paths.reviews);
    files.users = readJsonLines(files.paths.users);
    files.test = readJsonLines(files.paths.testSet);
    files.entity2id = Json::parse(readBytes(files.paths.entity2id));
    files.itemIds = Json::parse(readBytes(files.paths.itemIds));
    for (std::size_t i = 0; i < files.meta.size(); ++i)
        files.metaByAsin[files.meta[i]["parent_asin"].get<std::string>()] = i;
    for (std::size_t u = 0; u < files.users.size(); ++u)
        files.userById[files.users[u]["user_id"].get<std::string>()] = u;
    return files;
}

const Json &DemoWorldFiles::itemOf(const Json &review) const
{
    return meta[metaByAsin.at(review["parent_asin"].get<std::string>())];
}

const Json &DemoWorldFiles::userOf(const Json &review) const
{
    return users[userById.at(review["user_id"].get<std::string>())];
}

std::string DemoWorldFiles::subgenreOf(const std::string &asin) const
{
    return meta[metaByAsin.at(asin)]["categories"][2].get<std::string>();
}

std::map<std::string, int> DemoWorldFiles::reviewsPerSubgenre() const
{
    std::map<std::string, int> counts;
    for (const Json &r : reviews)
        ++counts[subgenreOf(r["parent_asin"].get<std::string>())];
    return counts;
}

} // namespace crsw::test
