/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer targets: vswitch-sim's scenario loader. Each input is one scenario file.
 *
 * fuzz-scenario-loader loads and checks it as `vswitch-sim --validate` does. What must hold
 * for every input:
 *
 * - LoadScenario() returns (no exception, no abort, no sanitizer report, no hang);
 * - every error and warning is "FILE: ..." (FILE being the name it was given), so that a
 *   user sees which file and where.
 *
 * fuzz-scenario-build (built with VSWITCH_FUZZ_BUILD) also builds a file that the loader
 * accepts, as vswitch-sim does before it runs, and destroys it again (nothing is run). A
 * file that passes the checks must build, or fail with a BuildError that says
 * "FILE: PATH: ..."; an abort (NS_FATAL_ERROR, NS_ASSERT) or any other exception is a
 * finding.
 *
 * The loader touches no ns-3 global (Config, GlobalValue); building does, and
 * Simulator::Destroy() and Names::Clear() return them to the start between inputs.
 *
 * Build: -DVSWITCH_FUZZ=ON with clang++; run: scripts/fuzz.sh.
 */
#include "scenario.h"

#ifdef VSWITCH_FUZZ_BUILD
#include "scenario-builder.h"

#include "ns3/names.h"
#include "ns3/simulator.h"

#include <filesystem>
#include <unistd.h>
#endif

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

namespace
{

const std::string kFile = "fuzz.json";

[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "fuzz-scenario-loader: %s\n", what.c_str());
    std::abort();
}

void
ExpectFileLines(const std::vector<std::string>& lines, const char* kind)
{
    for (const auto& line : lines)
    {
        if (line.rfind(kFile + ": ", 0) != 0 || line.size() <= kFile.size() + 2)
        {
            Fail(std::string("a") + kind + " that does not start with \"" + kFile +
                 ": \": " + line);
        }
    }
}

#ifdef VSWITCH_FUZZ_BUILD
/// A folder of this process for the builder's files (capture files are opened at build),
/// removed at exit.
struct ScratchDir
{
    std::string path = (std::filesystem::temp_directory_path() /
                        ("vswitch-fuzz-build-" + std::to_string(getpid())))
                           .string();

    ScratchDir()
    {
        std::filesystem::create_directories(path);
    }

    ~ScratchDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

const std::string&
OutputDir()
{
    static const ScratchDir dir;
    return dir.path;
}

void
Build(const vsim::Scenario& scenario)
{
    {
        vsim::ScenarioBuilder builder(scenario, OutputDir());
        try
        {
            builder.Build();
            builder.StopCaptures();
        }
        catch (const vsim::BuildError& e)
        {
            ExpectFileLines({e.what()}, " build error");
        }
        catch (const std::exception& e)
        {
            Fail(std::string("building a checked file threw something else than a BuildError: ") +
                 e.what());
        }
        ns3::Simulator::Destroy();
    }
    ns3::Names::Clear();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(OutputDir(), ec))
    {
        std::filesystem::remove_all(entry.path(), ec);
    }
}
#endif

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    vsim::Scenario scenario;
    std::vector<std::string> errors;
    try
    {
        errors = vsim::LoadScenario(text, kFile, scenario, "");
    }
    catch (const std::exception& e)
    {
        Fail(std::string("LoadScenario threw: ") + e.what());
    }
    ExpectFileLines(errors, "n error");
    ExpectFileLines(scenario.warnings, " warning");
#ifdef VSWITCH_FUZZ_BUILD
    if (errors.empty())
    {
        Build(scenario);
    }
#endif
    return 0;
}
