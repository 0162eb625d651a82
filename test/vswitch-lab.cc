/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vswitch-lab.h"

using namespace ns3;

namespace vswitchtest
{

CaptureLog::CaptureLog(Ptr<VSwitch> vs, const std::string& point, RarpFrames rarp)
    : m_keepRarp(rarp == KEEP_RARP)
{
    bool ok = vs->TraceConnectWithoutContext(point, MakeCallback(&CaptureLog::Sink, this));
    EXPECT_TRUE(ok) << "no capture point " << point;
}

void
CaptureLog::Sink(Ptr<const Packet> frame, const CaptureContext& where)
{
    Seen s;
    frame->PeekHeader(s.header);
    if (!m_keepRarp && s.header.GetEtherType() == 0x8035)
    {
        return;
    }
    s.where = where;
    s.size = frame->GetSize();
    m_seen.push_back(s);
}

std::vector<Seen>
CaptureLog::AtPort(uint32_t portId) const
{
    std::vector<Seen> out;
    for (const auto& s : m_seen)
    {
        if (s.where.portId == portId)
        {
            out.push_back(s);
        }
    }
    return out;
}

std::size_t
CaptureLog::Count(uint16_t etherType, uint32_t portId) const
{
    std::size_t n = 0;
    for (const auto& s : m_seen)
    {
        n += (etherType == 0 || s.header.GetEtherType() == etherType) &&
                     (portId == 0 || s.where.portId == portId)
                 ? 1
                 : 0;
    }
    return n;
}

std::size_t
CaptureLog::Drops(DropReason reason, uint32_t portId) const
{
    std::size_t n = 0;
    for (const auto& s : m_seen)
    {
        n += s.where.reason == reason && (portId == 0 || s.where.portId == portId) ? 1 : 0;
    }
    return n;
}

std::size_t
CaptureLog::CountFrom(Mac48Address mac, uint32_t portId) const
{
    std::size_t n = 0;
    for (const auto& s : m_seen)
    {
        n += s.header.GetSource() == mac && (portId == 0 || s.where.portId == portId) ? 1 : 0;
    }
    return n;
}

std::size_t
CaptureLog::CountTo(Mac48Address mac, uint32_t portId) const
{
    std::size_t n = 0;
    for (const auto& s : m_seen)
    {
        n += s.header.GetDestination() == mac && (portId == 0 || s.where.portId == portId) ? 1 : 0;
    }
    return n;
}

Lab::Lab(uint32_t switchPorts)
{
    PhysicalSwitchHelper helper;
    helper.SetSwitchAttribute("Name", StringValue("pswitch1"));
    sw = helper.Install(CreateObject<Node>(), switchPorts);
    eth.SetChannelAttribute("Delay", StringValue("1us"));
}

std::string
Lab::NextPort()
{
    return "Gi0/" + std::to_string(m_nextPort++);
}

Ptr<EsxiHost>
Lab::Host(const std::string& name, std::vector<std::string> nics)
{
    Ptr<EsxiHost> host = esxi.Install(CreateObject<Node>(), nics, name);
    Cable(host, nics);
    return host;
}

Ptr<EsxiHost>
Lab::BareHost(const std::string& name, std::vector<std::string> nics)
{
    Ptr<EsxiHost> host = esxi.InstallWithoutVSwitch(CreateObject<Node>(), nics, name);
    Cable(host, nics);
    return host;
}

void
Lab::Cable(Ptr<EsxiHost> host, const std::vector<std::string>& nics)
{
    for (const auto& nic : nics)
    {
        std::string port = NextPort();
        sw->SetTrunkPort(port, {});
        host->ConnectUplink(nic, sw, port);
        m_cabling[host->GetName() + ":" + nic] = port;
    }
}

std::string
Lab::SwitchPortOf(Ptr<EsxiHost> host, const std::string& nic) const
{
    return m_cabling.at(host->GetName() + ":" + nic);
}

Ptr<Node>
Lab::Vm(Ptr<EsxiHost> host,
        const std::string& portGroup,
        const std::string& ip,
        const std::string& name)
{
    Ptr<Node> vm = CreateObject<Node>();
    if (!name.empty())
    {
        host->SetVmName(vm, name);
    }
    Ptr<VnicNetDevice> vnic = host->AddVm(vm, portGroup);
    if (!ip.empty())
    {
        AddIp(vnic, ip);
    }
    return vm;
}

Ptr<Node>
Lab::External(uint16_t vlan, const std::string& ip)
{
    Ptr<Node> node = CreateObject<Node>();
    std::string port = NextPort();
    sw->SetAccessPort(port, vlan);
    NetDeviceContainer d = eth.Install(node, sw->GetPortDevice(port));
    if (!ip.empty())
    {
        AddIp(d.Get(0), ip);
    }
    return node;
}

Ptr<VnicNetDevice>
Lab::Vnic(Ptr<Node> vm, uint32_t i)
{
    uint32_t seen = 0;
    for (uint32_t d = 0; d < vm->GetNDevices(); ++d)
    {
        Ptr<VnicNetDevice> v = DynamicCast<VnicNetDevice>(vm->GetDevice(d));
        if (v && seen++ == i)
        {
            return v;
        }
    }
    return nullptr;
}

Ptr<NetDevice>
Lab::Nic(Ptr<Node> node)
{
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        Ptr<L2NetDevice> dev = DynamicCast<L2NetDevice>(node->GetDevice(d));
        if (dev)
        {
            return dev;
        }
    }
    return nullptr;
}

Mac48Address
Lab::MacOf(Ptr<Node> node)
{
    return Mac48Address::ConvertFrom(Nic(node)->GetAddress());
}

} // namespace vswitchtest
