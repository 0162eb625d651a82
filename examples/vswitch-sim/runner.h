/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim's run as a function: one scenario in, the summary out (and, when asked, the
 * folder of pcaps and tables). Shared by the command line (main.cc) and the Python module
 * (bindings/python/).
 */
#ifndef VSWITCH_SIM_RUNNER_H
#define VSWITCH_SIM_RUNNER_H

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace vsim
{

/// Packets a vswitch-sim endpoint keeps per address being resolved
/// (ns3::ArpCache::PendingQueueSize), as a Linux guest does (unres_qlen, 101 since Linux 3.3).
constexpr uint32_t kGuestArpQueue = 101;

class Distribution;

/// How a run ended.
enum class RunStatus
{
    Ok,         //!< simulated (perhaps stopped early by a signal); the summary is there
    Invalid,    //!< the scenario has errors (every line in RunResult::errors); exit status 2
    NoScenario, //!< the scenario file cannot be read; exit status 2
    BadOption,  //!< an attribute or global that does not exist or refuses its value; 2
    BadOutput,  //!< the output folder cannot be created or written in; exit status 2
    Failed,     //!< the run failed (an output could not be written, a model error); 1
};

/// A name/value pair: an ns-3 attribute default or global value.
typedef std::pair<std::string, std::string> NameValue;

/**
 * \brief What to run and how: what vswitch-sim's command line says.
 */
struct RunOptions
{
    /// The scenario file; when empty, scenarioText is the scenario.
    std::string scenarioFile;
    /// The scenario's JSON when there is no file; both empty: the built-in default (seed 0).
    std::string scenarioText;
    /// The name the messages give scenarioText ("FILE: PATH: ..."); "" gives "<scenario>".
    std::string label;
    /// Write the results folder (summary.json, tables.txt, captures); false: no file at all.
    bool writeFiles{true};
    /// The results folder; "" is `vswitch-sim-output/<scenario name>`.
    std::string outputDir;
    /// Replaces the scenario's stopTime ("10s"); "" keeps it.
    std::string stopTime;
    /// Sample per-uplink load and drops by reason every this much simulated time ("100ms")
    /// and write uplink-load.csv, drops.csv and their pictures; "" for none.
    std::string plot;
    /// ns-3 attribute defaults (`ns3::VSwitch::ReversePathFwdCheck`, "false"), in order.
    std::vector<NameValue> attributes;
    /// ns-3 global values (RngRun, RngSeed, SchedulerType, ...), in order.
    std::vector<NameValue> globals;
    /// Check the scenario only: build and simulate nothing.
    bool validateOnly{false};
    /**
     * SIGINT and SIGTERM stop the simulation at the current event while it runs
     * (RunControl). Handlers that ignore a signal are left alone; the handlers found are
     * back in place when Run() returns.
     */
    bool handleSignals{false};
    /// A second signal: true ends the process by it at once (the command line); false
    /// hands it to the handler that was installed before the run (Python's).
    bool secondSignalKills{true};
    /// Where warnings ("warning: ...") and the progress line go as they happen; null: nowhere.
    std::ostream* log{nullptr};
    /// Honour `VSWITCH_SIM_FAIL_WRITE` (a test hook of the command line).
    bool faultsFromEnvironment{false};
    /**
     * A distributed run (vswitch-sim --mpi): every rank calls Run() with the same options and
     * its own Distribution; rank 0 writes the results of all. Null: one process.
     */
    Distribution* distribution{nullptr};
};

/// What a run gave.
struct RunResult
{
    RunStatus status{RunStatus::Ok}; //!< how it ended
    /// Invalid: every error line ("FILE: PATH: what is wrong (what would be right)");
    /// otherwise, when not Ok, the one message.
    std::vector<std::string> errors;
    std::vector<std::string> warnings; //!< the scenario's warnings
    std::string scenarioName;          //!< the scenario's name, once loaded
    std::string outputDir;             //!< the results folder used ("" with no files)
    std::string summary;               //!< Ok: the text summary.json holds (or would hold)
    std::string report;                //!< Ok: what vswitch-sim prints on stdout
    /// The first SIGINT or SIGTERM received while the run was watched (0: none).
    int signal{0};

    /// \return the exit status vswitch-sim gives
    int ExitStatus() const;
};

/**
 * \brief Check a scenario: options.scenarioFile (or scenarioText) and options.stopTime only.
 *        Builds nothing.
 * \param options the options
 * \return status Ok (no error; warnings perhaps), Invalid or NoScenario
 */
RunResult Validate(const RunOptions& options);

/**
 * \brief Run a scenario as vswitch-sim does: reset ns-3 (ResetSimulation()), apply the
 *        attributes and globals, load and check the scenario, build it, simulate, and write
 *        the results when options.writeFiles (without it, no file is created anywhere: the
 *        captures run but their bytes go nowhere, so their frame counts are the same).
 *        Ends with Simulator::Destroy() and the attribute defaults and globals reset, so that
 *        the next run starts where a new process would. One run at a time: a second caller
 *        (another thread) waits.
 * \param options the options
 * \return the result
 */
RunResult Run(const RunOptions& options);

/**
 * \brief Put ns-3 and the module back as a new process has them: Simulator::Destroy()
 *        (nodes, channels, events), Names::Clear(), Config::Reset() (attribute defaults and
 *        global values, such as RngRun and RngSeed, back to their initial values, which
 *        NS_ATTRIBUTE_DEFAULT and NS_GLOBAL_VALUE still set), the numbering of random
 *        streams (ResetStreamNumbering()), the MAC and IPv4/IPv6 address allocators, the
 *        module's VMware MAC allocator, the output-fault test hooks and the run control's
 *        record of signals and failures.
 * \param keepConfig leave Config's defaults and global values as they are (the Python
 *        module's Simulator.Destroy(): a script sets them before it builds)
 */
void ResetSimulation(bool keepConfig = false);

/**
 * \brief Number ns-3's automatically assigned random streams from 0 again, as in a new
 *        process (rng-streams.cc: ns-3 3.37 cannot do it itself).
 * \return false when this build cannot (an ns-3 source tree: there ns-3's own counter goes
 *         on, so a second run in one process draws other random numbers than the first)
 */
bool ResetStreamNumbering();

/**
 * \brief Set an ns-3 attribute default, as `--ns3::Type::Attribute=value` does.
 * \param name the attribute ("ns3::VSwitch::ReversePathFwdCheck")
 * \param value its value
 * \return false when there is no such attribute or it refuses the value
 */
bool ApplyAttribute(const std::string& name, const std::string& value);

/**
 * \brief Set an ns-3 global value, as `--RngRun=N` does (RngRun and RngSeed take digits only).
 * \param name the global ("RngRun", "SchedulerType", ...)
 * \param value its value
 * \return false when there is no such global or it refuses the value
 */
bool ApplyGlobal(const std::string& name, const std::string& value);

/// \return whether name is an ns-3 global value (RngRun, SchedulerType, ...)
bool IsGlobalValue(const std::string& name);

} // namespace vsim

#endif
