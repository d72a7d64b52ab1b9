#include "terminal_progress.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>

#include <unistd.h>

namespace crsw::cli {

namespace {

// The signal handler only touches lock-free atomics: Progress::cancel() is a
// single atomic store, so the running job sees it at its next check.
std::atomic<int> g_interrupts{0};
std::atomic<Progress *> g_active{nullptr};

extern "C" void onInterrupt(int)
{
    if (g_interrupts.fetch_add(1) >= 1)
        std::_Exit(130);
    if (Progress *progress = g_active.load())
        progress->cancel();
}

std::mutex g_drawMutex;

} // namespace

TerminalProgress::TerminalProgress(const std::string &task)
    : m_task(task),
      m_tty(::isatty(STDERR_FILENO) != 0),
      m_progress([this](double f, const std::string &m) { draw(f, m); },
                 std::chrono::milliseconds(::isatty(STDERR_FILENO) ? 100 : 5000))
{
    g_interrupts = 0;
    g_active = &m_progress;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

TerminalProgress::~TerminalProgress()
{
    finish();
    g_active = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void TerminalProgress::draw(double fraction, const std::string &message)
{
    std::lock_guard<std::mutex> lock(g_drawMutex);
    char percent[16] = "    ";
    if (fraction >= 0)
        std::snprintf(percent, sizeof percent, "%3.0f%%", fraction * 100.0);
    if (m_tty) {
        std::fprintf(stderr, "\r\033[K%s [%s] %s", m_task.c_str(), percent, message.c_str());
        m_drawn = true;
    } else {
        std::fprintf(stderr, "%s [%s] %s\n", m_task.c_str(), percent, message.c_str());
    }
    std::fflush(stderr);
}

void TerminalProgress::finish()
{
    std::lock_guard<std::mutex> lock(g_drawMutex);
    if (m_drawn) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        m_drawn = false;
    }
}

} // namespace crsw::cli
