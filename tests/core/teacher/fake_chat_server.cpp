#include "fake_chat_server.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <mutex>

namespace crsw::test {

using nlohmann::json;

const char *faultName(Fault fault)
{
    switch (fault) {
    case Fault::None: return "none";
    case Fault::NoUsage: return "no-usage";
    case Fault::RateLimited: return "429";
    case Fault::ServerError: return "500";
    case Fault::Unavailable: return "503";
    case Fault::Slow: return "slow";
    case Fault::Reset: return "reset";
    case Fault::MalformedJson: return "malformed-json";
    case Fault::Truncated: return "truncated";
    case Fault::Length: return "length";
    case Fault::EmptyChoices: return "empty-choices";
    case Fault::NonStringContent: return "non-string-content";
    case Fault::Unauthorized: return "401";
    }
    return "?";
}

std::string FakeChatServer::answerFor(const std::string &key)
{
    return "answer:" + key;
}

struct FakeChatServer::Shared {
    FakeChatServerOptions options;
    QElapsedTimer clock;
    mutable std::mutex mutex;
    std::vector<ServedRequest> log;          // guarded by mutex
    std::map<std::string, int> seen;         // guarded by mutex
    quint16 port = 0;
};

namespace {

// The server's per-thread object: accepts connections, parses requests, answers by plan.
class ServerCore : public QObject {
public:
    explicit ServerCore(FakeChatServer::Shared &shared) : m_shared(shared)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] { m_buffers.erase(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_server.setMaxPendingConnections(1000);
    }
    ~ServerCore() override
    {
        // No socket signal may reach this half-destroyed object.
        for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
            socket->disconnect(this);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (socket->property("busy").toBool())
            return; // one request at a time per connection; the rest waits in the buffer
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        qsizetype length = 0;
        std::string authorization;
        for (const QByteArray &raw : lines) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "authorization")
                authorization = value.toStdString();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        const QByteArray body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        socket->setProperty("busy", true);
        handle(socket, body, authorization);
    }

    void handle(QTcpSocket *socket, const QByteArray &body, const std::string &authorization)
    {
        const json request = json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
        std::string key = "?";
        std::string model = "fake-model";
        if (request.is_object() && request.contains("messages") && request["messages"].is_array() &&
            !request["messages"].empty())
            key = request["messages"].back().value("content", std::string("?"));
        if (request.is_object() && request.contains("model") && request["model"].is_string())
            model = request["model"].get<std::string>();

        std::size_t entry = 0;
        Fault fault = Fault::None;
        {
            std::lock_guard<std::mutex> lock(m_shared.mutex);
            const int attempt = ++m_shared.seen[key];
            if (m_shared.options.plan)
                fault = m_shared.options.plan(key, attempt);
            ServedRequest served;
            served.key = key;
            served.attempt = attempt;
            served.fault = fault;
            served.arrivedMs = m_shared.clock.elapsed();
            served.authorization = authorization;
            m_shared.log.push_back(served);
            entry = m_shared.log.size() - 1;
        }
        const FakeChatServerOptions &o = m_shared.options;
        const QPointer<QTcpSocket> guard(socket);
        const auto later = [this, guard](int ms, std::function<void()> action) {
            QTimer::singleShot(ms, this, [guard, action = std::move(action)] {
                if (guard && guard->state() == QAbstractSocket::ConnectedState)
                    action();
            });
        };
        switch (fault) {
        case Fault::RateLimited:
            later(0, [=] {
                reply(guard, entry, 429, R"({"error":{"message":"Rate limit reached","type":"requests"}})",
                      "Retry-After: " + std::to_string(o.retryAfterSeconds) + "\r\n");
            });
            return;
        case Fault::ServerError:
            later(0, [=] { reply(guard, entry, 500, R"({"error":{"message":"internal error"}})"); });
            return;
        case Fault::Unavailable:
            later(0, [=] { reply(guard, entry, 503, "<html>Service Unavailable</html>"); });
            return;
        case Fault::Unauthorized:
            later(0, [=] { reply(guard, entry, 401, R"({"error":{"message":"Incorrect API key provided"}})"); });
            return;
        case Fault::Reset:
            later(0, [guard] { guard->abort(); });
            return;
        default:
            break;
        }
        const int delay = fault == Fault::Slow ? o.slowMs : o.latencyMs;
        later(delay, [=] {
            json answer = {{"id", "chatcmpl-" + key},
                           {"object", "chat.completion"},
                           {"created", 1700000000},
                           {"model", model},
                           {"choices", json::array({{{"index", 0},
                                                     {"message", {{"role", "assistant"}, {"content", o.answer ? o.answer(key) : FakeChatServer::answerFor(key)}}},
                                                     {"finish_reason", "stop"},
                                                     {"logprobs", nullptr}}})},
                           {"usage", {{"prompt_tokens", 12}, {"completion_tokens", 5}, {"total_tokens", 17}}},
                           {"system_fingerprint", "fp_fake"}};
            switch (fault) {
            case Fault::NoUsage:
                answer.erase("usage");
                answer.erase("model");
                answer["timings"] = {{"predicted_ms", 1.5}};
                break;
            case Fault::Length:
                answer["choices"][0]["finish_reason"] = "length";
                break;
            case Fault::EmptyChoices:
                answer["choices"] = json::array();
                break;
            case Fault::NonStringContent:
                answer["choices"][0]["message"]["content"] = 42;
                break;
            case Fault::MalformedJson:
                reply(guard, entry, 200, R"({"id": "chatcmpl-x", "choices": [{"message": {"content": "unterminated)");
                return;
            case Fault::Truncated: {
                const std::string text = answer.dump();
                const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                         std::to_string(text.size()) + "\r\n\r\n";
                guard->write(QByteArray::fromStdString(head + text.substr(0, text.size() / 2)));
                guard->flush();
                guard->disconnectFromHost();
                markResponded(entry, false);
                return;
            }
            default:
                break;
            }
            const bool good = fault == Fault::None || fault == Fault::NoUsage || fault == Fault::Slow;
            reply(guard, entry, 200, answer.dump(), {}, good);
        });
    }

    void markResponded(std::size_t entry, bool answered)
    {
        std::lock_guard<std::mutex> lock(m_shared.mutex);
        m_shared.log[entry].respondedMs = m_shared.clock.elapsed();
        m_shared.log[entry].answered = answered;
    }

    void reply(QTcpSocket *socket, std::size_t entry, int status, const std::string &body,
               const std::string &extraHeaders = {}, bool answered = false)
    {
        static const std::map<int, const char *> reasons = {
            {200, "OK"}, {401, "Unauthorized"}, {429, "Too Many Requests"}, {500, "Internal Server Error"},
            {503, "Service Unavailable"}};
        const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reasons.at(status) +
                                 "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                                 "\r\n" + extraHeaders + "Connection: keep-alive\r\n\r\n";
        socket->write(QByteArray::fromStdString(head + body));
        markResponded(entry, answered);
        socket->setProperty("busy", false);
        // A pipelined or queued next request may already be in the buffer.
        if (!m_buffers[socket].isEmpty())
            QTimer::singleShot(0, socket, [this, socket] { onData(socket); });
    }

    FakeChatServer::Shared &m_shared;
    // Declared before m_server so it outlives the sockets (m_server's
    // children), whose disconnected() still fires while they are destroyed.
    std::map<QTcpSocket *, QByteArray> m_buffers;
    QTcpServer m_server;
};

} // namespace

class FakeChatServer::Thread : public QThread {
public:
    explicit Thread(Shared &shared) : m_shared(shared) {}
    bool ok = false;
    QSemaphore ready;

protected:
    void run() override
    {
        ServerCore core(m_shared);
        ok = core.listen();
        m_shared.port = core.port();
        ready.release();
        if (ok)
            exec();
    }

private:
    Shared &m_shared;
};

FakeChatServer::FakeChatServer(FakeChatServerOptions options) : m_shared(std::make_shared<Shared>())
{
    m_shared->options = std::move(options);
    m_shared->clock.start();
}

FakeChatServer::~FakeChatServer()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

bool FakeChatServer::start()
{
    m_thread = std::make_unique<Thread>(*m_shared);
    m_thread->start();
    m_thread->ready.acquire();
    return m_thread->ok;
}

quint16 FakeChatServer::port() const
{
    return m_shared->port;
}

std::string FakeChatServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(port()) + "/v1";
}

std::vector<ServedRequest> FakeChatServer::log() const
{
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    return m_shared->log;
}

std::map<std::string, int> FakeChatServer::answersPerKey() const
{
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    std::map<std::string, int> counts;
    for (const ServedRequest &r : m_shared->log)
        if (r.answered)
            ++counts[r.key];
    return counts;
}

std::size_t FakeChatServer::answeredCount() const
{
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    std::size_t n = 0;
    for (const ServedRequest &r : m_shared->log)
        n += r.answered ? 1 : 0;
    return n;
}

qint64 FakeChatServer::nowMs() const
{
    return m_shared->clock.elapsed();
}

} // namespace crsw::test
