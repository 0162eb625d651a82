/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec sections 6 and 7: the distributed switch across hosts (DistributedSwitch,
 * DistributedPortGroup), vMotion (VMotion) and its RARP announcements (RarpScheduler), and
 * the seed-1 case. Each test is named after the rule it holds.
 */
#include "../examples/seed-labs.h"
#include "vswitch-lab.h"

#include "ns3/arp-cache.h"
#include "ns3/distributed-switch.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/rarp-header.h"
#include "ns3/rarp-scheduler.h"
#include "ns3/vmotion.h"

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// Two hosts (vmnic0, vmnic1 each, no vSwitch0) on one distributed switch "DSwitch" with
/// dvPortgroup "PG" (VLAN 100).
class DvsTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        h1 = lab.BareHost("esxi01");
        h2 = lab.BareHost("esxi02");
        dvs = CreateObject<DistributedSwitch>();
        dvs->SetUplinks({"Uplink 1", "Uplink 2"});
        dvs->AddPortGroup("PG", 100);
        dvs->AddHost(h1, {{"Uplink 1", "vmnic0"}, {"Uplink 2", "vmnic1"}});
        dvs->AddHost(h2, {{"Uplink 1", "vmnic1"}, {"Uplink 2", "vmnic0"}});
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<EsxiHost> h2;
    Ptr<DistributedSwitch> dvs;
};

/// Counts RARP frames sent by a vSwitch, by announced MAC, with their times.
struct RarpLog
{
    std::vector<std::pair<double, Mac48Address>> sent;
    std::vector<std::string> uplinks; //!< the uplink of each, in order

    void Sink(uint32_t, Mac48Address mac, const std::string& uplink)
    {
        sent.emplace_back(Simulator::Now().GetSeconds(), mac);
        uplinks.push_back(uplink);
    }

    std::vector<double> TimesOf(Mac48Address mac) const
    {
        std::vector<double> out;
        for (const auto& [t, m] : sent)
        {
            if (m == mac)
            {
                out.push_back(t);
            }
        }
        return out;
    }
};

void
Migrate(Ptr<VMotion> v, Ptr<Node> vm, Ptr<EsxiHost> from, Ptr<EsxiHost> to, Time d)
{
    v->Migrate(vm, from, to, d);
}

void
SendRawFrom(Ptr<NetDevice> dev, Mac48Address src, Mac48Address dst)
{
    dev->SendFrom(Create<Packet>(100), src, dst, 0x88b5);
}

/// The entry of a VM's ARP cache for ip (nullptr when there is none).
ArpCache::Entry*
ArpEntry(Ptr<Node> vm, Ipv4Address ip)
{
    Ptr<Ipv4L3Protocol> ipv4 = vm->GetObject<Ipv4L3Protocol>();
    int32_t i = ipv4->GetInterfaceForDevice(Lab::Vnic(vm));
    return i < 0 ? nullptr : ipv4->GetInterface(i)->GetArpCache()->Lookup(ip);
}

/// Send a UDP datagram from a VM to ip:9 (its ARP cache fills as it would for any traffic).
void
SendUdp(Ptr<Node> vm, Ipv4Address ip)
{
    Ptr<Socket> s = Socket::CreateSocket(vm, UdpSocketFactory::GetTypeId());
    s->Connect(InetSocketAddress(ip, 9));
    s->Send(Create<Packet>(64));
    s->Close();
}

} // namespace

// Spec section 7: a distributed switch spans every member host; each runs a proxy switch
// (DvsPortset-N) with the switch's port groups, and its teaming names dvUplinks that each
// host maps to its own vmnics.
TEST_F(DvsTest, Distributed_EveryMemberHostRunsAProxyWithTheSwitchsPortGroupsAndItsVmnics)
{
    for (auto h : {h1, h2})
    {
        Ptr<VSwitch> proxy = dvs->GetProxy(h);
        ASSERT_TRUE(proxy);
        EXPECT_EQ(proxy->GetType(), VSwitch::Distributed);
        EXPECT_EQ(proxy->GetPortsetName().rfind("DvsPortset-", 0), 0u);
        EXPECT_EQ(proxy->GetName(), "DSwitch");
        EXPECT_TRUE(proxy->HasPortGroup("PG"));
        EXPECT_EQ(proxy->GetPortGroup("PG")->GetVlanId(), 100);
    }
    TeamingPolicy t;
    t.active = std::vector<std::string>{"Uplink 2"};
    t.standby = std::vector<std::string>{"Uplink 1"};
    dvs->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h2, "PG", "");
    EXPECT_EQ(h1->GetVmPort(vm1)->GetTeamUplink(), "vmnic1") << "Uplink 2 is vmnic1 on esxi01";
    EXPECT_EQ(h2->GetVmPort(vm2)->GetTeamUplink(), "vmnic0") << "Uplink 2 is vmnic0 on esxi02";
}

// Spec section 7: a change made on the switch or a dvPortgroup reaches every member host,
// and a host that joins later gets it too.
TEST_F(DvsTest, Distributed_AChangeOnTheSwitchReachesEveryHostAndLaterOnes)
{
    SecurityPolicy accept;
    accept.promiscuous = PolicySetting::Accept;
    dvs->GetPortGroup("PG")->SetSecurityOverride(accept);
    dvs->GetPortGroup("PG")->SetVlanId(200);
    SecurityPolicy forged;
    forged.forgedTransmits = PolicySetting::Accept;
    dvs->SetSecurityPolicy(forged);
    auto h3 = lab.BareHost("esxi03");
    dvs->AddHost(h3, {{"Uplink 1", "vmnic0"}});
    for (auto h : {h1, h2, h3})
    {
        Ptr<PortGroup> pg = dvs->GetPortGroup("PG")->GetHostPortGroup(h);
        EXPECT_EQ(pg->GetVlanId(), 200) << h->GetName();
        EXPECT_EQ(pg->GetEffectiveSecurity().promiscuous, PolicySetting::Accept) << h->GetName();
        EXPECT_EQ(pg->GetEffectiveSecurity().forgedTransmits, PolicySetting::Accept)
            << h->GetName();
        EXPECT_EQ(dvs->GetProxy(h)->GetSecurityPolicy().macChanges, PolicySetting::Reject)
            << "a distributed switch rejects by default";
    }
    EXPECT_EQ(dvs->GetProxy(h3)->GetUplinkNames(), std::vector<std::string>{"vmnic0"})
        << "an unmapped dvUplink is absent on that host";
}

// Spec section 7: every port has a dvPort number unique in the switch; a vNIC reconnect
// keeps it while the port ID changes.
TEST_F(DvsTest, Distributed_DvPortsAreUniqueInTheSwitchAndAReconnectKeepsThem)
{
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h2, "PG", "");
    auto vm3 = lab.Vm(h1, "PG", "");
    std::set<uint32_t> dvPorts{h1->GetVmPort(vm1)->GetDvPort(),
                               h2->GetVmPort(vm2)->GetDvPort(),
                               h1->GetVmPort(vm3)->GetDvPort()};
    EXPECT_EQ(dvPorts.size(), 3u);
    Ptr<VSwitchPort> port = h1->GetVmPort(vm1);
    uint32_t dvPort = port->GetDvPort();
    uint32_t id = port->GetPortId();
    dvs->GetProxy(h1)->Reconnect(port);
    EXPECT_EQ(port->GetDvPort(), dvPort);
    EXPECT_NE(port->GetPortId(), id);
    std::ostringstream list;
    h1->PrintVmPortList(list);
    EXPECT_NE(list.str().find("DVPort ID: " + std::to_string(dvPort)), std::string::npos)
        << list.str();
}

// Section 7's bad input: a host joined twice, a vmnic mapped twice or already another
// switch's uplink, a teaming list naming an unknown dvUplink, MAC learning on a 6.5 switch.
TEST_F(DvsTest, Distributed_BadConfigurationIsAnErrorNamingTheThing)
{
    std::string e = ErrorOf([&] { dvs->AddHost(h1, {{"Uplink 1", "vmnic0"}}); });
    EXPECT_NE(e.find("esxi01"), std::string::npos) << e;
    EXPECT_NE(e.find("joined already"), std::string::npos) << e;
    auto h3 = lab.BareHost("esxi03");
    e = ErrorOf([&] { dvs->AddHost(h3, {{"Uplink 1", "vmnic0"}, {"Uplink 2", "vmnic0"}}); });
    EXPECT_NE(e.find("vmnic0 is mapped to two dvUplinks"), std::string::npos) << e;
    h3->AddVSwitch("vSwitch0", {"vmnic1"});
    e = ErrorOf([&] { dvs->AddHost(h3, {{"Uplink 1", "vmnic1"}}); });
    EXPECT_NE(e.find("vmnic1 is already an uplink of vSwitch0"), std::string::npos) << e;
    e = ErrorOf([&] { dvs->AddHost(h3, {{"Uplink 9", "vmnic0"}}); });
    EXPECT_NE(e.find("no dvUplink 'Uplink 9'"), std::string::npos) << e;
    TeamingPolicy t;
    t.active = std::vector<std::string>{"vmnic0"};
    e = ErrorOf([&] { dvs->GetPortGroup("PG")->SetTeamingOverride(t); });
    EXPECT_NE(e.find("'vmnic0', which is no dvUplink"), std::string::npos) << e;
    EXPECT_NE(e.find("'Uplink 1', 'Uplink 2'"), std::string::npos) << e;
    Ptr<DistributedSwitch> old = CreateObject<DistributedSwitch>();
    old->SetAttribute("Version", StringValue("6.5"));
    Ptr<DistributedPortGroup> pg = old->AddPortGroup("Nested", 50);
    MacLearningPolicy on;
    on.enabled = true;
    e = ErrorOf([&] { pg->SetMacLearningOverride(on); });
    EXPECT_NE(e.find("6.7 or later"), std::string::npos) << e;
}

// Spec section 7: vMotion keeps the dvPort (and the port's counters), gives a new port ID
// on the destination and frees the source port; the guest is the same node.
TEST_F(DvsTest, VMotion_KeepsTheDvPortChangesThePortIdAndFreesTheSourcePort)
{
    auto resident = lab.Vm(h2, "PG", "10.0.0.2/24", "resident"); // the destination has a port
    auto vm = lab.Vm(h1, "PG", "10.0.0.1/24", "mover");
    Ptr<VSwitchPort> before = h1->GetVmPort(vm);
    uint32_t dvPort = before->GetDvPort();
    uint32_t id = before->GetPortId();
    // Before the move the guest talks: its port counts the frames (ARP, UDP) and its ARP
    // cache learns the resident's MAC.
    Simulator::Schedule(Seconds(0.2), &SendUdp, vm, Ipv4Address("10.0.0.2"));
    Simulator::Schedule(Seconds(0.4), &SendUdp, vm, Ipv4Address("10.0.0.2"));
    uint64_t sentBefore = 0;
    Mac48Address cachedBefore;
    Simulator::Schedule(Seconds(0.9), [&] {
        sentBefore = before->GetCounters().fromClientFrames;
        ArpCache::Entry* e = ArpEntry(vm, Ipv4Address("10.0.0.2"));
        ASSERT_TRUE(e && e->IsAlive()) << "the guest resolved its peer before the move";
        cachedBefore = Mac48Address::ConvertFrom(e->GetMacAddress());
    });
    Ptr<VMotion> vmotion = CreateObject<VMotion>();
    Simulator::Schedule(Seconds(1), &Migrate, vmotion, vm, h1, h2, Seconds(2));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    Ptr<VSwitchPort> after = h2->GetVmPort(vm);
    EXPECT_EQ(after->GetDvPort(), dvPort);
    EXPECT_NE(after->GetPortId(), id);
    EXPECT_FALSE(dvs->GetProxy(h1)->GetPort(id)) << "the source port is still there";
    EXPECT_EQ(h1->GetVms().size(), 0u);
    // The dvPort's counters move with it: what the guest sent before the move is still counted.
    EXPECT_GE(sentBefore, 3u) << "an ARP request and two datagrams";
    EXPECT_EQ(after->GetCounters().fromClientFrames, sentBefore);
    // The guest's state is untouched: the same ARP entry, still alive, after the switchover.
    EXPECT_EQ(cachedBefore, Lab::MacOf(resident));
    ArpCache::Entry* e = ArpEntry(vm, Ipv4Address("10.0.0.2"));
    ASSERT_TRUE(e) << "the guest's ARP cache lost its entry in the move";
    EXPECT_TRUE(e->IsAlive());
    EXPECT_EQ(Mac48Address::ConvertFrom(e->GetMacAddress()), cachedBefore);
    const auto& r = vmotion->GetRecords().at(0);
    EXPECT_DOUBLE_EQ(r.start.GetSeconds(), 1.0);
    EXPECT_DOUBLE_EQ(r.stun.GetSeconds(), 3.0);
    EXPECT_DOUBLE_EQ(r.switchover.GetSeconds(), 3.3) << "the default stun is 300 ms";
}

// Spec section 7: after the switchover the destination announces the VM's MAC at t, then
// in pairs at t+2, +6, +12, +22, +38 s (an attribute), out the VM's new uplink.
TEST_F(DvsTest, VMotion_TheDestinationAnnouncesTheMacOnTheSeed1ScheduleFirstAloneThenPairs)
{
    auto vm = lab.Vm(h1, "PG", "");
    Mac48Address mac = Lab::MacOf(vm);
    RarpLog log;
    dvs->GetProxy(h2)->TraceConnectWithoutContext("Rarp", MakeCallback(&RarpLog::Sink, &log));
    Ptr<VMotion> vmotion = CreateObject<VMotion>();
    Simulator::Schedule(Seconds(1), &Migrate, vmotion, vm, h1, h2, Seconds(1));
    Simulator::Stop(Seconds(50));
    Simulator::Run();
    double t = vmotion->GetRecords().at(0).switchover.GetSeconds();
    std::vector<double>
        expected{t, t + 2, t + 2, t + 6, t + 6, t + 12, t + 12, t + 22, t + 22, t + 38, t + 38};
    auto times = log.TimesOf(mac);
    ASSERT_EQ(times.size(), expected.size());
    for (std::size_t i = 0; i < times.size(); ++i)
    {
        EXPECT_NEAR(times[i], expected[i], 1e-9) << "frame " << i;
    }
    // Out the VM's new uplink: the one its port on the destination is teamed to (esxi02 has
    // two, and the announcements use that one only).
    std::string uplink = h2->GetVmPort(vm)->GetTeamUplink();
    ASSERT_EQ(log.uplinks.size(), expected.size());
    for (const auto& u : log.uplinks)
    {
        EXPECT_EQ(u, uplink);
    }
    // The schedule is an attribute.
    EXPECT_EQ(VMotion::ParseSchedule("0s/1,1s/3").size(), 2u);
    std::string e = ErrorOf([] { VMotion::ParseSchedule("2s/1,1s/1"); });
    EXPECT_NE(e.find("increasing"), std::string::npos) << e;
}

// Spec section 7: the MACs learned on the moved port (a nested host's VMs) are announced
// once each, with the last round, and only with MAC learning on the port group.
TEST_F(DvsTest, VMotion_LearnedMacsAreAnnouncedOnceAndOnlyWithMacLearning)
{
    struct Case
    {
        bool learning;
        double delay; //!< LearnedMacRarpDelay, 0: the default (38 s)
    };
    for (Case k : {Case{true, 0}, Case{false, 0}, Case{true, 5}})
    {
        bool learning = k.learning;
        SCOPED_TRACE(std::string(learning ? "MAC learning on" : "MAC learning off") +
                     (k.delay > 0 ? ", LearnedMacRarpDelay 5s" : ""));
        Lab l;
        auto a = l.BareHost("esxi01");
        auto b = l.BareHost("esxi02");
        Ptr<DistributedSwitch> d = CreateObject<DistributedSwitch>();
        Ptr<DistributedPortGroup> pg = d->AddPortGroup("PG", 100);
        MacLearningPolicy ml;
        ml.enabled = learning;
        pg->SetMacLearningOverride(ml);
        SecurityPolicy forged;
        forged.forgedTransmits = PolicySetting::Accept;
        pg->SetSecurityOverride(forged);
        d->AddHost(a, {{"Uplink 1", "vmnic0"}});
        d->AddHost(b, {{"Uplink 1", "vmnic0"}});
        auto vm = l.Vm(a, "PG", "");
        Mac48Address inner("00:0c:29:c6:07:20");
        Simulator::Schedule(Seconds(1),
                            &SendRawFrom,
                            Lab::Nic(vm),
                            inner,
                            Mac48Address::GetBroadcast());
        RarpLog log;
        d->GetProxy(b)->TraceConnectWithoutContext("Rarp", MakeCallback(&RarpLog::Sink, &log));
        Ptr<VMotion> vmotion = CreateObject<VMotion>();
        if (k.delay > 0)
        {
            vmotion->SetAttribute("LearnedMacRarpDelay", TimeValue(Seconds(k.delay)));
        }
        Simulator::Schedule(Seconds(2), &Migrate, vmotion, vm, a, b, Seconds(1));
        // Where the physical switch has the inner MAC: after the move, and after the guest
        // itself sent a frame from it (at 10 s).
        std::string portA = l.SwitchPortOf(a, "vmnic0");
        std::string portB = l.SwitchPortOf(b, "vmnic0");
        std::string afterMove;
        std::string afterGuestSent;
        Simulator::Schedule(Seconds(9.9), [&] { afterMove = l.sw->LookupMac(100, inner); });
        Simulator::Schedule(Seconds(10),
                            &SendRawFrom,
                            Lab::Nic(vm),
                            inner,
                            Mac48Address::GetBroadcast());
        Simulator::Schedule(Seconds(10.1), [&] { afterGuestSent = l.sw->LookupMac(100, inner); });
        Simulator::Stop(Seconds(50));
        Simulator::Run();
        double t = vmotion->GetRecords().at(0).switchover.GetSeconds();
        auto times = log.TimesOf(inner);
        if (learning)
        {
            ASSERT_EQ(times.size(), 1u);
            EXPECT_NEAR(times[0], t + (k.delay > 0 ? k.delay : 38), 1e-9)
                << "the delay is the attribute LearnedMacRarpDelay (default 38 s)";
            EXPECT_EQ(b->GetVmPort(vm)->GetLearnedMacCount(), 1u) << "learned MACs move too";
        }
        else
        {
            EXPECT_TRUE(times.empty());
            // Not announced: the switch keeps the inner MAC where it last saw it until the
            // guest itself sends a frame.
            EXPECT_EQ(afterMove, portA);
        }
        EXPECT_EQ(afterGuestSent, portB);
        EXPECT_EQ(log.TimesOf(Lab::MacOf(vm)).size(), 11u);
        Simulator::Destroy();
    }
}

// Spec section 7's bad input for vMotion: to its own host, to a host lacking one of its port
// groups (named), while it is moving.
TEST_F(DvsTest, VMotion_BadMovesAreAnErrorNamingTheReason)
{
    auto vm = lab.Vm(h1, "PG", "");
    Ptr<VMotion> vmotion = CreateObject<VMotion>();
    std::string e = ErrorOf([&] { vmotion->Migrate(vm, h1, h1, Seconds(1)); });
    EXPECT_NE(e.find("already runs on esxi01"), std::string::npos) << e;
    auto h3 = lab.Host("esxi03");
    e = ErrorOf([&] { vmotion->Migrate(vm, h1, h3, Seconds(1)); });
    EXPECT_NE(e.find("esxi03 has no port group 'PG'"), std::string::npos) << e;
    vmotion->Migrate(vm, h1, h2, Seconds(1));
    e = ErrorOf([&] { vmotion->Migrate(vm, h1, h2, Seconds(1)); });
    EXPECT_NE(e.find("already moving"), std::string::npos) << e;
    e = ErrorOf([&] { vmotion->Migrate(vm, h2, h1, Seconds(1)); });
    EXPECT_NE(e.find("not a VM of this host"), std::string::npos) << e;
}

// Seed 1 (spec sections 6 and 7): the RARP schedule on the destination's uplink, the guest
// announced once with MAC learning, both MACs on the destination's switch port afterwards,
// frames still reaching the source dropped as unknown unicast, pings losing only the stun.
TEST_F(SimulationTest, Seed1_NestedVMotionAnnouncesOnTheSeedsScheduleAndTheSwitchFollows)
{
    seedlab::Seed1Options options;
    options.outputDir = OutputDir();
    seedlab::Seed1Result r = seedlab::RunSeed1VMotion(options);
    ASSERT_EQ(r.nestedRarps.size(), 11u) << "t alone, then five pairs";
    const double offsets[] = {0, 2, 2, 6, 6, 12, 12, 22, 22, 38, 38};
    for (std::size_t i = 0; i < 11; ++i)
    {
        EXPECT_NEAR(r.nestedRarps[i] - r.switchover, offsets[i], 1e-5) << "frame " << i;
    }
    ASSERT_EQ(r.guestRarps.size(), 1u) << "the guest inside, once";
    EXPECT_NEAR(r.guestRarps[0] - r.switchover, 38, 1e-5);
    EXPECT_EQ(r.dvPortAfter, r.dvPortBefore);
    EXPECT_NE(r.portIdAfter, r.portIdBefore);
    EXPECT_EQ(r.nestedMacPort, r.destinationPort);
    EXPECT_EQ(r.guestMacPort, r.destinationPort);
    EXPECT_NE(r.macTable.find("  50    0050.5660.e5ed    DYNAMIC     " + r.destinationPort),
              std::string::npos)
        << r.macTable;
    EXPECT_NE(r.macTable.find("  50    000c.29c6.0720    DYNAMIC     " + r.destinationPort),
              std::string::npos)
        << r.macTable;
    EXPECT_GE(r.laptopReplies + 1, r.laptopSent) << "more lost than the stun";
    EXPECT_GE(r.guestReplies + 1, r.guestSent);
    EXPECT_GT(r.laptopSent, 50u);
    EXPECT_GE(r.unknownUnicastAtSource, 1u) << "frames still reaching the source";
    if (HaveTshark())
    {
        auto info = Tshark(r.pcap,
                           "-Y 'eth.src == 00:50:56:60:e5:ed || eth.src == 00:0c:29:c6:07:20' "
                           "-T fields -e frame.len -e _ws.col.Info");
        ASSERT_EQ(info.size(), 12u);
        EXPECT_EQ(info[0], "60\tWho is 00:50:56:60:e5:ed? Tell 00:50:56:60:e5:ed");
        EXPECT_EQ(info[11].substr(0, 3), "60\t");
    }
}

// Seed 1 without MAC learning: the nested ESXi is announced, the guest is not, and the
// physical switch still points the guest at the old port.
TEST_F(SimulationTest, Seed1_WithoutMacLearningTheGuestIsNotAnnouncedAndTheSwitchStaysStale)
{
    seedlab::Seed1Options options;
    options.outputDir = OutputDir();
    options.macLearning = false;
    seedlab::Seed1Result r = seedlab::RunSeed1VMotion(options);
    EXPECT_EQ(r.nestedRarps.size(), 11u);
    EXPECT_TRUE(r.guestRarps.empty());
    EXPECT_EQ(r.nestedMacPort, r.destinationPort);
    EXPECT_EQ(r.guestMacPort, r.sourcePort);
}

// The RARP scheduler: rounds at their offsets, a new announcement of the same port and MAC
// replaces the rest of the previous one.
TEST(RarpSchedulerTest, RoundsFireAtTheirOffsetsAndAReannouncementReplacesTheRest)
{
    RarpScheduler s;
    std::vector<std::pair<double, uint64_t>> sent;

    struct Recorder
    {
        static void Send(std::vector<std::pair<double, uint64_t>>* out, VSwitchPort*, uint64_t mac)
        {
            out->emplace_back(Simulator::Now().GetSeconds(), mac);
        }
    };

    s.SetSender(MakeBoundCallback(&Recorder::Send, &sent));
    VSwitchPort* port = reinterpret_cast<VSwitchPort*>(0x1000);
    s.Announce(port, 1, {{Seconds(0), 1}, {Seconds(2), 2}});
    s.Announce(port, 2, RarpScheduler::Burst(3, Seconds(1)));
    Simulator::Schedule(Seconds(1.5),
                        &RarpScheduler::Announce,
                        &s,
                        port,
                        uint64_t(2),
                        std::vector<RarpRound>{{Seconds(1), 1}});
    Simulator::Run();
    std::vector<std::pair<double, uint64_t>> expected{{0, 1},
                                                      {0, 2},
                                                      {1, 2},
                                                      {2, 1},
                                                      {2, 1},
                                                      {2.5, 2}};
    EXPECT_EQ(sent, expected);
    EXPECT_EQ(s.GetPending(), 0u);
    Simulator::Destroy();
}
