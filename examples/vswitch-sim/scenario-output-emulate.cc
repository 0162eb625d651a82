/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the "realtime" and "emulate" blocks of summary.json and the report.
 */
#include "scenario-output-emulate.h"

#include "ns3/log.h"

#include <cmath>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimOutputEmulate");

namespace vsim
{

namespace
{

/// \return t in milliseconds, rounded to microseconds
double
Ms(ns3::Time t)
{
    return std::round(t.GetSeconds() * 1e6) / 1e3;
}

} // namespace

void
AddEmulateSummary(boost::json::object& root, const Scenario& s, const ScenarioBuilder& b)
{
    ns3::Ptr<ns3::RealtimeLagMonitor> lag = b.LagMonitor();
    if (!lag)
    {
        return;
    }
    boost::json::object rt;
    rt["synchronization"] = s.realtime.synchronization;
    if (s.realtime.synchronization == "hard-limit")
    {
        rt["hardLimitMs"] = Ms(s.realtime.hardLimit);
    }
    rt["maxLagMs"] = Ms(lag->GetMaxLag());
    rt["maxLagAt"] = std::round(lag->GetMaxLagAt().GetSeconds() * 1e3) / 1e3;
    rt["meanLagMs"] = Ms(lag->GetMeanLag());
    rt["late"] = lag->GetLateCount();
    rt["lateThresholdMs"] = Ms(lag->GetLateThreshold());
    rt["samples"] = lag->GetSampleCount();
    rt["sampleIntervalMs"] = Ms(lag->GetInterval());
    root["realtime"] = std::move(rt);

    boost::json::array taps;
    std::size_t index = 0;
    for (const auto& t : b.Emulated())
    {
        boost::json::object row;
        row["index"] = index++;
        row["switch"] = t.config->sw;
        row["port"] = t.config->port;
        row["tap"] = t.config->tap;
        row["framesIn"] = t.tap->GetFramesIn();
        row["framesOut"] = t.tap->GetFramesOut();
        row["writeErrors"] = t.tap->GetWriteErrors();
        taps.push_back(std::move(row));
    }
    root["emulate"] = std::move(taps);
}

std::string
EmulateReport(const ScenarioBuilder& b)
{
    ns3::Ptr<ns3::RealtimeLagMonitor> lag = b.LagMonitor();
    if (!lag)
    {
        return "";
    }
    std::ostringstream os;
    os << "  realtime: max lag " << Ms(lag->GetMaxLag()) << " ms (at "
       << lag->GetMaxLagAt().GetSeconds() << " s), mean " << Ms(lag->GetMeanLag()) << " ms, "
       << lag->GetLateCount() << " of " << lag->GetSampleCount() << " samples late (> "
       << Ms(lag->GetLateThreshold()) << " ms)\n";
    std::size_t index = 0;
    for (const auto& t : b.Emulated())
    {
        os << "  emulate[" << index++ << "] " << t.config->sw << ":" << t.config->port
           << " <-> tap " << t.config->tap << ": " << t.tap->GetFramesIn() << " frames in, "
           << t.tap->GetFramesOut() << " out";
        if (t.tap->GetWriteErrors() > 0)
        {
            os << ", " << t.tap->GetWriteErrors() << " not written";
        }
        os << "\n";
    }
    return os.str();
}

} // namespace vsim
