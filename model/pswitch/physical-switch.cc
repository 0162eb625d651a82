/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "physical-switch.h"

#include "ns3/boolean.h"
#include "ns3/channel.h"
#include "ns3/config-error.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PhysicalSwitch");

NS_OBJECT_ENSURE_REGISTERED(PhysicalSwitch);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT std::clog << "[" << m_name << "] ";

namespace
{
constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeIpv6 = 0x86DD;
constexpr uint64_t kBroadcastKey = 0xffffffffffffULL; //!< ff:ff:ff:ff:ff:ff as a MAC key

inline uint32_t
ReadBe32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
} // namespace

const FrameLedger&
PhysicalSwitch::GetLedger() const
{
    return m_ledger;
}

// ------------------------------------------------------------------------------------------

TypeId
PhysicalSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PhysicalSwitch")
            .SetParent<SwitchNetDevice>()
            .SetGroupName("VSwitch")
            .AddConstructor<PhysicalSwitch>()
            .AddAttribute("Name",
                          "Name of the switch in messages and tables.",
                          StringValue("pswitch"),
                          MakeStringAccessor(&PhysicalSwitch::m_name),
                          MakeStringChecker())
            .AddAttribute("MacAgingTime",
                          "Dynamic MAC entries not refreshed for this long are removed "
                          "(Cisco's `mac address-table aging-time`); 0 disables ageing.",
                          TimeValue(Seconds(300)),
                          MakeTimeAccessor(&PhysicalSwitch::m_agingTime),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StormControlInterval",
                          "The interval over which storm control measures a port's received "
                          "broadcast, multicast or unknown unicast against its level (Cisco "
                          "Catalyst: 1 s; Nexus: 3.9 ms).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&PhysicalSwitch::m_stormInterval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("LagHash",
                          "How a port-channel picks the member a frame leaves on.",
                          EnumValue(static_cast<int>(LagHash::SrcDstIp)),
                          MakeEnumAccessor(&PhysicalSwitch::SetLagHashValue,
                                           &PhysicalSwitch::GetLagHashValue),
                          MakeEnumChecker(static_cast<int>(LagHash::SrcDstIp),
                                          "src-dst-ip",
                                          static_cast<int>(LagHash::SrcDstMac),
                                          "src-dst-mac",
                                          static_cast<int>(LagHash::SrcIp),
                                          "src-ip",
                                          static_cast<int>(LagHash::DstIp),
                                          "dst-ip",
                                          static_cast<int>(LagHash::SrcMac),
                                          "src-mac",
                                          static_cast<int>(LagHash::DstMac),
                                          "dst-mac"))
            .AddTraceSource("Drop",
                            "The switch dropped a frame: the frame, the port, the reason. "
                            "Drops of the port devices (queue-full, link-down) come here too.",
                            MakeTraceSourceAccessor(&PhysicalSwitch::m_dropTrace),
                            "ns3::PhysicalSwitch::DropTracedCallback")
            .AddTraceSource("Learn",
                            "A MAC was learned or moved: VLAN, MAC, bridge port index.",
                            MakeTraceSourceAccessor(&PhysicalSwitch::m_learnTrace),
                            "ns3::PhysicalSwitch::LearnTracedCallback")
            .AddTraceSource("Flood",
                            "A frame is flooded in its VLAN: the frame, the VLAN.",
                            MakeTraceSourceAccessor(&PhysicalSwitch::m_floodTrace),
                            "ns3::PhysicalSwitch::FloodTracedCallback")
            .AddTraceSource("MacTableSize",
                            "Number of entries in the MAC address table.",
                            MakeTraceSourceAccessor(&PhysicalSwitch::m_macTableSize),
                            "ns3::TracedValueCallback::Uint32");
    return tid;
}

PhysicalSwitch::PhysicalSwitch()
    : m_name("pswitch"),
      m_agingTime(Seconds(300)),
      m_stormInterval(Seconds(1)),
      m_lagHash(LagHash::SrcDstIp),
      m_configEpoch(1),
      m_macTableSize(0)
{
    NS_LOG_FUNCTION(this);
}

PhysicalSwitch::~PhysicalSwitch()
{
    NS_LOG_FUNCTION(this);
}

void
PhysicalSwitch::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& port : m_ports)
    {
        port.device = nullptr;
    }
    m_ports.clear();
    m_bridgePorts.clear();
    m_macTable.clear();
    m_floodLists.clear();
    SwitchNetDevice::DoDispose();
}

std::string
PhysicalSwitch::GetName() const
{
    return m_name;
}

uint64_t
PhysicalSwitch::Key(uint16_t vlan, uint64_t mac)
{
    return (uint64_t(vlan) << 48) | mac;
}

// ------------------------------------------------------------------------------------------
// Configuration

uint32_t
PhysicalSwitch::AddPort(Ptr<EthernetNetDevice> device, const std::string& name)
{
    NS_LOG_FUNCTION(this << device << name);
    if (!device)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name << ": null device");
    }
    if (name.empty())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": a port needs a name (e.g. Gi0/1)");
    }
    if (m_portByName.count(name) || m_bridgePortByName.count(name))
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name
                                               << " already exists; port names are unique");
    }
    if (!GetNode() || device->GetNode() != GetNode())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name
                                               << ": the device must be on the switch's node "
                                                  "(add the switch to its node first)");
    }
    for (const auto& p : m_ports)
    {
        if (p.device == device)
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name
                                                   << ": device already used as port " << p.name);
        }
    }
    uint32_t index = m_ports.size();
    Port port;
    port.device = device;
    port.name = name;
    port.bridgePort = m_bridgePorts.size();
    m_ports.push_back(port);

    BridgePort bp;
    bp.name = name;
    bp.members.push_back(index);
    m_bridgePorts.push_back(bp);

    m_portByName[name] = index;
    m_bridgePortByName[name] = port.bridgePort;
    uint32_t ifIndex = device->GetIfIndex();
    if (m_portOfIfIndex.size() <= ifIndex)
    {
        m_portOfIfIndex.resize(ifIndex + 1, kNone);
    }
    m_portOfIfIndex[ifIndex] = index;

    device->SetFrameReceiveCallback(MakeCallback(&PhysicalSwitch::ReceiveFromPort, this));
    device->AddLinkChangeCallback(MakeCallback(&PhysicalSwitch::LinkChanged, this));
    device->TraceConnect("Drop",
                         std::to_string(index),
                         MakeCallback(&PhysicalSwitch::DeviceDrop, this));
    ConfigChanged();
    return index;
}

uint32_t
PhysicalSwitch::GetNPorts() const
{
    return m_ports.size();
}

bool
PhysicalSwitch::HasPort(const std::string& name) const
{
    return m_portByName.count(name) != 0;
}

bool
PhysicalSwitch::HasLag(const std::string& name) const
{
    auto it = m_bridgePortByName.find(name);
    return it != m_bridgePortByName.end() && m_bridgePorts[it->second].isLag;
}

std::string
PhysicalSwitch::DescribePorts() const
{
    std::ostringstream os;
    if (m_ports.empty())
    {
        os << "the switch has no ports";
        return os.str();
    }
    os << "ports: " << m_ports.front().name;
    if (m_ports.size() > 1)
    {
        os << (m_ports.size() > 2 ? " .. " : ", ") << m_ports.back().name;
    }
    bool first = true;
    for (const auto& bp : m_bridgePorts)
    {
        if (bp.isLag)
        {
            os << (first ? "; port-channels: " : ", ") << bp.name;
            first = false;
        }
    }
    return os.str();
}

uint32_t
PhysicalSwitch::FindPort(const std::string& name) const
{
    auto it = m_portByName.find(name);
    if (it == m_portByName.end())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": no port named '" << name << "' ("
                                               << DescribePorts() << ")");
    }
    return it->second;
}

uint32_t
PhysicalSwitch::FindBridgePort(const std::string& name) const
{
    auto it = m_bridgePortByName.find(name);
    if (it == m_bridgePortByName.end())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": no port or port-channel named '"
                                               << name << "' (" << DescribePorts() << ")");
    }
    const BridgePort& bp = m_bridgePorts[it->second];
    if (!bp.active)
    {
        uint32_t lag = m_ports[m_portByName.at(name)].lag;
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name << " is a member of "
                                               << m_bridgePorts[lag].name << "; configure "
                                               << m_bridgePorts[lag].name << " instead");
    }
    return it->second;
}

Ptr<EthernetNetDevice>
PhysicalSwitch::GetPortDevice(const std::string& name) const
{
    return m_ports[FindPort(name)].device;
}

Ptr<EthernetNetDevice>
PhysicalSwitch::GetPortDevice(uint32_t index) const
{
    NS_ASSERT(index < m_ports.size());
    return m_ports[index].device;
}

std::string
PhysicalSwitch::GetPortName(uint32_t index) const
{
    NS_ASSERT(index < m_ports.size());
    return m_ports[index].name;
}

uint32_t
PhysicalSwitch::GetPortIndex(const std::string& name) const
{
    return FindPort(name);
}

std::vector<std::string>
PhysicalSwitch::GetPortNames() const
{
    std::vector<std::string> names;
    names.reserve(m_ports.size());
    for (const auto& p : m_ports)
    {
        names.push_back(p.name);
    }
    return names;
}

void
PhysicalSwitch::CheckVlan(const std::string& where, uint16_t vlan) const
{
    if (vlan < 1 || vlan > EthernetVlanHeader::kMaxVlanId)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": " << where << ": VLAN " << vlan
                                               << " is out of range (1-4094)");
    }
}

void
PhysicalSwitch::SetAccessPort(const std::string& port, uint16_t vlan)
{
    NS_LOG_FUNCTION(this << port << vlan);
    uint32_t bp = FindBridgePort(port);
    CheckVlan("port " + port, vlan);
    VlanConfig& cfg = m_bridgePorts[bp].vlan;
    cfg.mode = PortMode::Access;
    cfg.accessVlan = vlan;
    FlushBridgePort(bp);
    ConfigChanged();
}

void
PhysicalSwitch::SetTrunkPort(const std::string& port,
                             const std::vector<uint16_t>& allowed,
                             uint16_t nativeVlan)
{
    NS_LOG_FUNCTION(this << port << nativeVlan);
    uint32_t bp = FindBridgePort(port);
    CheckVlan("port " + port + " native VLAN", nativeVlan);
    std::bitset<4096> set;
    if (allowed.empty())
    {
        set.set();
        set.reset(0);
        set.reset(4095);
    }
    for (uint16_t v : allowed)
    {
        CheckVlan("port " + port + " allowed VLAN list", v);
        set.set(v);
    }
    VlanConfig& cfg = m_bridgePorts[bp].vlan;
    cfg.mode = PortMode::Trunk;
    cfg.nativeVlan = nativeVlan;
    cfg.allowed = set;
    FlushBridgePort(bp);
    ConfigChanged();
}

const PhysicalSwitch::VlanConfig&
PhysicalSwitch::GetVlanConfig(const std::string& port) const
{
    return m_bridgePorts[FindBridgePort(port)].vlan;
}

uint32_t
PhysicalSwitch::AddMirrorSession(const std::vector<std::string>& sources,
                                 MirrorDirection direction,
                                 const std::string& destination)
{
    NS_LOG_FUNCTION(this << destination);
    if (m_mirrors.size() >= 64)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": at most 64 mirror sessions");
    }
    if (sources.empty())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": mirror session to " << destination
                                               << " has no source port");
    }
    uint32_t dst = FindPort(destination);
    if (m_ports[dst].mirrorDestination)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << destination
                                               << " is already the destination of another "
                                                  "mirror session");
    }
    if (m_ports[dst].lag != kNone)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << destination
                                               << " is a member of "
                                               << m_bridgePorts[m_ports[dst].lag].name
                                               << " and cannot be a mirror destination");
    }
    MirrorSession session;
    session.direction = direction;
    session.destination = dst;
    for (const auto& name : sources)
    {
        uint32_t src = FindPort(name);
        if (src == dst)
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": mirror destination "
                                                   << destination
                                                   << " is also one of its sources; choose "
                                                      "another destination port");
        }
        if (m_ports[src].mirrorDestination)
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name
                                                   << " is a mirror destination and cannot be "
                                                      "a source");
        }
        if (std::find(session.sources.begin(), session.sources.end(), src) != session.sources.end())
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << name
                                                   << " is listed twice as a mirror source");
        }
        session.sources.push_back(src);
    }
    // A port that is a source of any session cannot become a destination.
    for (const auto& s : m_mirrors)
    {
        if (std::find(s.sources.begin(), s.sources.end(), dst) != s.sources.end())
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << destination
                                                   << " is a source of another mirror session "
                                                      "and cannot be a destination");
        }
    }
    uint32_t id = m_mirrors.size();
    m_mirrors.push_back(session);
    m_ports[dst].mirrorDestination = true;
    for (uint32_t src : session.sources)
    {
        if (direction != MirrorDirection::Tx)
        {
            m_ports[src].rxMirrors.push_back(id);
        }
        if (direction != MirrorDirection::Rx)
        {
            m_ports[src].txMirrors.push_back(id);
        }
    }
    // The destination no longer takes part in switching.
    FlushBridgePort(m_ports[dst].bridgePort);
    ConfigChanged();
    return id;
}

bool
PhysicalSwitch::VlanConfig::SameAs(const VlanConfig& other) const
{
    if (mode != other.mode)
    {
        return false;
    }
    if (mode == PortMode::Access)
    {
        return accessVlan == other.accessVlan;
    }
    return nativeVlan == other.nativeVlan && allowed == other.allowed;
}

std::string
PhysicalSwitch::VlanConfig::Describe() const
{
    std::ostringstream os;
    if (mode == PortMode::Access)
    {
        os << "an access port in VLAN " << accessVlan;
        return os.str();
    }
    // Cisco's notation: "10,20,30-40".
    std::string list;
    for (uint16_t v = 1; v <= EthernetVlanHeader::kMaxVlanId; ++v)
    {
        if (!allowed[v])
        {
            continue;
        }
        uint16_t last = v;
        while (last < EthernetVlanHeader::kMaxVlanId && allowed[last + 1])
        {
            ++last;
        }
        list += (list.empty() ? "" : ",") + std::to_string(v);
        if (last != v)
        {
            list += "-" + std::to_string(last);
        }
        v = last;
    }
    os << "a trunk of VLANs " << (list.empty() ? "none" : list) << " with native VLAN "
       << nativeVlan;
    return os.str();
}

std::string
PhysicalSwitch::LagMemberMismatch(const std::string& lag,
                                  const std::string& first,
                                  const VlanConfig& firstConfig,
                                  const std::string& member,
                                  const VlanConfig& memberConfig)
{
    return "port-channel " + lag + ": member " + member + " is " + memberConfig.Describe() +
           ", member " + first + " " + firstConfig.Describe() +
           ": a real switch suspends the odd member (Cisco: \"suspended: incompatible "
           "configuration\"); configure the members of " +
           lag + " alike";
}

void
PhysicalSwitch::AddLag(const std::string& name, const std::vector<std::string>& members)
{
    NS_LOG_FUNCTION(this << name);
    if (name.empty())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": a port-channel needs a name");
    }
    if (m_bridgePortByName.count(name))
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": " << name
                                               << " already names a port or port-channel");
    }
    if (members.size() < 2)
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port-channel " << name
                                               << " needs at least 2 member ports, got "
                                               << members.size());
    }
    std::vector<uint32_t> ports;
    for (const auto& m : members)
    {
        uint32_t p = FindPort(m);
        if (m_ports[p].lag != kNone)
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << m
                                                   << " is already a member of "
                                                   << m_bridgePorts[m_ports[p].lag].name
                                                   << "; a port belongs to one port-channel");
        }
        if (m_ports[p].mirrorDestination)
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << m
                                                   << " is a mirror destination and cannot "
                                                      "join port-channel "
                                                   << name);
        }
        if (std::find(ports.begin(), ports.end(), p) != ports.end())
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << m
                                                   << " is listed twice in port-channel " << name);
        }
        ports.push_back(p);
    }
    const VlanConfig& common = m_bridgePorts[m_ports[ports.front()].bridgePort].vlan;
    for (uint32_t p : ports)
    {
        const VlanConfig& cfg = m_bridgePorts[m_ports[p].bridgePort].vlan;
        if (!cfg.SameAs(common))
        {
            VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": "
                                                   << LagMemberMismatch(name,
                                                                        m_ports[ports.front()].name,
                                                                        common,
                                                                        m_ports[p].name,
                                                                        cfg));
        }
    }
    BridgePort lag;
    lag.name = name;
    lag.isLag = true;
    lag.members = ports;
    lag.vlan = common;
    uint32_t id = m_bridgePorts.size();
    m_bridgePorts.push_back(lag);
    m_bridgePortByName[name] = id;
    for (uint32_t p : ports)
    {
        FlushBridgePort(m_ports[p].bridgePort);
        m_bridgePorts[m_ports[p].bridgePort].active = false;
        m_ports[p].bridgePort = id;
        m_ports[p].lag = id;
    }
    ConfigChanged();
}

void
PhysicalSwitch::SetPortAdminUp(const std::string& port, bool up)
{
    NS_LOG_FUNCTION(this << port << up);
    m_ports[FindPort(port)].device->SetAdminUp(up);
}

void
PhysicalSwitch::SetBlackhole(const std::string& port, Blackhole direction)
{
    NS_LOG_FUNCTION(this << port);
    Port& p = m_ports[FindPort(port)];
    p.blackholeRx = direction == Blackhole::Rx || direction == Blackhole::Both;
    p.blackholeTx = direction == Blackhole::Tx || direction == Blackhole::Both;
}

void
PhysicalSwitch::SetStormControl(const std::string& port, StormTraffic traffic, double level)
{
    NS_LOG_FUNCTION(this << port << static_cast<int>(traffic) << level);
    std::vector<uint32_t> ports;
    if (HasLag(port))
    {
        ports = m_bridgePorts[m_bridgePortByName.at(port)].members;
    }
    else
    {
        ports.push_back(FindPort(port));
    }
    if (!(level >= 0 && level <= 100))
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": port " << port
                                               << ": storm control level " << level
                                               << " is out of range 0-100 (percent of the "
                                                  "port's bandwidth; 0 drops all, 100 lifts "
                                                  "it)");
    }
    auto kind = static_cast<std::size_t>(traffic);
    for (uint32_t p : ports)
    {
        StormMeter& m = m_ports[p].storm[kind];
        m = StormMeter();
        m.level = level;
        uint8_t bit = uint8_t(1) << kind;
        m_ports[p].stormControlled =
            level < 100 ? (m_ports[p].stormControlled | bit) : (m_ports[p].stormControlled & ~bit);
    }
}

double
PhysicalSwitch::GetStormControl(const std::string& port, StormTraffic traffic) const
{
    return m_ports[FindPort(port)].storm[static_cast<std::size_t>(traffic)].level;
}

void
PhysicalSwitch::AddStaticMacEntry(uint16_t vlan, Mac48Address mac, const std::string& port)
{
    NS_LOG_FUNCTION(this << vlan << mac << port);
    uint32_t bp = FindBridgePort(port);
    CheckVlan("static MAC " + CiscoMacString(mac), vlan);
    if (mac.IsGroup())
    {
        VSWITCH_CONFIG_ERROR("PhysicalSwitch " << m_name << ": static MAC " << mac
                                               << " is a group address; give a unicast MAC");
    }
    uint64_t key = Key(vlan, EthernetVlanHeader::MacToKey(mac));
    auto [it, inserted] = m_macTable.insert_or_assign(key, MacEntry{bp, Simulator::Now(), true});
    (void)it;
    if (inserted)
    {
        m_macTableSize = m_macTable.size();
    }
}

void
PhysicalSwitch::ClearDynamicMacEntries()
{
    boost::unordered::erase_if(m_macTable, [](const auto& kv) { return !kv.second.isStatic; });
    m_macTableSize = m_macTable.size();
}

void
PhysicalSwitch::FlushBridgePort(uint32_t bridgePort)
{
    if (boost::unordered::erase_if(m_macTable, [bridgePort](const auto& kv) {
            return kv.second.bridgePort == bridgePort && !kv.second.isStatic;
        }) != 0)
    {
        m_macTableSize = m_macTable.size();
    }
}

void
PhysicalSwitch::SetLagHashValue(int hash)
{
    m_lagHash = static_cast<LagHash>(hash);
}

int
PhysicalSwitch::GetLagHashValue() const
{
    return static_cast<int>(m_lagHash);
}

void
PhysicalSwitch::ConfigChanged()
{
    ++m_configEpoch;
}

void
PhysicalSwitch::LinkChanged()
{
    // Flush what was learned behind bridge ports that have no working member left.
    for (uint32_t b = 0; b < m_bridgePorts.size(); ++b)
    {
        const BridgePort& bp = m_bridgePorts[b];
        if (!bp.active)
        {
            continue;
        }
        bool up = false;
        for (uint32_t p : bp.members)
        {
            up = up || m_ports[p].device->IsLinkUp();
        }
        if (!up)
        {
            FlushBridgePort(b);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Tables

PhysicalSwitch::MacEntry*
PhysicalSwitch::Lookup(uint16_t vlan, uint64_t mac)
{
    auto it = m_macTable.find(Key(vlan, mac));
    if (it == m_macTable.end())
    {
        return nullptr;
    }
    if (!it->second.isStatic && m_agingTime.IsStrictlyPositive() &&
        Simulator::Now() - it->second.lastSeen >= m_agingTime)
    {
        m_macTable.erase(it);
        m_macTableSize = m_macTable.size();
        return nullptr;
    }
    return &it->second;
}

void
PhysicalSwitch::Learn(uint16_t vlan, uint64_t mac, uint32_t bridgePort)
{
    if (mac & (uint64_t(1) << 40))
    {
        return; // group source address: never learned
    }
    Time now = Simulator::Now();
    auto [it, inserted] = m_macTable.try_emplace(Key(vlan, mac), MacEntry{bridgePort, now, false});
    if (inserted)
    {
        m_macTableSize = m_macTable.size();
        m_learnTrace(vlan, EthernetVlanHeader::KeyToMac(mac), bridgePort);
        return;
    }
    MacEntry& e = it->second;
    if (e.isStatic)
    {
        return;
    }
    if (e.bridgePort != bridgePort)
    {
        NS_LOG_LOGIC("MAC " << EthernetVlanHeader::KeyToMac(mac) << " moved to "
                            << m_bridgePorts[bridgePort].name);
        e.bridgePort = bridgePort;
        m_learnTrace(vlan, EthernetVlanHeader::KeyToMac(mac), bridgePort);
    }
    e.lastSeen = now;
}

std::string
PhysicalSwitch::LookupMac(uint16_t vlan, Mac48Address mac) const
{
    auto it = m_macTable.find(Key(vlan, EthernetVlanHeader::MacToKey(mac)));
    if (it == m_macTable.end())
    {
        return "";
    }
    if (!it->second.isStatic && m_agingTime.IsStrictlyPositive() &&
        Simulator::Now() - it->second.lastSeen >= m_agingTime)
    {
        return "";
    }
    return m_bridgePorts[it->second.bridgePort].name;
}

std::vector<PhysicalSwitch::MacTableEntry>
PhysicalSwitch::GetMacTable() const
{
    std::vector<std::pair<uint64_t, MacTableEntry>> rows;
    Time now = Simulator::Now();
    for (const auto& [key, e] : m_macTable)
    {
        if (!e.isStatic && m_agingTime.IsStrictlyPositive() && now - e.lastSeen >= m_agingTime)
        {
            continue;
        }
        MacTableEntry row;
        row.vlan = static_cast<uint16_t>(key >> 48);
        row.mac = EthernetVlanHeader::KeyToMac(key & 0xffffffffffffULL);
        row.isStatic = e.isStatic;
        row.port = m_bridgePorts[e.bridgePort].name;
        row.lastSeen = e.lastSeen;
        rows.emplace_back(key, row);
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.first < b.first;
    });
    std::vector<MacTableEntry> out;
    out.reserve(rows.size());
    for (auto& r : rows)
    {
        out.push_back(std::move(r.second));
    }
    return out;
}

std::string
CiscoMacString(Mac48Address mac)
{
    uint8_t b[6];
    mac.CopyTo(b);
    char text[16];
    std::snprintf(text,
                  sizeof(text),
                  "%02x%02x.%02x%02x.%02x%02x",
                  b[0],
                  b[1],
                  b[2],
                  b[3],
                  b[4],
                  b[5]);
    return text;
}

void
PhysicalSwitch::ShowMacAddressTable(std::ostream& os) const
{
    auto rows = GetMacTable();
    os << "          Mac Address Table\n"
       << "-------------------------------------------\n"
       << "\n"
       << "Vlan    Mac Address       Type        Ports\n"
       << "----    -----------       --------    -----\n";
    for (const auto& r : rows)
    {
        os << std::setw(4) << r.vlan << "    " << CiscoMacString(r.mac) << "    " << std::left
           << std::setw(8) << (r.isStatic ? "STATIC" : "DYNAMIC") << std::right << "    " << r.port
           << "\n";
    }
    os << "Total Mac Addresses for this criterion: " << rows.size() << "\n";
}

std::string
PhysicalSwitch::ShowMacAddressTable() const
{
    std::ostringstream os;
    ShowMacAddressTable(os);
    return os.str();
}

DropCounters
PhysicalSwitch::GetPortDrops(const std::string& port) const
{
    const Port& p = m_ports[FindPort(port)];
    DropCounters total = p.drops;
    const DropCounters& dev = p.device->GetCounters().drops;
    for (std::size_t i = 0; i < kDropReasonCount; ++i)
    {
        total.frames[i] += dev.frames[i];
    }
    return total;
}

// ------------------------------------------------------------------------------------------
// Data path

const std::vector<uint32_t>&
PhysicalSwitch::GetFloodList(uint16_t vlan)
{
    FloodList& list = m_floodLists[vlan];
    if (list.epoch == m_configEpoch)
    {
        return list.ports;
    }
    list.ports.clear();
    for (uint32_t b = 0; b < m_bridgePorts.size(); ++b)
    {
        const BridgePort& bp = m_bridgePorts[b];
        if (!bp.active)
        {
            continue;
        }
        if (!bp.isLag && m_ports[bp.members.front()].mirrorDestination)
        {
            continue;
        }
        const VlanConfig& cfg = bp.vlan;
        bool carries = cfg.mode == PortMode::Access ? cfg.accessVlan == vlan : cfg.allowed[vlan];
        if (carries)
        {
            list.ports.push_back(b);
        }
    }
    list.epoch = m_configEpoch;
    return list.ports;
}

void
PhysicalSwitch::Drop(Ptr<const Packet> frame, uint32_t port, DropReason reason)
{
    NS_LOG_LOGIC("drop " << reason << " at " << m_ports[port].name);
    m_ports[port].drops.Add(reason);
    if (m_fate)
    {
        m_fate->NoteDrop(reason);
    }
    m_dropTrace(frame, port, reason);
}

void
PhysicalSwitch::DeviceDrop(std::string context, Ptr<const Packet> frame, DropReason reason)
{
    m_dropTrace(frame, static_cast<uint32_t>(std::stoul(context)), reason);
}

void
PhysicalSwitch::ReceiveFromPort(Ptr<L2NetDevice> device,
                                Ptr<Packet> frame,
                                const EthernetVlanHeader& header)
{
    FrameFateScope scope(m_ledger, m_fate);
    uint32_t inPort = m_portOfIfIndex[device->GetIfIndex()];
    Port& in = m_ports[inPort];
    if (in.mirrorDestination)
    {
        Drop(frame, inPort, DropReason::MirrorDestination);
        return;
    }
    if (in.blackholeRx)
    {
        Drop(frame, inPort, DropReason::Blackhole);
        return;
    }
    uint64_t copied = 0;
    if (!in.rxMirrors.empty())
    {
        Mirror(in.rxMirrors, frame, header, copied);
    }

    // Ingress VLAN classification.
    const BridgePort& bp = m_bridgePorts[in.bridgePort];
    const VlanConfig& cfg = bp.vlan;
    uint16_t vid = header.HasVlanTag() ? header.GetVlanId() : 0;
    uint16_t vlan;
    if (cfg.mode == PortMode::Access)
    {
        if (vid != 0 && vid != cfg.accessVlan)
        {
            Drop(frame, inPort, DropReason::Vlan);
            return;
        }
        vlan = cfg.accessVlan;
    }
    else
    {
        vlan = vid == 0 ? cfg.nativeVlan : vid;
        if (!cfg.allowed[vlan])
        {
            Drop(frame, inPort, DropReason::Vlan);
            return;
        }
    }

    Learn(vlan, header.GetSourceKey(), in.bridgePort);
    SwitchedFrame variants(frame, header, vlan);
    // A session copies a frame once, even when it also leaves through another of its sources.
    variants.marks = copied;
    Forward(variants, in.bridgePort, inPort);
}

bool
PhysicalSwitch::StormControlDrops(Port& port, StormTraffic traffic, uint32_t frameBytes)
{
    auto kind = static_cast<std::size_t>(traffic);
    if (!(port.stormControlled & (uint8_t(1) << kind)))
    {
        return false;
    }
    StormMeter& m = port.storm[kind];
    if (m.level <= 0)
    {
        return true;
    }
    Time now = Simulator::Now();
    if (now >= m.intervalEnd)
    {
        // A new interval: intervals start at multiples of StormControlInterval.
        int64_t step = m_stormInterval.GetTimeStep();
        m.intervalEnd = TimeStep((now.GetTimeStep() / step + 1) * step);
        m.received = 0;
        m.budget = static_cast<uint64_t>(port.device->GetDataRate().GetBitRate() / 8.0 *
                                         m_stormInterval.GetSeconds() * m.level / 100.0);
    }
    m.received += frameBytes + EthernetNetDevice::kPreambleBytes + EthernetNetDevice::kFcsBytes +
                  EthernetNetDevice::kIfgBytes;
    return m.received > m.budget;
}

void
PhysicalSwitch::Forward(SwitchedFrame& frame, uint32_t inBridgePort, uint32_t inPort)
{
    const EthernetVlanHeader& h = frame.Header();
    StormTraffic kind;
    if (!h.IsGroupDestination())
    {
        MacEntry* e = Lookup(frame.Vlan(), h.GetDestinationKey());
        if (e)
        {
            if (e->bridgePort == inBridgePort)
            {
                Drop(frame.Original(), inPort, DropReason::SamePort);
                return;
            }
            Egress(frame, e->bridgePort, false);
            return;
        }
        kind = StormTraffic::UnknownUnicast;
    }
    else
    {
        kind = h.GetDestinationKey() == kBroadcastKey ? StormTraffic::Broadcast
                                                      : StormTraffic::Multicast;
    }
    // Only what would be flooded is subject to storm control.
    Port& in = m_ports[inPort];
    if (in.stormControlled && StormControlDrops(in, kind, frame.Original()->GetSize()))
    {
        Drop(frame.Original(), inPort, DropReason::StormControl);
        return;
    }
    m_floodTrace(frame.Original(), frame.Vlan());
    const std::vector<uint32_t>& ports = GetFloodList(frame.Vlan());
    for (uint32_t bp : ports)
    {
        if (bp != inBridgePort)
        {
            Egress(frame, bp, true);
        }
    }
    if (m_fate && m_fate->copies == 0 && m_fate->drop == DropReason::Count)
    {
        // No other port of the VLAN is up: the frame ends here.
        Drop(frame.Original(), inPort, DropReason::NoEgress);
    }
}

uint32_t
PhysicalSwitch::SelectMember(const BridgePort& lag, const SwitchedFrame& frame) const
{
    uint32_t up = 0;
    for (uint32_t p : lag.members)
    {
        up += m_ports[p].device->IsLinkUp() ? 1 : 0;
    }
    if (up == 0)
    {
        return kNone;
    }
    const EthernetVlanHeader& h = frame.Header();
    uint64_t srcMac = h.GetSourceKey();
    uint64_t dstMac = h.GetDestinationKey();
    bool wantIp = m_lagHash == LagHash::SrcDstIp || m_lagHash == LagHash::SrcIp ||
                  m_lagHash == LagHash::DstIp;
    bool haveIp = false;
    uint32_t srcIp = 0;
    uint32_t dstIp = 0;
    if (wantIp)
    {
        uint32_t hs = h.GetSerializedSize();
        Ptr<Packet> p = frame.Original();
        uint8_t buf[EthernetVlanHeader::kTaggedSize + 40];
        if (h.GetEtherType() == kEtherTypeIpv4 && p->GetSize() >= hs + 20)
        {
            p->CopyData(buf, hs + 20);
            srcIp = ReadBe32(buf + hs + 12);
            dstIp = ReadBe32(buf + hs + 16);
            haveIp = true;
        }
        else if (h.GetEtherType() == kEtherTypeIpv6 && p->GetSize() >= hs + 40)
        {
            p->CopyData(buf, hs + 40);
            for (uint32_t w = 0; w < 4; ++w)
            {
                srcIp ^= ReadBe32(buf + hs + 8 + 4 * w);
                dstIp ^= ReadBe32(buf + hs + 24 + 4 * w);
            }
            haveIp = true;
        }
    }
    uint64_t v = 0;
    switch (m_lagHash)
    {
    case LagHash::SrcDstIp:
        v = haveIp ? (srcIp ^ dstIp) : (srcMac ^ dstMac);
        break;
    case LagHash::SrcIp:
        v = haveIp ? srcIp : srcMac;
        break;
    case LagHash::DstIp:
        v = haveIp ? dstIp : dstMac;
        break;
    case LagHash::SrcDstMac:
        v = srcMac ^ dstMac;
        break;
    case LagHash::SrcMac:
        v = srcMac;
        break;
    case LagHash::DstMac:
        v = dstMac;
        break;
    }
    v ^= v >> 32;
    v ^= v >> 16;
    v ^= v >> 8;
    uint32_t pick = static_cast<uint32_t>(v & 0xff) % up;
    for (uint32_t p : lag.members)
    {
        if (m_ports[p].device->IsLinkUp())
        {
            if (pick == 0)
            {
                return p;
            }
            --pick;
        }
    }
    return kNone;
}

void
PhysicalSwitch::Egress(SwitchedFrame& frame, uint32_t bridgePort, bool flooded)
{
    const BridgePort& bp = m_bridgePorts[bridgePort];
    uint32_t outPort = bp.isLag ? SelectMember(bp, frame) : bp.members.front();
    if (outPort == kNone)
    {
        // A port-channel with no working member: nothing can leave.
        if (!flooded)
        {
            Drop(frame.Original(), bp.members.front(), DropReason::LinkDown);
        }
        return;
    }
    Port& out = m_ports[outPort];
    if (!out.device->IsLinkUp())
    {
        if (!flooded)
        {
            Drop(frame.Original(), outPort, DropReason::LinkDown);
        }
        return;
    }
    const VlanConfig& cfg = bp.vlan;
    uint16_t vlan = frame.Vlan();
    bool tagged;
    if (cfg.mode == PortMode::Access)
    {
        if (cfg.accessVlan != vlan)
        {
            Drop(frame.Original(), outPort, DropReason::Vlan);
            return;
        }
        tagged = false;
    }
    else
    {
        if (!cfg.allowed[vlan])
        {
            Drop(frame.Original(), outPort, DropReason::Vlan);
            return;
        }
        tagged = vlan != cfg.nativeVlan;
    }
    if (out.blackholeTx)
    {
        Drop(frame.Original(), outPort, DropReason::Blackhole);
        return;
    }
    const EthernetVlanHeader* header = nullptr;
    Ptr<Packet> p = frame.Take(tagged, header);
    if (!out.txMirrors.empty())
    {
        Mirror(out.txMirrors, p, *header, frame.marks);
    }
    if (m_fate)
    {
        ++m_fate->copies; // the port's transmit ledger follows it from here
    }
    out.device->SendFrame(p, *header);
}

void
PhysicalSwitch::Mirror(const std::vector<uint32_t>& sessions,
                       Ptr<const Packet> frame,
                       const EthernetVlanHeader& header,
                       uint64_t& copied)
{
    for (uint32_t s : sessions)
    {
        uint64_t bit = uint64_t(1) << s;
        if (copied & bit)
        {
            continue;
        }
        copied |= bit;
        Port& dst = m_ports[m_mirrors[s].destination];
        if (dst.device->IsLinkUp())
        {
            dst.device->SendFrame(frame->Copy(), header);
        }
    }
}

} // namespace ns3
