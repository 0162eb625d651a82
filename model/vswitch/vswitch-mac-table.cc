/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vswitch-mac-table.h"

#include "port-group.h"
#include "vswitch-port.h"
#include "vswitch.h"

#include "ns3/ethernet-vlan-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VSwitchMacTable");

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT std::clog << "[" << m_vs.m_hostName << " " << m_vs.m_name << "] ";

namespace
{
constexpr uint16_t kGuestTagging = 4095;
} // namespace

VSwitchMacTable::VSwitchMacTable(VSwitch& owner)
    : m_vs(owner)
{
}

void
VSwitchMacTable::Clear()
{
    m_table.clear();
    m_guestTagging.clear();
    m_own.clear();
    m_siblings.clear();
    m_siblingScan = 0;
}

uint64_t
VSwitchMacTable::Key(uint16_t vlan, uint64_t mac)
{
    return (uint64_t(vlan) << 48) | mac;
}

void
VSwitchMacTable::AddPort(VSwitchPort* port)
{
    ++m_own[port->m_effectiveMac];
    Claim(port);
}

void
VSwitchMacTable::Claim(VSwitchPort* port)
{
    // The entry of a MAC belongs to one port. A port's own MAC replaces a learned entry; when
    // two ports have the same effective MAC (a guest borrowed another vNIC's), the port whose
    // initial MAC it is keeps it, else the first one does, so a borrower cannot take a MAC
    // from its owner nor erase the owner's entry when it gives the MAC back.
    uint64_t mac = port->m_effectiveMac;
    uint16_t vlan = port->m_group->m_vlan;
    auto& table = vlan == kGuestTagging ? m_guestTagging : m_table;
    uint64_t key = vlan == kGuestTagging ? mac : Key(vlan, mac);
    Entry e{port, false, Time(0)};
    auto [it, inserted] = table.try_emplace(key, e);
    if (inserted || it->second.port == port)
    {
        it->second = e;
        return;
    }
    if (it->second.learned)
    {
        --it->second.port->m_learned;
        it->second = e;
        return;
    }
    if (it->second.port->m_initialMac != mac && port->m_initialMac == mac)
    {
        NS_LOG_INFO(port->m_client << " takes back its MAC " << EthernetVlanHeader::KeyToMac(mac)
                                   << " from " << it->second.port->m_client);
        it->second = e;
        return;
    }
    NS_LOG_INFO(port->m_client << " uses MAC " << EthernetVlanHeader::KeyToMac(mac) << ", which "
                               << it->second.port->m_client << " has: frames to it go to "
                               << it->second.port->m_client);
}

void
VSwitchMacTable::RemovePort(VSwitchPort* port)
{
    boost::unordered::erase_if(m_table, [port](const auto& kv) { return kv.second.port == port; });
    boost::unordered::erase_if(m_guestTagging,
                               [port](const auto& kv) { return kv.second.port == port; });
    port->m_learned = 0;
    uint64_t mac = port->m_effectiveMac;
    auto own = m_own.find(mac);
    if (own != m_own.end() && --own->second == 0)
    {
        m_own.erase(own);
    }
    else if (own != m_own.end())
    {
        // Another port has this MAC too: it gets the entry this port held.
        for (auto& [id, p] : m_vs.m_ports)
        {
            if (PeekPointer(p) != port && p->m_effectiveMac == mac)
            {
                Claim(PeekPointer(p));
            }
        }
    }
}

VSwitchMacTable::Entry*
VSwitchMacTable::Lookup(uint16_t vlan, uint64_t mac)
{
    auto it = m_table.find(Key(vlan, mac));
    if (it != m_table.end())
    {
        Entry& e = it->second;
        if (e.learned &&
            Simulator::Now() - e.lastSeen >= *e.port->m_group->m_resolved.learning.agingTime)
        {
            --e.port->m_learned;
            m_table.erase(it);
            return nullptr;
        }
        return &e;
    }
    auto g = m_guestTagging.find(mac);
    return g == m_guestTagging.end() ? nullptr : &g->second;
}

VSwitchMacTable::Learned
VSwitchMacTable::Learn(VSwitchPort* port, uint16_t vlan, uint64_t mac)
{
    if ((mac & (uint64_t(1) << 40)) || m_own.count(mac))
    {
        return Learned::No; // group MACs and the host's own port MACs are never learned
    }
    const MacLearningPolicy& l = port->m_group->m_resolved.learning;
    Time now = Simulator::Now();
    auto it = m_table.find(Key(vlan, mac));
    if (it != m_table.end() && it->second.learned && it->second.port == port)
    {
        it->second.lastSeen = now;
        return Learned::Yes;
    }
    if (IsMacOfAnotherSwitchOfTheHost(mac))
    {
        return Learned::No; // nor are the MACs of the host's other vSwitches' ports
    }
    if (port->m_learned >= *l.limit && now >= port->m_learnedExpiry)
    {
        // Entries that went unused for the ageing time leave the table and free the limit,
        // whether or not anything looked them up (spec section 6).
        Expire(port);
        it = m_table.find(Key(vlan, mac));
    }
    if (port->m_learned >= *l.limit)
    {
        if (*l.limitPolicy == MacLimitPolicy::Drop)
        {
            return Learned::Drop;
        }
        return Learned::No; // forwarded, not learned
    }
    if (it != m_table.end())
    {
        // The MAC moved here from another port.
        --it->second.port->m_learned;
        it->second.port = port;
        it->second.lastSeen = now;
    }
    else
    {
        m_table.emplace(Key(vlan, mac), Entry{port, true, now});
    }
    ++port->m_learned;
    NS_LOG_LOGIC("learned " << EthernetVlanHeader::KeyToMac(mac) << " on port " << port->m_portId);
    return Learned::Yes;
}

void
VSwitchMacTable::AddLearned(VSwitchPort* port, uint16_t vlan, uint64_t mac)
{
    auto [it, inserted] = m_table.try_emplace(Key(vlan, mac), Entry{port, true, Simulator::Now()});
    if (inserted)
    {
        ++port->m_learned;
    }
}

void
VSwitchMacTable::Expire(VSwitchPort* port)
{
    Time now = Simulator::Now();
    Time aging = *port->m_group->m_resolved.learning.agingTime;
    Time earliest = Time::Max();
    boost::unordered::erase_if(m_table, [&](const auto& kv) {
        const Entry& e = kv.second;
        if (e.port != port || !e.learned)
        {
            return false;
        }
        if (now - e.lastSeen >= aging)
        {
            --port->m_learned;
            return true;
        }
        earliest = std::min(earliest, e.lastSeen + aging);
        return false;
    });
    // Nothing can age out before the oldest remaining entry does: no sweep until then.
    port->m_learnedExpiry = earliest;
}

void
VSwitchMacTable::FlushDisabled()
{
    boost::unordered::erase_if(m_table, [](const auto& kv) {
        const Entry& e = kv.second;
        if (e.learned && !*e.port->m_group->m_resolved.learning.enabled)
        {
            --e.port->m_learned;
            return true;
        }
        return false;
    });
}

bool
VSwitchMacTable::IsMacOfAnotherSwitchOfTheHost(uint64_t mac)
{
    Ptr<Node> node = m_vs.GetNode();
    if (!node)
    {
        return false;
    }
    if (node->GetNDevices() != m_siblingScan)
    {
        // Devices were added to the node: find its vSwitches again (not per frame).
        m_siblings.clear();
        for (uint32_t i = 0; i < node->GetNDevices(); ++i)
        {
            Ptr<VSwitch> other = DynamicCast<VSwitch>(node->GetDevice(i));
            if (other && PeekPointer(other) != &m_vs)
            {
                m_siblings.push_back(PeekPointer(other));
            }
        }
        m_siblingScan = node->GetNDevices();
    }
    for (const VSwitch* other : m_siblings)
    {
        if (other->m_macs.IsOwn(mac))
        {
            return true;
        }
    }
    return false;
}

std::vector<Mac48Address>
VSwitchMacTable::LearnedOn(const VSwitchPort* port) const
{
    std::vector<Mac48Address> out;
    for (const auto& [key, e] : m_table)
    {
        if (e.port == port && e.learned)
        {
            out.push_back(EthernetVlanHeader::KeyToMac(key & 0xffffffffffffULL));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace ns3
