/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: real hosts in the loop: the switch ports of "emulate" bound to Linux taps,
 * and the lag monitor of a real-time run.
 */
#include "scenario-builder.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/tap-port-helper.h"

NS_LOG_COMPONENT_DEFINE("VswitchSimBuilderEmulate");

namespace vsim
{

using namespace ns3;

void
ScenarioBuilder::BuildEmulate()
{
    if (!m_scenario.Realtime())
    {
        return;
    }
    std::string path = m_scenario.realtime.path;
    try
    {
        m_lag = TapPortHelper::MonitorLag(m_scenario.realtime.sampleInterval,
                                          m_scenario.realtime.lateThreshold);
        for (const auto& e : m_scenario.emulate)
        {
            path = e.path;
            Ptr<PhysicalSwitch> sw;
            for (const auto& [name, candidate] : m_switches)
            {
                if (name == e.sw)
                {
                    sw = candidate;
                }
            }
            if (!sw)
            {
                VSWITCH_CONFIG_ERROR("no switch " << e.sw);
            }
            TapPortHelper helper;
            helper.SetCreate(e.create);
            Ptr<TapPort> tap = helper.Attach(sw, e.port, e.tap);
            if (e.create || !e.ip.empty())
            {
                tap->ConfigureLinux(e.ip);
            }
            m_taps.push_back(EmulateRecord{&e, tap});
        }
    }
    catch (const ConfigError& e)
    {
        throw BuildError(m_scenario.file + ": " + path + ": " + e.what());
    }
}

void
ScenarioBuilder::StopEmulation()
{
    for (auto& t : m_taps)
    {
        t.tap->Stop();
    }
    if (m_lag)
    {
        m_lag->Stop();
    }
}

} // namespace vsim
