/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vmotion.h"

#include "esxi-host.h"
#include "port-group.h"
#include "vnic-net-device.h"
#include "vswitch-port.h"
#include "vswitch.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VMotion");

NS_OBJECT_ENSURE_REGISTERED(VMotion);

namespace
{
/// Seed 1's schedule: t alone, then pairs at t+2, t+6, t+12, t+22, t+38 s.
constexpr const char* kSeed1Schedule = "0s/1,2s/2,6s/2,12s/2,22s/2,38s/2";
} // namespace

TypeId
VMotion::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::VMotion")
            .SetParent<Object>()
            .SetGroupName("VSwitch")
            .AddConstructor<VMotion>()
            .AddAttribute("StunTime",
                          "How long the VM is paused between leaving the source and resuming "
                          "on the destination; frames toward it are lost meanwhile. No seed "
                          "measures it; vMotion keeps it well under a second.",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&VMotion::m_stunTime),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RarpSchedule",
                          "When the destination announces each vNIC's MAC after the "
                          "switchover: rounds TIME/FRAMES (seed 1: at t alone, then pairs at "
                          "t+2, +6, +12, +22 and +38 s).",
                          StringValue(kSeed1Schedule),
                          MakeStringAccessor(&VMotion::SetSchedule, &VMotion::GetSchedule),
                          MakeStringChecker())
            .AddAttribute("LearnedMacRarpDelay",
                          "When each MAC learned on a moved port (MAC learning: a nested "
                          "host's VMs) is announced, once, after the switchover (seed 1: with "
                          "the last round).",
                          TimeValue(Seconds(38)),
                          MakeTimeAccessor(&VMotion::m_learnedDelay),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("PreCopy",
                            "A migration began (the VM runs on the source).",
                            MakeTraceSourceAccessor(&VMotion::m_preCopyTrace),
                            "ns3::VMotion::PhaseTracedCallback")
            .AddTraceSource("Stun",
                            "The VM was paused and left its source ports.",
                            MakeTraceSourceAccessor(&VMotion::m_stunTrace),
                            "ns3::VMotion::PhaseTracedCallback")
            .AddTraceSource("Switchover",
                            "The VM resumed on the destination.",
                            MakeTraceSourceAccessor(&VMotion::m_switchoverTrace),
                            "ns3::VMotion::PhaseTracedCallback");
    return tid;
}

VMotion::VMotion()
    : m_stunTime(MilliSeconds(300)),
      m_learnedDelay(Seconds(38))
{
    SetSchedule(kSeed1Schedule);
}

VMotion::~VMotion()
{
}

std::vector<RarpRound>
VMotion::ParseSchedule(const std::string& text)
{
    std::vector<RarpRound> rounds;
    std::string spaced = text;
    for (char& c : spaced)
    {
        c = c == ',' ? ' ' : c;
    }
    std::istringstream is(spaced);
    std::string item;
    while (is >> item)
    {
        auto slash = item.find('/');
        Time at;
        int frames = 0;
        bool ok = slash != std::string::npos;
        if (ok)
        {
            std::istringstream t(item.substr(0, slash));
            ok = static_cast<bool>(t >> at) && t.peek() == EOF;
            try
            {
                std::size_t used = 0;
                frames = std::stoi(item.substr(slash + 1), &used);
                ok = ok && used == item.size() - slash - 1;
            }
            catch (const std::exception&)
            {
                ok = false;
            }
        }
        if (!ok || frames < 1 || frames > 100 || at.IsStrictlyNegative() ||
            (!rounds.empty() && at <= rounds.back().at))
        {
            VSWITCH_CONFIG_ERROR("vMotion RARP schedule \"" << text << "\": bad round \"" << item
                                                            << "\" (rounds TIME/FRAMES with "
                                                               "increasing times and 1-100 "
                                                               "frames, e.g. "
                                                            << kSeed1Schedule << ")");
        }
        rounds.push_back(RarpRound{at, static_cast<uint32_t>(frames)});
    }
    if (rounds.empty())
    {
        VSWITCH_CONFIG_ERROR("vMotion RARP schedule \"" << text << "\" has no round (e.g. "
                                                        << kSeed1Schedule << ")");
    }
    return rounds;
}

void
VMotion::SetSchedule(std::string text)
{
    m_schedule = ParseSchedule(text);
    m_scheduleText = text;
}

std::string
VMotion::GetSchedule() const
{
    return m_scheduleText;
}

const std::vector<RarpRound>&
VMotion::GetRarpSchedule() const
{
    return m_schedule;
}

const std::vector<VMotion::Record>&
VMotion::GetRecords() const
{
    return m_records;
}

void
VMotion::Migrate(Ptr<Node> vm, Ptr<EsxiHost> from, Ptr<EsxiHost> to, Time duration)
{
    NS_LOG_FUNCTION(this << vm << duration);
    if (!vm || !from || !to)
    {
        VSWITCH_CONFIG_ERROR("vMotion: give the VM, its host and the destination host");
    }
    std::string name = from->GetVmName(vm);
    std::string what = "vMotion of " + name + " from " + from->GetName() + " to " + to->GetName();
    Ptr<VSwitchPort> first = from->GetVmPort(vm, 0); // ConfigError when not a VM of `from`
    if (to == from)
    {
        VSWITCH_CONFIG_ERROR(what << ": " << name << " already runs on " << from->GetName()
                                  << " (choose another host)");
    }
    if (from->IsVmMoving(vm))
    {
        VSWITCH_CONFIG_ERROR(what << ": " << name
                                  << " is already moving (wait for its "
                                     "switchover)");
    }
    Moving m;
    m.vm = vm;
    m.from = from;
    m.to = to;
    Record r;
    r.vm = name;
    r.from = from->GetName();
    r.to = to->GetName();
    r.start = Simulator::Now();
    for (uint32_t i = 0;; ++i)
    {
        Ptr<VSwitchPort> port;
        try
        {
            port = from->GetVmPort(vm, i);
        }
        catch (const ConfigError&)
        {
            break;
        }
        std::string group = port->GetPortGroup()->GetName();
        try
        {
            to->GetPortGroup(group);
        }
        catch (const ConfigError&)
        {
            VSWITCH_CONFIG_ERROR(what << ": " << to->GetName() << " has no port group '" << group
                                      << "', which " << port->GetClientName()
                                      << " uses (every port group of the VM must exist there)");
        }
        m.vnics.push_back(port->GetVnic());
        m.ports.push_back(port);
        r.dvPorts.push_back(port->GetDvPort());
        r.macs.push_back(port->GetEffectiveMac());
    }
    from->SetVmMoving(vm, true);
    m_records.push_back(r);
    m_moving.push_back(m);
    std::size_t index = m_records.size() - 1;
    NS_LOG_INFO(what << ": pre-copy for " << duration.As(Time::S));
    m_preCopyTrace(r.vm, r.from, r.to);
    Simulator::Schedule(duration, &VMotion::Stun, Ptr<VMotion>(this), index);
}

void
VMotion::Stun(std::size_t index)
{
    Moving& m = m_moving[index];
    Record& r = m_records[index];
    r.stun = Simulator::Now();
    for (const auto& port : m.ports)
    {
        Ptr<VSwitch> vs = port->GetVSwitch();
        m.learned.push_back(vs->GetLearnedMacs(port));
        m.dvs.push_back(vs->GetDistributedSwitch());
        for (const auto& mac : m.learned.back())
        {
            r.learned.push_back(mac);
        }
        vs->Disconnect(port, true);
    }
    m.from->RemoveVm(m.vm);
    NS_LOG_INFO("vMotion of " << r.vm << ": stunned for " << m_stunTime.As(Time::MS));
    m_stunTrace(r.vm, r.from, r.to);
    Simulator::Schedule(m_stunTime, &VMotion::Switchover, Ptr<VMotion>(this), index);
}

void
VMotion::Switchover(std::size_t index)
{
    Moving& m = m_moving[index];
    Record& r = m_records[index];
    r.switchover = Simulator::Now();
    r.switchedOver = true;
    std::vector<Ptr<VSwitchPort>> ports;
    for (std::size_t i = 0; i < m.vnics.size(); ++i)
    {
        Ptr<VSwitch> vs = m.to->GetPortGroup(m.ports[i]->GetPortGroup()->GetName())->GetVSwitch();
        ports.push_back(vs->ConnectMoved(m.vnics[i],
                                         m.ports[i],
                                         m.dvs[i],
                                         m.learned[i],
                                         m_schedule,
                                         m_learnedDelay));
    }
    m.to->AddMovedVm(m.vm, r.vm, m.vnics, ports);
    NS_LOG_INFO("vMotion of " << r.vm << ": switched over to " << r.to);
    m_switchoverTrace(r.vm, r.from, r.to);
    m_moving[index] = Moving();
}

} // namespace ns3
