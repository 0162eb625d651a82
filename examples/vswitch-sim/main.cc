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
 * FILE: JSON.PATH: what is wrong (what would be right)), 1 a failure while running.
 * Warnings ("warning: FILE: JSON.PATH: ...", on stderr) leave the status as it is.
 */
#include "default-scenario.h"
#include "scenario-builder.h"
#include "scenario-output.h"
#include "scenario.h"

#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <chrono>
#include <cstdio>
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
    "Exit status: 0 done, 2 bad command line or scenario, 1 failure while running.\n";

int
BadCommandLine(const std::string& what)
{
    std::cerr << "vswitch-sim: " << what << "\n" << kUsage;
    return 2;
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

    vsim::ScenarioBuilder builder(scenario, outputDir);
    try
    {
        builder.Build();
    }
    catch (const std::exception& e)
    {
        std::cerr << e.what() << "\n1 error; nothing was simulated\n";
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
    try
    {
        Simulator::Run();
    }
    catch (const std::exception& e)
    {
        if (progress.printed)
        {
            std::cerr << "\n";
        }
        std::cerr << label << ": the run failed at " << Simulator::Now().GetSeconds()
                  << "s: " << e.what() << "\n";
        return 1;
    }
    auto end = std::chrono::steady_clock::now();
    if (progress.printed)
    {
        std::cerr << "\n";
    }
    builder.StopCaptures();

    vsim::RunFacts facts;
    facts.stopTime = scenario.stopTimeText;
    facts.wallSeconds = std::chrono::duration<double>(end - progress.start).count();
    facts.events = Simulator::GetEventCount() - progress.ticks;
    vsim::WriteSummary(outputDir + "/summary.json", scenario, builder, facts);
    vsim::WriteTables(outputDir + "/tables.txt", builder);

    std::cout << "vswitch-sim: " << scenario.name << ": " << scenario.stopTimeText
              << " simulated in " << facts.wallSeconds << " s (" << facts.events << " events)\n";
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
    std::cout << "  results in " << outputDir << "/ (summary.json, tables.txt, pcaps)\n";
    Simulator::Destroy();
    return 0;
}
