/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The routed underlay (spec section 9's transport network): Ipv4Router interfaces on
 * physical switch ports, computed routes, default gateways, tagged sub-interfaces,
 * static multicast routing, TTL, path MTU, the IOS views and bad input.
 */
#include "test-util.h"

#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/router-helper.h"

using namespace ns3;
using namespace vswitchtest;

namespace
{

struct Host
{
    Ptr<Node> node;
    Ptr<EthernetNetDevice> dev;
};

/// Topologies of switches, routers and plain hosts.
class UnderlayTest : public SimulationTest
{
  protected:
    Ptr<PhysicalSwitch> MakeSwitch(const std::string& name, uint32_t ports = 24)
    {
        PhysicalSwitchHelper helper;
        helper.SetSwitchAttribute("Name", StringValue(name));
        return helper.Install(CreateObject<Node>(), ports);
    }

    Host Plug(Ptr<PhysicalSwitch> sw,
              const std::string& port,
              const std::string& ip,
              const std::string& gateway = "")
    {
        Host h;
        h.node = CreateObject<Node>();
        NetDeviceContainer d = eth.Install(h.node, sw->GetPortDevice(port));
        h.dev = DynamicCast<EthernetNetDevice>(d.Get(0));
        AddIp(h.dev, ip);
        if (!gateway.empty())
        {
            RouterHelper::SetDefaultGateway(h.node, Ipv4Address(gateway.c_str()));
        }
        return h;
    }

    /// host A (10.1.0.11) on sw1 -- r1 -- sw2, host B (10.2.0.11).
    void BuildOneRouter(uint16_t mtuB = 1500)
    {
        sw1 = MakeSwitch("sw1");
        sw2 = MakeSwitch("sw2");
        r1 = routers.Install(CreateObject<Node>(), "r1");
        routers.AddInterface(r1, sw1, "Gi0/20", "10.1.0.1/24");
        routers.AddInterface(r1, sw2, "Gi0/20", "10.2.0.1/24", mtuB);
        a = Plug(sw1, "Gi0/1", "10.1.0.11/24", "10.1.0.1");
        b = Plug(sw2, "Gi0/1", "10.2.0.11/24", "10.2.0.1");
    }

    /// host A on sw1 -- r1 -- sw2 (transit 10.12.0.0/24) -- r2 -- sw3, host B (10.3.0.11).
    void BuildChain()
    {
        sw1 = MakeSwitch("sw1");
        sw2 = MakeSwitch("sw2");
        sw3 = MakeSwitch("sw3");
        r1 = routers.Install(CreateObject<Node>(), "r1");
        r2 = routers.Install(CreateObject<Node>(), "r2");
        routers.AddInterface(r1, sw1, "Gi0/20", "10.1.0.1/24");
        routers.AddInterface(r1, sw2, "Gi0/20", "10.12.0.1/24", 1600);
        routers.AddInterface(r2, sw2, "Gi0/21", "10.12.0.2/24", 1600);
        routers.AddInterface(r2, sw3, "Gi0/20", "10.3.0.1/24", 1400);
        a = Plug(sw1, "Gi0/1", "10.1.0.11/24", "10.1.0.1");
        b = Plug(sw3, "Gi0/1", "10.3.0.11/24", "10.3.0.1");
    }

    void Run(double seconds)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    EthernetHelper eth;
    RouterHelper routers;
    Ptr<PhysicalSwitch> sw1;
    Ptr<PhysicalSwitch> sw2;
    Ptr<PhysicalSwitch> sw3;
    Ptr<Ipv4Router> r1;
    Ptr<Ipv4Router> r2;
    Host a;
    Host b;
};

/// The IPv4 TTLs of the frames a device receives.
class TtlRecorder : public SimpleRefCount<TtlRecorder>
{
  public:
    explicit TtlRecorder(Ptr<NetDevice> dev)
    {
        dev->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&TtlRecorder::Sink, this));
    }

    std::vector<uint32_t> ttls;

  private:
    void Sink(Ptr<const Packet> frame)
    {
        Ptr<Packet> p = frame->Copy();
        EthernetVlanHeader eth;
        p->RemoveHeader(eth);
        if (eth.GetEtherType() != 0x0800)
        {
            return;
        }
        Ipv4Header ip;
        p->PeekHeader(ip);
        ttls.push_back(ip.GetTtl());
    }
};

/// Send UDP datagrams to a group from a host with a route for 224.0.0.0/4 on its NIC.
void
SendToGroup(Host from, Ipv4Address group, uint32_t count, double start)
{
    Ptr<Ipv4> ipv4 = from.node->GetObject<Ipv4>();
    Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->AddNetworkRouteTo(
        Ipv4Address("224.0.0.0"),
        Ipv4Mask("240.0.0.0"),
        ipv4->GetInterfaceForDevice(from.dev));
    Ptr<Socket> s = Socket::CreateSocket(from.node, UdpSocketFactory::GetTypeId());
    s->Connect(InetSocketAddress(group, 5000));
    for (uint32_t i = 0; i < count; ++i)
    {
        Simulator::Schedule(Seconds(start + 0.1 * i), [s]() { s->Send(Create<Packet>(100)); });
    }
}

} // namespace

// ---------------------------------------------------------------------------------------
// Unicast forwarding

TEST_F(UnderlayTest, Router_PingBetweenSubnetsGoesThroughTheRouter)
{
    BuildOneRouter();
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.2.0.11"), Seconds(1), Seconds(4.5));
    Run(5);
    EXPECT_EQ(ping->Replies(), 4u);
    // 4 requests and 4 replies crossed the router.
    EXPECT_EQ(r1->GetCounters().forwarded, 8u);
    EXPECT_EQ(Ipv4Router::FromNode(r1->GetNode()), r1);
}

TEST_F(UnderlayTest, Router_NoDefaultGatewayNoWayOut)
{
    sw1 = MakeSwitch("sw1");
    sw2 = MakeSwitch("sw2");
    r1 = routers.Install(CreateObject<Node>(), "r1");
    routers.AddInterface(r1, sw1, "Gi0/20", "10.1.0.1/24");
    routers.AddInterface(r1, sw2, "Gi0/20", "10.2.0.1/24");
    a = Plug(sw1, "Gi0/1", "10.1.0.11/24");
    b = Plug(sw2, "Gi0/1", "10.2.0.11/24", "10.2.0.1");
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.2.0.11"), Seconds(1), Seconds(3.5));
    Run(4);
    EXPECT_EQ(ping->Replies(), 0u);
    EXPECT_EQ(r1->GetCounters().forwarded, 0u);
}

TEST_F(UnderlayTest, Router_TtlIsDecrementedPerRouterHop)
{
    BuildChain();
    RouterHelper::PopulateRoutes();
    auto atB = Create<TtlRecorder>(b.dev);
    auto atA = Create<TtlRecorder>(a.dev);
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.3.0.11"), Seconds(1), Seconds(2.5));
    Run(3);
    ASSERT_EQ(ping->Replies(), 2u);
    // Requests leave A with ns-3's TTL 64 and cross two routers; so do the replies.
    EXPECT_EQ(CountOf(atB->ttls, 62u), 2u);
    EXPECT_EQ(CountOf(atA->ttls, 62u), 2u);
}

TEST_F(UnderlayTest, Router_TtlOneIsDroppedAsExpired)
{
    BuildOneRouter();
    std::vector<Ipv4L3Protocol::DropReason> drops;
    r1->TraceConnectWithoutContext("Drop",
                                   MakeBoundCallback(
                                       +[](std::vector<Ipv4L3Protocol::DropReason>* v,
                                           const Ipv4Header&,
                                           Ptr<const Packet>,
                                           Ipv4L3Protocol::DropReason r,
                                           uint32_t) { v->push_back(r); },
                                       &drops));
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), [this]() {
        // A TTL-1 datagram straight to the router's MAC.
        Ptr<Packet> p = Create<Packet>(100);
        Ipv4Header ip;
        ip.SetSource(Ipv4Address("10.1.0.11"));
        ip.SetDestination(Ipv4Address("10.2.0.11"));
        ip.SetProtocol(17);
        ip.SetPayloadSize(100);
        ip.SetTtl(1);
        ip.EnableChecksum();
        p->AddHeader(ip);
        Ptr<NetDevice> rif = r1->GetInterfaces()[0].device;
        a.dev->Send(p, rif->GetAddress(), 0x0800);
    });
    Run(2);
    ASSERT_EQ(drops.size(), 1u);
    EXPECT_EQ(drops[0], Ipv4L3Protocol::DROP_TTL_EXPIRED);
    EXPECT_EQ(r1->GetCounters().drops.at(Ipv4L3Protocol::DROP_TTL_EXPIRED), 1u);
    EXPECT_EQ(atB->Count(0x0800), 0u);
    EXPECT_EQ(r1->GetCounters().forwarded, 0u);
}

// ---------------------------------------------------------------------------------------
// Routes for the topology

TEST_F(UnderlayTest, Routing_TwoRoutersInAChainGetRoutesToEachOthersSubnets)
{
    BuildChain();
    RouterHelper::PopulateRoutes();
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.3.0.11"), Seconds(1), Seconds(4.5));
    Run(5);
    EXPECT_EQ(ping->Replies(), 4u);
    EXPECT_EQ(r1->GetCounters().forwarded, 8u);
    EXPECT_EQ(r2->GetCounters().forwarded, 8u);
    std::string route = r1->ShowIpRoute();
    EXPECT_NE(route.find("S        10.3.0.0/24 [1/1] via 10.12.0.2, GigabitEthernet0/1"),
              std::string::npos)
        << route;
    EXPECT_NE(r2->ShowIpRoute().find("S        10.1.0.0/24 [1/1] via 10.12.0.1"),
              std::string::npos);
}

TEST_F(UnderlayTest, Routing_WithoutPopulateRoutesTheChainIsBroken)
{
    BuildChain();
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.3.0.11"), Seconds(1), Seconds(3.5));
    Run(4);
    EXPECT_EQ(ping->Replies(), 0u);
    EXPECT_GT(r1->GetCounters().drops.count(Ipv4L3Protocol::DROP_NO_ROUTE), 0u);
}

TEST_F(UnderlayTest, Routing_PopulateAgainReplacesComputedRoutesOnly)
{
    BuildChain();
    r1->AddStaticRoute(Ipv4Address("172.16.0.0"), Ipv4Mask("/16"), Ipv4Address("10.12.0.2"));
    RouterHelper::PopulateRoutes();
    RouterHelper::PopulateRoutes();
    uint32_t computed = 0;
    uint32_t manual = 0;
    for (const auto& r : r1->GetRoutes())
    {
        computed += r.network == Ipv4Address("10.3.0.0") ? 1 : 0;
        manual += r.network == Ipv4Address("172.16.0.0") ? 1 : 0;
    }
    EXPECT_EQ(computed, 1u);
    EXPECT_EQ(manual, 1u);
}

TEST_F(UnderlayTest, Routing_ShortestPathIsTakenAndTiesGoToTheLowerNodeId)
{
    // r1 -- r2 -- r3 in a line, plus r1 -- r3 directly: r1 reaches r3's far subnet in one hop.
    sw1 = MakeSwitch("sw1");
    sw2 = MakeSwitch("sw2");
    sw3 = MakeSwitch("sw3");
    auto sw4 = MakeSwitch("sw4");
    r1 = routers.Install(CreateObject<Node>(), "r1");
    r2 = routers.Install(CreateObject<Node>(), "r2");
    auto r3 = routers.Install(CreateObject<Node>(), "r3");
    routers.AddInterface(r1, sw1, "Gi0/1", "10.12.0.1/24");
    routers.AddInterface(r2, sw1, "Gi0/2", "10.12.0.2/24");
    routers.AddInterface(r2, sw2, "Gi0/1", "10.23.0.2/24");
    routers.AddInterface(r3, sw2, "Gi0/2", "10.23.0.3/24");
    routers.AddInterface(r1, sw3, "Gi0/1", "10.13.0.1/24");
    routers.AddInterface(r3, sw3, "Gi0/2", "10.13.0.3/24");
    routers.AddInterface(r3, sw4, "Gi0/1", "10.3.0.1/24");
    RouterHelper::PopulateRoutes();
    std::string route = r1->ShowIpRoute();
    EXPECT_NE(route.find("10.3.0.0/24 [1/1] via 10.13.0.3"), std::string::npos) << route;
    // 10.23.0.0/24 is one hop away through r2 and through r3: r2 (lower node ID) wins.
    EXPECT_NE(route.find("10.23.0.0/24 [1/1] via 10.12.0.2"), std::string::npos) << route;
}

TEST_F(UnderlayTest, GlobalRouting_CannotSeeRoutersThroughAPhysicalSwitch)
{
    // Why UnderlayRouting exists: ns-3's GlobalRouter only walks BridgeNetDevices and
    // aborts on any other device that says IsBridge(), as PhysicalSwitch does.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            BuildOneRouter();
            Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        },
        "BridgeNetDevice");
}

// ---------------------------------------------------------------------------------------
// Tagged sub-interfaces

TEST_F(UnderlayTest, SubInterface_OnATrunkSendsFramesTaggedWithItsVlan)
{
    sw1 = MakeSwitch("sw1");
    sw2 = MakeSwitch("sw2");
    sw2->SetTrunkPort("Gi0/20", {150, 160});
    sw2->SetAccessPort("Gi0/1", 150);
    r1 = routers.Install(CreateObject<Node>(), "r1");
    routers.AddInterface(r1, sw1, "Gi0/20", "10.1.0.1/24");
    routers.AddInterface(r1, sw2, "Gi0/20", "10.2.0.1/24", 1500, 150);
    a = Plug(sw1, "Gi0/1", "10.1.0.11/24", "10.1.0.1");
    b = Plug(sw2, "Gi0/1", "10.2.0.11/24", "10.2.0.1");
    std::string dir = OutputDir();
    PhysicalSwitchHelper pswitch;
    pswitch.EnablePortPcap(dir + "/lab", sw2, "Gi0/20");
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.2.0.11"), Seconds(1), Seconds(3.5));
    Run(4);
    EXPECT_EQ(ping->Replies(), 3u);
    EXPECT_EQ(r1->GetInterfaces()[1].name, "GigabitEthernet0/1.150");
    Simulator::Destroy(); // closes the pcap
    std::string file = PhysicalSwitchHelper::GetPortPcapFilename(dir + "/lab", sw2, "Gi0/20");
    auto frames = ReadPcap(file);
    ASSERT_FALSE(frames.empty());
    for (const auto& f : frames)
    {
        ASSERT_GE(f.data.size(), 16u);
        EXPECT_EQ((f.data[12] << 8) | f.data[13], 0x8100);
        EXPECT_EQ(((f.data[14] << 8) | f.data[15]) & 0x0fff, 150);
    }
    if (HaveTshark())
    {
        auto lines = Tshark(file, "-Y 'vlan.id == 150 && icmp' -T fields -e vlan.id");
        EXPECT_EQ(lines.size(), 6u); // 3 requests, 3 replies
    }
}

// ---------------------------------------------------------------------------------------
// Multicast

/// r1 with three interfaces, sender A on sw1, receivers B on sw2 and C on sw3.
class MulticastTest : public UnderlayTest
{
  protected:
    void SetUp() override
    {
        sw1 = MakeSwitch("sw1");
        sw2 = MakeSwitch("sw2");
        sw3 = MakeSwitch("sw3");
        r1 = routers.Install(CreateObject<Node>(), "r1");
        routers.AddInterface(r1, sw1, "Gi0/20", "10.1.0.1/24");
        routers.AddInterface(r1, sw2, "Gi0/20", "10.2.0.1/24");
        routers.AddInterface(r1, sw3, "Gi0/20", "10.3.0.1/24");
        a = Plug(sw1, "Gi0/1", "10.1.0.11/24", "10.1.0.1");
        b = Plug(sw2, "Gi0/1", "10.2.0.11/24", "10.2.0.1");
        c = Plug(sw3, "Gi0/1", "10.3.0.11/24", "10.3.0.1");
        atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
        atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
        backToA = Create<FrameCounter>(r1->GetInterfaces()[0].device, "PhyTxBegin");
    }

    uint32_t GroupFrames(Ptr<FrameCounter> counter, const char* group) const
    {
        return counter->CountTo(Mac48Address::ConvertFrom(b.dev->GetMulticast(Ipv4Address(group))));
    }

    Host c;
    Ptr<FrameCounter> atB;
    Ptr<FrameCounter> atC;
    Ptr<FrameCounter> backToA;
};

TEST_F(MulticastTest, Multicast_NotForwardedWhenRoutingIsOff)
{
    r1->AddMulticastGroup(Ipv4Address("239.1.1.1")); // asked for, but MulticastRouting off
    SendToGroup(a, Ipv4Address("239.1.1.1"), 5, 1);
    Run(2);
    EXPECT_EQ(GroupFrames(atB, "239.1.1.1"), 0u);
    EXPECT_EQ(GroupFrames(atC, "239.1.1.1"), 0u);
    EXPECT_EQ(r1->GetCounters().multicastForwarded, 0u);
}

TEST_F(MulticastTest, Multicast_ForwardedToEveryOtherInterfaceForTheGroupAskedForOnly)
{
    routers.EnableMulticastRouting(r1, {Ipv4Address("239.1.1.1")});
    SendToGroup(a, Ipv4Address("239.1.1.1"), 5, 1);
    SendToGroup(a, Ipv4Address("239.2.2.2"), 3, 1.05);
    Run(2);
    EXPECT_EQ(GroupFrames(atB, "239.1.1.1"), 5u);
    EXPECT_EQ(GroupFrames(atC, "239.1.1.1"), 5u);
    EXPECT_EQ(GroupFrames(atB, "239.2.2.2"), 0u);
    EXPECT_EQ(GroupFrames(atC, "239.2.2.2"), 0u);
    // Never back out of the interface it came in on.
    EXPECT_EQ(GroupFrames(backToA, "239.1.1.1"), 0u);
    EXPECT_EQ(r1->GetCounters().multicastForwarded, 10u);
}

TEST_F(MulticastTest, Multicast_TurningRoutingOffRemovesTheRoutes)
{
    routers.EnableMulticastRouting(r1, {Ipv4Address("239.1.1.1")});
    EXPECT_EQ(r1->GetStaticRouting()->GetNMulticastRoutes(), 3u);
    r1->SetMulticastRouting(false);
    EXPECT_EQ(r1->GetStaticRouting()->GetNMulticastRoutes(), 0u);
    SendToGroup(a, Ipv4Address("239.1.1.1"), 2, 1);
    Run(2);
    EXPECT_EQ(GroupFrames(atB, "239.1.1.1"), 0u);
}

// ---------------------------------------------------------------------------------------
// Path MTU

TEST_F(UnderlayTest, PathMtu_IsTheSmallestOutputMtuAlongTheRoutedPath)
{
    BuildChain(); // A 1500 -> r1 out 1600 -> r2 out 1400 -> B
    RouterHelper::PopulateRoutes();
    EXPECT_EQ(RouterHelper::PathMtu(a.node, Ipv4Address("10.3.0.11")), 1400u);
    // Back from B: B 1500 -> r2 out 1600 -> r1 out 1500.
    EXPECT_EQ(RouterHelper::PathMtu(b.node, Ipv4Address("10.1.0.11")), 1500u);
    // To the first router's far address: only A's own interface counts.
    EXPECT_EQ(RouterHelper::PathMtu(a.node, Ipv4Address("10.12.0.1")), 1500u);
    bool complete = false;
    auto path = UnderlayRouting::TracePath(a.node, Ipv4Address("10.3.0.11"), &complete);
    EXPECT_TRUE(complete);
    ASSERT_EQ(path.size(), 3u);
    EXPECT_EQ(path[1].node, r1->GetNode());
    EXPECT_EQ(path[2].node, r2->GetNode());
    EXPECT_EQ(path[2].mtu, 1400u);
}

TEST_F(UnderlayTest, PathMtu_ZeroWhenThereIsNoRoute)
{
    BuildChain(); // routes not populated: r1 does not know 10.3.0.0/24
    EXPECT_EQ(RouterHelper::PathMtu(a.node, Ipv4Address("10.3.0.11")), 0u);
    EXPECT_EQ(RouterHelper::PathMtu(a.node, Ipv4Address("10.99.0.1")), 0u);
}

TEST_F(UnderlayTest, PathMtu_ASmallerRouterMtuShowsInOneRouterTopology)
{
    BuildOneRouter(1400);
    EXPECT_EQ(RouterHelper::PathMtu(a.node, Ipv4Address("10.2.0.11")), 1400u);
    EXPECT_EQ(RouterHelper::PathMtu(b.node, Ipv4Address("10.1.0.11")), 1500u);
}

// ---------------------------------------------------------------------------------------
// Views

TEST_F(UnderlayTest, Views_ShowIpInterfaceBriefAndShowIpRouteAsIosPrintsThem)
{
    BuildChain();
    RouterHelper::PopulateRoutes();
    sw2->SetPortAdminUp("Gi0/20", false); // r1's transit link goes down at the switch
    EXPECT_EQ(r1->ShowIpInterfaceBrief(),
              "Interface                  IP-Address      OK? Method Status                "
              "Protocol\n"
              "GigabitEthernet0/0         10.1.0.1        YES manual up                    up\n"
              "GigabitEthernet0/1         10.12.0.1       YES manual up                    "
              "down\n");
    EXPECT_EQ(r1->ShowIpRoute(),
              "Codes: L - local, C - connected, S - static\n"
              "       * - candidate default\n"
              "\n"
              "Gateway of last resort is not set\n"
              "\n"
              "      10.0.0.0/8 is variably subnetted, 5 subnets, 2 masks\n"
              "C        10.1.0.0/24 is directly connected, GigabitEthernet0/0\n"
              "L        10.1.0.1/32 is directly connected, GigabitEthernet0/0\n"
              "S        10.3.0.0/24 [1/1] via 10.12.0.2, GigabitEthernet0/1\n"
              "C        10.12.0.0/24 is directly connected, GigabitEthernet0/1\n"
              "L        10.12.0.1/32 is directly connected, GigabitEthernet0/1\n");
    r1->AddStaticRoute(Ipv4Address("0.0.0.0"), Ipv4Mask("0.0.0.0"), Ipv4Address("10.1.0.254"));
    std::string withDefault = r1->ShowIpRoute();
    EXPECT_NE(withDefault.find("Gateway of last resort is 10.1.0.254 to network 0.0.0.0"),
              std::string::npos);
    EXPECT_NE(withDefault.find("\nS*    0.0.0.0/0 [1/0] via 10.1.0.254, GigabitEthernet0/0\n"),
              std::string::npos)
        << withDefault;
}

// ---------------------------------------------------------------------------------------
// Bad input

TEST_F(UnderlayTest, BadInput_IsAConfigErrorNamingTheThingAndTheFix)
{
    sw1 = MakeSwitch("sw1", 4);
    sw1->SetAccessPort("Gi0/2", 10);
    r1 = routers.Install(CreateObject<Node>(), "r1");
    r2 = routers.Install(CreateObject<Node>(), "r2");
    routers.AddInterface(r1, sw1, "Gi0/1", "10.1.0.1/24");
    auto err = [&](std::function<void()> f) { return ErrorOf(f); };

    std::string unknown = err([&] { routers.AddInterface(r1, sw1, "Gi0/9", "10.2.0.1/24"); });
    EXPECT_NE(unknown.find("sw1 has no port \"Gi0/9\" (ports: Gi0/1 .. Gi0/4)"), std::string::npos)
        << unknown;

    std::string cabled = err([&] { routers.AddInterface(r2, sw1, "Gi0/1", "10.2.0.1/24"); });
    EXPECT_NE(cabled.find("Ipv4Router r2: interface on sw1 Gi0/1: the port is already cabled "
                          "(to router r1)"),
              std::string::npos)
        << cabled;

    for (const char* bad : {"10.2.0.1/33", "10.2.0.1", "10.2.0.300/24", "10.2.0.1/0"})
    {
        std::string prefix = err([&] { routers.AddInterface(r2, sw1, "Gi0/3", bad); });
        EXPECT_NE(prefix.find("is not an IPv4 address with a prefix of 1-32"), std::string::npos)
            << bad << ": " << prefix;
    }
    std::string network = err([&] { routers.AddInterface(r2, sw1, "Gi0/3", "10.2.0.0/24"); });
    EXPECT_NE(network.find("the network or broadcast address"), std::string::npos) << network;

    std::string dup = err([&] { routers.AddInterface(r2, sw1, "Gi0/3", "10.1.0.1/24"); });
    EXPECT_NE(dup.find("10.1.0.1 is already the address of router r1 GigabitEthernet0/0 "
                       "(addresses must be unique)"),
              std::string::npos)
        << dup;

    auto sw2 = MakeSwitch("sw2", 4);
    std::string overlap = err([&] { routers.AddInterface(r1, sw2, "Gi0/1", "10.1.0.129/25"); });
    EXPECT_NE(overlap.find("overlaps GigabitEthernet0/0 10.1.0.1/24"), std::string::npos)
        << overlap;

    std::string access =
        err([&] { routers.AddInterface(r2, sw1, "Gi0/2", "10.5.0.1/24", 1500, 10); });
    EXPECT_NE(access.find("VLAN 10 given, but the port is an access port in VLAN 10 (a tagged "
                          "sub-interface needs a trunk port"),
              std::string::npos)
        << access;

    std::string group = err([&] { r1->AddMulticastGroup(Ipv4Address("10.0.0.1")); });
    EXPECT_NE(group.find("not a routable IPv4 multicast address"), std::string::npos) << group;

    Host h = Plug(sw2, "Gi0/2", "10.9.0.11/24");
    std::string gw = err([&] { RouterHelper::SetDefaultGateway(h.node, Ipv4Address("10.1.0.1")); });
    EXPECT_NE(gw.find("gateway 10.1.0.1 is not in a subnet of node"), std::string::npos) << gw;
    EXPECT_NE(gw.find("(its addresses: 10.9.0.11/24; a gateway must be on the same link)"),
              std::string::npos)
        << gw;

    // The failed calls left no interface behind and no cable on the ports they named.
    EXPECT_EQ(r2->GetInterfaces().size(), 0u);
    EXPECT_FALSE(sw1->GetPortDevice("Gi0/3")->GetChannel());
}
