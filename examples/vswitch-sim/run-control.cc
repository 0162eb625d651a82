/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: SIGINT / SIGTERM and write failures stop the simulation.
 */
#include "run-control.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

NS_LOG_COMPONENT_DEFINE("VswitchSimRunControl");

namespace vsim
{

namespace
{

volatile sig_atomic_t g_signal = 0;            //!< the first signal
volatile sig_atomic_t g_chained = 0;           //!< a second signal goes to the handler found
int g_pipe[2] = {-1, -1};                      //!< handler -> watcher: 1 a signal, 0 quit
const int kSignals[2] = {SIGINT, SIGTERM};     //!< the signals watched
struct sigaction g_old[2];                     //!< the handlers found, by kSignals' index
volatile sig_atomic_t g_installed[2] = {0, 0}; //!< whether Start() replaced that handler
std::thread g_watcher;                         //!< turns a signal into a stop of the simulation
uint64_t g_events = 0;                         //!< stop events run
bool g_failed = false;                         //!< an output failed
std::string g_failedFile;                      //!< which
std::string g_failedReason;                    //!< why

/// Async-signal-safe: write(2), signal(), raise() only.
extern "C" void
OnSignal(int sig)
{
    int saved = errno;
    if (g_signal != 0)
    {
        if (g_chained)
        {
            // The second signal: to the handler that was there before (raised once this
            // handler returns, both being blocked while it runs).
            const int i = sig == SIGINT ? 0 : 1;
            sigaction(sig, &g_old[i], nullptr);
            g_installed[i] = 0;
        }
        else
        {
            // The second signal: end now, by the signal, as if there were no handler.
            std::signal(sig, SIG_DFL);
        }
        std::raise(sig);
        errno = saved;
        return;
    }
    g_signal = sig;
    static const char msg[] = "\nvswitch-sim: interrupted: stopping at the current event and "
                              "writing the results (a second signal ends the run at once)\n";
    static const char chainedMsg[] = "\nvswitch: interrupted: stopping the simulation at the "
                                     "current event\n";
    ssize_t ignored = g_chained ? ::write(2, chainedMsg, sizeof(chainedMsg) - 1)
                                : ::write(2, msg, sizeof(msg) - 1);
    const char one = 1;
    ignored = ::write(g_pipe[1], &one, 1);
    (void)ignored;
    errno = saved;
}

/// Runs in the main thread, as an ns-3 event.
void
StopNow()
{
    NS_LOG_FUNCTION_NOARGS();
    ++g_events;
    ns3::Simulator::Stop();
}

/// The watcher thread.
void
Watch()
{
    char byte = 0;
    while (true)
    {
        ssize_t n = ::read(g_pipe[0], &byte, 1);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n == 1 && byte == 1)
        {
            ns3::Simulator::ScheduleWithContext(ns3::Simulator::NO_CONTEXT,
                                                ns3::Seconds(0),
                                                &StopNow);
        }
        return;
    }
}

void
OnWriteError(const std::string& path, const std::string& reason)
{
    if (!g_failed)
    {
        g_failed = true;
        g_failedFile = path;
        g_failedReason = reason;
    }
    ns3::Simulator::Stop();
}

} // namespace

void
RunControl::Start(bool chained)
{
    NS_LOG_FUNCTION(chained);
    Restore();
    Reset();
    g_chained = chained ? 1 : 0;
    if (::pipe2(g_pipe, O_CLOEXEC) != 0)
    {
        NS_FATAL_ERROR("vswitch-sim: pipe: " << std::strerror(errno));
    }
    // The simulator exists before the thread may talk to it: created lazily from the thread,
    // it would take that thread for its main one.
    ns3::Simulator::Now();
    // The thread gets the signals blocked, so the handler runs in the main thread.
    sigset_t both;
    sigset_t old;
    sigemptyset(&both);
    sigaddset(&both, SIGINT);
    sigaddset(&both, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &both, &old);
    g_watcher = std::thread(&Watch);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);

    // Both blocked while either handler runs: the second signal's handler never interrupts
    // the first's, so it always sees the first one recorded.
    struct sigaction sa = {};
    sa.sa_handler = &OnSignal;
    sa.sa_mask = both;
    sa.sa_flags = SA_RESTART;
    for (int i = 0; i < 2; ++i)
    {
        sigaction(kSignals[i], nullptr, &g_old[i]);
        if (chained && g_old[i].sa_handler == SIG_IGN && !(g_old[i].sa_flags & SA_SIGINFO))
        {
            continue; // ignored by the program that runs us: left so
        }
        sigaction(kSignals[i], &sa, nullptr);
        g_installed[i] = 1;
    }
}

void
RunControl::Restore()
{
    NS_LOG_FUNCTION_NOARGS();
    StopWatching();
    for (int i = 0; i < 2; ++i)
    {
        if (g_installed[i])
        {
            sigaction(kSignals[i], &g_old[i], nullptr);
            g_installed[i] = 0;
        }
    }
    // Only once no handler can write to it.
    for (int& fd : g_pipe)
    {
        if (fd >= 0)
        {
            ::close(fd);
            fd = -1;
        }
    }
}

void
RunControl::Reset()
{
    NS_LOG_FUNCTION_NOARGS();
    g_signal = 0;
    g_events = 0;
    g_failed = false;
    g_failedFile.clear();
    g_failedReason.clear();
}

void
RunControl::StopWatching()
{
    NS_LOG_FUNCTION_NOARGS();
    if (g_watcher.joinable())
    {
        const char zero = 0;
        ssize_t ignored = ::write(g_pipe[1], &zero, 1);
        (void)ignored;
        g_watcher.join();
    }
}

int
RunControl::Signal()
{
    return g_signal;
}

std::string
RunControl::SignalName(int signal)
{
    switch (signal)
    {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    default:
        return "signal " + std::to_string(signal);
    }
}

uint64_t
RunControl::Events()
{
    return g_events;
}

ns3::OutputFile::ErrorCallback
RunControl::WriteErrorCallback()
{
    return ns3::MakeCallback(&OnWriteError);
}

bool
RunControl::WriteFailed()
{
    return g_failed;
}

const std::string&
RunControl::FailedFile()
{
    return g_failedFile;
}

const std::string&
RunControl::FailedReason()
{
    return g_failedReason;
}

} // namespace vsim
