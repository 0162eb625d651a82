/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "esxi-host.h"

#include "port-group.h"
#include "vnic-net-device.h"

#include "ns3/config-error.h"
#include "ns3/enum.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/physical-switch.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EsxiHost");

NS_OBJECT_ENSURE_REGISTERED(EsxiHost);

TypeId
EsxiHost::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EsxiHost")
            .SetParent<Object>()
            .SetGroupName("VSwitch")
            .AddConstructor<EsxiHost>()
            .AddAttribute("Name",
                          "The host name.",
                          StringValue("esxi"),
                          MakeStringAccessor(&EsxiHost::m_name),
                          MakeStringChecker())
            .AddAttribute("NicOui",
                          "Vendor prefix (OUI) of the physical NICs' MACs, "
                          "as xx:xx:xx. The default 90:e2:ba is Intel's, as "
                          "on its 82599/X520 10 GbE adapters that ESXi hosts "
                          "commonly carry; Wireshark shows it as IntelCor.",
                          StringValue("90:e2:ba"),
                          MakeStringAccessor(&EsxiHost::SetNicOui, &EsxiHost::GetNicOui),
                          MakeStringChecker())
            .AddAttribute("PowerOnInterval",
                          "Time between the power-ons of the host's VMs, in the order they are "
                          "added: the k-th powers on k x this after it was added (its vNICs "
                          "announced to the physical switches then). 0 powers every VM on at "
                          "once: in a large data centre their announcements then flood the "
                          "fabric in the same instant and overflow queues.",
                          TimeValue(MicroSeconds(100)),
                          MakeTimeAccessor(&EsxiHost::m_powerOnInterval),
                          MakeTimeChecker(Time(0)));
    return tid;
}

EsxiHost::EsxiHost()
    : m_nicOui(0x90e2ba),
      m_nextPortset(3),
      m_powerOnInterval(MicroSeconds(100))
{
    m_vswitchFactory.SetTypeId("ns3::VSwitch");
}

EsxiHost::~EsxiHost()
{
}

void
EsxiHost::DoDispose()
{
    m_node = nullptr;
    m_outer = nullptr;
    m_nics.clear();
    m_vswitches.clear();
    m_vms.clear();
    m_vmknics.clear();
    Object::DoDispose();
}

Ptr<EsxiHost>
EsxiHost::FromNode(Ptr<Node> node)
{
    return node ? node->GetObject<EsxiHost>() : nullptr;
}

std::string
EsxiHost::GetName() const
{
    return m_name;
}

Ptr<Node>
EsxiHost::GetNode() const
{
    return m_node;
}

Ptr<EsxiHost>
EsxiHost::GetOuterHost() const
{
    return m_outer;
}

// ------------------------------------------------------------------------------------------
// NICs

void
EsxiHost::AddNic(const std::string& name, Ptr<L2NetDevice> device)
{
    for (const auto& [n, d] : m_nics)
    {
        if (n == name)
        {
            VSWITCH_CONFIG_ERROR("host " << m_name << ": NIC " << name << " already exists");
        }
    }
    m_nics.emplace_back(name, device);
}

void
EsxiHost::SetNicOui(std::string oui)
{
    unsigned a = 0;
    unsigned b = 0;
    unsigned c = 0;
    char end = 0;
    if (std::sscanf(oui.c_str(), "%2x:%2x:%2x%c", &a, &b, &c, &end) != 3 || oui.size() != 8)
    {
        VSWITCH_CONFIG_ERROR("EsxiHost NicOui \"" << oui
                                                  << "\": give three hex bytes, e.g. 90:e2:ba");
    }
    m_nicOui = (a << 16) | (b << 8) | c;
}

std::string
EsxiHost::GetNicOui() const
{
    char text[9];
    std::snprintf(text,
                  sizeof(text),
                  "%02x:%02x:%02x",
                  (m_nicOui >> 16) & 0xff,
                  (m_nicOui >> 8) & 0xff,
                  m_nicOui & 0xff);
    return text;
}

Mac48Address
EsxiHost::MakeNicMac(uint32_t index) const
{
    uint32_t low = (((m_node ? m_node->GetId() : 0) << 5) | (index & 0x1f)) & 0xffffff;
    uint8_t bytes[6] = {static_cast<uint8_t>(m_nicOui >> 16),
                        static_cast<uint8_t>(m_nicOui >> 8),
                        static_cast<uint8_t>(m_nicOui),
                        static_cast<uint8_t>(low >> 16),
                        static_cast<uint8_t>(low >> 8),
                        static_cast<uint8_t>(low)};
    Mac48Address mac;
    mac.CopyFrom(bytes);
    return mac;
}

Ptr<L2NetDevice>
EsxiHost::GetNic(const std::string& name) const
{
    std::string known;
    for (const auto& [n, d] : m_nics)
    {
        if (n == name)
        {
            return d;
        }
        known += (known.empty() ? "" : ", ") + n;
    }
    VSWITCH_CONFIG_ERROR("host " << m_name << " has no NIC " << name
                                 << " (NICs: " << (known.empty() ? "none" : known) << ")");
}

std::vector<std::string>
EsxiHost::GetNicNames() const
{
    std::vector<std::string> names;
    for (const auto& [n, d] : m_nics)
    {
        names.push_back(n);
    }
    return names;
}

Ptr<EthernetChannel>
EsxiHost::ConnectUplink(const std::string& nic, Ptr<PhysicalSwitch> sw, const std::string& port)
{
    Ptr<EthernetNetDevice> dev = DynamicCast<EthernetNetDevice>(GetNic(nic));
    if (!dev)
    {
        VSWITCH_CONFIG_ERROR("host " << m_name << ": " << nic
                                     << " is a nested host's vNIC, not a cable NIC");
    }
    m_ethernet.Install(dev, sw->GetPortDevice(port));
    return EthernetHelper::GetChannel(dev);
}

// ------------------------------------------------------------------------------------------
// vSwitches and port groups

Ptr<VSwitch>
EsxiHost::AddVSwitch(const std::string& name,
                     const std::vector<std::string>& uplinks,
                     VSwitch::Type type)
{
    for (const auto& s : m_vswitches)
    {
        if (s->GetName() == name)
        {
            VSWITCH_CONFIG_ERROR("host " << m_name << ": vSwitch " << name << " already exists");
        }
    }
    for (const auto& nic : uplinks)
    {
        GetNic(nic);
        auto used = m_nicSwitch.find(nic);
        if (used != m_nicSwitch.end())
        {
            VSWITCH_CONFIG_ERROR("host " << m_name << ": " << nic << " is already an uplink of "
                                         << used->second << "; a NIC is the uplink of one vSwitch");
        }
    }
    ObjectFactory factory = m_vswitchFactory;
    factory.Set("Name", StringValue(name));
    factory.Set("HostName", StringValue(m_name));
    factory.Set("Type", EnumValue(type));
    factory.Set("PortsetIndex", UintegerValue(m_nextPortset++));
    Ptr<VSwitch> vs = factory.Create<VSwitch>();
    vs->SetAddress(Mac48Address::Allocate());
    m_node->AddDevice(vs);
    for (const auto& nic : uplinks)
    {
        vs->AddUplink(GetNic(nic), nic);
        m_nicSwitch[nic] = name;
    }
    m_vswitches.push_back(vs);
    return vs;
}

Ptr<VSwitch>
EsxiHost::GetVSwitch(const std::string& name) const
{
    if (name.empty() && !m_vswitches.empty())
    {
        return m_vswitches.front();
    }
    std::string known;
    for (const auto& s : m_vswitches)
    {
        if (s->GetName() == name)
        {
            return s;
        }
        known += (known.empty() ? "" : ", ") + s->GetName();
    }
    VSWITCH_CONFIG_ERROR("host " << m_name << " has no vSwitch " << (name.empty() ? "yet" : name)
                                 << " (vSwitches: " << (known.empty() ? "none" : known) << ")");
}

std::vector<Ptr<VSwitch>>
EsxiHost::GetVSwitches() const
{
    return m_vswitches;
}

Ptr<PortGroup>
EsxiHost::AddPortGroup(const std::string& name, uint16_t vlan, const std::string& vswitch)
{
    for (const auto& s : m_vswitches)
    {
        if (s->HasPortGroup(name))
        {
            VSWITCH_CONFIG_ERROR("host " << m_name << ": port group " << name
                                         << " already exists on " << s->GetName());
        }
    }
    return GetVSwitch(vswitch)->AddPortGroup(name, vlan);
}

Ptr<VSwitch>
EsxiHost::SwitchOfGroup(const std::string& portGroup) const
{
    std::string known;
    for (const auto& s : m_vswitches)
    {
        if (s->HasPortGroup(portGroup))
        {
            return s;
        }
        for (const auto& g : s->GetPortGroups())
        {
            known += (known.empty() ? "'" : ", '") + g->GetName() + "'";
        }
    }
    VSWITCH_CONFIG_ERROR("host " << m_name << " has no port group '" << portGroup
                                 << "' (port groups: " << (known.empty() ? "none" : known) << ")");
}

Ptr<PortGroup>
EsxiHost::GetPortGroup(const std::string& name) const
{
    return SwitchOfGroup(name)->GetPortGroup(name);
}

// ------------------------------------------------------------------------------------------
// VMs and vmknics

EsxiHost::Vm&
EsxiHost::VmRecord(Ptr<Node> vm)
{
    for (auto& v : m_vms)
    {
        if (v.node == vm)
        {
            return v;
        }
    }
    Vm v;
    v.node = vm;
    v.name = Names::FindName(vm);
    if (v.name.empty())
    {
        v.name = "vm" + std::to_string(m_vms.size() + 1);
    }
    m_vms.push_back(v);
    return m_vms.back();
}

void
EsxiHost::SetVmName(Ptr<Node> vm, const std::string& name)
{
    for (const auto& v : m_vms)
    {
        if (v.node != vm && v.name == name)
        {
            VSWITCH_CONFIG_ERROR("host " << m_name << ": a VM named " << name << " already exists");
        }
    }
    Vm& rec = VmRecord(vm);
    if (!rec.ports.empty())
    {
        VSWITCH_CONFIG_ERROR("host " << m_name << ": name VM " << rec.name
                                     << " before giving it vNICs");
    }
    rec.name = name;
}

std::string
EsxiHost::GetVmName(Ptr<Node> vm) const
{
    for (const auto& v : m_vms)
    {
        if (v.node == vm)
        {
            return v.name;
        }
    }
    return "";
}

Ptr<VnicNetDevice>
EsxiHost::AddVm(Ptr<Node> vm, const std::string& portGroup, Mac48Address mac, uint32_t portId)
{
    if (!vm)
    {
        VSWITCH_CONFIG_ERROR("host " << m_name << ": AddVm: null VM node");
    }
    if (vm == m_node)
    {
        VSWITCH_CONFIG_ERROR("host " << m_name
                                     << ": a VM needs its own node (use AddVmknic for the host)");
    }
    Ptr<VSwitch> vs = SwitchOfGroup(portGroup);
    Vm& rec = VmRecord(vm);
    if (rec.vnics.empty())
    {
        rec.powerOn = Simulator::Now() + m_powerOnInterval * int64_t(m_vmsAdded++);
    }
    Ptr<VnicNetDevice> vnic = CreateObject<VnicNetDevice>();
    vnic->SetInitialAddress(mac == Mac48Address() ? VnicNetDevice::AllocateVmwareMac(0) : mac);
    vm->AddDevice(vnic);
    std::string client = rec.name + ".eth" + std::to_string(rec.vnics.size());
    Ptr<VSwitchPort> port =
        vs->Connect(vnic, portGroup, client, VSwitchPort::ClientType::VmNic, portId);
    if (rec.powerOn > Simulator::Now())
    {
        vs->DelayAnnouncement(port, rec.powerOn - Simulator::Now());
    }
    rec.vnics.push_back(vnic);
    rec.ports.push_back(port);
    return vnic;
}

void
EsxiHost::SetVmPowerOnTime(Ptr<Node> vm, Time at)
{
    Vm* rec = nullptr;
    for (auto& v : m_vms)
    {
        rec = v.node == vm ? &v : rec;
    }
    if (!rec)
    {
        VSWITCH_CONFIG_ERROR("host " << m_name << ": SetVmPowerOnTime: not a VM of this host");
    }
    if (at < Simulator::Now())
    {
        VSWITCH_CONFIG_ERROR("host " << m_name << ": VM " << rec->name << ": power-on time "
                                     << at.As(Time::S) << " is in the past (now "
                                     << Simulator::Now().As(Time::S) << ")");
    }
    rec->powerOn = at;
    for (const auto& port : rec->ports)
    {
        if (Ptr<VSwitch> vs = port->GetVSwitch())
        {
            vs->DelayAnnouncement(port, at - Simulator::Now());
        }
    }
}

Time
EsxiHost::GetVmPowerOnTime(Ptr<Node> vm) const
{
    for (const auto& v : m_vms)
    {
        if (v.node == vm)
        {
            return v.powerOn;
        }
    }
    VSWITCH_CONFIG_ERROR("host " << m_name << ": GetVmPowerOnTime: not a VM of this host");
}

Ptr<VnicNetDevice>
EsxiHost::AddVmknic(const std::string& name,
                    const std::string& portGroup,
                    Mac48Address mac,
                    Ptr<Node> netstack)
{
    for (const auto& [n, p] : m_vmknics)
    {
        if (n == name)
        {
            VSWITCH_CONFIG_ERROR("host " << m_name << ": VMkernel NIC " << name
                                         << " already exists");
        }
    }
    Ptr<VSwitch> vs = SwitchOfGroup(portGroup);
    Ptr<VnicNetDevice> vnic = CreateObject<VnicNetDevice>();
    vnic->SetInitialAddress(mac == Mac48Address() ? VnicNetDevice::AllocateVmwareMac(1) : mac);
    (netstack ? netstack : m_node)->AddDevice(vnic);
    Ptr<VSwitchPort> port = vs->Connect(vnic, portGroup, name, VSwitchPort::ClientType::Vmknic);
    m_vmknics.emplace_back(name, port);
    return vnic;
}

void
EsxiHost::AttachNestedHost(Ptr<Node> vm,
                           const std::string& name,
                           const std::vector<std::string>& portGroups,
                           Ptr<EsxiHost> nested,
                           const std::vector<Mac48Address>& macs)
{
    if (portGroups.empty())
    {
        VSWITCH_CONFIG_ERROR("host " << m_name << ": nested host " << name
                                     << " needs at least one port group for its vmnic0");
    }
    SetVmName(vm, name);
    uint32_t i = 0;
    for (const auto& pg : portGroups)
    {
        Ptr<VnicNetDevice> vnic = AddVm(vm, pg, i < macs.size() ? macs[i] : Mac48Address());
        vnic->SetGuestPromiscuous(true);
        nested->AddNic("vmnic" + std::to_string(i++), vnic);
    }
    nested->m_outer = this;
}

Ptr<VSwitchPort>
EsxiHost::FindPort(const std::string& client) const
{
    for (const auto& s : m_vswitches)
    {
        Ptr<VSwitchPort> p = s->FindPortByClient(client);
        if (p)
        {
            return p;
        }
    }
    return nullptr;
}

Ptr<VSwitchPort>
EsxiHost::GetVmPort(Ptr<Node> vm, uint32_t nic) const
{
    for (const auto& v : m_vms)
    {
        if (v.node == vm)
        {
            if (nic < v.ports.size())
            {
                return v.ports[nic];
            }
            VSWITCH_CONFIG_ERROR("host " << m_name << ": VM " << v.name << " has no vNIC eth" << nic
                                         << " (it has " << v.ports.size() << ")");
        }
    }
    std::string known;
    for (const auto& v : m_vms)
    {
        known += (known.empty() ? "" : ", ") + v.name;
    }
    std::string name = vm ? Names::FindName(vm) : "";
    VSWITCH_CONFIG_ERROR(
        "host " << m_name << ": node " << (vm ? vm->GetId() : 0)
                << (name.empty() ? "" : " (" + name + ")")
                << " is not a VM of this host (VMs: " << (known.empty() ? "none" : known)
                << "); give it a vNIC here with AddVm, or use the host it runs on");
}

bool
EsxiHost::IsVmMoving(Ptr<Node> vm) const
{
    for (const auto& v : m_vms)
    {
        if (v.node == vm)
        {
            return v.moving;
        }
    }
    return false;
}

void
EsxiHost::SetVmMoving(Ptr<Node> vm, bool moving)
{
    for (auto& v : m_vms)
    {
        if (v.node == vm)
        {
            v.moving = moving;
        }
    }
}

void
EsxiHost::RemoveVm(Ptr<Node> vm)
{
    m_vms.erase(
        std::remove_if(m_vms.begin(), m_vms.end(), [&vm](const Vm& v) { return v.node == vm; }),
        m_vms.end());
}

void
EsxiHost::AddMovedVm(Ptr<Node> vm,
                     const std::string& name,
                     const std::vector<Ptr<VnicNetDevice>>& vnics,
                     const std::vector<Ptr<VSwitchPort>>& ports)
{
    Vm v;
    v.node = vm;
    v.name = name;
    v.vnics = vnics;
    v.ports = ports;
    m_vms.push_back(v);
    Ptr<EsxiHost> nested = EsxiHost::FromNode(vm);
    if (nested)
    {
        nested->m_outer = this;
    }
}

std::vector<Ptr<Node>>
EsxiHost::GetVms() const
{
    std::vector<Ptr<Node>> out;
    for (const auto& v : m_vms)
    {
        out.push_back(v.node);
    }
    return out;
}

// ------------------------------------------------------------------------------------------
// Views

namespace
{
bool
IsTxSideDrop(DropReason r)
{
    return r == DropReason::ForgedTransmit || r == DropReason::NoUplink ||
           r == DropReason::MacLimit || r == DropReason::Vlan;
}

std::string
FirstIpv4(Ptr<NetDevice> dev)
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    if (!ipv4)
    {
        return "";
    }
    int32_t i = ipv4->GetInterfaceForDevice(dev);
    if (i < 0 || ipv4->GetNAddresses(i) == 0)
    {
        return "";
    }
    std::ostringstream os;
    os << ipv4->GetAddress(i, 0).GetLocal();
    return os.str();
}
} // namespace

std::vector<EsxiHost::PortView>
EsxiHost::GetPortViews() const
{
    std::vector<PortView> rows;
    for (const auto& vs : m_vswitches)
    {
        for (const auto& u : vs->GetUplinks())
        {
            PortView v{};
            v.portId = u.portId;
            v.type = 4;
            v.subType = 0;
            v.vswitch = vs->GetPortsetName();
            v.mac = u.mac;
            v.client = u.name;
            v.teamUplink = "-";
            v.txFrames = u.txFrames;
            v.txBytes = u.txBytes;
            v.rxFrames = u.rxFrames;
            v.rxBytes = u.rxBytes;
            v.drops = u.drops;
            v.rxDrops = u.drops.Total();
            rows.push_back(v);
        }
        for (const auto& p : vs->GetPorts())
        {
            PortView v{};
            v.portId = p->GetPortId();
            bool vmk = p->GetClientType() == VSwitchPort::ClientType::Vmknic;
            v.type = vmk ? 3 : 5;
            v.subType = vmk ? 0 : 9;
            v.vswitch = vs->GetPortsetName();
            v.dvPort = p->GetDvPort();
            v.portGroup = p->GetPortGroup()->GetName();
            v.mac = p->GetEffectiveMac();
            v.client = p->GetClientName();
            v.teamUplink = p->GetTeamUplink();
            if (!v.teamUplink.empty() && vs->HasUplink(v.teamUplink))
            {
                v.uplinkPortId = vs->GetUplinkPortId(v.teamUplink);
            }
            v.ip = FirstIpv4(p->GetVnic());
            const auto& c = p->GetCounters();
            v.txFrames = c.fromClientFrames;
            v.txBytes = c.fromClientBytes;
            v.rxFrames = c.toClientFrames;
            v.rxBytes = c.toClientBytes;
            v.drops = c.drops;
            for (std::size_t i = 0; i < kDropReasonCount; ++i)
            {
                (IsTxSideDrop(static_cast<DropReason>(i)) ? v.txDrops : v.rxDrops) +=
                    c.drops.frames[i];
            }
            rows.push_back(v);
        }
    }
    return rows;
}

void
EsxiHost::PrintNetStats(std::ostream& os) const
{
    char line[256];
    std::snprintf(line,
                  sizeof(line),
                  "%-16s %4s %7s %-16s %-18s %s\n",
                  "PortNum",
                  "Type",
                  "SubType",
                  "SwitchName",
                  "MACAddress",
                  "ClientName");
    os << line;
    for (const auto& v : GetPortViews())
    {
        std::ostringstream mac;
        mac << v.mac;
        std::snprintf(line,
                      sizeof(line),
                      "%-16u %4u %7u %-16s %-18s %s\n",
                      v.portId,
                      v.type,
                      v.subType,
                      v.vswitch.c_str(),
                      mac.str().c_str(),
                      v.client.c_str());
        os << line;
    }
}

void
EsxiHost::PrintEsxtopNetwork(std::ostream& os) const
{
    double seconds = Simulator::Now().GetSeconds();
    auto rate = [seconds](uint64_t n) { return seconds > 0 ? n / seconds : 0.0; };
    char line[256];
    std::snprintf(line,
                  sizeof(line),
                  "%10s %20s %10s %-16s %9s %7s %9s %7s %6s %6s\n",
                  "PORT-ID",
                  "USED-BY",
                  "TEAM-PNIC",
                  "DNAME",
                  "PKTTX/s",
                  "MbTX/s",
                  "PKTRX/s",
                  "MbRX/s",
                  "%DRPTX",
                  "%DRPRX");
    os << line;
    for (const auto& v : GetPortViews())
    {
        std::string team = v.teamUplink.empty() ? "void" : v.teamUplink;
        double drpTx = v.txFrames ? 100.0 * v.txDrops / v.txFrames : 0.0;
        double offered = double(v.rxFrames + v.rxDrops);
        double drpRx = offered > 0 ? 100.0 * v.rxDrops / offered : 0.0;
        std::snprintf(line,
                      sizeof(line),
                      "%10u %20s %10s %-16s %9.2f %7.2f %9.2f %7.2f %6.2f %6.2f\n",
                      v.portId,
                      v.client.c_str(),
                      team.c_str(),
                      v.vswitch.c_str(),
                      rate(v.txFrames),
                      rate(v.txBytes) * 8 / 1e6,
                      rate(v.rxFrames),
                      rate(v.rxBytes) * 8 / 1e6,
                      drpTx,
                      drpRx);
        os << line;
    }
}

void
EsxiHost::PrintVmPortList(std::ostream& os) const
{
    for (const auto& v : GetPortViews())
    {
        if (v.type != 5)
        {
            continue;
        }
        os << "   Port ID: " << v.portId << "\n"
           << "   vSwitch: " << v.vswitch << "\n"
           << "   Portgroup: " << v.portGroup << "\n"
           << "   DVPort ID: "
           << (v.dvPort == VSwitchPort::kNoDvPort ? std::string() : std::to_string(v.dvPort))
           << "\n"
           << "   MAC Address: " << v.mac << "\n"
           << "   IP Address: " << (v.ip.empty() ? "0.0.0.0" : v.ip) << "\n"
           << "   Team Uplink: " << (v.teamUplink.empty() ? "void" : v.teamUplink) << "\n"
           << "   Uplink Port ID: " << v.uplinkPortId << "\n"
           << "   Active Filters: \n\n";
    }
}

} // namespace ns3
