/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "distributed-switch.h"

#include "esxi-host.h"
#include "port-group.h"
#include "vswitch.h"

#include "ns3/config-error.h"
#include "ns3/enum.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DistributedSwitch");

NS_OBJECT_ENSURE_REGISTERED(DistributedSwitch);

TypeId
DistributedSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DistributedSwitch")
            .SetParent<Object>()
            .SetGroupName("VSwitch")
            .AddConstructor<DistributedSwitch>()
            .AddAttribute("Name",
                          "The switch's name in vCenter (also its proxy switches' name).",
                          StringValue("DSwitch"),
                          MakeStringAccessor(&DistributedSwitch::m_name),
                          MakeStringChecker())
            .AddAttribute("Version",
                          "The distributed switch version: 6.5, 6.7 or 7.0 (MAC learning "
                          "needs 6.7 or later).",
                          EnumValue(V70),
                          MakeEnumAccessor(&DistributedSwitch::m_version),
                          MakeEnumChecker(V65, "6.5", V67, "6.7", V70, "7.0"))
            .AddAttribute("Mtu",
                          "The switch's MTU: the MTU of every member host's mapped vmnics.",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&DistributedSwitch::m_mtu),
                          MakeUintegerChecker<uint16_t>(1280, 9000));
    return tid;
}

DistributedSwitch::DistributedSwitch()
    : m_name("DSwitch"),
      m_version(V70),
      m_mtu(1500),
      m_uplinks({"Uplink 1", "Uplink 2", "Uplink 3", "Uplink 4"}),
      m_nextDvPort(0)
{
    NS_LOG_FUNCTION(this);
}

DistributedSwitch::~DistributedSwitch()
{
    NS_LOG_FUNCTION(this);
}

void
DistributedSwitch::DoDispose()
{
    for (auto& m : m_members)
    {
        m.proxy->SetDistributedSwitch(nullptr);
    }
    m_members.clear();
    for (auto& g : m_groups)
    {
        g->Dispose();
    }
    m_groups.clear();
    Object::DoDispose();
}

std::string
DistributedSwitch::GetName() const
{
    return m_name;
}

DistributedSwitch::Version
DistributedSwitch::GetVersion() const
{
    return m_version;
}

void
DistributedSwitch::SetUplinks(const std::vector<std::string>& names)
{
    if (!m_members.empty())
    {
        VSWITCH_CONFIG_ERROR("distributed switch " << m_name
                                                   << ": name the dvUplinks before a host joins");
    }
    std::set<std::string> seen;
    for (const auto& n : names)
    {
        if (n.empty() || !seen.insert(n).second)
        {
            VSWITCH_CONFIG_ERROR("distributed switch "
                                 << m_name << ": dvUplink names must be unique and not empty ('"
                                 << n << "')");
        }
    }
    if (names.empty())
    {
        VSWITCH_CONFIG_ERROR("distributed switch " << m_name << ": give at least one dvUplink");
    }
    m_uplinks = names;
}

const std::vector<std::string>&
DistributedSwitch::GetUplinks() const
{
    return m_uplinks;
}

const DistributedSwitch::Member*
DistributedSwitch::FindMember(Ptr<EsxiHost> host) const
{
    for (const auto& m : m_members)
    {
        if (m.host == host)
        {
            return &m;
        }
    }
    return nullptr;
}

Ptr<VSwitch>
DistributedSwitch::AddHost(Ptr<EsxiHost> host, const std::map<std::string, std::string>& uplinks)
{
    NS_LOG_FUNCTION(this << host);
    std::string where = "distributed switch " + m_name;
    if (!host)
    {
        VSWITCH_CONFIG_ERROR(where << ": AddHost: null host");
    }
    if (FindMember(host))
    {
        VSWITCH_CONFIG_ERROR(where << ": host " << host->GetName()
                                   << " has joined already (a host joins a switch once)");
    }
    std::vector<std::string> nics;
    std::set<std::string> seen;
    for (const auto& dvUplink : m_uplinks)
    {
        auto it = uplinks.find(dvUplink);
        if (it == uplinks.end())
        {
            continue;
        }
        if (!seen.insert(it->second).second)
        {
            VSWITCH_CONFIG_ERROR(where << ": host " << host->GetName() << ": " << it->second
                                       << " is mapped to two dvUplinks (one vmnic per dvUplink)");
        }
        nics.push_back(it->second);
    }
    for (const auto& [dvUplink, nic] : uplinks)
    {
        if (std::find(m_uplinks.begin(), m_uplinks.end(), dvUplink) == m_uplinks.end())
        {
            std::string known;
            for (const auto& u : m_uplinks)
            {
                known += (known.empty() ? "'" : ", '") + u + "'";
            }
            VSWITCH_CONFIG_ERROR(where << ": host " << host->GetName() << ": no dvUplink '"
                                       << dvUplink << "' (dvUplinks: " << known << ")");
        }
    }
    Ptr<VSwitch> proxy;
    try
    {
        proxy = host->AddVSwitch(m_name, nics, VSwitch::Distributed);
    }
    catch (const ConfigError& e)
    {
        VSWITCH_CONFIG_ERROR(where << ": host " << host->GetName() << " cannot join: " << e.what());
    }
    proxy->SetDistributedSwitch(this);
    for (const auto& nic : nics)
    {
        host->GetNic(nic)->SetMtu(m_mtu);
    }
    m_members.push_back(Member{host, proxy, uplinks});
    ApplyTo(m_members.back());
    for (const auto& g : m_groups)
    {
        g->ApplyTo(host);
    }
    return proxy;
}

Ptr<VSwitch>
DistributedSwitch::GetProxy(Ptr<EsxiHost> host) const
{
    const Member* m = FindMember(host);
    return m ? m->proxy : nullptr;
}

std::vector<Ptr<EsxiHost>>
DistributedSwitch::GetHosts() const
{
    std::vector<Ptr<EsxiHost>> out;
    for (const auto& m : m_members)
    {
        out.push_back(m.host);
    }
    return out;
}

TeamingPolicy
DistributedSwitch::ForHost(Ptr<EsxiHost> host, const TeamingPolicy& policy) const
{
    const Member* m = FindMember(host);
    TeamingPolicy t = policy;
    for (auto* list : {&t.active, &t.standby})
    {
        if (!*list)
        {
            continue;
        }
        std::vector<std::string> nics;
        for (const auto& dvUplink : **list)
        {
            if (!m)
            {
                break;
            }
            auto it = m->uplink.find(dvUplink);
            if (it != m->uplink.end())
            {
                nics.push_back(it->second);
            }
        }
        *list = nics;
    }
    return t;
}

void
DistributedSwitch::Check(const std::string& what,
                         const TeamingPolicy* teaming,
                         const MacLearningPolicy* learning) const
{
    std::string where = "distributed switch " + m_name + ": " + what;
    if (teaming)
    {
        for (const auto* list : {&teaming->active, &teaming->standby})
        {
            if (!*list)
            {
                continue;
            }
            for (const auto& name : **list)
            {
                if (std::find(m_uplinks.begin(), m_uplinks.end(), name) == m_uplinks.end())
                {
                    std::string known;
                    for (const auto& u : m_uplinks)
                    {
                        known += (known.empty() ? "'" : ", '") + u + "'";
                    }
                    VSWITCH_CONFIG_ERROR(where << ": teaming names '" << name
                                               << "', which is no dvUplink of the switch "
                                                  "(dvUplinks: "
                                               << known << ")");
                }
            }
        }
    }
    if (learning && learning->enabled && *learning->enabled && m_version == V65)
    {
        VSWITCH_CONFIG_ERROR(where << ": MAC learning needs a version 6.7 or later switch (this "
                                      "one is 6.5; set its Version to 6.7 or 7.0)");
    }
}

void
DistributedSwitch::ApplyTo(const Member& m) const
{
    m.proxy->SetSecurityPolicy(m_security);
    m.proxy->SetTeamingPolicy(ForHost(m.host, m_teaming));
    m.proxy->SetMacLearningPolicy(m_learning);
}

void
DistributedSwitch::SetSecurityPolicy(const SecurityPolicy& policy)
{
    m_security = m_security.OverriddenBy(policy);
    for (const auto& m : m_members)
    {
        m.proxy->SetSecurityPolicy(m_security);
    }
}

void
DistributedSwitch::SetTeamingPolicy(const TeamingPolicy& policy)
{
    Check("teaming", &policy, nullptr);
    m_teaming = m_teaming.OverriddenBy(policy);
    for (const auto& m : m_members)
    {
        m.proxy->SetTeamingPolicy(ForHost(m.host, policy));
    }
}

void
DistributedSwitch::SetMacLearningPolicy(const MacLearningPolicy& policy)
{
    Check("MAC learning", nullptr, &policy);
    m_learning = m_learning.OverriddenBy(policy);
    for (const auto& m : m_members)
    {
        m.proxy->SetMacLearningPolicy(policy);
    }
}

Ptr<DistributedPortGroup>
DistributedSwitch::AddPortGroup(const std::string& name, uint16_t vlan)
{
    for (const auto& g : m_groups)
    {
        if (g->m_name == name)
        {
            VSWITCH_CONFIG_ERROR("distributed switch " << m_name << ": dvPortgroup " << name
                                                       << " already exists");
        }
    }
    Ptr<DistributedPortGroup> g = CreateObject<DistributedPortGroup>();
    g->m_dvs = this;
    g->m_name = name;
    g->m_vlan = vlan;
    for (const auto& m : m_members)
    {
        g->ApplyTo(m.host);
    }
    m_groups.push_back(g);
    return g;
}

Ptr<DistributedPortGroup>
DistributedSwitch::GetPortGroup(const std::string& name) const
{
    std::string known;
    for (const auto& g : m_groups)
    {
        if (g->m_name == name)
        {
            return g;
        }
        known += (known.empty() ? "'" : ", '") + g->m_name + "'";
    }
    VSWITCH_CONFIG_ERROR("distributed switch "
                         << m_name << " has no dvPortgroup '" << name
                         << "' (dvPortgroups: " << (known.empty() ? "none" : known) << ")");
}

std::vector<Ptr<DistributedPortGroup>>
DistributedSwitch::GetPortGroups() const
{
    return m_groups;
}

uint32_t
DistributedSwitch::AllocateDvPort()
{
    return m_nextDvPort++;
}

} // namespace ns3
