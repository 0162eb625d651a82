/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the NSX tables at the end of the run, for programs (summary.json's "nsx") and
 * for people (tables.txt, laid out as seed 2 prints them).
 */
#include "scenario-output-nsx.h"

#include "ns3/distributed-switch.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/vswitch-port.h"

#include <string>

NS_LOG_COMPONENT_DEFINE("VswitchSimOutputNsx");

namespace vsim
{

namespace json = boost::json;
using namespace ns3;

namespace
{

/// \return the owner of a VNI's name, or "" when no controller is up
std::string
OwnerName(Ptr<NsxControllerCluster> cluster, uint32_t vni)
{
    int owner = cluster->GetOwner(vni);
    return owner < 0 ? std::string() : cluster->GetControllers().at(owner).name;
}

/// One host's view of a VNI.
json::object
HostView(Ptr<Vtep> vtep, uint32_t vni)
{
    json::array vteps;
    json::array macs;
    json::array arps;
    if (const VtepTables* t = vtep->GetTables(vni))
    {
        for (const auto& e : t->GetVteps())
        {
            json::object row;
            row["ip"] = NsxIpText(e.record.ip);
            row["segment"] = NsxIpText(e.record.segment);
            row["mtep"] = e.mtep;
            vteps.push_back(std::move(row));
        }
        for (const auto& e : t->GetMacs(Simulator::Now()))
        {
            json::object row;
            row["mac"] = NsxMacText(e.inner);
            row["outerMac"] = NsxMacText(vtep->OuterMacFor(vni, e.outerIp));
            row["outerIp"] = NsxIpText(e.outerIp);
            macs.push_back(std::move(row));
        }
        for (const auto& [ip, mac] : t->GetArps())
        {
            json::object row;
            row["ip"] = NsxIpText(ip);
            row["mac"] = NsxMacText(mac);
            arps.push_back(std::move(row));
        }
    }
    json::object view;
    view["vteps"] = std::move(vteps);
    view["macs"] = std::move(macs);
    view["arps"] = std::move(arps);
    return view;
}

} // namespace

json::object
NsxSummary(const ScenarioBuilder& b)
{
    json::object out;
    const NsxHelper* nsx = b.Nsx();
    if (!nsx)
    {
        return out;
    }
    Ptr<NsxControllerCluster> cluster = nsx->GetCluster();
    for (const auto& ls : cluster->GetLogicalSwitches())
    {
        uint32_t vni = ls->GetVni();
        json::object block;
        std::string owner = OwnerName(cluster, vni);
        block["controller"] = owner.empty() ? json::value(nullptr) : json::value(owner);
        block["replication"] = LogicalSwitch::ReplicationName(ls->GetReplication());
        block["arpSuppression"] = ls->IsArpSuppression();
        json::array vteps;
        json::array macs;
        json::array arps;
        if (const NsxControllerCluster::VniTables* t = cluster->GetTables(vni))
        {
            for (const auto& r : t->vteps)
            {
                json::object row;
                row["ip"] = NsxIpText(r.ip);
                row["segment"] = NsxIpText(r.segment);
                row["mac"] = NsxMacText(r.mac);
                vteps.push_back(std::move(row));
            }
            for (const auto& [key, entry] : t->macs)
            {
                json::object row;
                row["mac"] = NsxMacText(entry.first);
                row["vtep"] = NsxIpText(entry.second);
                macs.push_back(std::move(row));
            }
            for (const auto& [ip, mac] : t->arps)
            {
                json::object row;
                row["ip"] = NsxIpText(Ipv4Address(ip));
                row["mac"] = NsxMacText(mac);
                arps.push_back(std::move(row));
            }
        }
        block["vteps"] = std::move(vteps);
        block["macs"] = std::move(macs);
        block["arps"] = std::move(arps);
        json::object hosts;
        for (const auto& [ref, vtep] : b.Vteps())
        {
            hosts[ref] = HostView(vtep, vni);
        }
        block["hosts"] = std::move(hosts);
        out[std::to_string(vni)] = std::move(block);
    }
    return out;
}

std::map<const VSwitchPort*, DropCounters>
VtepDrops(const ScenarioBuilder& b)
{
    std::map<const VSwitchPort*, DropCounters> out;
    for (const auto& [ref, vtep] : b.Vteps())
    {
        out[PeekPointer(vtep->GetPort())] = vtep->GetCounters().drops;
    }
    return out;
}

void
WriteNsxTables(std::ostream& f, const ScenarioBuilder& b)
{
    const NsxHelper* nsx = b.Nsx();
    if (!nsx)
    {
        return;
    }
    Ptr<NsxControllerCluster> cluster = nsx->GetCluster();
    std::vector<Ptr<LogicalSwitch>> switches = cluster->GetLogicalSwitches();
    for (const auto& ls : switches)
    {
        uint32_t vni = ls->GetVni();
        std::string vniText = std::to_string(vni);
        // The VNI's tables are on its owner only (the seed logs in to 192.168.110.202).
        std::string owner = OwnerName(cluster, vni);
        std::string prompt =
            (owner.empty() ? cluster->GetControllers().front().name : owner) + " # ";
        f << prompt << "show control-cluster logical-switches vni " << vniText << "\n";
        cluster->PrintVni(f, vni);
        f << "\n"
          << prompt << "show control-cluster logical-switches vtep-table " << vniText << "\n";
        cluster->PrintVtepTable(f, vni);
        f << "\n"
          << prompt << "show control-cluster logical-switches mac-table " << vniText << "\n";
        cluster->PrintMacTable(f, vni);
        f << "\n"
          << prompt << "show control-cluster logical-switches arp-table " << vniText << "\n";
        cluster->PrintArpTable(f, vni);
        f << "\n";
    }
    for (const auto& [ref, vtep] : b.Vteps())
    {
        std::string prompt = "[root@" + ref + ":~] ";
        f << prompt << "esxcli network ip connection list | grep 1234\n";
        vtep->PrintConnections(f);
        f << "\n" << prompt << "esxcli network ip route ipv4 list -N vxlan\n";
        vtep->PrintRoutes(f);
        f << "\n" << prompt << "esxcli network ip neighbor list -N vxlan\n";
        vtep->PrintNeighbors(f);
        std::string vds = vtep->GetDistributedSwitch()->GetName();
        for (const auto& ls : switches)
        {
            std::string args =
                " --vds-name=" + vds + " --vxlan-id=" + std::to_string(ls->GetVni()) + "\n";
            f << "\n"
              << prompt << "esxcli network vswitch dvs vmware vxlan network vtep list" << args;
            vtep->PrintVtepList(f, ls->GetVni());
            f << "\n"
              << prompt << "esxcli network vswitch dvs vmware vxlan network mac list" << args;
            vtep->PrintMacList(f, ls->GetVni());
            f << "\n"
              << prompt << "esxcli network vswitch dvs vmware vxlan network arp list" << args;
            vtep->PrintArpList(f, ls->GetVni());
        }
        f << "\n";
    }
}

} // namespace vsim
