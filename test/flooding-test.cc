/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Flooding at scale (issue: a 10,000-VM data centre): a broadcast arriving on one uplink
 * visits only the ports teamed to that uplink, and the reverse-teaming drops at the other
 * ports of its VLAN are counted in bulk while nothing watches them (spec section 4). These
 * tests hold that the bulk counts are exact: the same per-port counters, deliveries and
 * views as when a Drop capture makes the switch visit every port.
 */
#include "vswitch-lab.h"

#include "ns3/simulator.h"

#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// Cut or restore a host NIC's cable.
void
SetCable(Ptr<EsxiHost> host, std::string nic, bool cut)
{
    EthernetHelper::GetChannel(host->GetNic(nic))->SetConnected(!cut);
}

/// What one run leaves on the counters of each VM's port.
struct PortTotals
{
    std::vector<uint64_t> reverseTeaming; //!< per VM: reverse-teaming drops
    std::vector<uint64_t> toClient;       //!< per VM: frames handed to its vNIC
    std::vector<uint64_t> allDrops;       //!< per VM: drops for any reason
    std::size_t dropPointFrames{0};       //!< reverse-teaming frames seen at Drop (watched)
    std::string portList;                 //!< esxcli network vm port list, per VM
};

/**
 * Host esxi01 with two uplinks and eight VMs in VLAN 100 (originating-port teaming: four
 * on each uplink) and two in VLAN 200; an outside sender broadcasts in VLAN 100 (the physical
 * switch floods each to both uplinks), in VLAN 200, and to a multicast group; halfway, the
 * cable of vmnic0 is cut (every port moves to vmnic1) and later restored.
 */
PortTotals
RunFloods(bool watchDrops, bool readMidway)
{
    Lab lab;
    Ptr<EsxiHost> h1 = lab.Host("esxi01");
    h1->AddPortGroup("PG", 100);
    h1->AddPortGroup("PG200", 200);
    Ptr<VSwitch> vs = h1->GetVSwitch();
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 8; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    vms.push_back(lab.Vm(h1, "PG200", ""));
    vms.push_back(lab.Vm(h1, "PG200", ""));
    Ptr<Node> ext = lab.External(100, "");
    Ptr<Node> ext200 = lab.External(200, "");
    Ptr<CaptureLog> drops;
    if (watchDrops)
    {
        drops = Create<CaptureLog>(vs, "Drop", CaptureLog::KEEP_RARP);
    }
    PortTotals midway;
    for (int i = 0; i < 30; ++i)
    {
        Time at = MilliSeconds(1050 + 100 * i);
        Simulator::Schedule(at, &SendRaw, Lab::Nic(ext), Mac48Address::GetBroadcast(), 100);
        Simulator::Schedule(at + MicroSeconds(5),
                            &SendRaw,
                            Lab::Nic(ext),
                            Mac48Address("01:00:5e:01:02:03"),
                            60);
        if (i % 3 == 0)
        {
            Simulator::Schedule(at, &SendRaw, Lab::Nic(ext200), Mac48Address::GetBroadcast(), 80);
        }
    }
    Simulator::Schedule(Seconds(2), &SetCable, h1, std::string("vmnic0"), true);
    Simulator::Schedule(Seconds(3), &SetCable, h1, std::string("vmnic0"), false);
    if (readMidway)
    {
        // Reading the counters in the middle of a run settles them early: the end result
        // must not change.
        Simulator::Schedule(Seconds(1.55), [&]() {
            for (auto& vm : vms)
            {
                midway.reverseTeaming.push_back(
                    h1->GetVmPort(vm)->GetCounters().drops.Get(DropReason::ReverseTeaming));
            }
        });
    }
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    PortTotals t;
    for (auto& vm : vms)
    {
        const VSwitchPort::Counters& c = h1->GetVmPort(vm)->GetCounters();
        t.reverseTeaming.push_back(c.drops.Get(DropReason::ReverseTeaming));
        t.toClient.push_back(c.toClientFrames);
        t.allDrops.push_back(c.drops.Total());
    }
    if (drops)
    {
        t.dropPointFrames = drops->Drops(DropReason::ReverseTeaming);
    }
    std::ostringstream list;
    h1->PrintVmPortList(list);
    for (const std::string& line : Lines(list.str()))
    {
        if (line.find("MAC Address") == std::string::npos) // MACs count on across runs
        {
            t.portList += line + "\n";
        }
    }
    if (readMidway)
    {
        uint64_t sum = 0;
        for (uint64_t n : midway.reverseTeaming)
        {
            sum += n;
        }
        EXPECT_GT(sum, 0u) << "by 1.55 s broadcasts were already dropped by reverse teaming";
    }
    Simulator::Destroy();
    return t;
}

} // namespace

TEST(FloodingTest, ReverseTeaming_BulkCountedDropsEqualThePerPortDropsWhenDropIsWatched)
{
    PortTotals bulk = RunFloods(false, false);
    PortTotals watched = RunFloods(true, false);
    uint64_t sum = 0;
    for (uint64_t n : watched.reverseTeaming)
    {
        sum += n;
    }
    EXPECT_EQ(sum, watched.dropPointFrames) << "the Drop point and the counters agree";
    // Before the cut and after the restore, each of 40 floods of VLAN 100 arrives on both
    // uplinks, and each of its 8 VMs drops the copy from the uplink it is not teamed to; so
    // do the 2 VMs of VLAN 200 with 7 of its broadcasts.
    EXPECT_EQ(sum, 8u * 40u + 2u * 7u);
    EXPECT_EQ(bulk.reverseTeaming, watched.reverseTeaming);
    EXPECT_EQ(bulk.toClient, watched.toClient);
    EXPECT_EQ(bulk.allDrops, watched.allDrops);
    EXPECT_EQ(bulk.portList, watched.portList);
}

TEST(FloodingTest, ReverseTeaming_ReadingCountersMidRunLeavesTheTotalsUnchanged)
{
    PortTotals once = RunFloods(false, false);
    PortTotals read = RunFloods(false, true);
    EXPECT_EQ(once.reverseTeaming, read.reverseTeaming);
    EXPECT_EQ(once.toClient, read.toClient);
}

TEST(FloodingTest, ReverseTeaming_EachVmGetsOneCopyOfEachFloodWhileBothUplinksAreUp)
{
    PortTotals t = RunFloods(false, false);
    // VLAN 100: 30 broadcasts + 30 multicasts, every one delivered once to each VM (with the
    // cable cut, vmnic1 alone carries them and every port is teamed to it).
    for (int i = 0; i < 8; ++i)
    {
        EXPECT_EQ(t.toClient[i], 60u) << "VM " << i;
    }
    // VLAN 200: 10 broadcasts each, 7 of them while both uplinks were up.
    EXPECT_EQ(t.toClient[8], 10u);
    EXPECT_EQ(t.toClient[9], 10u);
    EXPECT_EQ(t.reverseTeaming[8], 7u);
    EXPECT_EQ(t.reverseTeaming[9], 7u);
    // While both uplinks were up (1.05-1.95 s and 3.05-3.95 s: 20 of each kind) each VM dropped
    // the copy from the uplink it is not teamed to.
    for (int i = 0; i < 8; ++i)
    {
        EXPECT_EQ(t.reverseTeaming[i], 40u) << "VM " << i;
    }
}
