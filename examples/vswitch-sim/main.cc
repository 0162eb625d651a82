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
 *
 * This file is the command line only; the run is vsim::Run() (runner.h), which the Python
 * module (bindings/python) calls too.
 */
#include "runner.h"

#ifdef VSWITCH_WITH_MPI
#include "mpi-distribution.h"
#endif

#include "ns3/command-line.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("VswitchSim");

namespace
{

const char* kUsage =
    "usage: vswitch-sim [--scenario=FILE] [--output=DIR] [--validate] [--RngRun=N] "
    "[--stopTime=T]\n"
    "                   [--plot=INTERVAL] [--ns3::Type::Attribute=value ...]\n"
    "  --scenario=FILE  the scenario (JSON); without it, the built-in seed-0 reverse-teaming "
    "experiment\n"
    "  --output=DIR     results folder (default ./vswitch-sim-output/<scenario name>/)\n"
    "  --validate       check the file, print OK or every error, build nothing\n"
    "  --RngRun=N       ns-3 random run number\n"
    "  --stopTime=T     override the scenario's stopTime (\"10s\", \"500ms\")\n"
    "  --plot=INTERVAL  sample per-uplink load and drops by reason every INTERVAL (\"100ms\"):\n"
    "                   uplink-load.csv, drops.csv and their pictures (.png)\n"
    "  --mpi[=ENGINE]   a distributed run, under mpirun -np N (a build with -DVSWITCH_MPI=ON):\n"
    "                   each rank simulates its switches and hosts (\"rank\" keys, or by leaf);\n"
    "                   ENGINE granted-time-window (default) or null-message\n"
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

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenarioFile;
    std::string outputDir;
    std::string stopTimeText;
    bool validate = false;
    vsim::RunOptions options;

    // ns-3's PriorityQueueScheduler (a binary heap in a vector) gives the same event order
    // as the default MapScheduler (time, then insertion) with less work per event on large
    // scenarios; --SchedulerType (or NS_GLOBAL_VALUE) still chooses another. vsim::Run()
    // binds it again after its reset; bound here too for --PrintGlobals.
    const char* globals = std::getenv("NS_GLOBAL_VALUE");
    if (!globals || std::string(globals).find("SchedulerType") == std::string::npos)
    {
        GlobalValue::Bind("SchedulerType", StringValue("ns3::PriorityQueueScheduler"));
    }

    // Check every argument first, so that a bad one is exit status 2 (ns-3's CommandLine
    // would exit with 1); attribute defaults are applied here, fail-safe (for the Print
    // options), and kept for vsim::Run(), which applies them again after its reset.
    // --mpi first: MPI_Init before anything else, and only rank 0 speaks.
    std::string mpiEngine;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg == "--mpi" || arg.rfind("--mpi=", 0) == 0)
        {
            mpiEngine = arg == "--mpi" ? "granted-time-window" : arg.substr(6);
            if (mpiEngine != "granted-time-window" && mpiEngine != "null-message")
            {
                return BadCommandLine(arg + ": the engine is granted-time-window or null-message");
            }
        }
    }
#ifdef VSWITCH_WITH_MPI
    std::unique_ptr<vsim::MpiDistribution> mpi;
    if (!mpiEngine.empty())
    {
        mpi = std::make_unique<vsim::MpiDistribution>(&argc, &argv, mpiEngine == "null-message");
    }
    const bool quiet = mpi && mpi->Rank() != 0;
#else
    if (!mpiEngine.empty())
    {
        return BadCommandLine("--mpi: this vswitch-sim is built without MPI (configure with "
                              "-DVSWITCH_MPI=ON, or run scripts/test-mpi.sh, which builds "
                              "build-mpi/vswitch-sim)");
    }
    const bool quiet = false;
#endif

    std::vector<std::string> forCommandLine = {argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg == "--mpi" || arg.rfind("--mpi=", 0) == 0)
        {
            continue;
        }
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
        if (name == "scenario" || name == "output" || name == "stopTime" || name == "plot")
        {
            if (!hasValue || value.empty())
            {
                return BadCommandLine("--" + name + " needs a value (--" + name + "=...)");
            }
            (name == "scenario" ? scenarioFile
             : name == "output" ? outputDir
             : name == "plot"   ? options.plot
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
            if (!hasValue || !vsim::ApplyAttribute(name, value))
            {
                return BadCommandLine(arg + ": no such attribute, or a value it does not accept "
                                            "(see --PrintAttributes=ns3::TypeName)");
            }
            options.attributes.emplace_back(name, value);
        }
        else if (vsim::IsGlobalValue(name))
        {
            if (!hasValue || !vsim::ApplyGlobal(name, value))
            {
                std::string hint;
                if (name == "SchedulerType")
                {
                    hint = " (an ns-3 scheduler: ns3::PriorityQueueScheduler, the default, "
                           "ns3::MapScheduler, ns3::HeapScheduler, ns3::ListScheduler or "
                           "ns3::CalendarScheduler)";
                }
                return BadCommandLine(arg + ": bad value for ns-3 global " + name + hint);
            }
            options.globals.emplace_back(name, value);
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

    options.scenarioFile = scenarioFile;
    options.outputDir = outputDir;
    options.stopTime = stopTimeText;
    options.validateOnly = validate;
    options.handleSignals = true;
    options.secondSignalKills = true;
    options.log = &std::cerr;
    options.faultsFromEnvironment = true;
#ifdef VSWITCH_WITH_MPI
    if (mpi)
    {
        options.distribution = mpi.get();
        options.globals.emplace_back("SimulatorImplementationType", "ns3::PartitionSimulatorImpl");
        options.attributes.emplace_back("ns3::PartitionSimulatorImpl::Inner",
                                        mpi->InnerEngineType());
        // Only the null-message engine needs each frame between ranks sent from an event of
        // its own (EthernetRemoteChannel::SendInOwnEvent); the granted time window saves it.
        options.attributes.emplace_back(
            "ns3::EthernetRemoteChannel::SendInOwnEvent",
            mpi->InnerEngineType() == "ns3::DistributedSimulatorImpl" ? "false" : "true");
        // A signal would stop one rank and leave the others waiting: mpirun ends them all.
        options.handleSignals = false;
        if (quiet)
        {
            options.log = nullptr;
        }
    }
#endif
    vsim::RunResult r = vsim::Run(options);
    if (quiet)
    {
        return r.ExitStatus(); // rank 0 reports for every rank
    }
    if (r.status == vsim::RunStatus::Invalid)
    {
        for (const auto& e : r.errors)
        {
            std::cerr << e << "\n";
        }
        std::cerr << r.errors.size() << (r.errors.size() == 1 ? " error" : " errors")
                  << "; nothing was simulated\n";
    }
    else if (r.status != vsim::RunStatus::Ok)
    {
        for (const auto& e : r.errors)
        {
            std::cerr << e << "\n";
        }
    }
    else if (validate)
    {
        std::cout << "OK\n";
    }
    else
    {
        std::cout << r.report << std::flush;
    }
    return r.ExitStatus();
}
