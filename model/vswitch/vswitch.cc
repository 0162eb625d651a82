/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vswitch.h"

#include "distributed-switch.h"
#include "nic-teaming.h"
#include "port-group.h"
#include "rarp-header.h"
#include "rarp-scheduler.h"
#include "vnic-channel.h"
#include "vnic-net-device.h"
#include "vswitch-mac-table.h"

#include "ns3/boolean.h"
#include "ns3/channel.h"
#include "ns3/config-error.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/ethernet-padding.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VSwitch");

NS_OBJECT_ENSURE_REGISTERED(VSwitch);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT std::clog << "[" << m_hostName << " " << m_name << "] ";

namespace
{
constexpr uint16_t kGuestTagging = 4095;
} // namespace

VSwitch::CaptureTrace VSwitch::*const VSwitch::kCaptureTraces[kCapturePointCount] = {
    &VSwitch::m_uplinkRcvTrace,
    &VSwitch::m_uplinkSndTrace,
    &VSwitch::m_portInputTrace,
    &VSwitch::m_portOutputTrace,
    &VSwitch::m_dispatchTrace,
    &VSwitch::m_outputTrace,
    &VSwitch::m_vnicTxTrace,
    &VSwitch::m_vnicRxTrace,
    &VSwitch::m_dropTrace,
};

TypeId
VSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::VSwitch")
            .SetParent<SwitchNetDevice>()
            .SetGroupName("VSwitch")
            .AddConstructor<VSwitch>()
            .AddAttribute("Name",
                          "Name of the switch (vSwitch0, DSwitch, ...).",
                          StringValue("vSwitch0"),
                          MakeStringAccessor(&VSwitch::m_name),
                          MakeStringChecker())
            .AddAttribute("HostName",
                          "Name of the ESXi host, for messages and views.",
                          StringValue("esxi"),
                          MakeStringAccessor(&VSwitch::m_hostName),
                          MakeStringChecker())
            .AddAttribute("Type",
                          "Standard or distributed switch; decides the security defaults and "
                          "whether MAC learning and physical NIC load teaming are available.",
                          EnumValue(static_cast<int>(Type::Standard)),
                          MakeEnumAccessor(&VSwitch::m_type),
                          MakeEnumChecker(static_cast<int>(Type::Standard),
                                          "standard",
                                          static_cast<int>(Type::Distributed),
                                          "distributed"))
            .AddAttribute("SecurityDefaults",
                          "Release whose defaults a new switch gets: vsphere6 (standard "
                          "switch: promiscuous reject, MAC changes and forged transmits "
                          "accept; distributed: all reject) or vsphere7 (all reject).",
                          EnumValue(static_cast<int>(Defaults::VSphere6)),
                          MakeEnumAccessor(&VSwitch::m_defaults),
                          MakeEnumChecker(static_cast<int>(Defaults::VSphere6),
                                          "vsphere6",
                                          static_cast<int>(Defaults::VSphere7),
                                          "vsphere7"))
            .AddAttribute("PortsetIndex",
                          "Portset index: port IDs are (index << 24) | port number.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&VSwitch::m_portsetIndex),
                          MakeUintegerChecker<uint32_t>(1, 127))
            .AddAttribute("UplinkPortIdBit31",
                          "Set bit 31 in uplink port IDs, as newer ESXi builds do.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&VSwitch::m_uplinkBit31),
                          MakeBooleanChecker())
            .AddAttribute("ReversePathFwdCheck",
                          "Net.ReversePathFwdCheck: drop broadcast and multicast frames from "
                          "an uplink whose source MAC is one of this switch's ports' MACs.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&VSwitch::m_rpfCheck),
                          MakeBooleanChecker())
            .AddAttribute("ReversePathFwdCheckPromisc",
                          "Net.ReversePathFwdCheckPromisc: apply the reverse path check to "
                          "promiscuous ports too.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&VSwitch::m_rpfCheckPromisc),
                          MakeBooleanChecker())
            .AddAttribute("ForgedTransmitsCompare",
                          "MAC the forged transmits check compares a frame's source with: the "
                          "vNIC's effective MAC or its initial (.vmx) MAC.",
                          EnumValue(static_cast<int>(ForgedCompare::Effective)),
                          MakeEnumAccessor(&VSwitch::m_forgedCompare),
                          MakeEnumChecker(static_cast<int>(ForgedCompare::Effective),
                                          "effective",
                                          static_cast<int>(ForgedCompare::Initial),
                                          "initial"))
            .AddAttribute("MacLearningAgingTime",
                          "MAC learning: a learned MAC that sends nothing for this long is "
                          "removed, unless a MAC learning policy sets its own ageing time (the "
                          "vDS API does not expose it; NSX uses 600 s).",
                          TimeValue(Seconds(600)),
                          MakeTimeAccessor(&VSwitch::m_macLearningAging),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("NotifySwitchesRarpCount",
                          "RARP frames sent for a port that moved to another uplink or "
                          "connected (notify switches).",
                          UintegerValue(5),
                          MakeUintegerAccessor(&VSwitch::m_rarpCount),
                          MakeUintegerChecker<uint32_t>(1, 100))
            .AddAttribute("NotifySwitchesRarpInterval",
                          "Time between those RARP frames.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&VSwitch::m_rarpInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("BeaconInterval",
                          "Beacon probing: each uplink sends a beacon per VLAN this often.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&VSwitch::m_beaconInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("BeaconFailureThreshold",
                          "Beacon probing: intervals without beacons before an uplink fails.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&VSwitch::m_beaconMisses),
                          MakeUintegerChecker<uint32_t>(1, 100))
            .AddAttribute("NicLoadThreshold",
                          "Physical NIC load teaming: utilisation above which ports move off "
                          "an uplink.",
                          DoubleValue(0.75),
                          MakeDoubleAccessor(&VSwitch::m_loadThreshold),
                          MakeDoubleChecker<double>(0.01, 1.0))
            .AddAttribute("NicLoadInterval",
                          "Physical NIC load teaming: how long an uplink must stay busy before "
                          "a port moves (the load is checked once per interval).",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&VSwitch::m_loadInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("UplinkRcv",
                            "Capture point: a frame received from a physical NIC.",
                            MakeTraceSourceAccessor(&VSwitch::m_uplinkRcvTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("UplinkSnd",
                            "Capture point: a frame handed to a physical NIC.",
                            MakeTraceSourceAccessor(&VSwitch::m_uplinkSndTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("PortInput",
                            "Capture point: a frame entering from a virtual port.",
                            MakeTraceSourceAccessor(&VSwitch::m_portInputTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("PortOutput",
                            "Capture point: a frame leaving to a virtual port, before the "
                            "port's filters (reverse teaming, MAC changes).",
                            MakeTraceSourceAccessor(&VSwitch::m_portOutputTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("EtherswitchDispatch",
                            "Capture point: a frame entering the switching core.",
                            MakeTraceSourceAccessor(&VSwitch::m_dispatchTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("EtherswitchOutput",
                            "Capture point: a frame leaving the switching core for a port or "
                            "uplink.",
                            MakeTraceSourceAccessor(&VSwitch::m_outputTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("VnicTx",
                            "Capture point: a frame sent by a vNIC.",
                            MakeTraceSourceAccessor(&VSwitch::m_vnicTxTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("VnicRx",
                            "Capture point: a frame handed to a vNIC, after the port's filters.",
                            MakeTraceSourceAccessor(&VSwitch::m_vnicRxTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("Drop",
                            "Capture point: a frame the switch dropped, with the reason.",
                            MakeTraceSourceAccessor(&VSwitch::m_dropTrace),
                            "ns3::CaptureTracedCallback")
            .AddTraceSource("UplinkChange",
                            "A port now transmits on another uplink: port ID, old, new.",
                            MakeTraceSourceAccessor(&VSwitch::m_uplinkChangeTrace),
                            "ns3::VSwitch::UplinkChangeTracedCallback")
            .AddTraceSource("Rarp",
                            "A RARP announcement left an uplink (notify switches, vMotion).",
                            MakeTraceSourceAccessor(&VSwitch::m_rarpTrace),
                            "ns3::VSwitch::RarpTracedCallback");
    return tid;
}

VSwitch::VSwitch()
    : m_name("vSwitch0"),
      m_hostName("esxi"),
      m_type(Type::Standard),
      m_defaults(Defaults::VSphere6),
      m_portsetIndex(3),
      m_uplinkBit31(false),
      m_rpfCheck(true),
      m_rpfCheckPromisc(false),
      m_forgedCompare(ForgedCompare::Effective),
      m_macLearningAging(Seconds(600)),
      m_rarpCount(5),
      m_rarpInterval(Seconds(1)),
      m_beaconInterval(Seconds(1)),
      m_beaconMisses(3),
      m_loadThreshold(0.75),
      m_loadInterval(Seconds(30)),
      m_nic(*this),
      m_nextPortIndex(1),
      m_macs(*this),
      m_epoch(1)
{
    NS_LOG_FUNCTION(this);
    m_rarp.SetSender(MakeCallback(&VSwitch::SendRarpFrame, this));
}

VSwitch::~VSwitch()
{
    NS_LOG_FUNCTION(this);
}

void
VSwitch::NotifyConstructionCompleted()
{
    SetSecurityPolicy(SecurityPolicy());
    m_teaming.loadBalancing = LoadBalancing::OriginatingPort;
    m_teaming.failureDetection = FailureDetection::LinkStatus;
    m_teaming.notifySwitches = true;
    m_teaming.failback = true;
    MacLearningPolicy learning;
    learning.agingTime = m_macLearningAging;
    m_learning = learning.Resolved();
    NetDevice::NotifyConstructionCompleted();
}

void
VSwitch::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_nic.Dispose();
    m_rarp.CancelAll();
    m_dvs = nullptr;
    for (auto& [id, port] : m_ports)
    {
        port->Dispose();
    }
    m_ports.clear();
    for (auto& g : m_groups)
    {
        g->Dispose();
    }
    m_groups.clear();
    m_macs.Clear();
    m_vlanPorts.clear();
    SwitchNetDevice::DoDispose();
}

std::string
VSwitch::GetName() const
{
    return m_name;
}

std::string
VSwitch::GetHostName() const
{
    return m_hostName;
}

VSwitch::Type
VSwitch::GetType() const
{
    return m_type;
}

uint32_t
VSwitch::GetPortsetIndex() const
{
    return m_portsetIndex;
}

std::string
VSwitch::GetPortsetName() const
{
    return m_type == Type::Distributed ? "DvsPortset-" + std::to_string(m_portsetIndex) : m_name;
}

void
VSwitch::ConfigChanged()
{
    SettleDrops(); // with the lists the bulk counts were made for
    ++m_epoch;
}

uint32_t
VSwitch::AllocatePortId()
{
    while (true)
    {
        uint32_t id = (m_portsetIndex << 24) | (m_nextPortIndex++ & 0xffffff);
        if (!m_ports.count(id))
        {
            return id;
        }
    }
}

// ------------------------------------------------------------------------------------------
// Uplinks

uint32_t
VSwitch::AddUplink(Ptr<L2NetDevice> device, const std::string& name)
{
    NS_LOG_FUNCTION(this << device << name);
    std::string where = "vSwitch " + m_name + " (host " + m_hostName + ")";
    if (!device)
    {
        VSWITCH_CONFIG_ERROR(where << ": uplink " << name << ": null device");
    }
    if (!GetNode() || device->GetNode() != GetNode())
    {
        VSWITCH_CONFIG_ERROR(where << ": uplink " << name
                                   << ": the NIC must be on the host's node (add the vSwitch "
                                      "to the node first)");
    }
    if (HasUplink(name))
    {
        VSWITCH_CONFIG_ERROR(where << ": uplink " << name << " already added");
    }
    if (device->IsBridgePort())
    {
        VSWITCH_CONFIG_ERROR(where << ": uplink " << name
                                   << ": the NIC already belongs to a switch; a vmnic is the "
                                      "uplink of one vSwitch");
    }
    uint32_t portId = AllocatePortId() | (m_uplinkBit31 ? 0x80000000u : 0u);
    m_nic.Add(device, name, portId);
    device->SetFrameReceiveCallback(MakeCallback(&VSwitch::ReceiveFromUplink, this));
    device->AddLinkChangeCallback(MakeCallback(&VSwitch::UplinkLinkChanged, this));
    RecomputeTeaming();
    return portId;
}

std::vector<std::string>
VSwitch::GetUplinkNames() const
{
    std::vector<std::string> names;
    for (uint32_t u = 0; u < m_nic.GetN(); ++u)
    {
        names.push_back(m_nic.Get(u).name);
    }
    return names;
}

bool
VSwitch::HasUplink(const std::string& name) const
{
    return m_nic.Find(name) != NicTeaming::kNone;
}

uint32_t
VSwitch::FindUplink(const std::string& name) const
{
    uint32_t u = m_nic.Find(name);
    if (u != NicTeaming::kNone)
    {
        return u;
    }
    VSWITCH_CONFIG_ERROR("vSwitch " << m_name << " (host " << m_hostName << ") has no uplink "
                                    << name << " (uplinks: " << m_nic.Names() << ")");
}

Ptr<L2NetDevice>
VSwitch::GetUplinkDevice(const std::string& name) const
{
    return m_nic.Get(FindUplink(name)).device;
}

uint32_t
VSwitch::GetUplinkPortId(const std::string& name) const
{
    return m_nic.Get(FindUplink(name)).portId;
}

std::vector<VSwitch::UplinkInfo>
VSwitch::GetUplinks() const
{
    std::vector<UplinkInfo> out;
    for (uint32_t n = 0; n < m_nic.GetN(); ++n)
    {
        const NicTeaming::Uplink& u = m_nic.Get(n);
        UplinkInfo i;
        i.name = u.name;
        i.portId = u.portId;
        i.mac = EthernetVlanHeader::KeyToMac(u.mac);
        i.linkUp = u.device->IsLinkUp();
        i.usable = u.usable;
        i.rxFrames = u.rxFrames;
        i.rxBytes = u.rxBytes;
        i.txFrames = u.txFrames;
        i.txBytes = u.txBytes;
        i.drops = u.drops;
        out.push_back(i);
    }
    return out;
}

// ------------------------------------------------------------------------------------------
// Teaming hash functions

void
VSwitch::SetMacHashFunction(MacHashCallback hash)
{
    m_nic.SetMacHash(hash);
    RecomputeTeaming();
}

void
VSwitch::SetIpHashFunction(IpHashCallback hash)
{
    m_nic.SetIpHash(hash);
}

uint32_t
VSwitch::MacHash(Mac48Address mac) const
{
    return m_nic.MacKeyHash(EthernetVlanHeader::MacToKey(mac));
}

uint32_t
VSwitch::IpHash(Ipv4Address src, Ipv4Address dst) const
{
    return m_nic.IpHash(src, dst);
}

// ------------------------------------------------------------------------------------------
// Policies

void
VSwitch::SetSecurityPolicy(const SecurityPolicy& policy)
{
    SecurityPolicy defaults;
    if (m_defaults == Defaults::VSphere7 || m_type == Type::Distributed)
    {
        defaults.promiscuous = PolicySetting::Reject;
        defaults.macChanges = PolicySetting::Reject;
        defaults.forgedTransmits = PolicySetting::Reject;
    }
    else
    {
        defaults.promiscuous = PolicySetting::Reject;
        defaults.macChanges = PolicySetting::Accept;
        defaults.forgedTransmits = PolicySetting::Accept;
    }
    m_security = defaults.OverriddenBy(policy);
    RecomputeTeaming();
}

SecurityPolicy
VSwitch::GetSecurityPolicy() const
{
    return m_security;
}

void
VSwitch::CheckTeaming(const std::string& where, const TeamingPolicy& policy) const
{
    std::string prefix = "vSwitch " + m_name + " (host " + m_hostName + "): " + where;
    std::vector<std::string> seen;
    for (const auto* list : {&policy.active, &policy.standby})
    {
        if (!*list)
        {
            continue;
        }
        for (const auto& name : **list)
        {
            if (!HasUplink(name))
            {
                VSWITCH_CONFIG_ERROR(prefix << ": teaming names uplink " << name
                                            << ", which the vSwitch does not have (uplinks: "
                                            << m_nic.Names() << ")");
            }
            if (std::find(seen.begin(), seen.end(), name) != seen.end())
            {
                VSWITCH_CONFIG_ERROR(prefix << ": uplink " << name
                                            << " is listed twice in the failover order");
            }
            seen.push_back(name);
        }
    }
    TeamingPolicy effective = GetTeamingPolicy().OverriddenBy(policy);
    if (*effective.loadBalancing == LoadBalancing::PhysicalNicLoad && m_type != Type::Distributed)
    {
        VSWITCH_CONFIG_ERROR(prefix << ": physical-nic-load teaming needs a distributed switch");
    }
    if (*effective.loadBalancing == LoadBalancing::IpHash)
    {
        if (!effective.standby->empty())
        {
            VSWITCH_CONFIG_ERROR(prefix << ": ip-hash teaming needs every uplink active (no "
                                           "standby uplinks)");
        }
        if (*effective.failureDetection != FailureDetection::LinkStatus)
        {
            VSWITCH_CONFIG_ERROR(prefix << ": ip-hash teaming needs link-status failure "
                                           "detection");
        }
    }
}

void
VSwitch::SetTeamingPolicy(const TeamingPolicy& policy)
{
    CheckTeaming("teaming", policy);
    TeamingPolicy merged = m_teaming.OverriddenBy(policy);
    if (!policy.active && !policy.standby)
    {
        merged.active = m_teaming.active;
        merged.standby = m_teaming.standby;
    }
    m_teaming = merged;
    RecomputeTeaming();
    ScheduleTimers();
}

TeamingPolicy
VSwitch::GetTeamingPolicy() const
{
    TeamingPolicy t = m_teaming;
    if (!t.active)
    {
        t.active = GetUplinkNames();
    }
    if (!t.standby)
    {
        t.standby = std::vector<std::string>();
    }
    return t;
}

void
VSwitch::CheckMacLearning(const std::string& where, const MacLearningPolicy& policy) const
{
    std::string prefix = "vSwitch " + m_name + " (host " + m_hostName + "): " + where;
    if (policy.enabled && *policy.enabled && m_type != Type::Distributed)
    {
        VSWITCH_CONFIG_ERROR(prefix << ": MAC learning needs a distributed switch (set the "
                                       "vSwitch's Type to distributed)");
    }
    if (policy.limit && (*policy.limit < 1 || *policy.limit > 4096))
    {
        VSWITCH_CONFIG_ERROR(prefix << ": MAC learning limit " << *policy.limit
                                    << " is out of range 1-4096");
    }
}

void
VSwitch::SetMacLearningPolicy(const MacLearningPolicy& policy)
{
    CheckMacLearning("MAC learning", policy);
    m_learning = m_learning.OverriddenBy(policy).Resolved();
    RecomputeTeaming();
    m_macs.FlushDisabled();
}

MacLearningPolicy
VSwitch::GetMacLearningPolicy() const
{
    return m_learning;
}

// ------------------------------------------------------------------------------------------
// Port groups and ports

Ptr<PortGroup>
VSwitch::AddPortGroup(const std::string& name, uint16_t vlan)
{
    NS_LOG_FUNCTION(this << name << vlan);
    std::string where = "vSwitch " + m_name + " (host " + m_hostName + ")";
    if (name.empty())
    {
        VSWITCH_CONFIG_ERROR(where << ": a port group needs a name");
    }
    if (HasPortGroup(name))
    {
        VSWITCH_CONFIG_ERROR(where << ": port group " << name << " already exists");
    }
    if (vlan > kGuestTagging)
    {
        VSWITCH_CONFIG_ERROR(where << ": port group " << name << ": VLAN " << vlan
                                   << " is out of range 0-4095 (0 none, 1-4094 switch tagging, "
                                      "4095 guest tagging)");
    }
    Ptr<PortGroup> group = CreateObject<PortGroup>();
    group->m_name = name;
    group->m_vlan = vlan;
    group->m_vswitch = this;
    m_groups.push_back(group);
    ResolveGroup(PeekPointer(group));
    ScheduleTimers();
    return group;
}

Ptr<PortGroup>
VSwitch::GetPortGroup(const std::string& name) const
{
    for (const auto& g : m_groups)
    {
        if (g->m_name == name)
        {
            return g;
        }
    }
    std::string known;
    for (const auto& g : m_groups)
    {
        known += (known.empty() ? "'" : ", '") + g->m_name + "'";
    }
    VSWITCH_CONFIG_ERROR("vSwitch "
                         << m_name << " (host " << m_hostName << ") has no port group '" << name
                         << "' (port groups: " << (known.empty() ? "none" : known) << ")");
}

bool
VSwitch::HasPortGroup(const std::string& name) const
{
    for (const auto& g : m_groups)
    {
        if (g->m_name == name)
        {
            return true;
        }
    }
    return false;
}

std::vector<Ptr<PortGroup>>
VSwitch::GetPortGroups() const
{
    return m_groups;
}

void
VSwitch::CheckMac(uint64_t mac, const VSwitchPort* except) const
{
    for (const auto& [id, p] : m_ports)
    {
        if (PeekPointer(p) != except && (p->m_effectiveMac == mac || p->m_initialMac == mac))
        {
            VSWITCH_CONFIG_ERROR("vSwitch " << m_name << " (host " << m_hostName << "): MAC "
                                            << EthernetVlanHeader::KeyToMac(mac)
                                            << " is already used by " << p->m_client
                                            << "; give every vNIC its own MAC");
        }
    }
}

Ptr<VSwitchPort>
VSwitch::Connect(Ptr<VnicNetDevice> vnic,
                 const std::string& portGroup,
                 const std::string& client,
                 VSwitchPort::ClientType type,
                 uint32_t portId)
{
    NS_LOG_FUNCTION(this << vnic << portGroup << client);
    std::string where = "vSwitch " + m_name + " (host " + m_hostName + ")";
    if (!vnic || !vnic->GetNode())
    {
        VSWITCH_CONFIG_ERROR(where << ": " << client << ": the vNIC must exist and be on a node");
    }
    Ptr<PortGroup> group = GetPortGroup(portGroup);
    Ptr<VnicChannel> channel = DynamicCast<VnicChannel>(vnic->GetChannel());
    if (channel && channel->GetPort())
    {
        VSWITCH_CONFIG_ERROR(where << ": " << client << " is already connected to port "
                                   << channel->GetPort()->GetPortId());
    }
    if (FindPortByClient(client))
    {
        VSWITCH_CONFIG_ERROR(where << ": a port with client " << client
                                   << " already exists; client names are unique");
    }
    uint64_t initial = EthernetVlanHeader::MacToKey(vnic->GetInitialAddress());
    uint64_t effective =
        EthernetVlanHeader::MacToKey(Mac48Address::ConvertFrom(vnic->GetAddress()));
    CheckMac(initial, nullptr);
    CheckMac(effective, nullptr);
    if (portId != 0)
    {
        if ((portId >> 24) != m_portsetIndex)
        {
            VSWITCH_CONFIG_ERROR(where << ": port ID " << portId << " (0x" << std::hex << portId
                                       << std::dec << ") is not in portset " << m_portsetIndex
                                       << "; port IDs are (" << m_portsetIndex
                                       << " << 24) | port number");
        }
        if (m_ports.count(portId))
        {
            VSWITCH_CONFIG_ERROR(where << ": port ID " << portId << " is already used by "
                                       << m_ports.at(portId)->m_client);
        }
    }
    Ptr<VSwitchPort> port = CreateObject<VSwitchPort>();
    port->m_vswitch = this;
    port->m_group = group;
    port->m_vnic = vnic;
    port->m_client = client;
    port->m_type = type;
    port->m_portId = portId != 0 ? portId : AllocatePortId();
    port->m_initialMac = initial;
    port->m_effectiveMac = effective;
    if (m_dvs)
    {
        port->m_dvPort = m_dvs->AllocateDvPort();
    }
    if (!channel)
    {
        channel = CreateObject<VnicChannel>();
        channel->AttachVnic(vnic);
    }
    port->m_channel = channel;
    m_ports[port->m_portId] = port;
    m_macs.AddPort(PeekPointer(port));
    UpdatePromiscuous(PeekPointer(port));
    ConfigChanged();
    channel->ConnectPort(port);
    RepinPort(PeekPointer(port), true);
    if (group->m_overlay)
    {
        group->m_overlay->PortJoined(PeekPointer(port), PeekPointer(group));
    }
    return port;
}

Ptr<VSwitchPort>
VSwitch::ConnectMoved(Ptr<VnicNetDevice> vnic,
                      Ptr<VSwitchPort> from,
                      const DistributedSwitch* fromDvs,
                      const std::vector<Mac48Address>& learned,
                      const std::vector<RarpRound>& schedule,
                      Time learnedDelay)
{
    NS_LOG_FUNCTION(this << vnic << from);
    std::string group = from->m_group->GetName();
    Ptr<VSwitchPort> port = Connect(vnic, group, from->m_client, from->m_type);
    if (m_dvs && m_dvs == fromDvs && from->m_dvPort != VSwitchPort::kNoDvPort)
    {
        port->m_dvPort = from->m_dvPort; // within one distributed switch the dvPort moves along
    }
    port->m_counters = from->GetCounters();
    // The destination announces the VM's MAC on the vMotion schedule (not the connect burst),
    // and each MAC learned on the moved port once (spec section 7).
    port->m_overlayRarp = port->m_group->m_overlay != nullptr;
    m_rarp.Announce(PeekPointer(port), port->m_effectiveMac, schedule);
    const PortGroup::Resolved& r = port->m_group->m_resolved;
    if (*r.learning.enabled && !port->m_group->m_overlay)
    {
        uint16_t vlan = port->m_group->m_vlan == kGuestTagging ? 0 : port->m_group->m_vlan;
        for (Mac48Address mac : learned)
        {
            uint64_t key = EthernetVlanHeader::MacToKey(mac);
            m_macs.AddLearned(PeekPointer(port), vlan, key);
            m_rarp.Announce(PeekPointer(port), key, {RarpRound{learnedDelay, 1}});
        }
    }
    return port;
}

std::vector<Mac48Address>
VSwitch::GetLearnedMacs(Ptr<VSwitchPort> port) const
{
    return m_macs.LearnedOn(PeekPointer(port));
}

void
VSwitch::SetDistributedSwitch(DistributedSwitch* dvs)
{
    m_dvs = dvs;
}

DistributedSwitch*
VSwitch::GetDistributedSwitch() const
{
    return m_dvs;
}

void
VSwitch::Reconnect(Ptr<VSwitchPort> port)
{
    NS_LOG_FUNCTION(this << port);
    if (!port || port->m_vswitch != this)
    {
        VSWITCH_CONFIG_ERROR("vSwitch " << m_name << ": Reconnect: the port is not on this switch");
    }
    SettleDrops();
    m_ports.erase(port->m_portId);
    port->m_channel->ConnectPort(nullptr);
    port->m_portId = AllocatePortId();
    m_ports[port->m_portId] = port;
    port->m_uplink = VSwitchPort::kNoUplink;
    port->m_loadOverride = VSwitchPort::kNoUplink;
    ConfigChanged();
    port->m_channel->ConnectPort(port);
    RepinPort(PeekPointer(port), true);
}

void
VSwitch::Disconnect(Ptr<VSwitchPort> port, bool keepVnicLink)
{
    NS_LOG_FUNCTION(this << port);
    if (!port || port->m_vswitch != this)
    {
        VSWITCH_CONFIG_ERROR("vSwitch " << m_name
                                        << ": Disconnect: the port is not on this switch");
    }
    SettleDrops(); // while the port is still a member
    m_rarp.Cancel(PeekPointer(port));
    m_macs.RemovePort(PeekPointer(port));
    m_ports.erase(port->m_portId);
    port->m_channel->ConnectPort(nullptr, !keepVnicLink);
    port->m_vswitch = nullptr;
    ConfigChanged();
    if (port->m_group->m_overlay)
    {
        port->m_group->m_overlay->PortLeft(PeekPointer(port), PeekPointer(port->m_group));
    }
}

Ptr<VSwitchPort>
VSwitch::GetPort(uint32_t portId) const
{
    auto it = m_ports.find(portId);
    return it == m_ports.end() ? nullptr : it->second;
}

Ptr<VSwitchPort>
VSwitch::FindPortByClient(const std::string& client) const
{
    for (const auto& [id, p] : m_ports)
    {
        if (p->m_client == client)
        {
            return p;
        }
    }
    return nullptr;
}

std::vector<Ptr<VSwitchPort>>
VSwitch::GetPorts() const
{
    std::vector<Ptr<VSwitchPort>> out;
    for (const auto& [id, p] : m_ports)
    {
        out.push_back(p);
    }
    return out;
}

void
VSwitch::UpdatePromiscuous(VSwitchPort* port)
{
    port->m_guestPromiscuous = port->m_vnic->IsGuestPromiscuous();
    port->m_promiscuous = port->m_guestPromiscuous &&
                          port->m_group->m_resolved.security.promiscuous == PolicySetting::Accept;
}

void
VSwitch::VnicChanged(Ptr<VSwitchPort> portPtr)
{
    VSwitchPort* port = PeekPointer(portPtr);
    if (port->m_vswitch != this)
    {
        return;
    }
    uint64_t mac =
        EthernetVlanHeader::MacToKey(Mac48Address::ConvertFrom(port->m_vnic->GetAddress()));
    if (mac != port->m_effectiveMac)
    {
        NS_LOG_INFO(port->m_client << " effective MAC now " << EthernetVlanHeader::KeyToMac(mac));
        m_macs.RemovePort(port);
        port->m_effectiveMac = mac;
        m_macs.AddPort(port);
    }
    UpdatePromiscuous(port);
    ConfigChanged();
}

void
VSwitch::PortGroupChanged(PortGroup* group)
{
    ResolveGroup(group);
    for (auto& [id, p] : m_ports)
    {
        if (PeekPointer(p->m_group) == group)
        {
            m_macs.RemovePort(PeekPointer(p));
            m_macs.AddPort(PeekPointer(p));
            UpdatePromiscuous(PeekPointer(p));
            RepinPort(PeekPointer(p), true);
        }
    }
    ConfigChanged();
    ScheduleTimers();
}

// ------------------------------------------------------------------------------------------
// Teaming

void
VSwitch::ResolveGroup(PortGroup* group)
{
    PortGroup::Resolved& r = group->m_resolved;
    m_nic.Resolve(group, GetTeamingPolicy().OverriddenBy(group->m_teaming));
    r.security = m_security.OverriddenBy(group->m_security);
    r.learning = m_learning.OverriddenBy(group->m_learning).Resolved();
}

void
VSwitch::UplinkLinkChanged()
{
    m_nic.LinkChanged();
    RecomputeTeaming();
}

void
VSwitch::RecomputeTeaming()
{
    m_nic.UpdateUsable();
    for (auto& g : m_groups)
    {
        ResolveGroup(PeekPointer(g));
    }
    for (auto& [id, p] : m_ports)
    {
        UpdatePromiscuous(PeekPointer(p));
        RepinPort(PeekPointer(p), true);
    }
    ConfigChanged();
}

void
VSwitch::RepinPort(VSwitchPort* port, bool announce)
{
    const PortGroup::Resolved& r = port->m_group->m_resolved;
    uint32_t old = port->m_uplink;
    uint32_t chosen = m_nic.Choose(port);
    if (chosen == old)
    {
        return;
    }
    SettleDrops(); // counted for the old teaming
    port->m_uplink = chosen;
    ConfigChanged(); // the VLAN's per-uplink lists
    std::string from = old == VSwitchPort::kNoUplink ? "" : m_nic.Get(old).name;
    std::string to = chosen == VSwitchPort::kNoUplink ? "" : m_nic.Get(chosen).name;
    NS_LOG_INFO("port " << port->m_portId << " (" << port->m_client << ") teamed to "
                        << (to.empty() ? "nothing" : to) << (from.empty() ? "" : " from " + from));
    m_uplinkChangeTrace(port->m_portId, from, to);
    if (announce && chosen != VSwitchPort::kNoUplink && r.notifySwitches)
    {
        if (port->m_powerOn > Simulator::Now() && !port->m_group->m_overlay)
        {
            // Teamed (or moved to another uplink, as when a host's second uplink comes up)
            // before its VM powers on: announced at the power-on, on the uplink it has then
            // (DelayAnnouncement; this replaces the announcement already pending).
            std::vector<RarpRound> rounds = RarpScheduler::Burst(m_rarpCount, m_rarpInterval);
            for (auto& round : rounds)
            {
                round.at += port->m_powerOn - Simulator::Now();
            }
            m_rarp.Announce(port, port->m_effectiveMac, rounds);
            return;
        }
        NotifySwitches(port);
    }
}

void
VSwitch::DelayAnnouncement(Ptr<VSwitchPort> port, Time delay)
{
    VSwitchPort* p = PeekPointer(port);
    if (!p || p->m_vswitch != this)
    {
        return;
    }
    // Kept for a port not yet teamed (its uplinks come up later, as in vswitch-sim, which adds
    // VMs before their hosts' links are up): its first teaming announces it then.
    p->m_powerOn = Simulator::Now() + delay;
    if (p->m_group->m_overlay || !p->m_group->m_resolved.notifySwitches ||
        p->m_uplink == VSwitchPort::kNoUplink)
    {
        return;
    }
    std::vector<RarpRound> rounds = RarpScheduler::Burst(m_rarpCount, m_rarpInterval);
    for (auto& r : rounds)
    {
        r.at += delay;
    }
    m_rarp.Announce(p, p->m_effectiveMac, rounds);
}

void
VSwitch::NotifySwitches(VSwitchPort* port)
{
    m_rarp.Announce(port, port->m_effectiveMac, RarpScheduler::Burst(m_rarpCount, m_rarpInterval));
}

void
VSwitch::SendRarpFrame(VSwitchPort* port, uint64_t macKey)
{
    if (port->m_vswitch != this)
    {
        return;
    }
    if (port->m_group->m_overlay)
    {
        // A logical switch's MACs are not the physical switches' business: only after a
        // vMotion is the VM announced, into the logical switch (BUM over VXLAN), so that the
        // other hosts learn it behind this host's VTEP.
        if (port->m_overlayRarp)
        {
            Mac48Address mac = EthernetVlanHeader::KeyToMac(macKey);
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(RarpHeader(mac));
            EthernetPadding::Add(p,
                                 EthernetVlanHeader::kMinFrameSize -
                                     EthernetVlanHeader::kUntaggedSize - 28);
            EthernetVlanHeader h(mac, Mac48Address::GetBroadcast(), RarpHeader::kEtherType);
            p->AddHeader(h);
            SwitchedFrame sf(p, h, port->m_group->m_vlan);
            ForwardFromPort(port, sf);
            m_rarpTrace(port->m_portId, mac, "vxlan");
        }
        return;
    }
    if (port->m_uplink == VSwitchPort::kNoUplink)
    {
        return;
    }
    NicTeaming::Uplink& up = m_nic.Get(port->m_uplink);
    uint16_t vlan = port->m_group->m_vlan == kGuestTagging ? 0 : port->m_group->m_vlan;
    Mac48Address mac = EthernetVlanHeader::KeyToMac(macKey);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(RarpHeader(mac));
    EthernetPadding::Add(p,
                         EthernetVlanHeader::kMinFrameSize - EthernetVlanHeader::kUntaggedSize -
                             28);
    EthernetVlanHeader h(mac, Mac48Address::GetBroadcast(), RarpHeader::kEtherType);
    if (vlan != 0)
    {
        h.SetVlanTag(vlan);
    }
    p->AddHeader(h);
    NS_LOG_LOGIC("RARP for " << mac << " out " << up.name);
    if (SendOnUplink(up, p, h, vlan))
    {
        m_rarpTrace(port->m_portId, mac, up.name);
    }
}

std::string
VSwitch::DescribeTeamUplink(const VSwitchPort* port) const
{
    return m_nic.Describe(port);
}

void
VSwitch::ScheduleTimers()
{
    m_nic.ScheduleTimers();
}

// ------------------------------------------------------------------------------------------
// Tables

VSwitch::VlanPorts&
VSwitch::GetVlanPorts(uint16_t vlan)
{
    VlanPorts& vp = m_vlanPorts[vlan];
    if (vp.epoch == m_epoch)
    {
        return vp;
    }
    Settle(vp);
    vp.members.clear();
    vp.promiscuous.clear();
    vp.flooding.clear();
    vp.promiscRejected.clear();
    vp.memberUplink.clear();
    uint32_t uplinks = m_nic.GetN();
    vp.accepting.resize(uplinks);
    for (auto& a : vp.accepting)
    {
        a.clear();
    }
    vp.unsettled.assign(uplinks, 0);
    for (auto& [id, p] : m_ports)
    {
        uint16_t gv = p->m_group->m_vlan;
        if (gv != vlan && (gv != kGuestTagging || vlan > kGuestTagging))
        {
            continue; // guest tagging carries every VLAN, never a logical switch
        }
        VSwitchPort* port = PeekPointer(p);
        vp.members.push_back(port);
        if (port->m_promiscuous)
        {
            vp.promiscuous.push_back(port);
        }
        else if (port->m_guestPromiscuous)
        {
            vp.promiscRejected.push_back(port);
        }
        const MacLearningPolicy& l = port->m_group->m_resolved.learning;
        if (*l.enabled && *l.allowUnicastFlooding)
        {
            vp.flooding.push_back(port);
        }
        bool any = port->m_group->m_resolved.loadBalancing == LoadBalancing::IpHash;
        vp.memberUplink.push_back(any ? kAnyUplink : port->m_uplink);
        for (uint32_t u = 0; u < uplinks; ++u)
        {
            if (any || port->m_uplink == u)
            {
                vp.accepting[u].push_back(port);
            }
        }
    }
    vp.epoch = m_epoch;
    return vp;
}

void
VSwitch::Settle(VlanPorts& vp)
{
    if (!vp.hasUnsettled)
    {
        return;
    }
    uint64_t total = 0;
    for (uint64_t n : vp.unsettled)
    {
        total += n;
    }
    for (std::size_t i = 0; i < vp.members.size(); ++i)
    {
        uint32_t u = vp.memberUplink[i];
        if (u == kAnyUplink)
        {
            continue;
        }
        uint64_t n = total - (u < vp.unsettled.size() ? vp.unsettled[u] : 0);
        vp.members[i]->m_counters.drops.Add(DropReason::ReverseTeaming, n);
    }
    std::fill(vp.unsettled.begin(), vp.unsettled.end(), 0);
    vp.hasUnsettled = false;
}

const FrameLedger&
VSwitch::GetLedger() const
{
    return m_ledger;
}

void
VSwitch::SettleDrops()
{
    for (auto& [vlan, vp] : m_vlanPorts)
    {
        Settle(vp);
    }
}

bool
VSwitch::CountsInBulk() const
{
#ifdef NS3_LOG_ENABLE
    if (g_log.IsEnabled(LOG_LOGIC))
    {
        return false; // DropAtPort logs each drop
    }
#endif
    return m_dropTrace.IsEmpty() && m_portOutputTrace.IsEmpty() && m_outputTrace.IsEmpty();
}

// ------------------------------------------------------------------------------------------
// Data path

void
VSwitch::FireCapture(const CaptureTrace& trace,
                     CapturePoint point,
                     const Packet* frame,
                     CaptureDirection dir,
                     uint32_t portId,
                     bool uplink,
                     uint16_t vlan,
                     DropReason reason)
{
    CaptureContext c;
    c.point = point;
    c.direction = dir;
    c.vswitch = this;
    c.portId = portId;
    c.uplink = uplink;
    c.vlan = vlan > kGuestTagging ? 0 : vlan; // a logical switch's key is not a VLAN
    c.reason = reason;
    trace(Ptr<const Packet>(frame), c);
}

void
VSwitch::DropAtPort(VSwitchPort* port,
                    Ptr<const Packet> frame,
                    uint16_t vlan,
                    DropReason r,
                    CaptureDirection dir)
{
    NS_LOG_LOGIC("drop " << r << " at port " << port->m_portId);
    port->m_counters.drops.Add(r);
    if (m_fate)
    {
        m_fate->NoteDrop(r);
    }
    Emit(CapturePoint::Drop, frame, dir, port->m_portId, false, vlan, r);
}

bool
VSwitch::SendOnUplink(NicTeaming::Uplink& up,
                      Ptr<Packet> frame,
                      const EthernetVlanHeader& h,
                      uint16_t vlan)
{
    Emit(CapturePoint::UplinkSnd, frame, CaptureDirection::Output, up.portId, true, vlan);
    if (m_fate)
    {
        ++m_fate->copies; // the uplink's transmit ledger follows it from here
    }
    if (!up.device->SendFrame(frame, h))
    {
        // The NIC refused it (link down, too large, queue full) and counted the drop on its
        // own counters; the Drop point shows it too, and it is not counted as sent.
        Emit(CapturePoint::Drop,
             frame,
             CaptureDirection::Output,
             up.portId,
             true,
             vlan,
             up.device->GetLastDropReason());
        return false;
    }
    ++up.txFrames;
    up.txBytes += frame->GetSize();
    return true;
}

void
VSwitch::DropAtUplink(uint32_t uplink, Ptr<const Packet> frame, uint16_t vlan, DropReason r)
{
    NS_LOG_LOGIC("drop " << r << " at uplink " << m_nic.Get(uplink).name);
    m_nic.Get(uplink).drops.Add(r);
    if (m_fate)
    {
        m_fate->NoteDrop(r);
    }
    Emit(CapturePoint::Drop,
         frame,
         CaptureDirection::Input,
         m_nic.Get(uplink).portId,
         true,
         vlan,
         r);
}

void
VSwitch::DropAtSource(uint32_t uplink,
                      VSwitchPort* vtep,
                      Ptr<const Packet> frame,
                      uint16_t vlan,
                      DropReason r)
{
    if (vtep)
    {
        DropAtPort(vtep, frame, vlan, r, CaptureDirection::Input);
    }
    else
    {
        DropAtUplink(uplink, frame, vlan, r);
    }
}

void
VSwitch::ReceiveFromPort(const Ptr<VSwitchPort>& port, const Ptr<Packet>& frame)
{
    EthernetVlanHeader h;
    frame->PeekHeader(h);
    ReceiveFromPort(port, frame, h);
}

void
VSwitch::ReceiveFromPort(const Ptr<VSwitchPort>& portPtr,
                         const Ptr<Packet>& frame,
                         const EthernetVlanHeader& h)
{
    FrameFateScope scope(m_ledger, m_fate);
    VSwitchPort* port = PeekPointer(portPtr);
    if (port->m_vswitch != this)
    {
        // Sent before the port was disconnected (or moved), arriving after: the port is gone.
        NS_LOG_LOGIC("frame for a port that left the switch");
        DropAtPort(port, frame, 0, DropReason::LinkDown, CaptureDirection::Input);
        return;
    }
    ++port->m_counters.fromClientFrames;
    port->m_counters.fromClientBytes += frame->GetSize();
    port->m_loadBytes += frame->GetSize();
    Emit(CapturePoint::VnicTx, frame, CaptureDirection::Input, port->m_portId, false, 0);
    Emit(CapturePoint::PortInput, frame, CaptureDirection::Input, port->m_portId, false, 0);

    const PortGroup::Resolved& r = port->m_group->m_resolved;
    uint16_t groupVlan = port->m_group->m_vlan;
    uint16_t vlan;
    if (groupVlan == kGuestTagging)
    {
        vlan = h.HasVlanTag() ? h.GetVlanId() : 0;
    }
    else
    {
        if (h.HasVlanTag())
        {
            DropAtPort(port, frame, groupVlan, DropReason::Vlan, CaptureDirection::Input);
            return;
        }
        vlan = groupVlan;
    }

    uint64_t src = h.GetSourceKey();
    // With MAC learning a port may send from the MACs it learned; from any other source
    // (one it cannot learn: a group MAC, another port's MAC, one over the limit) Forged
    // transmits decides as without learning.
    VSwitchMacTable::Learned learned = VSwitchMacTable::Learned::No;
    if (*r.learning.enabled && src != port->m_effectiveMac)
    {
        learned = m_macs.Learn(port, vlan, src);
        if (learned == VSwitchMacTable::Learned::Drop)
        {
            DropAtPort(port, frame, vlan, DropReason::MacLimit, CaptureDirection::Input);
            return;
        }
    }
    if (learned == VSwitchMacTable::Learned::No &&
        r.security.forgedTransmits == PolicySetting::Reject)
    {
        uint64_t allowed =
            m_forgedCompare == ForgedCompare::Initial ? port->m_initialMac : port->m_effectiveMac;
        if (src != allowed)
        {
            DropAtPort(port, frame, vlan, DropReason::ForgedTransmit, CaptureDirection::Input);
            return;
        }
    }
    if (port->m_group->m_overlay &&
        port->m_group->m_overlay->FromPort(port, PeekPointer(port->m_group), frame, h) ==
            VSwitchOverlay::Verdict::Consumed)
    {
        scope.Fate().delivered = true; // the overlay answered it, or holds it to resume
        return;
    }
    SwitchedFrame sf(frame, h, vlan);
    ForwardFromPort(port, sf);
}

void
VSwitch::ForwardFromPort(VSwitchPort* src, SwitchedFrame& frame)
{
    uint16_t vlan = frame.Vlan();
    Emit(CapturePoint::EtherswitchDispatch,
         frame.Original(),
         CaptureDirection::Input,
         src->m_portId,
         false,
         vlan);
    const EthernetVlanHeader& h = frame.Header();
    const VlanPorts& vp = GetVlanPorts(vlan);
    if (!h.IsGroupDestination())
    {
        VSwitchMacTable::Entry* e = m_macs.Lookup(vlan, h.GetDestinationKey());
        if (e)
        {
            VSwitchPort* dst = e->port;
            if (dst != src)
            {
                DeliverLocal(dst, frame, kNone);
            }
            else
            {
                // For a MAC on (or learned on) the sending port itself: nowhere to go.
                DropAtPort(src,
                           frame.Original(),
                           vlan,
                           DropReason::SamePort,
                           CaptureDirection::Input);
            }
            for (VSwitchPort* q : vp.promiscuous)
            {
                if (q != src && q != dst)
                {
                    DeliverLocal(q, frame, kNone);
                }
            }
            return;
        }
        for (VSwitchPort* q : vp.promiscuous)
        {
            if (q != src)
            {
                DeliverLocal(q, frame, kNone);
            }
        }
        for (VSwitchPort* q : vp.flooding)
        {
            if (q != src && !q->m_promiscuous)
            {
                DeliverLocal(q, frame, kNone);
            }
        }
        SendToUplink(src, frame);
        return;
    }
    for (VSwitchPort* q : vp.members)
    {
        if (q != src)
        {
            DeliverLocal(q, frame, kNone);
        }
    }
    SendToUplink(src, frame);
}

void
VSwitch::SendToUplink(VSwitchPort* src, SwitchedFrame& frame)
{
    uint16_t vlan = frame.Vlan();
    if (VSwitchOverlay* overlay = src->m_group->m_overlay)
    {
        const EthernetVlanHeader* header = nullptr;
        Ptr<Packet> p = frame.Take(false, header);
        DropReason r = overlay->Transmit(src, PeekPointer(src->m_group), p, *header);
        if (r != DropReason::Count)
        {
            DropAtPort(src, p, vlan, r, CaptureDirection::Input);
        }
        else if (m_fate)
        {
            ++m_fate->copies; // the overlay's ledger follows it from here
        }
        return;
    }
    uint32_t u = m_nic.SelectUplink(src, frame);
    if (u == kNone)
    {
        DropAtPort(src, frame.Original(), vlan, DropReason::NoUplink, CaptureDirection::Input);
        return;
    }
    NicTeaming::Uplink& up = m_nic.Get(u);
    const EthernetVlanHeader* header = nullptr;
    Ptr<Packet> p = frame.Take(vlan != 0, header);
    Emit(CapturePoint::EtherswitchOutput, p, CaptureDirection::Output, up.portId, true, vlan);
    if (SendOnUplink(up, p, *header, vlan))
    {
        up.loadTxBytes += p->GetSize();
    }
}

void
VSwitch::ReceiveFromUplink(Ptr<L2NetDevice> device,
                           Ptr<Packet> frame,
                           const EthernetVlanHeader& header)
{
    FrameFateScope scope(m_ledger, m_fate);
    uint32_t u = m_nic.OfIfIndex(device->GetIfIndex());
    NicTeaming::Uplink& up = m_nic.Get(u);
    ++up.rxFrames;
    up.rxBytes += frame->GetSize();
    up.loadRxBytes += frame->GetSize();
    uint16_t vlan = header.HasVlanTag() ? header.GetVlanId() : 0;
    Emit(CapturePoint::UplinkRcv, frame, CaptureDirection::Input, up.portId, true, vlan);
    if (header.GetEtherType() == NicTeaming::kBeaconEtherType)
    {
        m_nic.HandleBeacon(u, header);
        scope.Fate().delivered = true;
        return;
    }
    // Reverse path check (Net.ReversePathFwdCheck): the host's own BUM reflected back by the
    // physical switch stops at the uplink, before the dispatch point, so uplink captures at
    // EtherswitchDispatch never show it (seed 3). When a promiscuous port of the VLAN may
    // still take it (Net.ReversePathFwdCheckPromisc off), it goes on to the promiscuous ports
    // only: DeliverLocal drops it at the others.
    if (m_rpfCheck && header.IsGroupDestination() && m_macs.IsOwn(header.GetSourceKey()) &&
        (m_rpfCheckPromisc || GetVlanPorts(vlan).promiscuous.empty()))
    {
        DropAtUplink(u, frame, vlan, DropReason::ReversePathCheck);
        return;
    }
    SwitchedFrame sf(frame, header, vlan);
    ForwardFromUplink(u, sf, nullptr);
}

void
VSwitch::ForwardFromUplink(uint32_t uplink, SwitchedFrame& frame, VSwitchPort* vtep)
{
    uint16_t vlan = frame.Vlan();
    Emit(CapturePoint::EtherswitchDispatch,
         frame.Original(),
         CaptureDirection::Input,
         vtep ? vtep->m_portId : m_nic.Get(uplink).portId,
         vtep == nullptr,
         vlan);
    const EthernetVlanHeader& h = frame.Header();
    VlanPorts& vp = GetVlanPorts(vlan);
    if (!h.IsGroupDestination())
    {
        VSwitchMacTable::Entry* e = m_macs.Lookup(vlan, h.GetDestinationKey());
        if (e)
        {
            VSwitchPort* dst = e->port;
            DeliverLocal(dst, frame, uplink, true);
            for (VSwitchPort* q : vp.promiscuous)
            {
                if (q != dst)
                {
                    DeliverLocal(q, frame, uplink);
                }
            }
            return;
        }
        bool any = false;
        for (VSwitchPort* q : vp.promiscuous)
        {
            DeliverLocal(q, frame, uplink);
            any = true;
        }
        for (VSwitchPort* q : vp.flooding)
        {
            if (!q->m_promiscuous)
            {
                DeliverLocal(q, frame, uplink);
                any = true;
            }
        }
        if (!any)
        {
            // Nobody takes it. Say why when a port would have, had promiscuous mode been allowed.
            for (VSwitchPort* q : vp.promiscRejected)
            {
                DropAtPort(q,
                           frame.Original(),
                           vlan,
                           DropReason::Promiscuous,
                           CaptureDirection::Output);
            }
            if (vp.promiscRejected.empty())
            {
                DropAtSource(uplink, vtep, frame.Original(), vlan, DropReason::UnknownUnicast);
            }
        }
        return;
    }
    if (vp.members.empty())
    {
        DropAtSource(uplink, vtep, frame.Original(), vlan, DropReason::Vlan);
        return;
    }
    if (uplink < vp.accepting.size() && CountsInBulk())
    {
        // Only the ports teamed to this uplink can take it; the others' reverse-teaming
        // drops (which nobody watches) are counted in bulk (SettleDrops).
        const std::vector<VSwitchPort*>& accepting = vp.accepting[uplink];
        for (VSwitchPort* q : accepting)
        {
            DeliverLocal(q, frame, uplink);
        }
        if (accepting.size() != vp.members.size())
        {
            ++vp.unsettled[uplink];
            vp.hasUnsettled = true;
            if (accepting.empty() && m_fate)
            {
                m_fate->NoteDrop(DropReason::ReverseTeaming); // at every port of the VLAN
            }
        }
        return;
    }
    for (VSwitchPort* q : vp.members)
    {
        DeliverLocal(q, frame, uplink);
    }
}

void
VSwitch::DeliverLocal(VSwitchPort* dst, SwitchedFrame& frame, uint32_t fromUplink, bool addressed)
{
    uint16_t vlan = frame.Vlan();
    const Ptr<Packet>& view = frame.Original();
    Emit(CapturePoint::EtherswitchOutput,
         view,
         CaptureDirection::Output,
         dst->m_portId,
         false,
         vlan);
    Emit(CapturePoint::PortOutput, view, CaptureDirection::Output, dst->m_portId, false, vlan);
    const PortGroup::Resolved& r = dst->m_group->m_resolved;
    const EthernetVlanHeader& h = frame.Header();
    if (fromUplink != kNone)
    {
        if (r.loadBalancing != LoadBalancing::IpHash &&
            m_nic.ExpectedUplink(dst, h, addressed) != fromUplink)
        {
            DropAtPort(dst, view, vlan, DropReason::ReverseTeaming, CaptureDirection::Output);
            return;
        }
        if (h.IsGroupDestination() && (dst->m_promiscuous ? m_rpfCheckPromisc : m_rpfCheck) &&
            m_macs.IsOwn(h.GetSourceKey()))
        {
            DropAtPort(dst, view, vlan, DropReason::ReversePathCheck, CaptureDirection::Output);
            return;
        }
    }
    if (r.security.macChanges == PolicySetting::Reject && dst->m_effectiveMac != dst->m_initialMac)
    {
        DropAtPort(dst, view, vlan, DropReason::MacChange, CaptureDirection::Output);
        return;
    }
    const EthernetVlanHeader* header = nullptr;
    Ptr<Packet> p = frame.Take(dst->m_group->m_vlan == kGuestTagging, header);
    Emit(CapturePoint::VnicRx, p, CaptureDirection::Output, dst->m_portId, false, 0);
    if (m_fate)
    {
        ++m_fate->copies; // the vNIC's receive ledger follows it from here
    }
    ++dst->m_counters.toClientFrames;
    dst->m_counters.toClientBytes += p->GetSize();
    dst->m_channel->ToVnic(p, *header);
}

// ------------------------------------------------------------------------------------------
// Overlay (NSX logical switches)

Ptr<PortGroup>
VSwitch::AddOverlayPortGroup(const std::string& name, VSwitchOverlay* overlay, uint32_t id)
{
    NS_LOG_FUNCTION(this << name << id);
    if (!overlay)
    {
        VSWITCH_CONFIG_ERROR("vSwitch " << m_name << " (host " << m_hostName
                                        << "): logical switch port group " << name
                                        << " needs an overlay (a VTEP)");
    }
    if (m_nextOverlayKey == 0xffff)
    {
        VSWITCH_CONFIG_ERROR("vSwitch " << m_name << " (host " << m_hostName
                                        << "): too many logical switch port groups");
    }
    Ptr<PortGroup> group = AddPortGroup(name, 0);
    group->m_vlan = m_nextOverlayKey++;
    group->m_overlay = overlay;
    group->m_overlayId = id;
    ConfigChanged();
    return group;
}

void
VSwitch::ReceiveFromOverlay(VSwitchPort* vtep, PortGroup* group, Ptr<Packet> frame)
{
    NS_LOG_FUNCTION(this << group->m_name << frame);
    FrameFateScope scope(m_ledger, m_fate);
    uint16_t vlan = group->m_vlan;
    EthernetVlanHeader h;
    frame->PeekHeader(h);
    if (h.HasVlanTag())
    {
        // A logical switch carries untagged frames only (no VLAN trunking in the overlay).
        DropAtPort(vtep, frame, vlan, DropReason::Vlan, CaptureDirection::Input);
        return;
    }
    SwitchedFrame sf(frame, h, vlan);
    ForwardFromUplink(kNone, sf, vtep);
}

void
VSwitch::DeliverToPort(VSwitchPort* port, Ptr<Packet> frame)
{
    FrameFateScope scope(m_ledger, m_fate);
    if (port->m_vswitch != this)
    {
        // The port left in the meantime.
        DropAtPort(port, frame, 0, DropReason::LinkDown, CaptureDirection::Output);
        return;
    }
    EthernetVlanHeader h;
    frame->PeekHeader(h);
    SwitchedFrame sf(frame, h, port->m_group->m_vlan);
    DeliverLocal(port, sf, kNone, true);
}

void
VSwitch::ResumeFromPort(VSwitchPort* port, Ptr<Packet> frame)
{
    FrameFateScope scope(m_ledger, m_fate);
    if (port->m_vswitch != this)
    {
        // The port left while the overlay held the frame.
        DropAtPort(port, frame, 0, DropReason::LinkDown, CaptureDirection::Input);
        return;
    }
    EthernetVlanHeader h;
    frame->PeekHeader(h);
    SwitchedFrame sf(frame, h, port->m_group->m_vlan);
    ForwardFromPort(port, sf);
}

} // namespace ns3
