/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: building the NSX part of a scenario with NsxHelper: the controller cluster,
 * the logical switches, a VTEP on each prepared host (after its distributed switches, before
 * its VMs), the routers' multicast groups, the VTEPs' path MTU; and what goes with it: the
 * controller-down/up events and the gratuitous ARP of a VM.
 */
#include "scenario-builder.h"

#include "ns3/arp-header.h"
#include "ns3/boolean.h"
#include "ns3/config-error.h"
#include "ns3/core-module.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/underlay-routing.h"

#include <functional>
#include <map>

NS_LOG_COMPONENT_DEFINE("VswitchSimBuilderNsx");

namespace vsim
{

using namespace ns3;

namespace
{

/// The EtherType of ARP.
constexpr uint16_t kArpType = 0x0806;

/// The underlay's path MTU from a VTEP's netstack (a Vtep::PathMtuCallback once bound).
uint16_t
PathMtuFrom(Ptr<Node> netstack, Ipv4Address dst)
{
    return UnderlayRouting::PathMtu(netstack, dst);
}

void
SetControllerUp(Ptr<NsxControllerCluster> cluster, std::string name, bool up)
{
    cluster->SetControllerUp(name, up);
}

/**
 * \brief A guest's gratuitous ARP: for each IPv4 address of the VM, an ARP request whose
 *        sender and target IP are that address, to the broadcast MAC, from the vNIC that
 *        has it (whichever host the VM runs on now).
 * \param vm the VM's node
 * \param s counts the frames sent
 */
void
SendGarp(Ptr<Node> vm, Ptr<TrafficStats> s)
{
    Ptr<Ipv4> ipv4 = vm->GetObject<Ipv4>();
    for (uint32_t i = 1; i < ipv4->GetNInterfaces(); ++i)
    {
        Ptr<NetDevice> dev = ipv4->GetNetDevice(i);
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address ip = ipv4->GetAddress(i, j).GetLocal();
            ArpHeader arp;
            arp.SetRequest(dev->GetAddress(), ip, Mac48Address("00:00:00:00:00:00"), ip);
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(arp);
            if (dev->Send(p, Mac48Address::GetBroadcast(), kArpType))
            {
                ++s->sent;
            }
        }
    }
}

/// Run f; a model ConfigError becomes a BuildError naming the JSON path.
void
AtPath(const std::string& file, const std::string& path, const std::function<void()>& f)
{
    try
    {
        f();
    }
    catch (const ConfigError& e)
    {
        throw BuildError(file + ": " + path + ": " + e.what());
    }
}

} // namespace

void
ScenarioBuilder::BuildNsx()
{
    const NsxConfig& n = m_scenario.nsx;
    if (!n.present)
    {
        return;
    }
    AtPath(m_scenario.file, n.path, [&]() {
        m_nsx = std::make_unique<NsxHelper>();
        if (n.controlPlaneDelay)
        {
            m_nsx->SetClusterAttribute("ControlPlaneDelay", TimeValue(*n.controlPlaneDelay));
        }
        if (n.learnVteps)
        {
            m_nsx->SetVtepAttribute("LearnVteps", BooleanValue(true));
        }
        if (n.udpPort)
        {
            m_nsx->SetVtepAttribute("UdpPort", UintegerValue(*n.udpPort));
        }
        m_nsx->ClearControllers();
    });
    for (const auto& k : n.controllers)
    {
        AtPath(m_scenario.file, k.path.empty() ? n.path : k.path, [&]() {
            m_nsx->AddController(k.name, k.ip);
        });
    }
    std::vector<Ipv4Address> groups;
    for (const auto& ls : n.logicalSwitches)
    {
        AtPath(m_scenario.file, ls.path, [&]() {
            LogicalSwitch::Replication mode = ls.replication == "multicast"
                                                  ? LogicalSwitch::Multicast
                                              : ls.replication == "hybrid" ? LogicalSwitch::Hybrid
                                                                           : LogicalSwitch::Unicast;
            Ipv4Address group = ls.multicastGroup.value_or(Ipv4Address::GetAny());
            m_nsx->AddLogicalSwitch(ls.vni, ls.name, mode, ls.arpSuppression, group);
            if (mode != LogicalSwitch::Unicast &&
                std::find(groups.begin(), groups.end(), group) == groups.end())
            {
                groups.push_back(group);
            }
        });
    }
    // Routers with multicastRouting forward the groups of the multicast and hybrid VNIs.
    for (std::size_t i = 0; i < m_scenario.routers.size() && i < m_routers.size(); ++i)
    {
        if (m_scenario.routers[i].multicastRouting)
        {
            AtPath(m_scenario.file, m_scenario.routers[i].path, [&]() {
                m_routerHelper.EnableMulticastRouting(m_routers[i].second, groups);
            });
        }
    }
}

void
ScenarioBuilder::BuildVtep(const HostConfig& h, Ptr<EsxiHost> host)
{
    if (!m_nsx)
    {
        return;
    }
    for (const auto& t : m_scenario.nsx.vteps)
    {
        if (t.host != h.ref || !t.ip)
        {
            continue;
        }
        AtPath(m_scenario.file, t.path, [&]() {
            Ptr<DistributedSwitch> dvs;
            for (const auto& [config, d] : m_dvs)
            {
                dvs = config->name == t.vswitch ? d : dvs;
            }
            if (!dvs)
            {
                VSWITCH_CONFIG_ERROR("no distributed switch " << t.vswitch);
            }
            Vtep::Config c;
            c.vmknic = t.vmk;
            c.ip = t.ip->address;
            c.mask = t.ip->Mask();
            c.gateway = t.gateway.value_or(Ipv4Address::GetAny());
            c.vlan = t.vlan;
            c.mac = t.mac.value_or(Mac48Address("00:00:00:00:00:00"));
            Ptr<Vtep> vtep = m_nsx->InstallVtep(host, dvs, c);
            m_vteps.emplace_back(h.ref, vtep);
            m_endpoints[h.ref + ":" + t.vmk] = vtep->GetNetstack();
            NameNode(vtep->GetNetstack(), h.ref + ":" + t.vmk);
            m_ipOwner[c.ip.Get()] = vtep->GetNetstack();
        });
    }
}

void
ScenarioBuilder::FinishNsx()
{
    for (const auto& [ref, vtep] : m_vteps)
    {
        vtep->SetPathMtuFunction(MakeBoundCallback(&PathMtuFrom, vtep->GetNetstack()));
    }
}

void
ScenarioBuilder::BuildGarp(std::size_t index, const TrafficConfig& t)
{
    Ptr<Node> vm = VmNode(t.from);
    Ptr<Ipv4> ipv4 = vm ? vm->GetObject<Ipv4>() : nullptr;
    if (!ipv4)
    {
        throw BuildError(m_scenario.file + ": " + t.path + ".from: \"" + t.from +
                         "\" is no VM with an IPv4 address (give its NIC an \"ip\")");
    }
    Ptr<TrafficStats> s = Create<TrafficStats>();
    s->index = index;
    s->type = t.type;
    s->from = t.from;
    std::string to;
    for (uint32_t i = 1; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            std::ostringstream a;
            a << ipv4->GetAddress(i, j).GetLocal();
            to += (to.empty() ? "" : " ") + a.str();
            s->senderIps.push_back(ipv4->GetAddress(i, j).GetLocal());
        }
    }
    s->to = to;
    m_traffic.push_back(s);
    Simulator::Schedule(t.start, &SendGarp, vm, s);
}

void
ScenarioBuilder::BuildControllerEvent(const EventConfig& e)
{
    AtPath(m_scenario.file, e.path + ".controller", [&]() {
        if (!m_nsx)
        {
            VSWITCH_CONFIG_ERROR("the scenario has no \"nsx\" section, so no controller "
                                 << e.controller);
        }
        Ptr<NsxControllerCluster> cluster = m_nsx->GetCluster();
        bool known = false;
        for (const auto& k : cluster->GetControllers())
        {
            known = known || k.name == e.controller;
        }
        if (!known)
        {
            VSWITCH_CONFIG_ERROR("no controller " << e.controller);
        }
        Simulator::Schedule(e.at,
                            &SetControllerUp,
                            cluster,
                            e.controller,
                            e.type == "controller-up");
    });
}

} // namespace vsim
