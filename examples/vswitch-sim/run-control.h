/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: what ends a run early. SIGINT and SIGTERM stop the simulation at the current
 * event; a file that cannot be written stops it too.
 */
#ifndef VSWITCH_SIM_RUN_CONTROL_H
#define VSWITCH_SIM_RUN_CONTROL_H

#include "ns3/nstime.h"
#include "ns3/output-file.h"

#include <cstdint>
#include <string>

namespace vsim
{

/**
 * \brief Interrupts and write failures of the run in progress (static: there is one
 *        simulation at a time per process, and a signal handler has no object to call).
 *
 * Signals: Start() installs handlers for SIGINT and SIGTERM. The handler does only
 * async-signal-safe things: it records the signal in a `volatile sig_atomic_t`, writes a line
 * to stderr and a byte to a pipe (write(2)). A thread that has the two signals blocked waits
 * on that pipe and asks ns-3 to stop with Simulator::ScheduleWithContext(), which ns-3
 * documents as callable from any thread; the stop event runs after the event in progress
 * (and the others already due at that time), so the simulation ends at the current
 * simulated time. A second signal restores the default disposition and raises itself: the
 * process ends at once, killed by that signal (the shell's status 130 or 143). In the
 * chained mode (the Python module) a signal whose handler is SIG_IGN is left alone, and a
 * second signal goes to the handler that was there before Start() (Python's, which makes
 * it a KeyboardInterrupt once the run returns; SIGTERM's default ends the process).
 * Restore() puts the handlers found back and closes the pipe.
 *
 * Write failures: WriteErrorCallback() is given to every output of the run (capture files,
 * captures.txt). At the first failure it keeps the file and the reason and calls
 * Simulator::Stop(), so the run stops after the current event. A failure before the run
 * (a capture's header) is kept too; Run() then does not run the simulation at all.
 *
 * Reset() forgets the signal and the failure of an earlier run (Start() does it too).
 */
class RunControl
{
  public:
    /**
     * \brief Install the signal handlers and start the thread that stops the simulation.
     * \param chained leave ignored signals alone and give a second signal to the handler
     *        found (false: vswitch-sim's behaviour, a second signal ends the process)
     */
    static void Start(bool chained = false);

    /// End the thread (after Simulator::Run()); the handlers stay, so that a second signal
    /// still ends the process at once while the results are written.
    static void StopWatching();

    /// Put back the handlers Start() found and close the pipe (after the results are written).
    static void Restore();

    /// Forget the signal, the failure and the event count of an earlier run.
    static void Reset();

    /// \return the first signal received (SIGINT, SIGTERM), 0 when none
    static int Signal();

    /// \return the name of a signal ("SIGINT")
    /// \param signal the signal
    static std::string SignalName(int signal);

    /// \return ns-3 events the control itself ran (not counted in the summary's "events")
    static uint64_t Events();

    /// \return the callback for the outputs' first write or close failure
    static ns3::OutputFile::ErrorCallback WriteErrorCallback();

    /// \return whether an output failed
    static bool WriteFailed();
    /// \return the first file that failed
    static const std::string& FailedFile();
    /// \return why ("cannot write: No space left on device")
    static const std::string& FailedReason();
};

} // namespace vsim

#endif
