/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vtep-tables.h"

#include "ns3/ethernet-vlan-header.h"
#include "ns3/log.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VtepTables");

void
VtepTables::SetVteps(const std::vector<VtepEntry>& vteps)
{
    m_vteps = vteps;
}

const std::vector<VtepTables::VtepEntry>&
VtepTables::GetVteps() const
{
    return m_vteps;
}

const VtepRecord*
VtepTables::FindVtep(Ipv4Address ip) const
{
    for (const auto& v : m_vteps)
    {
        if (v.record.ip == ip)
        {
            return &v.record;
        }
    }
    return nullptr;
}

void
VtepTables::SetMac(Mac48Address inner, Ipv4Address outerIp, Time expires, bool fromController)
{
    MacEntry& e = m_macs[EthernetVlanHeader::MacToKey(inner)];
    e.inner = inner;
    e.outerIp = outerIp;
    e.expires = expires;
    e.fromController = fromController;
}

const VtepTables::MacEntry*
VtepTables::LookupMac(Mac48Address inner, Time now)
{
    auto it = m_macs.find(EthernetVlanHeader::MacToKey(inner));
    if (it == m_macs.end())
    {
        return nullptr;
    }
    if (it->second.expires <= now)
    {
        NS_LOG_LOGIC("MAC " << inner << " aged out");
        m_macs.erase(it);
        return nullptr;
    }
    return &it->second;
}

std::vector<VtepTables::MacEntry>
VtepTables::GetMacs(Time now) const
{
    std::vector<MacEntry> out;
    for (const auto& [key, e] : m_macs)
    {
        if (e.expires > now)
        {
            out.push_back(e);
        }
    }
    return out;
}

void
VtepTables::RemoveMac(Mac48Address inner)
{
    m_macs.erase(EthernetVlanHeader::MacToKey(inner));
}

void
VtepTables::SetArp(Ipv4Address ip, Mac48Address mac)
{
    m_arps[ip.Get()] = mac;
}

const Mac48Address*
VtepTables::LookupArp(Ipv4Address ip) const
{
    auto it = m_arps.find(ip.Get());
    return it == m_arps.end() ? nullptr : &it->second;
}

std::vector<std::pair<Ipv4Address, Mac48Address>>
VtepTables::GetArps() const
{
    std::vector<std::pair<Ipv4Address, Mac48Address>> out;
    for (const auto& [ip, mac] : m_arps)
    {
        out.emplace_back(Ipv4Address(ip), mac);
    }
    return out;
}

Ipv4Address
SegmentOf(Ipv4Address ip, Ipv4Mask mask)
{
    return ip.CombineMask(mask);
}

std::string
NsxMacText(Mac48Address mac)
{
    std::ostringstream os;
    os << mac;
    return os.str();
}

std::string
NsxIpText(Ipv4Address ip)
{
    std::ostringstream os;
    os << ip;
    return os.str();
}

} // namespace ns3
