/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nsx-controller-cluster.h"

#include "vtep.h"

#include "ns3/config-error.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NsxControllerCluster");
NS_OBJECT_ENSURE_REGISTERED(NsxControllerCluster);

namespace
{
uint32_t
DefaultSlice(uint32_t vni, uint32_t n)
{
    return n == 0 ? 0 : (vni >= LogicalSwitch::kMinVni ? vni - LogicalSwitch::kMinVni : vni) % n;
}

Ipv4Address
DefaultProxy(uint32_t, const std::vector<VtepRecord>& segment)
{
    Ipv4Address best = segment.front().ip;
    for (const auto& r : segment)
    {
        if (r.ip.Get() < best.Get())
        {
            best = r.ip;
        }
    }
    return best;
}
} // namespace

TypeId
NsxControllerCluster::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NsxControllerCluster")
            .SetParent<Object>()
            .SetGroupName("Vswitch")
            .AddConstructor<NsxControllerCluster>()
            .AddAttribute("ControlPlaneDelay",
                          "One-way time of a host's report or query to a controller, and of a "
                          "controller's answer or push to a host.",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&NsxControllerCluster::m_delay),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("OwnerChange",
                            "A VNI changed owner (slicing after a controller went down or up): "
                            "VNI, old owner, new owner (\"\" for none).",
                            MakeTraceSourceAccessor(&NsxControllerCluster::m_ownerTrace),
                            "ns3::NsxControllerCluster::OwnerChangeTracedCallback");
    return tid;
}

NsxControllerCluster::NsxControllerCluster()
    : m_delay(MilliSeconds(2))
{
}

NsxControllerCluster::~NsxControllerCluster() = default;

void
NsxControllerCluster::DoDispose()
{
    m_vteps.clear();
    m_switches.clear();
    m_held.clear();
    Object::DoDispose();
}

void
NsxControllerCluster::AddController(const std::string& name, Ipv4Address ip)
{
    for (const auto& c : m_controllers)
    {
        if (c.name == name || c.ip == ip)
        {
            VSWITCH_CONFIG_ERROR("NSX controller " << name << " (" << ip << "): "
                                                   << (c.name == name ? "name" : "IP")
                                                   << " already used by " << c.name);
        }
    }
    m_controllers.push_back({name, ip, true});
    m_held.emplace_back();
    Reslice();
}

const std::vector<NsxControllerCluster::Controller>&
NsxControllerCluster::GetControllers() const
{
    return m_controllers;
}

void
NsxControllerCluster::SetControllerUp(const std::string& name, bool up)
{
    for (std::size_t i = 0; i < m_controllers.size(); ++i)
    {
        if (m_controllers[i].name == name)
        {
            if (m_controllers[i].up == up)
            {
                return;
            }
            NS_LOG_INFO("controller " << name << (up ? " up" : " down"));
            m_controllers[i].up = up;
            if (!up)
            {
                m_held[i].clear(); // its tables are lost with it
            }
            Reslice();
            return;
        }
    }
    std::string known;
    for (const auto& c : m_controllers)
    {
        known += (known.empty() ? "" : ", ") + c.name;
    }
    VSWITCH_CONFIG_ERROR("no NSX controller named " << name << " (controllers: "
                                                    << (known.empty() ? "none" : known) << ")");
}

void
NsxControllerCluster::SetSliceFunction(SliceCallback cb)
{
    m_slice = cb;
    Reslice();
}

void
NsxControllerCluster::SetProxyFunction(ProxyCallback cb)
{
    m_proxy = cb;
}

Ipv4Address
NsxControllerCluster::ChooseProxy(uint32_t vni, const std::vector<VtepRecord>& segment) const
{
    return m_proxy.IsNull() ? DefaultProxy(vni, segment) : m_proxy(vni, segment);
}

void
NsxControllerCluster::AddLogicalSwitch(Ptr<LogicalSwitch> ls)
{
    ls->Check();
    for (const auto& [vni, s] : m_switches)
    {
        if (vni == ls->GetVni())
        {
            VSWITCH_CONFIG_ERROR("logical switch " << ls->GetName() << ": VNI " << vni
                                                   << " is already logical switch "
                                                   << s->GetName()
                                                   << "; every logical switch has its own VNI");
        }
        if (s->GetName() == ls->GetName())
        {
            VSWITCH_CONFIG_ERROR("logical switch VNI " << ls->GetVni() << ": name "
                                                       << ls->GetName()
                                                       << " is already VNI " << vni);
        }
    }
    m_switches[ls->GetVni()] = ls;
    Reslice();
}

Ptr<LogicalSwitch>
NsxControllerCluster::GetLogicalSwitch(uint32_t vni) const
{
    auto it = m_switches.find(vni);
    return it == m_switches.end() ? nullptr : it->second;
}

std::vector<Ptr<LogicalSwitch>>
NsxControllerCluster::GetLogicalSwitches() const
{
    std::vector<Ptr<LogicalSwitch>> out;
    for (const auto& [vni, s] : m_switches)
    {
        out.push_back(s);
    }
    return out;
}

int
NsxControllerCluster::GetOwner(uint32_t vni) const
{
    std::vector<int> up;
    for (std::size_t i = 0; i < m_controllers.size(); ++i)
    {
        if (m_controllers[i].up)
        {
            up.push_back(int(i));
        }
    }
    if (up.empty())
    {
        return -1;
    }
    uint32_t k = m_slice.IsNull() ? DefaultSlice(vni, up.size()) : m_slice(vni, up.size());
    if (k >= up.size())
    {
        NS_FATAL_ERROR("the NSX slice function gave controller " << k << " of " << up.size()
                                                                 << " for VNI " << vni);
    }
    return up[k];
}

const NsxControllerCluster::VniTables*
NsxControllerCluster::GetTables(uint32_t vni) const
{
    int owner = GetOwner(vni);
    if (owner < 0)
    {
        return nullptr;
    }
    auto it = m_held[owner].find(vni);
    return it == m_held[owner].end() ? nullptr : &it->second;
}

NsxControllerCluster::VniTables*
NsxControllerCluster::OwnerTables(uint32_t vni)
{
    int owner = GetOwner(vni);
    if (owner < 0)
    {
        return nullptr;
    }
    return &m_held[owner][vni];
}

Time
NsxControllerCluster::GetDelay() const
{
    return m_delay;
}

void
NsxControllerCluster::Register(Ptr<Vtep> vtep)
{
    if (std::find(m_vteps.begin(), m_vteps.end(), vtep) == m_vteps.end())
    {
        m_vteps.push_back(vtep);
    }
}

const std::vector<Ptr<Vtep>>&
NsxControllerCluster::GetVteps() const
{
    return m_vteps;
}

void
NsxControllerCluster::Reslice()
{
    for (const auto& [vni, ls] : m_switches)
    {
        int owner = GetOwner(vni);
        auto it = m_owner.find(vni);
        if (it != m_owner.end() && it->second == owner)
        {
            continue;
        }
        int old = it == m_owner.end() ? -1 : it->second;
        m_owner[vni] = owner;
        if (old >= 0)
        {
            m_held[old].erase(vni); // the old owner lets go of the slice
        }
        if (owner >= 0)
        {
            m_held[owner].erase(vni); // the new owner starts empty
        }
        std::string from = old >= 0 ? m_controllers[old].name : "";
        std::string to = owner >= 0 ? m_controllers[owner].name : "";
        NS_LOG_INFO("VNI " << vni << ": owner " << (from.empty() ? "none" : from) << " -> "
                           << (to.empty() ? "none" : to));
        m_ownerTrace(vni, from, to);
        if (it != m_owner.end() && owner >= 0)
        {
            // Every host learns of the new slice and reports its part again.
            for (const auto& v : m_vteps)
            {
                Simulator::Schedule(m_delay, &Vtep::ReportAgain, v, vni);
            }
        }
    }
}

// ---- messages ----------------------------------------------------------------------------

void
NsxControllerCluster::ReportJoin(Ptr<Vtep> from, uint32_t vni, const VtepRecord& rec)
{
    Simulator::Schedule(m_delay, &NsxControllerCluster::DeliverJoin, this, from, vni, rec);
}

void
NsxControllerCluster::ReportLeave(Ptr<Vtep> from, uint32_t vni)
{
    Simulator::Schedule(m_delay, &NsxControllerCluster::DeliverLeave, this, from, vni);
}

void
NsxControllerCluster::ReportMac(uint32_t vni, Mac48Address mac, Ipv4Address vtepIp)
{
    Simulator::Schedule(m_delay, &NsxControllerCluster::DeliverMac, this, vni, mac, vtepIp);
}

void
NsxControllerCluster::ReportArp(uint32_t vni, Ipv4Address ip, Mac48Address mac)
{
    Simulator::Schedule(m_delay, &NsxControllerCluster::DeliverArp, this, vni, ip, mac);
}

void
NsxControllerCluster::QueryMac(Ptr<Vtep> from, uint32_t vni, Mac48Address mac)
{
    Simulator::Schedule(m_delay, &NsxControllerCluster::DeliverMacQuery, this, from, vni, mac);
}

void
NsxControllerCluster::QueryArp(Ptr<Vtep> from, uint32_t vni, Ipv4Address ip)
{
    Simulator::Schedule(m_delay, &NsxControllerCluster::DeliverArpQuery, this, from, vni, ip);
}

void
NsxControllerCluster::DeliverJoin(Ptr<Vtep> from, uint32_t vni, VtepRecord rec)
{
    VniTables* t = OwnerTables(vni);
    if (!t)
    {
        NS_LOG_LOGIC("VNI " << vni << ": join of " << rec.ip << " lost (no controller up)");
        return;
    }
    rec.vtep = PeekPointer(from);
    for (auto& r : t->vteps)
    {
        if (r.ip == rec.ip)
        {
            r = rec;
            PushVteps(vni);
            return;
        }
    }
    t->vteps.push_back(rec);
    PushVteps(vni);
}

void
NsxControllerCluster::DeliverLeave(Ptr<Vtep> from, uint32_t vni)
{
    VniTables* t = OwnerTables(vni);
    if (!t)
    {
        return;
    }
    Ipv4Address ip = from->GetIp();
    auto& v = t->vteps;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const VtepRecord& r) { return r.ip == ip; }),
            v.end());
    for (auto it = t->macs.begin(); it != t->macs.end();)
    {
        it = it->second.second == ip ? t->macs.erase(it) : std::next(it);
    }
    PushVteps(vni);
    // The leaving VTEP no longer gets pushes for the VNI: tell it the list is empty.
    Simulator::Schedule(m_delay, &Vtep::UpdateVteps, from, vni, std::vector<VtepRecord>());
}

void
NsxControllerCluster::DeliverMac(uint32_t vni, Mac48Address mac, Ipv4Address vtepIp)
{
    if (VniTables* t = OwnerTables(vni))
    {
        t->macs[EthernetVlanHeader::MacToKey(mac)] = {mac, vtepIp};
    }
}

void
NsxControllerCluster::DeliverArp(uint32_t vni, Ipv4Address ip, Mac48Address mac)
{
    if (VniTables* t = OwnerTables(vni))
    {
        t->arps[ip.Get()] = mac;
    }
}

void
NsxControllerCluster::DeliverMacQuery(Ptr<Vtep> from, uint32_t vni, Mac48Address mac)
{
    const VniTables* t = GetTables(vni);
    bool found = false;
    Ipv4Address ip;
    if (t)
    {
        auto it = t->macs.find(EthernetVlanHeader::MacToKey(mac));
        if (it != t->macs.end())
        {
            found = true;
            ip = it->second.second;
        }
    }
    if (GetOwner(vni) < 0)
    {
        return; // nobody to answer
    }
    Simulator::Schedule(m_delay, &Vtep::AnswerMac, from, vni, mac, found, ip);
}

void
NsxControllerCluster::DeliverArpQuery(Ptr<Vtep> from, uint32_t vni, Ipv4Address ip)
{
    if (GetOwner(vni) < 0)
    {
        return;
    }
    const VniTables* t = GetTables(vni);
    bool found = false;
    Mac48Address mac;
    if (t)
    {
        auto it = t->arps.find(ip.Get());
        if (it != t->arps.end())
        {
            found = true;
            mac = it->second;
        }
    }
    Simulator::Schedule(m_delay, &Vtep::AnswerArp, from, vni, ip, found, mac);
}

void
NsxControllerCluster::PushVteps(uint32_t vni)
{
    const VniTables* t = GetTables(vni);
    if (!t)
    {
        return;
    }
    for (const auto& r : t->vteps)
    {
        Simulator::Schedule(m_delay, &Vtep::UpdateVteps, Ptr<Vtep>(r.vtep), vni, t->vteps);
    }
}

// ---- views -------------------------------------------------------------------------------

void
NsxControllerCluster::PrintVni(std::ostream& os, uint32_t vni) const
{
    os << std::left << std::setw(9) << "VNI" << std::setw(17) << "Controller" << std::setw(17)
       << "BUM-Replication"
       << "ARP-Proxy\n";
    Ptr<LogicalSwitch> ls = GetLogicalSwitch(vni);
    int owner = GetOwner(vni);
    if (!ls)
    {
        return;
    }
    os << std::setw(9) << vni << std::setw(17)
       << (owner < 0 ? std::string("-") : NsxIpText(m_controllers[owner].ip)) << std::setw(17)
       << (ls->GetReplication() == LogicalSwitch::Multicast ? "Disabled" : "Enabled")
       << (ls->IsArpSuppression() ? "Enabled" : "Disabled") << "\n";
}

void
NsxControllerCluster::PrintVtepTable(std::ostream& os, uint32_t vni) const
{
    os << std::left << std::setw(9) << "VNI" << std::setw(17) << "IP" << std::setw(17)
       << "Segment"
       << "MAC\n";
    if (const VniTables* t = GetTables(vni))
    {
        for (const auto& r : t->vteps)
        {
            os << std::setw(9) << vni << std::setw(17) << NsxIpText(r.ip) << std::setw(17)
               << NsxIpText(r.segment) << NsxMacText(r.mac) << "\n";
        }
    }
}

void
NsxControllerCluster::PrintMacTable(std::ostream& os, uint32_t vni) const
{
    os << std::left << std::setw(9) << "VNI" << std::setw(19) << "MAC"
       << "VTEP-IP\n";
    if (const VniTables* t = GetTables(vni))
    {
        for (const auto& [key, e] : t->macs)
        {
            os << std::setw(9) << vni << std::setw(19) << NsxMacText(e.first)
               << NsxIpText(e.second) << "\n";
        }
    }
}

void
NsxControllerCluster::PrintArpTable(std::ostream& os, uint32_t vni) const
{
    os << std::left << std::setw(9) << "VNI" << std::setw(17) << "IP"
       << "MAC\n";
    if (const VniTables* t = GetTables(vni))
    {
        for (const auto& [ip, mac] : t->arps)
        {
            os << std::setw(9) << vni << std::setw(17) << NsxIpText(Ipv4Address(ip))
               << NsxMacText(mac) << "\n";
        }
    }
}

} // namespace ns3
