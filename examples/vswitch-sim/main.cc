/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: one JSON scenario in, a folder of pcaps and tables out.
 *
 *   vswitch-sim [--scenario=FILE] [--output=DIR] [--validate] [--RngRun=N] [--stopTime=T]
 *               [--ns3::Type::Attribute=value ...]
 *
 * Without a file it runs the built-in default, the reverse-teaming experiment of seed 0
 * (examples/scenarios/seed0-reverse-teaming.json, embedded at build time):
 *
 *         esxi01                 pswitch1                  esxi02
 *    vm1 -- vSwitch0 -- vmnic2 -- Gi0/1     Gi0/3 -- vmnic2 -- vSwitch0 -- vm2
 *                    \- vmnic3 -- Gi0/2     Gi0/4 -- vmnic3 -/
 *                                     (Gi0/4 mirrored onto Gi0/3)
 *
 * vm1 pings vm2; vm2 is teamed to vmnic3, so every frame for it also arrives on vmnic2 by
 * the mirror. PortOutput on vm2's port shows each frame twice, VnicRx once (spec 4).
 *
 * Exit status: 0 success, 2 bad command line or scenario file (every problem is listed as
 * FILE: JSON.PATH: what is wrong (what would be right)), 1 a failure while running (an
 * output that cannot be written: the run stops, the captures are kept as NAME.partial),
 * 130 / 143 stopped by SIGINT / SIGTERM (the results so far written whole, with
 * "interrupted": true). Warnings ("warning: FILE: JSON.PATH: ...", on stderr) leave the
 * status as it is.
 */
#include "default-scenario.h"
#include "run-control.h"
#include "scenario-builder.h"
#include "scenario-output-topology.h"
#include "scenario-output.h"
#include "scenario.h"

#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/output-file.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("VswitchSim");

const char*
vsim::DefaultScenarioText()
{
    return kVswitchSimDefaultScenario;
}

namespace
{

/// Progress on stderr once a run takes longer than a second.
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
};

void
ProgressTick(Progress* p)
{
    ++p->ticks;
    auto now = std::chrono::steady_clock::now();
    double total = std::chrono::duration<double>(now - p->start).count();
    double since = std::chrono::duration<double>(now - p->last).count();
    if (total > 1.0 && since >= 0.5)
    {
        uint64_t events = Simulator::GetEventCount();
        double rate = (events - p->lastEvents) / since;
        std::fprintf(stderr,
                     "\rvswitch-sim: %.3fs / %s simulated, %.0f events/s   ",
                     Simulator::Now().GetSeconds(),
                     p->stopText.c_str(),
                     rate);
        std::fflush(stderr);
        p->last = now;
        p->lastEvents = events;
        p->printed = true;
    }
    if (Simulator::Now() + p->tick < p->stop)
    {
        Simulator::Schedule(p->tick, &ProgressTick, p);
    }
}

const char* kUsage =
    "usage: vswitch-sim [--scenario=FILE] [--output=DIR] [--validate] [--RngRun=N] "
    "[--stopTime=T]\n"
    "                   [--ns3::Type::Attribute=value ...]\n"
    "  --scenario=FILE  the scenario (JSON); without it, the built-in seed-0 reverse-teaming "
    "experiment\n"
    "  --output=DIR     results folder (default ./vswitch-sim-output/<scenario name>/)\n"
    "  --validate       check the file, print OK or every error, build nothing\n"
    "  --RngRun=N       ns-3 random run number\n"
    "  --stopTime=T     override the scenario's stopTime (\"10s\", \"500ms\")\n"
    "  --ns3::VSwitch::ReversePathFwdCheck=false, ... any ns-3 attribute default\n"
    "  --PrintAttributes=ns3::VSwitch, --PrintTypeIds, ... ns-3's own help options\n"
    "Exit status: 0 done, 2 bad command line or scenario, 1 failure while running,\n"
    "130/143 stopped by SIGINT/SIGTERM (results so far written, \"interrupted\": true).\n";

int
BadCommandLine(const std::string& what)
{
    std::cerr << "vswitch-sim: " << what << "\n" << kUsage;
    return 2;
}

/**
 * Test hook: `VSWITCH_SIM_FAIL_WRITE=NAME:BYTES[,NAME:BYTES...]` makes the output file NAME
 * (summary.json, tables.txt, captures.txt or a capture) fail with ENOSPC once it would hold
 * more than BYTES bytes, as on a disk with that much room left.
 */
bool
InjectWriteFaults()
{
    const char* env = std::getenv("VSWITCH_SIM_FAIL_WRITE");
    if (!env || !*env)
    {
        return true;
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
            std::cerr << "vswitch-sim: VSWITCH_SIM_FAIL_WRITE=" << env
                      << ": expected NAME:BYTES[,NAME:BYTES...]\n";
            return false;
        }
        OutputFile::InjectWriteFault(item.substr(0, colon), std::stoull(bytes));
    }
    return true;
}

bool
IsGlobal(const std::string& name)
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

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenarioFile;
    std::string outputDir;
    std::string stopTimeText;
    bool validate = false;

    // ns-3's PriorityQueueScheduler (a binary heap in a vector) gives the same event order
    // as the default MapScheduler (time, then insertion) with less work per event on large
    // scenarios; --SchedulerType (or NS_GLOBAL_VALUE) still chooses another.
    const char* globals = std::getenv("NS_GLOBAL_VALUE");
    if (!globals || std::string(globals).find("SchedulerType") == std::string::npos)
    {
        GlobalValue::Bind("SchedulerType", StringValue("ns3::PriorityQueueScheduler"));
    }

    // Check every argument first, so that a bad one is exit status 2 (ns-3's CommandLine
    // would exit with 1); attribute defaults are applied here, fail-safe.
    std::vector<std::string> forCommandLine = {argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help")
        {
            std::cout << kUsage;
            return 0;
        }
        if (arg.empty() || arg[0] != '-')
        {
            if (!scenarioFile.empty())
            {
                return BadCommandLine("more than one scenario file given (" + scenarioFile + ", " +
                                      arg + ")");
            }
            scenarioFile = arg;
            continue;
        }
        std::string body = arg.substr(arg.rfind('-', 1) + 1);
        std::string name = body.substr(0, body.find('='));
        bool hasValue = body.find('=') != std::string::npos;
        std::string value = hasValue ? body.substr(body.find('=') + 1) : "";
        if (name == "scenario" || name == "output" || name == "stopTime")
        {
            if (!hasValue || value.empty())
            {
                return BadCommandLine("--" + name + " needs a value (--" + name + "=...)");
            }
            (name == "scenario" ? scenarioFile
             : name == "output" ? outputDir
                                : stopTimeText) = value;
        }
        else if (name == "validate")
        {
            if (hasValue && value != "true" && value != "false" && value != "1" && value != "0")
            {
                return BadCommandLine("--validate takes no value (or true/false)");
            }
            validate = !hasValue || value == "true" || value == "1";
        }
        else if (name.rfind("Print", 0) == 0)
        {
            forCommandLine.push_back(arg);
        }
        else if (name.find("::") != std::string::npos)
        {
            if (!hasValue || !Config::SetDefaultFailSafe(name, StringValue(value)))
            {
                return BadCommandLine(arg + ": no such attribute, or a value it does not accept "
                                            "(see --PrintAttributes=ns3::TypeName)");
            }
        }
        else if (IsGlobal(name))
        {
            bool digits =
                !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            if (!hasValue || ((name == "RngRun" || name == "RngSeed") && !digits) ||
                !GlobalValue::BindFailSafe(name, StringValue(value)))
            {
                return BadCommandLine(arg + ": bad value for ns-3 global " + name);
            }
        }
        else
        {
            return BadCommandLine("unknown option " + arg);
        }
    }
    if (forCommandLine.size() > 1)
    {
        CommandLine cmd(__FILE__);
        cmd.Usage("vswitch-sim: one JSON scenario in, a folder of pcaps and tables out.");
        std::vector<char*> args;
        for (auto& a : forCommandLine)
        {
            args.push_back(a.data());
        }
        cmd.Parse(static_cast<int>(args.size()), args.data());
    }

    // Load and check the whole file before anything is built.
    std::string text;
    std::string label;
    if (scenarioFile.empty())
    {
        text = vsim::DefaultScenarioText();
        label = "seed0-reverse-teaming.json (built-in default)";
    }
    else
    {
        std::ifstream f(scenarioFile, std::ios::binary);
        if (!f || std::filesystem::is_directory(scenarioFile))
        {
            std::cerr << scenarioFile << ": cannot read the scenario file (check the path)\n";
            return 2;
        }
        std::ostringstream ss;
        ss << f.rdbuf();
        text = ss.str();
        label = scenarioFile;
    }
    vsim::Scenario scenario;
    std::vector<std::string> errors = vsim::LoadScenario(text, label, scenario, stopTimeText);
    // Warnings (a valid file that will not do what its author probably expects) do not
    // change the exit status.
    for (const auto& w : scenario.warnings)
    {
        std::cerr << "warning: " << w << "\n";
    }
    if (!errors.empty())
    {
        for (const auto& e : errors)
        {
            std::cerr << e << "\n";
        }
        std::cerr << errors.size() << (errors.size() == 1 ? " error" : " errors")
                  << "; nothing was simulated\n";
        return 2;
    }
    if (validate)
    {
        std::cout << "OK\n";
        return 0;
    }

    if (outputDir.empty())
    {
        outputDir = "vswitch-sim-output/" + scenario.name;
    }
    std::error_code ec;
    std::filesystem::create_directories(outputDir, ec);
    if (ec || !std::filesystem::is_directory(outputDir))
    {
        std::cerr << "vswitch-sim: --output=" << outputDir << ": cannot create the folder ("
                  << ec.message() << ")\n";
        return 2;
    }
    {
        // Refuse a folder the results cannot be written in before anything is built.
        OutputFile probe;
        if (!probe.Open(outputDir + "/summary.json", OutputFile::Mode::Replace))
        {
            const std::string& why = probe.GetError(); // "cannot create it: REASON"
            std::cerr << "vswitch-sim: --output=" << outputDir << ": cannot write in the folder ("
                      << why.substr(why.find(": ") + 2) << ")\n";
            return 2;
        }
    }
    if (!InjectWriteFaults())
    {
        return 2;
    }
    // The results of an earlier run in this folder would sit beside this run's files.
    for (const char* name : {"summary.json", "tables.txt"})
    {
        std::filesystem::remove(std::filesystem::path(outputDir) / name, ec);
    }

    vsim::RunControl::Start();
    vsim::ScenarioBuilder builder(scenario, outputDir);
    builder.SetWriteErrorCallback(vsim::RunControl::WriteErrorCallback());
    try
    {
        builder.Build();
    }
    catch (const std::exception& e)
    {
        std::cerr << e.what() << "\n1 error; nothing was simulated\n";
        vsim::RunControl::StopWatching();
        Simulator::Destroy();
        return 2;
    }

    Progress progress;
    progress.stop = scenario.stopTime;
    progress.stopText = scenario.stopTimeText;
    progress.tick = std::max(MilliSeconds(1), scenario.stopTime / 200);
    progress.start = std::chrono::steady_clock::now();
    progress.last = progress.start;
    Simulator::Schedule(progress.tick, &ProgressTick, &progress);
    Simulator::Stop(scenario.stopTime);
    std::string runError;
    try
    {
        // A capture whose header could not be written has already failed: do not run.
        if (!vsim::RunControl::WriteFailed())
        {
            Simulator::Run();
        }
    }
    catch (const std::exception& e)
    {
        runError = e.what();
    }
    vsim::RunControl::StopWatching();
    auto end = std::chrono::steady_clock::now();
    if (progress.printed)
    {
        std::cerr << "\n";
    }
    const int sig = vsim::RunControl::Signal();
    const Time stoppedAt = Simulator::Now();
    if (runError.empty())
    {
        builder.StopCaptures();
    }
    if (!runError.empty() || vsim::RunControl::WriteFailed())
    {
        // Nothing this run wrote may look complete: the captures become NAME.partial and no
        // summary.json or tables.txt is written.
        std::vector<std::string> kept = builder.KeepCapturesAsPartial();
        std::string left = (kept.empty() ? std::string("no capture file was kept")
                                         : "the capture files are kept as NAME.partial") +
                           "; summary.json and tables.txt were not written";
        if (!runError.empty())
        {
            std::cerr << label << ": the run failed at " << stoppedAt.GetSeconds()
                      << "s: " << runError << " (" << left << ")\n";
        }
        else
        {
            std::cerr << "vswitch-sim: " << vsim::RunControl::FailedFile() << ": "
                      << vsim::RunControl::FailedReason() << " (the run stopped at "
                      << stoppedAt.GetSeconds() << "s of " << scenario.stopTimeText
                      << " simulated; " << left << ")\n";
        }
        Simulator::Destroy();
        return 1;
    }

    vsim::RunFacts facts;
    facts.stopTime = scenario.stopTimeText;
    facts.wallSeconds = std::chrono::duration<double>(end - progress.start).count();
    facts.events = Simulator::GetEventCount() - progress.ticks - vsim::RunControl::Events();
    facts.interrupted = sig != 0;
    facts.stoppedAt = stoppedAt.GetSeconds();
    std::string failedFile;
    std::string reason;
    if (!vsim::WriteResults(outputDir, scenario, builder, facts, failedFile, reason))
    {
        std::cerr << "vswitch-sim: " << failedFile << ": " << reason
                  << " (summary.json and tables.txt were not written; the capture files are "
                     "whole)\n";
        Simulator::Destroy();
        return 1;
    }

    std::string topologyWarning;
    if (!vsim::WriteTopology(outputDir, scenario, reason, topologyWarning))
    {
        std::cerr << "vswitch-sim: " << reason
                  << " (summary.json, tables.txt and the capture files are whole)\n";
        Simulator::Destroy();
        return 1;
    }
    if (!topologyWarning.empty())
    {
        std::cerr << "warning: topology.svg was not made: " << topologyWarning
                  << "; topology.dot is written\n";
    }

    std::cout << "vswitch-sim: " << scenario.name << ": ";
    if (sig != 0)
    {
        std::cout << "interrupted by " << vsim::RunControl::SignalName(sig) << " at "
                  << facts.stoppedAt << "s of " << scenario.stopTimeText << " simulated";
    }
    else
    {
        std::cout << scenario.stopTimeText << " simulated";
    }
    std::cout << " in " << facts.wallSeconds << " s (" << facts.events << " events)\n";
    for (const auto& t : builder.Traffic())
    {
        std::cout << "  traffic[" << t->index << "] " << t->type << " " << t->from << " -> "
                  << t->to << ": sent " << t->sent << ", received " << t->received << "\n";
    }
    for (const auto& c : builder.Captures())
    {
        std::cout << "  captures[" << c.index << "] " << (c.file.empty() ? "captures.txt" : c.file)
                  << ": " << (c.session ? c.session->GetFrameCount() : c.tally->frames)
                  << " frames\n";
    }
    std::cout << "  results " << (sig != 0 ? "so far " : "") << "in " << outputDir
              << "/ (summary.json, tables.txt, topology.svg, pcaps)\n"
              << std::flush;
    Simulator::Destroy();
    // Interrupted (also while the results were written): the shell's convention for a
    // process ended by the signal.
    int late = vsim::RunControl::Signal();
    return late != 0 ? 128 + late : 0;
}
