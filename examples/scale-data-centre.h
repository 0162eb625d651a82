/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The data centre of scale-benchmark.cc: a leaf-spine fabric of PhysicalSwitches, ESXi hosts,
 * their VMs and the traffic between them, built in C++ (no scenario file). See the benchmark's
 * header comment for the topology, the VLAN layouts and the traffic.
 */
#ifndef VSWITCH_SCALE_DATA_CENTRE_H
#define VSWITCH_SCALE_DATA_CENTRE_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace scale
{

/// What the command line chose.
struct Options
{
    uint32_t vmsPerHost{40};   //!< VMs per host
    uint32_t hostsPerLeaf{20}; //!< hosts per leaf switch
    uint32_t spines{2};        //!< spine switches
    bool flat{false};          //!< one VLAN everywhere instead of four per pair of leaves
    double stopTime{4};        //!< simulated seconds
    bool ipOnAll{true};        //!< an IP stack on every VM, not only on those with traffic
    bool ipv6{false};          //!< InternetStackHelper installs IPv6 too (no interface)
    uint32_t udp2Every{4};     //!< every n-th host has the second, intra-leaf stream (0: none)
    uint32_t trafficEvery{1};  //!< only every n-th host sends (1: every host)
};

/// The measurements of one size, written back by the child process.
struct Result
{
    uint32_t hosts{0};                  //!< ESXi hosts
    uint32_t vms{0};                    //!< VMs
    uint32_t vmsWithIp{0};              //!< VMs with an IP stack
    uint32_t leaves{0};                 //!< leaf switches
    uint32_t spines{0};                 //!< spine switches in use
    uint32_t vlans{0};                  //!< VLANs
    double buildSeconds{0};             //!< wall time of building the data centre and its traffic
    double runSeconds{0};               //!< wall time of Simulator::Run
    double runCpuSeconds{0};            //!< CPU time (user + system) of Simulator::Run
    double simSeconds{0};               //!< simulated time
    uint64_t events{0};                 //!< simulator events executed
    uint64_t frames{0};                 //!< frames received by every device
    long baseRssKb{0};                  //!< resident memory before building
    long peakRssKb{0};                  //!< peak resident memory
    uint64_t pingsSent{0};              //!< echo requests sent
    uint64_t pingsAnswered{0};          //!< echo requests answered
    uint64_t udpSent{0};                //!< UDP datagrams sent
    uint64_t udpDelivered{0};           //!< UDP datagrams delivered
    uint64_t drops[kDropReasonCount]{}; //!< frames dropped anywhere, per reason
};

inline uint64_t g_udpSent = 0;      //!< datagrams the OnOff applications sent
inline uint64_t g_udpDelivered = 0; //!< datagrams the sinks received

inline void
UdpSent(Ptr<const Packet>)
{
    ++g_udpSent;
}

inline void
UdpDelivered(Ptr<const Packet>, const Address&)
{
    ++g_udpDelivered;
}

/// One stream (and, for the cross-spine one, the pings) between two VMs.
struct Flow
{
    uint32_t fromHost; //!< sending host
    uint32_t fromVm;   //!< its VM
    uint32_t toHost;   //!< receiving host
    uint32_t toVm;     //!< its VM
    bool ping;         //!< the sender pings the receiver too
    const char* rate;  //!< stream rate
    uint16_t port;     //!< UDP port
};

/// A leaf switch and its place in the fabric.
struct Leaf
{
    uint32_t pair;               //!< the pair of leaves it belongs to
    uint32_t partner;            //!< the other leaf of its pair
    uint32_t spine;              //!< the spine it hangs off
    uint32_t firstHost;          //!< its first host
    uint32_t hosts;              //!< how many hosts it has
    std::vector<uint16_t> vlans; //!< the VLANs it and its hosts' trunks carry
    std::string spineLag;        //!< the spine's port-channel towards it
    std::string spineTe[2];      //!< the members of that port-channel
    Ptr<PhysicalSwitch> sw;      //!< the switch
};

/// The data centre of one size: fabric, hosts, VMs, traffic; Build() then Simulator::Run().
class DataCentre
{
  public:
    DataCentre(const Options& o, uint32_t hosts)
        : m_o(o),
          m_hosts(hosts)
    {
        // Pairs of leaves of up to 2 x hostsPerLeaf hosts; a last pair that is not full has
        // its hosts split evenly between its two leaves, so that every host has a peer across
        // the spine and no broadcast domain is larger than a full pair's.
        m_pairs = (hosts + 2 * o.hostsPerLeaf - 1) / (2 * o.hostsPerLeaf);
        NS_ABORT_MSG_IF(!o.flat && 100 + 4 * m_pairs > 4095, "too many pairs of leaves for VLANs");
        m_spinesUsed = o.flat ? 1 : std::min(o.spines, m_pairs);
        for (uint32_t l = 0; l < 2 * m_pairs; ++l)
        {
            Leaf leaf;
            leaf.pair = l / 2;
            leaf.partner = l ^ 1;
            leaf.spine = leaf.pair % m_spinesUsed;
            uint32_t pairFirst = leaf.pair * 2 * o.hostsPerLeaf;
            uint32_t pairHosts = std::min(hosts - pairFirst, 2 * o.hostsPerLeaf);
            uint32_t firstLeafHosts = (pairHosts + 1) / 2;
            leaf.firstHost = pairFirst + (l % 2 ? firstLeafHosts : 0);
            leaf.hosts = l % 2 ? pairHosts - firstLeafHosts : firstLeafHosts;
            for (uint16_t k = 0; k < (o.flat ? 1 : 4); ++k)
            {
                leaf.vlans.push_back(o.flat ? 100 : 100 + 4 * leaf.pair + k);
            }
            m_leafOfHost.insert(m_leafOfHost.end(), leaf.hosts, l);
            m_leaves.push_back(leaf);
        }
    }

    /// Build the fabric, the hosts and VMs, and the traffic; stop at stopTime.
    void Build()
    {
        PlanTraffic();
        BuildFabric();
        BuildHosts();
        InstallTraffic();
        Simulator::Stop(Seconds(m_o.stopTime));
    }

    /// Fill in what the run counted (before Simulator::Destroy).
    void Collect(Result& r) const
    {
        r.hosts = m_hosts;
        r.vms = m_hosts * m_o.vmsPerHost;
        r.vmsWithIp = m_vmsWithIp;
        r.leaves = m_leaves.size();
        r.spines = m_spinesUsed;
        r.vlans = m_o.flat ? 1 : 4 * m_pairs;
        // Every device of this module: vNICs, host NICs, switch ports. Queue-full drops are
        // counted on the devices only, so this sum is exact.
        for (auto n = NodeList::Begin(); n != NodeList::End(); ++n)
        {
            for (uint32_t i = 0; i < (*n)->GetNDevices(); ++i)
            {
                if (Ptr<L2NetDevice> dev = DynamicCast<L2NetDevice>((*n)->GetDevice(i)))
                {
                    r.frames += dev->GetCounters().rxFrames;
                    AddDrops(r, dev->GetCounters().drops);
                }
            }
        }
        // What the switches dropped themselves (GetPortDrops includes the port device's
        // drops, counted above).
        std::vector<Ptr<PhysicalSwitch>> switches = m_spines;
        for (const Leaf& leaf : m_leaves)
        {
            switches.push_back(leaf.sw);
        }
        for (const Ptr<PhysicalSwitch>& sw : switches)
        {
            for (const std::string& port : sw->GetPortNames())
            {
                AddDrops(r, sw->GetPortDrops(port), sw->GetPortDevice(port)->GetCounters().drops);
            }
        }
        for (const Ptr<EsxiHost>& host : m_esxi)
        {
            for (const Ptr<VSwitch>& vs : host->GetVSwitches())
            {
                for (const Ptr<VSwitchPort>& port : vs->GetPorts())
                {
                    AddDrops(r, port->GetCounters().drops);
                }
                for (const VSwitch::UplinkInfo& up : vs->GetUplinks())
                {
                    AddDrops(r, up.drops);
                }
            }
        }
        for (const Ptr<IputilsPing>& p : m_pings)
        {
            r.pingsSent += p->GetSent();
            r.pingsAnswered += p->GetReceived();
        }
        r.udpSent = g_udpSent;
        r.udpDelivered = g_udpDelivered;
    }

  private:
    /// Add the drops of a counter set to a result, less those of another (already counted).
    static void AddDrops(Result& r, const DropCounters& d, const DropCounters& less = {})
    {
        for (std::size_t i = 0; i < kDropReasonCount; ++i)
        {
            r.drops[i] += d.frames[i] - less.frames[i];
        }
    }

    /// \return the IPv4 address of VM j of host h: 10.0.0.0/8, one per VM (no router: the
    ///         mask only has to put every VM on-link)
    Ipv4Address AddressOf(uint32_t h, uint32_t j) const
    {
        return Ipv4Address(0x0a000000u + h * m_o.vmsPerHost + j + 1);
    }

    /// Plan the flows, so that only their VMs need IP stacks when ipOnAll is off.
    void PlanTraffic()
    {
        uint32_t m = m_o.vmsPerHost;
        uint32_t target0 = ((m - 1) / 4) * 4; // a host's last VM on VLAN 0 of its pair
        uint32_t target1 = m >= 2 ? ((m - 2) / 4) * 4 + 1 : 0; // its last VM on VLAN 1
        for (uint32_t h = 0; h < m_hosts; ++h)
        {
            const Leaf& leaf = m_leaves[m_leafOfHost[h]];
            const Leaf& partner = m_leaves[leaf.partner];
            uint32_t slot = h - leaf.firstHost;
            // A pair of one host (the last, of an odd number) has an empty second leaf.
            uint32_t peer = partner.hosts ? partner.firstHost + slot % partner.hosts : h;
            if (h % m_o.trafficEvery != 0)
            {
                continue;
            }
            m_flows.push_back({h, 0, peer, target0, true, "20Mbps", 9});
            if (m_o.udp2Every && h % m_o.udp2Every == 0 && m >= 2 && leaf.hosts >= 2)
            {
                uint32_t next = leaf.firstHost + (slot + 1) % leaf.hosts;
                m_flows.push_back({h, 1, next, target1, false, "10Mbps", 10});
            }
        }
        m_needsIp.assign(size_t(m_hosts) * m, m_o.ipOnAll);
        for (const Flow& f : m_flows)
        {
            m_needsIp[size_t(f.fromHost) * m + f.fromVm] = true;
            m_needsIp[size_t(f.toHost) * m + f.toVm] = true;
        }
    }

    /// Build the spines and leaves and cable them: each leaf a LAG of two trunks to a spine.
    void BuildFabric()
    {
        std::vector<std::vector<std::string>> spinePorts(m_spinesUsed);
        for (Leaf& leaf : m_leaves)
        {
            auto& names = spinePorts[leaf.spine];
            uint32_t n = names.size() / 2 + 1;
            leaf.spineLag = "Po" + std::to_string(n);
            leaf.spineTe[0] = "Te1/" + std::to_string(2 * n - 1);
            leaf.spineTe[1] = "Te1/" + std::to_string(2 * n);
            names.push_back(leaf.spineTe[0]);
            names.push_back(leaf.spineTe[1]);
        }
        PhysicalSwitchHelper spineHelper;
        spineHelper.SetPortAttribute("DataRate", StringValue("40Gbps"));
        for (uint32_t s = 0; s < m_spinesUsed; ++s)
        {
            spineHelper.SetSwitchAttribute("Name", StringValue("spine" + std::to_string(s + 1)));
            m_spines.push_back(spineHelper.Install(CreateObject<Node>(), spinePorts[s]));
        }
        EthernetHelper cable;
        PhysicalSwitchHelper leafHelper;
        for (uint32_t l = 0; l < m_leaves.size(); ++l)
        {
            Leaf& leaf = m_leaves[l];
            std::vector<std::string> names;
            for (uint32_t p = 0; p < 2 * leaf.hosts; ++p)
            {
                names.push_back("Gi0/" + std::to_string(p + 1));
            }
            names.push_back("Te0/1");
            names.push_back("Te0/2");
            leafHelper.SetSwitchAttribute("Name", StringValue("leaf" + std::to_string(l + 1)));
            leaf.sw = leafHelper.Install(CreateObject<Node>(), names);
            for (uint32_t p = 0; p < 2 * leaf.hosts; ++p)
            {
                leaf.sw->SetTrunkPort(names[p], leaf.vlans);
            }
            for (uint32_t i = 0; i < 2; ++i)
            {
                leaf.sw->GetPortDevice(names[2 * leaf.hosts + i])
                    ->SetAttribute("DataRate", StringValue("40Gbps"));
            }
            leaf.sw->AddLag("Po1", {"Te0/1", "Te0/2"});
            leaf.sw->SetTrunkPort("Po1", leaf.vlans);
            Ptr<PhysicalSwitch> spine = m_spines[leaf.spine];
            spine->AddLag(leaf.spineLag, {leaf.spineTe[0], leaf.spineTe[1]});
            spine->SetTrunkPort(leaf.spineLag, leaf.vlans);
            cable.Install(leaf.sw->GetPortDevice("Te0/1"), spine->GetPortDevice(leaf.spineTe[0]));
            cable.Install(leaf.sw->GetPortDevice("Te0/2"), spine->GetPortDevice(leaf.spineTe[1]));
        }
    }

    /// Build the hosts (vmnic0 and vmnic1 to their leaf), their port groups and VMs.
    void BuildHosts()
    {
        EsxiHostHelper esxi;
        // As vswitch-sim gives a VM an address: IPv4 with static routing (on-link routes).
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(m_o.ipv6);
        stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
        uint32_t m = m_o.vmsPerHost;
        for (uint32_t h = 0; h < m_hosts; ++h)
        {
            const Leaf& leaf = m_leaves[m_leafOfHost[h]];
            uint32_t slot = h - leaf.firstHost;
            char name[16];
            std::snprintf(name, sizeof(name), "esxi%04u", h + 1);
            Ptr<EsxiHost> host = esxi.Install(CreateObject<Node>(), {"vmnic0", "vmnic1"}, name);
            host->ConnectUplink("vmnic0", leaf.sw, "Gi0/" + std::to_string(2 * slot + 1));
            host->ConnectUplink("vmnic1", leaf.sw, "Gi0/" + std::to_string(2 * slot + 2));
            std::vector<std::string> groups;
            for (uint16_t vlan : leaf.vlans)
            {
                groups.push_back("VM Network " + std::to_string(vlan));
                host->AddPortGroup(groups.back(), vlan);
            }
            m_vm.emplace_back();
            for (uint32_t j = 0; j < m; ++j)
            {
                Ptr<Node> vm = CreateObject<Node>();
                Ptr<NetDevice> vnic = host->AddVm(vm, groups[j % groups.size()]);
                m_vm.back().push_back(vm);
                if (m_needsIp[size_t(h) * m + j])
                {
                    stack.Install(vm);
                    Ptr<Ipv4> ip = vm->GetObject<Ipv4>();
                    int32_t ifIndex = ip->AddInterface(vnic);
                    ip->AddAddress(ifIndex, Ipv4InterfaceAddress(AddressOf(h, j), Ipv4Mask("/8")));
                    ip->SetUp(ifIndex);
                    ++m_vmsWithIp;
                }
            }
            m_esxi.push_back(host);
        }
    }

    /// Install the flows' applications: ping, OnOff sender, one PacketSink per VM and port.
    void InstallTraffic()
    {
        Time stop = Seconds(m_o.stopTime) - MilliSeconds(50);
        std::set<std::pair<uint32_t, uint16_t>> sinks; // (global VM index, port) with a sink
        for (const Flow& f : m_flows)
        {
            Ptr<Node> from = m_vm[f.fromHost][f.fromVm];
            Ipv4Address dst = AddressOf(f.toHost, f.toVm);
            Time start = MilliSeconds(200 + f.fromHost % 100);
            if (f.ping)
            {
                ApplicationContainer app = IputilsPingHelper(dst).Install(from);
                app.Start(start);
                app.Stop(stop);
                m_pings.push_back(DynamicCast<IputilsPing>(app.Get(0)));
            }
            if (sinks.insert({f.toHost * m_o.vmsPerHost + f.toVm, f.port}).second)
            {
                PacketSinkHelper sink("ns3::UdpSocketFactory",
                                      InetSocketAddress(Ipv4Address::GetAny(), f.port));
                ApplicationContainer app = sink.Install(m_vm[f.toHost][f.toVm]);
                app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&UdpDelivered));
            }
            OnOffHelper onoff("ns3::UdpSocketFactory", InetSocketAddress(dst, f.port));
            onoff.SetConstantRate(DataRate(f.rate), 1000);
            ApplicationContainer app = onoff.Install(from);
            app.Start(start + MilliSeconds(50));
            app.Stop(stop);
            app.Get(0)->TraceConnectWithoutContext("Tx", MakeCallback(&UdpSent));
        }
    }

    Options m_o;                               //!< the options
    uint32_t m_hosts;                          //!< ESXi hosts
    uint32_t m_pairs;                          //!< pairs of leaves
    uint32_t m_spinesUsed;                     //!< spines with leaves
    std::vector<Leaf> m_leaves;                //!< the leaves
    std::vector<uint32_t> m_leafOfHost;        //!< per host, its leaf
    std::vector<Ptr<PhysicalSwitch>> m_spines; //!< the spines
    std::vector<Ptr<EsxiHost>> m_esxi;         //!< the hosts
    std::vector<std::vector<Ptr<Node>>> m_vm;  //!< per host, its VM nodes
    std::vector<Flow> m_flows;                 //!< the traffic
    std::vector<bool> m_needsIp;               //!< per VM (h * M + j): it needs an IP stack
    uint32_t m_vmsWithIp{0};                   //!< VMs given an IP stack
    std::vector<Ptr<IputilsPing>> m_pings;     //!< the ping applications
};

} // namespace scale
} // namespace ns3

#endif /* VSWITCH_SCALE_DATA_CENTRE_H */
