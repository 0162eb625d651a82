/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch._core.run / validate: vswitch-sim's run (examples/vswitch-sim/runner.h) for
 * Python. The package (vswitch/__init__.py) turns the result into a dict or an exception.
 */
#include "bindings.h"
#include "runner.h"

#include "ns3/log.h"

#include <optional>
#include <pybind11/stl.h>
#include <string>
#include <utility>
#include <vector>

NS_LOG_COMPONENT_DEFINE("VswitchPythonRunner");

namespace py = pybind11;

namespace vswitch_python
{

namespace
{

/// \return the status as the package names it
/// \param s the status
const char*
StatusName(vsim::RunStatus s)
{
    switch (s)
    {
    case vsim::RunStatus::Ok:
        return "ok";
    case vsim::RunStatus::Invalid:
        return "invalid";
    case vsim::RunStatus::NoScenario:
        return "no-scenario";
    case vsim::RunStatus::BadOption:
        return "bad-option";
    case vsim::RunStatus::BadOutput:
        return "bad-output";
    case vsim::RunStatus::Failed:
        break;
    }
    return "failed";
}

/// The name/value pairs of the Python side: (name, value) tuples.
typedef std::vector<std::pair<std::string, std::string>> Pairs;

/// \return the runner's options for a scenario file or text
/// \param file the scenario file (or none)
/// \param text the scenario's JSON (when no file)
/// \param label the name of the text in messages
/// \param stopTime replaces the scenario's stopTime ("" keeps it)
vsim::RunOptions
Options(const std::optional<std::string>& file,
        const std::optional<std::string>& text,
        const std::string& label,
        const std::string& stopTime)
{
    vsim::RunOptions o;
    o.scenarioFile = file.value_or("");
    o.scenarioText = text.value_or("");
    o.label = label;
    o.stopTime = stopTime;
    if (o.scenarioFile.empty() && o.scenarioText.empty())
    {
        throw py::value_error("a scenario file or a scenario text is needed");
    }
    return o;
}

const char* kRunResultDoc =
    "What one run (or check) of a scenario gave: vswitch-sim's result.\n\n"
    "status is 'ok', 'invalid' (errors lists every error line), 'no-scenario' (the file "
    "cannot be read), 'bad-option' (an attribute or global refused), 'bad-output' (the "
    "output folder cannot be used) or 'failed' (the run failed: an output could not be "
    "written, or a model error); errors holds the message then.";

const char* kRunDoc =
    "Run a scenario as vswitch-sim does, with the GIL released while it runs.\n\n"
    "Resets ns-3 first (the simulator, Config defaults and globals, Names, the address "
    "allocators, the module's VMware MAC allocator), applies globals then attributes, loads "
    "and checks the scenario, builds it, simulates it and, when output is given, writes "
    "summary.json, tables.txt and the captures there. Without output no file is written. "
    "Ends with Simulator::Destroy() and Config::Reset().\n\n"
    "scenario_file or scenario_text: the scenario; label: the text's name in messages; "
    "output: the results folder or None; stop_time: replaces the scenario's stopTime; "
    "plot: a sampling interval (\"100ms\") for uplink-load.csv, drops.csv and their "
    "pictures in output (vswitch-sim --plot), \"\" for none; "
    "globals, attributes: (name, value) pairs; handle_signals: SIGINT and SIGTERM stop the "
    "simulation at the current event (only from the main thread), the handlers found are "
    "put back before it returns and RunResult.signal names the signal.";

const char* kValidateDoc = "Check a scenario as `vswitch-sim --validate` does: builds nothing. "
                           "RunResult.errors lists every error line (status 'invalid'), "
                           "RunResult.warnings the warnings.";

} // namespace

void
BindRunner(py::module_& m)
{
    py::class_<vsim::RunResult>(m, "RunResult", kRunResultDoc)
        .def_property_readonly(
            "status",
            [](const vsim::RunResult& r) { return StatusName(r.status); },
            "How it ended: 'ok', 'invalid', 'no-scenario', 'bad-option', 'bad-output', "
            "'failed'.")
        .def_readonly("errors",
                      &vsim::RunResult::errors,
                      "Every error line (status 'invalid'), or the one message of another "
                      "failure.")
        .def_readonly("warnings",
                      &vsim::RunResult::warnings,
                      "The scenario's warnings (\"FILE: PATH: ...\").")
        .def_readonly("scenario_name",
                      &vsim::RunResult::scenarioName,
                      "The scenario's name, once it was loaded.")
        .def_readonly("output_dir",
                      &vsim::RunResult::outputDir,
                      "The results folder used ('' when no file was written).")
        .def_readonly("summary",
                      &vsim::RunResult::summary,
                      "Status 'ok': the text summary.json holds (or would hold).")
        .def_readonly("report",
                      &vsim::RunResult::report,
                      "Status 'ok': what vswitch-sim prints on stdout after the run.")
        .def_readonly("signal",
                      &vsim::RunResult::signal,
                      "The SIGINT or SIGTERM that stopped the run (0: none).")
        .def_property_readonly("exit_status",
                               &vsim::RunResult::ExitStatus,
                               "The exit status vswitch-sim would give.")
        .def("__repr__", [](const vsim::RunResult& r) {
            return std::string("<vswitch._core.RunResult status=") + StatusName(r.status) +
                   " errors=" + std::to_string(r.errors.size()) +
                   " signal=" + std::to_string(r.signal) + ">";
        });

    m.def(
        "run",
        [](const std::optional<std::string>& scenarioFile,
           const std::optional<std::string>& scenarioText,
           const std::string& label,
           const std::optional<std::string>& output,
           const std::string& stopTime,
           const Pairs& globals,
           const Pairs& attributes,
           bool handleSignals,
           const std::string& plot) {
            vsim::RunOptions o = Options(scenarioFile, scenarioText, label, stopTime);
            o.plot = plot;
            o.writeFiles = output.has_value();
            o.outputDir = output.value_or("");
            if (o.writeFiles && o.outputDir.empty())
            {
                throw py::value_error("output: an empty folder name");
            }
            o.globals = globals;
            o.attributes = attributes;
            o.handleSignals = handleSignals;
            o.secondSignalKills = false;
            py::gil_scoped_release unlocked;
            return vsim::Run(o);
        },
        kRunDoc,
        py::kw_only(),
        py::arg("scenario_file") = py::none(),
        py::arg("scenario_text") = py::none(),
        py::arg("label") = "",
        py::arg("output") = py::none(),
        py::arg("stop_time") = "",
        py::arg("globals") = Pairs(),
        py::arg("attributes") = Pairs(),
        py::arg("handle_signals") = false,
        py::arg("plot") = "");

    m.def(
        "validate",
        [](const std::optional<std::string>& scenarioFile,
           const std::optional<std::string>& scenarioText,
           const std::string& label,
           const std::string& stopTime) {
            vsim::RunOptions o = Options(scenarioFile, scenarioText, label, stopTime);
            py::gil_scoped_release unlocked;
            return vsim::Validate(o);
        },
        kValidateDoc,
        py::kw_only(),
        py::arg("scenario_file") = py::none(),
        py::arg("scenario_text") = py::none(),
        py::arg("label") = "",
        py::arg("stop_time") = "");
}

} // namespace vswitch_python
