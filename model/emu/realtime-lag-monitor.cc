/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "realtime-lag-monitor.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RealtimeLagMonitor");

NS_OBJECT_ENSURE_REGISTERED(RealtimeLagMonitor);

TypeId
RealtimeLagMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RealtimeLagMonitor")
            .SetParent<Object>()
            .SetGroupName("VSwitch")
            .AddConstructor<RealtimeLagMonitor>()
            .AddAttribute("Interval",
                          "Simulated time between two lag samples",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&RealtimeLagMonitor::m_interval),
                          MakeTimeChecker(MicroSeconds(100)))
            .AddAttribute("LateThreshold",
                          "A sample whose lag exceeds this counts as late",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&RealtimeLagMonitor::m_lateThreshold),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Lag",
                            "A lag sample: wall clock minus simulated time",
                            MakeTraceSourceAccessor(&RealtimeLagMonitor::m_lagTrace),
                            "ns3::RealtimeLagMonitor::LagTracedCallback");
    return tid;
}

RealtimeLagMonitor::RealtimeLagMonitor()
{
    NS_LOG_FUNCTION(this);
}

RealtimeLagMonitor::~RealtimeLagMonitor()
{
    NS_LOG_FUNCTION(this);
}

void
RealtimeLagMonitor::Start()
{
    NS_LOG_FUNCTION(this);
    if (!DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation()))
    {
        VSWITCH_CONFIG_ERROR("RealtimeLagMonitor: the simulator is not ns3::RealtimeSimulatorImpl "
                             "(set the global SimulatorImplementationType before building)");
    }
    m_event.Cancel();
    m_event = Simulator::Schedule(m_interval, &RealtimeLagMonitor::Sample, this);
}

void
RealtimeLagMonitor::Stop()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
}

void
RealtimeLagMonitor::Sample()
{
    Ptr<RealtimeSimulatorImpl> rt =
        DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation());
    Time lag = rt->RealtimeNow() - Simulator::Now();
    ++m_samples;
    m_sumNs += lag.GetNanoSeconds();
    if (m_samples == 1 || lag > m_maxLag)
    {
        m_maxLag = lag;
        m_maxLagAt = Simulator::Now();
    }
    if (lag > m_lateThreshold)
    {
        ++m_late;
    }
    NS_LOG_LOGIC("lag " << lag.As(Time::MS));
    m_lagTrace(lag);
    m_event = Simulator::Schedule(m_interval, &RealtimeLagMonitor::Sample, this);
}

Time
RealtimeLagMonitor::GetMaxLag() const
{
    return m_maxLag;
}

Time
RealtimeLagMonitor::GetMeanLag() const
{
    return m_samples == 0 ? Time(0) : NanoSeconds(m_sumNs / static_cast<int64_t>(m_samples));
}

Time
RealtimeLagMonitor::GetMaxLagAt() const
{
    return m_maxLagAt;
}

uint64_t
RealtimeLagMonitor::GetLateCount() const
{
    return m_late;
}

uint64_t
RealtimeLagMonitor::GetSampleCount() const
{
    return m_samples;
}

Time
RealtimeLagMonitor::GetInterval() const
{
    return m_interval;
}

Time
RealtimeLagMonitor::GetLateThreshold() const
{
    return m_lateThreshold;
}

void
RealtimeLagMonitor::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
    Object::DoDispose();
}

} // namespace ns3
