/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pktcap-helper.h"

#include "ns3/config-error.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/vswitch-checksums.h"
#include "ns3/vswitch.h"

#include <iostream>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PktcapHelper");

// ------------------------------------------------------------------------------------------
// Session

const PktcapOptions&
PktcapSession::GetOptions() const
{
    return m_options;
}

uint64_t
PktcapSession::GetFrameCount() const
{
    return m_frames;
}

std::string
PktcapSession::GetFile() const
{
    return m_file;
}

uint32_t
PktcapSession::GetTargetPortId() const
{
    return m_target;
}

bool
PktcapSession::IsStopped() const
{
    return m_stopped;
}

CaptureFileWriter*
PktcapSession::GetWriter() const
{
    return m_writer.get();
}

void
PktcapSession::Sink(Ptr<const Packet> frame, const CaptureContext& where)
{
    if (m_stopped || (m_haveTarget && where.portId != m_target) ||
        (m_options.GetCount() && m_frames >= *m_options.GetCount()))
    {
        return;
    }
    if (!m_filter.IsEmpty() && !m_filter.Matches(frame, where.vlan))
    {
        return;
    }
    ++m_frames;
    if (m_writer)
    {
        std::vector<uint8_t> bytes = CaptureBytes(frame, where.vlan, m_insertTag);
        std::string comment;
        if (m_options.IsPcapng())
        {
            std::ostringstream c;
            c << CapturePointName(where.point) << " port " << where.portId;
            if (where.vlan != 0)
            {
                c << " VLAN tag " << where.vlan;
            }
            if (where.point == CapturePoint::Drop)
            {
                c << " Drop Reason '" << where.reason << "'";
            }
            comment = c.str();
        }
        uint32_t length = bytes.size();
        m_writer->Write(Simulator::Now(), bytes, length, comment);
    }
    else
    {
        std::vector<uint8_t> bytes = CaptureBytes(frame, where.vlan, false);
        uint32_t length = bytes.size();
        if (bytes.size() > m_options.GetSnaplen())
        {
            bytes.resize(m_options.GetSnaplen());
        }
        m_format.FormatFrame(*m_console, Simulator::Now(), m_frames, where, bytes, length);
        if (m_flushFrames != 0 && ++m_sinceFlush >= m_flushFrames)
        {
            m_sinceFlush = 0;
            m_console->flush();
        }
    }
    if (m_options.GetCount() && m_frames >= *m_options.GetCount())
    {
        // The trace source is calling us: finish now, disconnect once it has returned
        // (removing a sink while its TracedCallback iterates would break the iteration).
        Finish();
        Simulator::ScheduleNow(&PktcapSession::Disconnect, Ptr<PktcapSession>(this));
    }
}

void
PktcapSession::Stop()
{
    Finish();
    Disconnect();
}

void
PktcapSession::Finish()
{
    if (m_stopped)
    {
        return;
    }
    m_stopped = true;
    if (m_writer)
    {
        m_writer->Close();
    }
    if (m_console)
    {
        *m_console << m_format.Trailer(m_options, m_frames) << std::flush;
    }
}

void
PktcapSession::Disconnect()
{
    for (std::size_t i = 0; i < m_switches.size(); ++i)
    {
        m_switches[i]->TraceDisconnectWithoutContext(
            m_traces[i],
            MakeCallback(&PktcapSession::Sink, Ptr<PktcapSession>(this)));
    }
    m_switches.clear();
    m_traces.clear();
}

// ------------------------------------------------------------------------------------------
// Helper

PktcapHelper::PktcapHelper()
    : m_console(&std::cout),
      m_base(Seconds(0))
{
    EnableChecksumsByDefault();
}

void
PktcapHelper::SetOutputDirectory(const std::string& dir)
{
    m_dir = dir;
}

void
PktcapHelper::SetConsole(std::ostream* os)
{
    m_console = os ? os : &std::cout;
}

void
PktcapHelper::SetWriteErrorCallback(OutputFile::ErrorCallback cb)
{
    m_onWriteError = cb;
}

void
PktcapHelper::SetBaseTime(Time base)
{
    m_base = base;
}

void
PktcapHelper::SetInsertVlanTag(bool insert)
{
    m_insertTag = insert;
}

std::string
PktcapHelper::TraceSourceName(CapturePoint point)
{
    switch (point)
    {
    case CapturePoint::EtherswitchDispatch:
        return "EtherswitchDispatch";
    default:
        return CapturePointName(point);
    }
}

Ptr<PktcapSession>
PktcapHelper::Capture(Ptr<EsxiHost> host, const std::string& options)
{
    if (!host)
    {
        VSWITCH_CONFIG_ERROR("pktcap-uw: no host given");
    }
    Ptr<PktcapSession> s = Create<PktcapSession>();
    s->m_options = PktcapOptions::Parse(options);
    s->m_filter = CaptureFilter(s->m_options);
    const PktcapOptions& o = s->m_options;
    std::string where = "pktcap-uw on " + host->GetName();

    // Which vSwitch(es), and which port of them.
    std::vector<Ptr<VSwitch>> switches;
    bool uplinkPort = false;
    switch (o.GetTarget())
    {
    case PktcapOptions::Target::Uplink:
        for (const auto& vs : host->GetVSwitches())
        {
            if (vs->HasUplink(o.GetUplink()))
            {
                switches.push_back(vs);
                s->m_target = vs->GetUplinkPortId(o.GetUplink());
            }
        }
        if (switches.empty())
        {
            std::string nics;
            for (const auto& n : host->GetNicNames())
            {
                nics += (nics.empty() ? "" : ", ") + n;
            }
            VSWITCH_CONFIG_ERROR(where << ": --uplink " << o.GetUplink()
                                       << " is not the uplink of any vSwitch (NICs: "
                                       << (nics.empty() ? "none" : nics) << ")");
        }
        break;
    case PktcapOptions::Target::SwitchPort:
        for (const auto& vs : host->GetVSwitches())
        {
            bool found = vs->GetPort(o.GetSwitchPort()) != nullptr;
            for (const auto& u : vs->GetUplinks())
            {
                if (u.portId == o.GetSwitchPort())
                {
                    found = true;
                    uplinkPort = true; // captured as that uplink
                }
            }
            if (found)
            {
                switches.push_back(vs);
                s->m_target = o.GetSwitchPort();
            }
        }
        if (switches.empty())
        {
            std::ostringstream ports;
            for (const auto& v : host->GetPortViews())
            {
                ports << (ports.str().empty() ? "" : ", ") << v.portId << " (" << v.client << ")";
            }
            VSWITCH_CONFIG_ERROR(where << ": --switchport " << o.GetSwitchPort()
                                       << " is no port of this host (ports: "
                                       << (ports.str().empty() ? "none" : ports.str()) << ")");
        }
        break;
    case PktcapOptions::Target::Vmk: {
        Ptr<VSwitchPort> port = host->FindPort(o.GetVmk());
        if (!port || port->GetClientType() != VSwitchPort::ClientType::Vmknic)
        {
            std::string vmks;
            for (const auto& v : host->GetPortViews())
            {
                if (v.type == 3)
                {
                    vmks += (vmks.empty() ? "" : ", ") + v.client;
                }
            }
            VSWITCH_CONFIG_ERROR(where << ": --vmk " << o.GetVmk()
                                       << ": the host has no such VMkernel NIC (VMkernel NICs: "
                                       << (vmks.empty() ? "none" : vmks) << ")");
        }
        switches.push_back(port->GetVSwitch());
        s->m_target = port->GetPortId();
        break;
    }
    case PktcapOptions::Target::None:
        switches = host->GetVSwitches();
        break;
    }
    s->m_haveTarget = o.GetTarget() != PktcapOptions::Target::None;

    std::vector<CapturePoint> points = o.ResolvePoints(uplinkPort);

    // Output.
    if (!o.GetOutFile().empty())
    {
        std::string path = o.GetOutFile();
        if (!m_dir.empty() && path.front() != '/')
        {
            path = m_dir + "/" + path;
        }
        s->m_file = path;
        s->m_writer = std::make_unique<CaptureFileWriter>();
        s->m_writer->SetErrorCallback(m_onWriteError);
        s->m_writer->Open(path, o.IsPcapng(), o.GetSnaplen());
    }
    else
    {
        s->m_console = m_console;
        UintegerValue frames;
        GlobalValue::GetValueByName("CaptureFlushFrames", frames);
        s->m_flushFrames = static_cast<uint32_t>(frames.Get());
    }
    s->m_format.SetBaseTime(m_base);
    s->m_insertTag = m_insertTag;
    if (s->m_console)
    {
        *s->m_console << s->m_format.Banner(o) << std::flush;
    }

    // Listen.
    for (const auto& vs : switches)
    {
        for (CapturePoint p : points)
        {
            std::string trace = TraceSourceName(p);
            vs->TraceConnectWithoutContext(trace, MakeCallback(&PktcapSession::Sink, s));
            s->m_switches.push_back(vs);
            s->m_traces.push_back(trace);
        }
    }
    Simulator::ScheduleDestroy(&PktcapSession::Stop, s);
    m_sessions.push_back(s);
    return s;
}

Ptr<PktcapSession>
PktcapHelper::CaptureVm(Ptr<EsxiHost> host, Ptr<Node> vm, uint32_t nic, const std::string& options)
{
    Ptr<VSwitchPort> port = host->GetVmPort(vm, nic);
    return Capture(host, "--switchport " + std::to_string(port->GetPortId()) + " " + options);
}

const std::vector<Ptr<PktcapSession>>&
PktcapHelper::GetSessions() const
{
    return m_sessions;
}

void
PktcapHelper::StopAll()
{
    for (auto& s : m_sessions)
    {
        s->Stop();
    }
}

} // namespace ns3
