/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim's run as a function (runner.h).
 */
#include "runner.h"

#include "default-scenario.h"
#include "run-control.h"
#include "runner-distributed.h"
#include "scenario-builder.h"
#include "scenario-loader-emulate.h"
#include "scenario-output-emulate.h"
#include "scenario-output-topology.h"
#include "scenario-output.h"
#include "scenario-timeseries.h"
#include "scenario.h"

#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv6-address-generator.h"
#include "ns3/log.h"
#include "ns3/mac16-address.h"
#include "ns3/mac48-address.h"
#include "ns3/mac64-address.h"
#include "ns3/mac8-address.h"
#include "ns3/names.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/output-file.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/scheduler.h"
#include "ns3/simulator-impl.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/vnic-net-device.h"

#include <chrono>
#include <iostream>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimRunner");

const char*
vsim::DefaultScenarioText()
{
    return kVswitchSimDefaultScenario;
}

namespace vsim
{

using namespace ns3;

namespace
{

/// One run at a time per process: ns-3's simulator and its registries are global.
std::mutex g_runMutex;

/// Progress on the log once a run takes longer than a second.
struct Progress
{
    std::chrono::steady_clock::time_point start; //!< wall clock at Run()
    std::chrono::steady_clock::time_point last;  //!< last line printed
    uint64_t lastEvents{0};                      //!< events at the last line
    Time stop;                                   //!< stop time
    Time tick;                                   //!< simulated time between checks
    std::string stopText;                        //!< stop time as given
    uint64_t ticks{0};                           //!< progress events (not counted as work)
    bool printed{false};                         //!< a line was printed
    std::ostream* log{nullptr};                  //!< where (null: counted, never printed)
};

void
ProgressTick(Progress* p)
{
    ++p->ticks;
    auto now = std::chrono::steady_clock::now();
    double total = std::chrono::duration<double>(now - p->start).count();
    double since = std::chrono::duration<double>(now - p->last).count();
    if (p->log && total > 1.0 && since >= 0.5)
    {
        uint64_t events = Simulator::GetEventCount();
        double rate = (events - p->lastEvents) / since;
        char line[160];
        std::snprintf(line,
                      sizeof(line),
                      "\rvswitch-sim: %.3fs / %s simulated, %.0f events/s   ",
                      Simulator::Now().GetSeconds(),
                      p->stopText.c_str(),
                      rate);
        *p->log << line << std::flush;
        p->last = now;
        p->lastEvents = events;
        p->printed = true;
    }
    if (Simulator::Now() + p->tick < p->stop)
    {
        Simulator::Schedule(p->tick, &ProgressTick, p);
    }
}

/**
 * Test hook: `VSWITCH_SIM_FAIL_WRITE=NAME:BYTES[,NAME:BYTES...]` makes the output file NAME
 * (summary.json, tables.txt, captures.txt or a capture) fail with ENOSPC once it would hold
 * more than BYTES bytes, as on a disk with that much room left.
 * \return "" or the error line
 */
std::string
InjectWriteFaults()
{
    const char* env = std::getenv("VSWITCH_SIM_FAIL_WRITE");
    if (!env || !*env)
    {
        return "";
    }
    std::istringstream in(env);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::size_t colon = item.rfind(':');
        std::string bytes = colon == std::string::npos ? "" : item.substr(colon + 1);
        if (colon == 0 || bytes.empty() ||
            bytes.find_first_not_of("0123456789") != std::string::npos)
        {
            return std::string("vswitch-sim: VSWITCH_SIM_FAIL_WRITE=") + env +
                   ": expected NAME:BYTES[,NAME:BYTES...]";
        }
        OutputFile::InjectWriteFault(item.substr(0, colon), std::stoull(bytes));
    }
    return "";
}

/// Read the scenario's text; false (and the error line in r) when the file cannot be read.
bool
ReadScenario(const RunOptions& o, std::string& text, std::string& label, RunResult& r)
{
    if (o.scenarioFile.empty())
    {
        text = o.scenarioText.empty() ? DefaultScenarioText() : o.scenarioText;
        label = !o.label.empty()         ? o.label
                : o.scenarioText.empty() ? "seed0-reverse-teaming.json (built-in default)"
                                         : "<scenario>";
        return true;
    }
    std::ifstream f(o.scenarioFile, std::ios::binary);
    if (!f || std::filesystem::is_directory(o.scenarioFile))
    {
        r.status = RunStatus::NoScenario;
        r.errors.push_back(o.scenarioFile + ": cannot read the scenario file (check the path)");
        return false;
    }
    std::ostringstream ss;
    ss << f.rdbuf();
    text = ss.str();
    label = o.label.empty() ? o.scenarioFile : o.label;
    return true;
}

/// Load and check: false when the scenario cannot be read or has errors (r says which).
bool
Load(const RunOptions& o, Scenario& scenario, std::string& label, RunResult& r)
{
    std::string text;
    if (!ReadScenario(o, text, label, r))
    {
        return false;
    }
    std::vector<std::string> errors = LoadScenario(text, label, scenario, o.stopTime);
    r.warnings = scenario.warnings;
    r.scenarioName = scenario.name;
    // Warnings (a valid file that will not do what its author probably expects) do not
    // change the status.
    for (const auto& w : scenario.warnings)
    {
        if (o.log)
        {
            *o.log << "warning: " << w << "\n";
        }
    }
    if (!o.plot.empty())
    {
        Time interval;
        if (!ParseTime(o.plot, interval) || !interval.IsStrictlyPositive())
        {
            errors.push_back("--plot=" + o.plot +
                             ": not a sampling interval (a positive time, e.g. 100ms)");
        }
        else if (errors.empty() && interval > scenario.stopTime)
        {
            errors.push_back("--plot=" + o.plot + ": longer than the run (stopTime " +
                             scenario.stopTimeText + "); choose a shorter interval");
        }
    }
    if (!errors.empty())
    {
        r.status = RunStatus::Invalid;
        r.errors = std::move(errors);
        return false;
    }
    return true;
}

/// Reset, then the options' globals and attributes; false (r says why) when one fails.
bool
Configure(const RunOptions& o, RunResult& r)
{
    ResetSimulation();
    // ns-3's PriorityQueueScheduler (a binary heap in a vector) gives the same event order
    // as the default MapScheduler (time, then insertion) with less work per event on large
    // scenarios; a SchedulerType global (or NS_GLOBAL_VALUE) still chooses another.
    const char* env = std::getenv("NS_GLOBAL_VALUE");
    if (!env || std::string(env).find("SchedulerType") == std::string::npos)
    {
        GlobalValue::Bind("SchedulerType", StringValue("ns3::PriorityQueueScheduler"));
    }
    for (const auto& [name, value] : o.globals)
    {
        if (!ApplyGlobal(name, value))
        {
            r.status = RunStatus::BadOption;
            r.errors.push_back(name + "=" + value + ": bad value for ns-3 global " + name);
            return false;
        }
    }
    // A guest keeps the packets for an address being resolved as Linux does (unres_qlen:
    // 101 since Linux 3.3), not ns-3's 3 (Linux's before 3.3), so that a stream starting
    // before ARP resolves loses nothing; --ns3::ArpCache::PendingQueueSize= still sets it.
    Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(kGuestArpQueue));
    for (const auto& [name, value] : o.attributes)
    {
        if (!ApplyAttribute(name, value))
        {
            r.status = RunStatus::BadOption;
            r.errors.push_back(name + "=" + value +
                               ": no such attribute, or a value it does not accept "
                               "(see --PrintAttributes=ns3::TypeName)");
            return false;
        }
    }
    // The reset above made a simulator of the default type, with the default scheduler; a
    // SimulatorImplementationType given (vswitch-sim --mpi gives one) takes effect with the
    // next, made at first use, and otherwise the SchedulerType bound above replaces the
    // scheduler of this one (with whatever it holds).
    StringValue type;
    GlobalValue::GetValueByName("SimulatorImplementationType", type);
    if (Simulator::GetImplementation()->GetInstanceTypeId().GetName() != type.Get())
    {
        Simulator::Destroy();
    }
    else
    {
        StringValue scheduler;
        GlobalValue::GetValueByName("SchedulerType", scheduler);
        ObjectFactory factory;
        factory.SetTypeId(scheduler.Get());
        Simulator::SetScheduler(factory);
    }
    return true;
}

/// The output folder exists and takes files; false (r says why) when not.
bool
PrepareOutput(const RunOptions& o, const std::string& dir, RunResult& r)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
    {
        r.status = RunStatus::BadOutput;
        r.errors.push_back("vswitch-sim: --output=" + dir + ": cannot create the folder (" +
                           ec.message() + ")");
        return false;
    }
    {
        // Refuse a folder the results cannot be written in before anything is built.
        OutputFile probe;
        if (!probe.Open(dir + "/summary.json", OutputFile::Mode::Replace))
        {
            const std::string& why = probe.GetError(); // "cannot create it: REASON"
            r.status = RunStatus::BadOutput;
            r.errors.push_back("vswitch-sim: --output=" + dir + ": cannot write in the folder (" +
                               why.substr(why.find(": ") + 2) + ")");
            return false;
        }
    }
    if (o.faultsFromEnvironment)
    {
        std::string bad = InjectWriteFaults();
        if (!bad.empty())
        {
            r.status = RunStatus::BadOption;
            r.errors.push_back(bad);
            return false;
        }
    }
    // The results of an earlier run in this folder would sit beside this run's files.
    for (const char* name : {"summary.json", "tables.txt"})
    {
        std::filesystem::remove(std::filesystem::path(dir) / name, ec);
    }
    return true;
}

/// What vswitch-sim prints on stdout after a run.
std::string
Report(const Scenario& scenario,
       const ScenarioBuilder& builder,
       const RunFacts& facts,
       int sig,
       const std::string& outputDir)
{
    std::ostringstream os;
    os << "vswitch-sim: " << scenario.name << ": ";
    if (sig != 0)
    {
        os << "interrupted by " << RunControl::SignalName(sig) << " at " << facts.stoppedAt
           << "s of " << scenario.stopTimeText << " simulated";
    }
    else
    {
        os << scenario.stopTimeText << " simulated";
    }
    os << " in " << facts.wallSeconds << " s (" << facts.events << " events)\n";
    for (const auto& t : builder.Traffic())
    {
        os << "  traffic[" << t->index << "] " << t->type << " " << t->from << " -> " << t->to
           << ": sent " << t->sent << ", received " << t->received << "\n";
    }
    os << GuestArpDrops::Report(builder.ArpDrops().Rows());
    for (const auto& c : builder.Captures())
    {
        os << "  captures[" << c.index << "] " << (c.file.empty() ? "captures.txt" : c.file) << ": "
           << (c.session ? c.session->GetFrameCount() : c.tally->frames) << " frames\n";
    }
    os << EmulateReport(builder);
    if (!outputDir.empty())
    {
        os << "  results " << (sig != 0 ? "so far " : "") << "in " << outputDir
           << "/ (summary.json, tables.txt, topology.svg, pcaps)\n";
    }
    return os.str();
}

/// The pictures after the results: topology.dot/.svg, and with --plot the time series.
/// false (r says why) when a file cannot be written; a picture that cannot be drawn is a
/// warning.
bool
WritePictures(const RunOptions& o,
              const Scenario& scenario,
              const ScenarioBuilder& builder,
              TimeSeries* series,
              RunResult& r)
{
    auto warn = [&](const std::string& w) {
        r.warnings.push_back(w);
        if (o.log)
        {
            *o.log << "warning: " << w << "\n";
        }
    };
    std::string problem;
    std::string warning;
    if (!WriteTopology(r.outputDir, scenario, problem, warning))
    {
        r.status = RunStatus::Failed;
        r.errors.push_back("vswitch-sim: " + problem +
                           " (summary.json, tables.txt and the capture files are whole)");
        return false;
    }
    if (!warning.empty())
    {
        warn("topology.svg was not made: " + warning + "; topology.dot is written");
    }
    if (!series)
    {
        // Never an earlier run's time series beside this run's results.
        for (const char* name : {"uplink-load.csv", "drops.csv", "uplink-load.png", "drops.png"})
        {
            std::remove((r.outputDir + "/" + name).c_str());
        }
        return true;
    }
    series->Finish();
    if (!series->WriteCsv(r.outputDir, problem))
    {
        r.status = RunStatus::Failed;
        r.errors.push_back("vswitch-sim: " + problem +
                           " (summary.json, tables.txt and the capture files are whole)");
        return false;
    }
    std::string plotProblem = TimeSeries::Plot(r.outputDir);
    if (!plotProblem.empty())
    {
        warn("uplink-load.png and drops.png were not drawn: " + plotProblem +
             "; uplink-load.csv and drops.csv are written");
    }
    return true;
}

/**
 * A run with taps (or a "realtime" section) runs on ns-3's real-time scheduler, chosen here,
 * before the first simulator call creates the default one. The file's "realtime" settings
 * are defaults that --ns3::RealtimeSimulatorImpl::... on the command line still override.
 */
void
ChooseRealtime(const RunOptions& o, const Scenario& scenario)
{
    if (!scenario.Realtime())
    {
        return;
    }
    const RealtimeConfig& rt = scenario.realtime;
    Config::SetDefault("ns3::RealtimeSimulatorImpl::SynchronizationMode",
                       EnumValue(rt.synchronization == "hard-limit"
                                     ? RealtimeSimulatorImpl::SYNC_HARD_LIMIT
                                     : RealtimeSimulatorImpl::SYNC_BEST_EFFORT));
    Config::SetDefault("ns3::RealtimeSimulatorImpl::HardLimit", TimeValue(rt.hardLimit));
    for (const auto& [name, value] : o.attributes)
    {
        if (name.rfind("ns3::RealtimeSimulatorImpl::", 0) == 0)
        {
            ApplyAttribute(name, value);
        }
    }
    // Loading may have made the default simulator already (nothing is scheduled yet).
    Simulator::Destroy();
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
}

/// After a distributed run, on every rank: gather on rank 0, which writes the results.
void
FinishDistributed(const RunOptions& o,
                  const Scenario& scenario,
                  ScenarioBuilder& builder,
                  const Partition& partition,
                  const Progress& progress,
                  std::chrono::steady_clock::time_point end,
                  const std::string& runError,
                  int sig,
                  RunResult& r)
{
    std::string failure = runError;
    if (failure.empty() && RunControl::WriteFailed())
    {
        failure = RunControl::FailedFile() + ": " + RunControl::FailedReason();
    }
    RunFacts facts;
    facts.stopTime = scenario.stopTimeText;
    facts.wallSeconds = std::chrono::duration<double>(end - progress.start).count();
    facts.events = Simulator::GetEventCount() - progress.ticks;
    facts.interrupted = sig != 0;
    facts.stoppedAt = Simulator::Now().GetSeconds();
    GatheredResults g;
    bool root = GatherResults(o, scenario, builder, facts, failure, r.outputDir, g);
    if (!root)
    {
        return; // rank 0 writes and reports
    }
    if (!g.errors.empty())
    {
        r.status = RunStatus::Failed;
        for (const auto& e : g.errors)
        {
            r.errors.push_back("vswitch-sim: " + e + " (summary.json and tables.txt were not written)");
        }
        return;
    }
    std::ostringstream summary;
    PrettyJson(summary, g.summary);
    r.summary = summary.str();
    if (o.writeFiles)
    {
        for (const auto& [name, bytes] : g.files)
        {
            OutputFile f;
            if (!f.Open(r.outputDir + "/" + name, OutputFile::Mode::Replace) ||
                !f.Write(bytes.data(), bytes.size()) || !f.Close() || !f.Commit())
            {
                r.status = RunStatus::Failed;
                r.errors.push_back("vswitch-sim: " + f.GetPath() + ": " + f.GetError());
                r.summary.clear();
                return;
            }
        }
        std::string failedFile;
        std::string reason;
        if (!WriteResultFiles(
                r.outputDir,
                [&](std::ostream& os) { os << r.summary; },
                [&](std::ostream& os) { os << g.tables; },
                failedFile,
                reason))
        {
            r.status = RunStatus::Failed;
            r.errors.push_back("vswitch-sim: " + failedFile + ": " + reason +
                               " (summary.json and tables.txt were not written)");
            r.summary.clear();
            return;
        }
        if (!WritePictures(o, scenario, builder, nullptr, r))
        {
            r.summary.clear();
            return;
        }
    }
    r.report = DistributedReport(scenario, g, partition, *o.distribution, r.outputDir);
}

/// Build, simulate and write the results of a checked scenario.
void
Simulate(const RunOptions& o, const Scenario& scenario, const std::string& label, RunResult& r)
{
    ChooseRealtime(o, scenario);
    if (o.handleSignals)
    {
        RunControl::Start(!o.secondSignalKills);
    }
    else
    {
        RunControl::Reset();
    }
    ScenarioBuilder builder(scenario, r.outputDir);
    builder.SetWriteErrorCallback(RunControl::WriteErrorCallback());
    std::unique_ptr<Partition> partition;
    if (o.distribution && !(partition = SetUpDistributedRun(o, scenario, builder, r)))
    {
        return;
    }
    try
    {
        builder.Build();
    }
    catch (const std::exception& e)
    {
        // As a scenario error: the model refused what the file asks for.
        r.status = RunStatus::Invalid;
        r.errors.push_back(e.what());
        return;
    }

    Progress progress;
    progress.stop = scenario.stopTime;
    progress.stopText = scenario.stopTimeText;
    progress.tick = std::max(MilliSeconds(1), scenario.stopTime / 200);
    progress.start = std::chrono::steady_clock::now();
    progress.last = progress.start;
    progress.log = o.log;
    Simulator::Schedule(progress.tick, &ProgressTick, &progress);
    std::unique_ptr<TimeSeries> series;
    if (!o.plot.empty() && o.writeFiles)
    {
        Time interval;
        ParseTime(o.plot, interval); // checked by Load()
        series = std::make_unique<TimeSeries>(builder, interval);
        series->Start();
    }
    Simulator::Stop(scenario.stopTime);
    std::string runError;
    try
    {
        // A capture whose header could not be written has already failed: do not run.
        if (!RunControl::WriteFailed())
        {
            Simulator::Run();
        }
    }
    catch (const std::exception& e)
    {
        runError = e.what();
    }
    RunControl::StopWatching();
    auto end = std::chrono::steady_clock::now();
    builder.StopEmulation();
    if (progress.printed)
    {
        *o.log << "\n";
    }
    const int sig = RunControl::Signal();
    const Time stoppedAt = Simulator::Now();
    if (runError.empty())
    {
        builder.StopCaptures();
    }
    if (o.distribution)
    {
        FinishDistributed(o, scenario, builder, *partition, progress, end, runError, sig, r);
        return;
    }
    if (!runError.empty() || RunControl::WriteFailed())
    {
        // Nothing this run wrote may look complete: the captures become NAME.partial and no
        // summary.json or tables.txt is written.
        std::vector<std::string> kept = builder.KeepCapturesAsPartial();
        std::string left = !o.writeFiles
                               ? std::string("no file was written")
                               : (kept.empty() ? std::string("no capture file was kept")
                                               : "the capture files are kept as NAME.partial") +
                                     "; summary.json and tables.txt were not written";
        std::ostringstream os;
        if (!runError.empty())
        {
            os << label << ": the run failed at " << stoppedAt.GetSeconds() << "s: " << runError
               << " (" << left << ")";
        }
        else
        {
            os << "vswitch-sim: " << RunControl::FailedFile() << ": " << RunControl::FailedReason()
               << " (the run stopped at " << stoppedAt.GetSeconds() << "s of "
               << scenario.stopTimeText << " simulated; " << left << ")";
        }
        r.status = RunStatus::Failed;
        r.errors.push_back(os.str());
        return;
    }

    RunFacts facts;
    facts.stopTime = scenario.stopTimeText;
    facts.wallSeconds = std::chrono::duration<double>(end - progress.start).count();
    facts.events = Simulator::GetEventCount() - progress.ticks - RunControl::Events() -
                   (series ? series->GetSampleCount() - 1 : 0) -
                   (builder.LagMonitor() ? builder.LagMonitor()->GetSampleCount() : 0);
    facts.interrupted = sig != 0;
    facts.stoppedAt = stoppedAt.GetSeconds();
    std::ostringstream summary;
    WriteSummary(summary, scenario, builder, facts);
    r.summary = summary.str();
    std::string failedFile;
    std::string reason;
    if (o.writeFiles && !WriteResults(r.outputDir, scenario, builder, facts, failedFile, reason))
    {
        r.status = RunStatus::Failed;
        r.errors.push_back("vswitch-sim: " + failedFile + ": " + reason +
                           " (summary.json and tables.txt were not written; the capture files "
                           "are whole)");
        r.summary.clear();
        return;
    }
    if (o.writeFiles && !WritePictures(o, scenario, builder, series.get(), r))
    {
        r.summary.clear();
        return;
    }
    r.report = Report(scenario, builder, facts, sig, r.outputDir);
}

} // namespace

int
RunResult::ExitStatus() const
{
    switch (status)
    {
    case RunStatus::Ok:
        // Interrupted (also while the results were written): the shell's convention for a
        // process ended by the signal.
        return signal != 0 ? 128 + signal : 0;
    case RunStatus::Failed:
        return 1;
    default:
        return 2;
    }
}

bool
IsGlobalValue(const std::string& name)
{
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() == name)
        {
            return true;
        }
    }
    return false;
}

bool
ApplyAttribute(const std::string& name, const std::string& value)
{
    return Config::SetDefaultFailSafe(name, StringValue(value));
}

bool
ApplyGlobal(const std::string& name, const std::string& value)
{
    bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
    if ((name == "RngRun" || name == "RngSeed") && !digits)
    {
        return false;
    }
    if (name == "SchedulerType" || name == "SimulatorImplementationType")
    {
        // ns-3 takes any string here and aborts when it makes the object: check the type.
        TypeId tid;
        TypeId base = name == "SchedulerType" ? Scheduler::GetTypeId() : SimulatorImpl::GetTypeId();
        if (!TypeId::LookupByNameFailSafe(value, &tid) || !tid.IsChildOf(base))
        {
            return false;
        }
    }
    return IsGlobalValue(name) && GlobalValue::BindFailSafe(name, StringValue(value));
}

void
ResetSimulation(bool keepConfig)
{
    NS_LOG_FUNCTION(keepConfig);
    Simulator::Destroy();
    Names::Clear();
    if (!keepConfig)
    {
        Config::Reset();
    }
    Mac8Address::ResetAllocationIndex();
    Mac16Address::ResetAllocationIndex();
    Mac48Address::ResetAllocationIndex();
    Mac64Address::ResetAllocationIndex();
    Ipv4AddressGenerator::Reset();
    Ipv6AddressGenerator::Reset();
    VnicNetDevice::ResetVmwareMacAllocation();
    OutputFile::ClearWriteFaults();
    RunControl::Reset();
    ResetStreamNumbering();
}

RunResult
Validate(const RunOptions& options)
{
    NS_LOG_FUNCTION_NOARGS();
    std::lock_guard<std::mutex> lock(g_runMutex);
    RunResult r;
    Scenario scenario;
    std::string label;
    Load(options, scenario, label, r);
    return r;
}

RunResult
Run(const RunOptions& options)
{
    NS_LOG_FUNCTION_NOARGS();
    std::lock_guard<std::mutex> lock(g_runMutex);
    RunResult r;
    if (!Configure(options, r))
    {
        Config::Reset();
        return r;
    }
    // Load and check the whole file before anything is built.
    std::string rankFolder; // a distributed run's folder on a rank other than 0
    Scenario scenario;
    std::string label;
    const bool loaded = Load(options, scenario, label, r);
    if (loaded && options.validateOnly && options.distribution)
    {
        // --validate --mpi: whether the scenario can be shared out among these ranks.
        std::vector<std::string> errors;
        Partition p(scenario, options.distribution->Ranks(), errors);
        if (!errors.empty())
        {
            r.status = RunStatus::Invalid;
            r.errors = std::move(errors);
        }
    }
    if (loaded && !options.validateOnly)
    {
        if (options.writeFiles)
        {
            r.outputDir = options.outputDir.empty() ? "vswitch-sim-output/" + scenario.name
                                                    : options.outputDir;
        }
        if (options.writeFiles && options.distribution && options.distribution->Rank() > 0)
        {
            // The other ranks write their captures in a folder of their own, then send rank
            // 0 the files of their part.
            std::string tmpl = (std::filesystem::temp_directory_path() /
                                ("vswitch-sim-rank" +
                                 std::to_string(options.distribution->Rank()) + "-XXXXXX"))
                                   .string();
            if (!mkdtemp(tmpl.data()))
            {
                tmpl = "";
            }
            rankFolder = tmpl;
            r.outputDir = tmpl;
        }
        // The machine's side of the taps (privilege, interfaces) before anything is made.
        std::vector<std::string> preflight = PreflightEmulate(scenario);
        if (!preflight.empty())
        {
            r.status = RunStatus::Invalid;
            r.errors = std::move(preflight);
        }
        else if (!options.writeFiles || PrepareOutput(options, r.outputDir, r))
        {
            Simulate(options, scenario, label, r);
        }
    }
    // Handlers back once the results are written (a second signal still ends a command-line
    // run at once while they are); a signal that came while they were is counted.
    r.signal = RunControl::Signal();
    RunControl::Restore();
    Simulator::Destroy();
    if (!rankFolder.empty())
    {
        std::error_code ec;
        std::filesystem::remove_all(rankFolder, ec);
        r.outputDir.clear();
    }
    OutputFile::ClearWriteFaults();
    Config::Reset();
    return r;
}

} // namespace vsim
