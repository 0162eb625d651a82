/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim's count of what an endpoint's ARP drops (summary.json "arpDrops").
 */
#include "test-util.h"

#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/node.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

#include "guest-arp-drops.h"

#include <boost/json.hpp>

using namespace ns3;
namespace json = boost::json;

namespace
{

/// The rows as "node destination reason packets" lines, in their order.
std::vector<std::string>
Lines(const json::array& rows)
{
    std::vector<std::string> out;
    for (const auto& v : rows)
    {
        const json::object& r = v.as_object();
        out.push_back(std::string(r.at("node").as_string()) + " " +
                      std::string(r.at("destination").as_string()) + " " +
                      std::string(r.at("reason").as_string()) + " " +
                      std::to_string(r.at("packets").to_number<uint64_t>()));
    }
    return out;
}

/// Each test builds its own simulation (torn down after it).
class GuestArpDropsTest : public vswitchtest::SimulationTest
{
  protected:
    void TearDown() override
    {
        SimulationTest::TearDown();
        Config::Reset();
    }
};

} // namespace

// A node alone on its link: nobody answers its ARP requests. Five datagrams at once to one
// address: ARP queues 3 (PendingQueueSize) and drops 2 (arp-queue-full); no reply comes to
// the requests, so the 3 are dropped too (arp-unresolved); one more datagram later finds
// the entry dead (arp-unresolved). Rows are kept per destination, and by rank.
TEST_F(GuestArpDropsTest, ArpDrops_QueueFullAndUnresolvedAreCountedPerDestination)
{
    Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(3));
    Ptr<Node> node = CreateObject<Node>();
    Ptr<Node> silent = CreateObject<Node>();
    SimpleNetDeviceHelper link;
    NetDeviceContainer devices = link.Install(NodeContainer(node, silent));
    InternetStackHelper stack;
    stack.Install(node);
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0");
    addresses.Assign(NetDeviceContainer(devices.Get(0)));

    vsim::GuestArpDrops drops;
    drops.Watch(node, "vm1");
    drops.Watch(silent, "no-stack"); // nothing to watch: no ARP
    Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Connect(InetSocketAddress(Ipv4Address("10.0.0.9"), 9));
    Ptr<Socket> other = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    other->Connect(InetSocketAddress(Ipv4Address("10.0.0.10"), 9));
    Simulator::Schedule(Seconds(0.1), [socket]() {
        for (int i = 0; i < 5; ++i)
        {
            socket->Send(Create<Packet>(100));
        }
    });
    Simulator::Schedule(Seconds(0.2), [other]() { other->Send(Create<Packet>(100)); });
    Simulator::Schedule(Seconds(5), [socket]() { socket->Send(Create<Packet>(100)); });
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    // 10.0.0.9 sorts before 10.0.0.10 by address (not as text).
    EXPECT_EQ(Lines(drops.Rows()),
              (std::vector<std::string>{"vm1 10.0.0.9 arp-queue-full 2",
                                        "vm1 10.0.0.9 arp-unresolved 4",
                                        "vm1 10.0.0.10 arp-unresolved 1"}));
    EXPECT_EQ(drops.Total(), 7u);
    EXPECT_EQ(drops.Rows(0u).size(), 3u) << "the node is rank 0's";
    EXPECT_TRUE(drops.Rows(1u).empty()) << "rank 1 simulated none of them";
    EXPECT_EQ(vsim::GuestArpDrops::Report(drops.Rows()),
              "  arpDrops: vm1 -> 10.0.0.9: 2 packets (arp-queue-full)\n"
              "  arpDrops: vm1 -> 10.0.0.9: 4 packets (arp-unresolved)\n"
              "  arpDrops: vm1 -> 10.0.0.10: 1 packet (arp-unresolved)\n");
}

// A distributed run: each rank has the rows of its own nodes; merged, they are one list in
// Rows() order, as one process writes it.
TEST_F(GuestArpDropsTest, Merge_TheRanksRowsAreOneSortedList)
{
    json::array rank0 = json::parse(R"([
        {"node": "vm2", "destination": "10.0.0.10", "reason": "arp-unresolved", "packets": 1}
    ])")
                            .as_array();
    json::array rank1 = json::parse(R"([
        {"node": "vm1", "destination": "10.0.0.10", "reason": "arp-queue-full", "packets": 3},
        {"node": "vm2", "destination": "10.0.0.9", "reason": "arp-queue-full", "packets": 2}
    ])")
                            .as_array();
    json::array none;
    EXPECT_EQ(Lines(vsim::GuestArpDrops::Merge({&rank0, &rank1, &none})),
              (std::vector<std::string>{"vm1 10.0.0.10 arp-queue-full 3",
                                        "vm2 10.0.0.9 arp-queue-full 2",
                                        "vm2 10.0.0.10 arp-unresolved 1"}));
    EXPECT_TRUE(vsim::GuestArpDrops::Merge({&none, &none}).empty());
}
